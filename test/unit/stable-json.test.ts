import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stableJson } from '../../src/policy/stable-json.ts';

/**
 * The reference, written for clarity, not speed: sorted keys, undefined members left out and
 * undefined items as null, primitives as JSON.stringify writes them. (A key-sorted copy passed to
 * JSON.stringify would not do: JavaScript objects put integer-like keys such as "2" and "10"
 * first, in numeric order, whatever order they were inserted in.)
 */
function reference(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : reference(item))).join(',')}]`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const object = value as Record<string, unknown>;
  const members = Object.keys(object).sort().filter((key) => object[key] !== undefined)
    .map((key) => `${JSON.stringify(key)}:${reference(object[key])}`);
  return `{${members.join(',')}}`;
}

/** Deterministic pseudo-random JSON-ish values, with the awkward cases mixed in. */
function* values(seed = 7): Generator<unknown> {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const atoms = [0, -0, 1.5, -3e21, NaN, Infinity, '', 'é"\\\n\u2028', 'ü', true, false, null, undefined];
  const make = (depth: number): unknown => {
    const r = next();
    if (depth > 3 || r < 0.4) return atoms[Math.floor(next() * atoms.length)];
    if (r < 0.7) return Array.from({ length: Math.floor(next() * 4) }, () => make(depth + 1));
    const object: Record<string, unknown> = {};
    for (let i = Math.floor(next() * 5); i > 0; i--) object[['b', 'a', 'z', '10', '2', 'é', 'A'][Math.floor(next() * 7)] as string] = make(depth + 1);
    return object;
  };
  for (let i = 0; i < 2000; i++) yield make(0);
}

describe('stableJson', () => {
  it('matches the reference for 2,000 generated values, integer-like keys included', () => {
    for (const value of values()) assert.equal(stableJson(value), reference(value), JSON.stringify(value));
  });

  it('sorts keys as strings ("10" before "2"), not as JavaScript orders integer-like keys', () => {
    assert.equal(stableJson({ 2: 'b', 10: 'a', x: 1 }), '{"10":"a","2":"b","x":1}');
  });

  it('gives the same bytes whatever order keys were written in', () => {
    assert.equal(stableJson({ b: { y: 1, x: [2, { q: 1, p: 0 }] }, a: 'k' }), stableJson({ a: 'k', b: { x: [2, { p: 0, q: 1 }], y: 1 } }));
  });
});
