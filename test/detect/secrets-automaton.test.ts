import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Automaton } from '../../src/detect/secrets/automaton.ts';
import { LITERALS } from '../../src/detect/secrets/literals.ts';

/** A small deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('the WebAssembly scan loop finds what the JavaScript one finds', () => {
  const automaton = new Automaton(LITERALS.literals);
  const random = prng(7);
  const pieces = [...LITERALS.literals, ' ', '=', 'x', 'AKIA', 'Ey', '\u212a', '\u017f', '\u0130', 'é', '\u{1F600}', '\ud800', '\n'];
  for (let sample = 0; sample < 300; sample++) {
    let text = '';
    const length = Math.floor(random() * 300);
    for (let k = 0; k < length; k++) text += pieces[Math.floor(random() * pieces.length)];
    assert.deepEqual(automaton.scan(text, true), automaton.scan(text, false), JSON.stringify(text));
  }
  assert.ok((automaton as unknown as { wasm: unknown }).wasm, 'the WebAssembly loop was used');
  // Texts of growing length (the WebAssembly memory grows with them), and the empty text.
  for (const size of [0, 1, 5000, 70_000]) {
    const text = 'password=xoxb-1 '.repeat(Math.ceil(size / 16)).slice(0, size);
    assert.deepEqual(automaton.scan(text, true), automaton.scan(text, false));
  }
});
