import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { heldTail } from '../../src/guards/response-masking.ts';

describe('heldTail: how much of a streamed text waits for more', () => {
  test('everything after the last sentence or line end', () => {
    assert.equal(heldTail('Call me. My number is (415) 555-'), 'My number is (415) 555-'.length);
    assert.equal(heldTail('First line\nsecond 219-45-'), 'second 219-45-'.length);
    assert.equal(heldTail('Done. '), 0);
    assert.equal(heldTail('no end yet'), 'no end yet'.length);
  });

  test('a decimal point or a domain is no sentence end', () => {
    assert.equal(heldTail('Total 12.50 for maria.g@example.org'), 'Total 12.50 for maria.g@example.org'.length);
  });

  test('bounded: a long text without any end is released at a space, keeping a value-sized tail', () => {
    const words = 'word '.repeat(200) + 'tail 4539 1488 0343';
    const held = heldTail(words);
    assert.ok(held >= 120 && held <= 480, String(held));
    assert.equal(words.charCodeAt(words.length - held - 1), 0x20, 'cut at a space');
    assert.equal(heldTail('x'.repeat(100_000)), 120, 'no space at all: a fixed tail, found in bounded time');
  });
});
