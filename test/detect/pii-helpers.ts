import assert from 'node:assert/strict';
import { PII_RECOGNIZERS } from '../../src/detect/pii/index.ts';
import { scanText } from '../../src/detect/scan.ts';

export interface Found {
  readonly type: string;
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly score: number;
}

/** Every PII finding in `text`, as scanText reports it with the default threshold and window. */
export function findPii(text: string): Found[] {
  return scanText(text, PII_RECOGNIZERS).map((d) => ({ type: d.type, text: text.slice(d.start, d.end), start: d.start, end: d.end, score: d.score }));
}

/** The findings of one type. */
export function ofType(text: string, type: string): Found[] {
  return findPii(text).filter((f) => f.type === type);
}

/** Asserts that `value` is found in `text` as `type`, exactly at its (first) offset. */
export function assertFound(text: string, value: string, type: string): Found {
  const start = text.indexOf(value);
  assert.ok(start >= 0, `test bug: ${JSON.stringify(value)} is not in the text`);
  const found = findPii(text);
  const hit = found.find((f) => f.start === start && f.end === start + value.length);
  assert.ok(hit, `${JSON.stringify(value)} not found as ${type} in ${JSON.stringify(text)}; found ${JSON.stringify(found)}`);
  assert.equal(hit.type, type, `${JSON.stringify(value)} in ${JSON.stringify(text)}`);
  return hit;
}

/** Asserts that nothing of `type` is found in `text` (any type if omitted). */
export function assertNotFound(text: string, type?: string): void {
  const found = findPii(text).filter((f) => type === undefined || f.type === type);
  assert.deepEqual(found, [], `expected no ${type ?? 'finding'} in ${JSON.stringify(text)}`);
}
