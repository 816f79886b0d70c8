import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compileGlobs } from '../../src/config/glob.ts';
import { below, mulberry32 } from '../../scripts/seeded-random.ts';

/** The obvious (but backtracking) definition, used as the oracle for the hand-written matcher. */
function referenceMatch(pattern: string, name: string): boolean {
  const source = pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${source}$`, 's').test(name);
}

/** A seeded integer in [0, n), so a failure reproduces. */
function seededRandom(seed: number): (n: number) => number {
  const random = mulberry32(seed);
  return (n) => below(random, n);
}

describe('compileGlobs', () => {
  test('exact names match only themselves', () => {
    const match = compileGlobs(['gpt-4o', 'gpt-4o-mini']);
    assert.equal(match('gpt-4o'), true);
    assert.equal(match('gpt-4o-mini'), true);
    assert.equal(match('gpt-4o-'), false);
    assert.equal(match('gpt-4'), false);
    assert.equal(match('GPT-4o'), false, 'matching is case-sensitive');
  });

  test('* matches any run of characters, including none', () => {
    const match = compileGlobs(['o4-*', '*-latest', 'claude-*-sonnet-*']);
    assert.equal(match('o4-mini'), true);
    assert.equal(match('o4-'), true);
    assert.equal(match('o3-mini'), false);
    assert.equal(match('claude-latest'), true);
    assert.equal(match('claude-3-7-sonnet-20250219'), true);
    assert.equal(match('claude-sonnet-4'), false);
  });

  test('a lone * matches everything; ** means the same as *', () => {
    assert.equal(compileGlobs(['*'])(''), true);
    assert.equal(compileGlobs(['*'])('anything/at:all'), true);
    assert.equal(compileGlobs(['a**b'])('axyzb'), true);
    assert.equal(compileGlobs(['a**b'])('axyzc'), false);
  });

  test('every other character is literal, including regex syntax', () => {
    const match = compileGlobs(['llama3.1:8b', 'meta-llama/Llama-3.*', '(x)+?[y]$*']);
    assert.equal(match('llama3.1:8b'), true);
    assert.equal(match('llama3x1:8b'), false, '. is not a wildcard');
    assert.equal(match('meta-llama/Llama-3.1-70B'), true);
    assert.equal(match('meta-llama/Llama-3x1'), false);
    assert.equal(match('(x)+?[y]$!'), true);
    assert.equal(match('xx?y'), false);
  });

  test('head and tail may not overlap', () => {
    const match = compileGlobs(['ab*ba']);
    assert.equal(match('aba'), false);
    assert.equal(match('abba'), true);
  });

  test('a middle literal may not run into the tail', () => {
    const match = compileGlobs(['a*x*yx']);
    assert.equal(match('azzyx'), false, 'the only x is part of the tail');
    assert.equal(match('axzyx'), true);
  });

  test('an empty pattern list matches nothing', () => {
    assert.equal(compileGlobs([])('gpt-4o'), false);
  });

  test('agrees with the regular-expression definition on random inputs', () => {
    // A tiny alphabet makes partial and repeated matches, the tricky cases, common.
    const random = seededRandom(42);
    const word = (alphabet: string, max: number) =>
      Array.from({ length: random(max + 1) }, () => alphabet[random(alphabet.length)]).join('');
    for (let i = 0; i < 5000; i++) {
      const pattern = word('ab*', 6);
      const name = word('ab', 8);
      assert.equal(compileGlobs([pattern])(name), referenceMatch(pattern, name), `${pattern} vs ${name}`);
    }
  });

  test('stays fast on inputs that make backtracking matchers explode', () => {
    // As a regex, ^.*a.*a...b.*$ on a long run of 'a's takes polynomial time of high degree.
    const match = compileGlobs(['*a*a*a*a*a*a*a*a*a*b*']);
    const name = 'a'.repeat(50_000);
    const started = performance.now();
    assert.equal(match(name), false);
    assert.ok(performance.now() - started < 200, 'matching took too long');
  });
});
