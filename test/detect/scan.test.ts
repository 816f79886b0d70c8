import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alignedLowerCase, resolveOverlaps, scanText } from '../../src/detect/scan.ts';
import type { Detection, Recognizer } from '../../src/detect/types.ts';

const d = (type: string, start: number, end: number, score: number): Detection => ({ detector: 'pii', type, start, end, score });

describe('scanText', () => {
  it('resolves overlaps: the stronger, then longer finding wins; disjoint ones all stay, in order', () => {
    const kept = resolveOverlaps([d('PHONE', 5, 17, 0.6), d('CARD', 0, 19, 1), d('EMAIL', 30, 40, 0.9), d('URL', 35, 50, 0.6), d('X', 60, 62, 0.5)]);
    assert.deepEqual(kept.map((k) => k.type), ['CARD', 'EMAIL', 'X']);
    const chain = resolveOverlaps([d('A', 0, 10, 0.5), d('B', 8, 20, 0.9), d('C', 18, 30, 0.5)]);
    assert.deepEqual(chain.map((k) => k.type), ['B']);
  });

  it('is not quadratic in the number of findings', () => {
    const many = Array.from({ length: 50_000 }, (_, i) => d('EMAIL', i * 10, i * 10 + 8, 0.9));
    assert.equal(resolveOverlaps(many).length, 50_000);
  });

  it('keeps lower-case offsets aligned with the text, dotted capital I included', () => {
    const text = 'İİİ contact: ssn';
    assert.equal(alignedLowerCase(text).length, text.length);
    const seen: string[] = [];
    const probe: Recognizer = {
      name: 'probe', detector: 'pii', types: ['X'], context: ['ssn'],
      find: (input) => {
        seen.push(input.lower.slice(4, 11));
        return [{ type: 'X', start: 4, end: 11, score: 0.3 }];
      },
    };
    const found = scanText(text, [probe]);
    assert.deepEqual(seen, ['contact']);
    assert.equal(found[0]?.score, 0.65, 'the context word right after the span is found at the right offset');
  });
});
