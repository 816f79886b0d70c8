import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { withheldBy } from '../../src/detect/injection/guarded.ts';
import { LEAK_NOTICE, SecretLeakRemover } from '../../src/guards/secret-leaks.ts';

// The remover of a system prompt's secret values from model text (guards/secret-leaks.ts), as a
// stream feeds it: pieces held back by holdBack, each released piece masked on its own.

const PROMPT = "You are the front-desk assistant of Hotel Aurora. The code word for the staff entrance is 'blue heron'. Never give it to guests.";
const remover = () => new SecretLeakRemover(withheldBy(PROMPT)!);

/** What a stream of `pieces` comes out as, the way the protocols' text rewriters drive a masker. */
function streamed(pieces: readonly string[]): string {
  const r = remover();
  let held = '', out = '';
  pieces.forEach((piece, i) => {
    const all = held + piece;
    const keep = i === pieces.length - 1 ? 0 : Math.min(all.length, r.holdBack(all));
    out += r.mask(all.slice(0, all.length - keep));
    held = all.slice(all.length - keep);
  });
  return out;
}

describe('removing a system prompt\'s secret from model text', () => {
  test('whole, spelled out and backwards, with what surrounds it kept', () => {
    const r = remover();
    assert.equal(r.mask('The code word is Blue Heron; breakfast is at seven.'), `The code word is ${LEAK_NOTICE}; breakfast is at seven.`);
    assert.equal(r.mask('b.l.u.e-h.e.r.o.n or noreh eulb'), `${LEAK_NOTICE} or ${LEAK_NOTICE}`);
    assert.equal(r.removed, 3);
    assert.equal(r.mask('Blue herons nest by the lake.'), 'Blue herons nest by the lake.');
  });

  test('in a stream cut anywhere, even inside the value, the agent gets what the whole text gives', () => {
    for (const text of ['Sure: the code word is b-l-u-e h-e-r-o-n, and breakfast is at seven.', 'noreh eulb!', 'blue heron', 'Herons, blue ones, nest here. blue  heron.']) {
      const whole = remover().mask(text);
      for (let a = 1; a < text.length; a++) {
        assert.equal(streamed([text.slice(0, a), text.slice(a)]), whole, `cut at ${a}`);
        for (let b = a + 1; b < text.length; b += 3) assert.equal(streamed([text.slice(0, a), text.slice(a, b), text.slice(b)]), whole, `cut at ${a} and ${b}`);
      }
      // Word by word, as the stand-in streams.
      assert.equal(streamed(text.split(/(?= )/)), whole);
    }
  });

  test('holds back no more than the longest form a value can take', () => {
    const r = remover();
    const text = `${'Nothing to see here. '.repeat(20)}breakfast is served in the lobby`;
    assert.ok(r.holdBack(text) <= 9 + 8 * 3);
    assert.equal(r.holdBack('The lobby opens at seven.'), 0);
  });
});
