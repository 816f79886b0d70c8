import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Automaton } from '../../src/detect/secrets/automaton.ts';
import { LITERALS } from '../../src/detect/secrets/literals.ts';
import { mulberry32 } from '../../scripts/seeded-random.ts';


test('the WebAssembly scan loop finds what the JavaScript one finds', () => {
  const automaton = new Automaton(LITERALS.literals);
  const random = mulberry32(7);
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
