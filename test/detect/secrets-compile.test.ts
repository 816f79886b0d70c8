/**
 * The committed gitleaks-rules.json: where it came from, that nothing was dropped silently,
 * and, when ../shared holds the source, that recompiling it gives the committed file byte for
 * byte (so an edit to the script or to re2js cannot leave a stale file behind).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { RE2JS } from 're2js';
import { compile, serialize } from '../../scripts/compile-gitleaks.ts';
import { GITLEAKS, secretType } from '../../src/detect/secrets/rules.ts';

const COMMITTED = fileURLToPath(new URL('../../src/detect/secrets/gitleaks-rules.json', import.meta.url));
const SOURCE = fileURLToPath(new URL('../../../shared/datasets/secrets/gitleaks/', import.meta.url));

test('the rules file names its source, commit and licence', () => {
  const head = readFileSync(COMMITTED, 'utf8').slice(0, 600);
  assert.match(head, /gitleaks\/gitleaks@b58d3f1/);
  assert.match(head, /MIT/);
  assert.equal(GITLEAKS.source.commit, 'b58d3f1');
  assert.match(GITLEAKS.source.sha256, /^[0-9a-f]{64}$/);
});

test('every committed rule compiles in re2js and has a unique SECRET_ type', () => {
  const types = new Set<string>();
  for (const rule of GITLEAKS.rules) {
    assert.doesNotThrow(() => RE2JS.compile(rule.regex), rule.id);
    if (rule.prefix !== null) assert.doesNotThrow(() => RE2JS.compile(rule.prefix!.rest), rule.id);
    types.add(secretType(rule.id));
  }
  assert.equal(types.size, GITLEAKS.rules.length);
  assert.equal(secretType('aws-access-token'), 'SECRET_AWS_ACCESS_TOKEN');
  assert.equal(secretType('1password-secret-key'), 'SECRET_1PASSWORD_SECRET_KEY');
});

test('the compiler keeps rules, compiles their regexes, and reports file-only rules (a small TOML of our own)', () => {
  const toml = `
[allowlist]
description = "global"
stopwords = ["example"]

[[rules]]
id = "demo-token"
description = "A demo token"
regex = '''(?i)\\b(demo_[a-z0-9]{20})\\b'''
keywords = ["demo_"]
entropy = 3.0

[[rules]]
id = "demo-file"
description = "Only in one kind of file"
path = '''(?i)\\.demo$'''
regex = '''secret=[a-z]+'''
keywords = ["secret="]
`;
  const report = compile(toml, 'MIT License (test fixture)');
  assert.deepEqual(report.failed, []);
  assert.deepEqual(report.compiled.rules.map((r) => r.id), ['demo-token']);
  assert.deepEqual(report.skipped.map((s) => s.id), ['demo-file']);
});

// The project's own copy of the datasets sits beside it (../shared); where a checkout has none,
// the test above still exercises the compiler, and this one has nothing to compare against.
test('recompiling ../shared gitleaks.toml gives the committed file; every rule is kept or reported', { skip: !existsSync(`${SOURCE}gitleaks.toml`) && 'no ../shared beside this checkout' }, () => {
  const report = compile(readFileSync(`${SOURCE}gitleaks.toml`, 'utf8'), readFileSync(`${SOURCE}LICENSE`, 'utf8'));
  assert.equal(serialize(report.compiled), readFileSync(COMMITTED, 'utf8'), 'stale: run node scripts/compile-gitleaks.ts');
  assert.deepEqual(report.failed, [], 'every regex compiles in re2js');
  // 222 rules: compiled, or reported as applying only to file paths.
  assert.equal(report.compiled.rules.length + report.skipped.length, 222);
  assert.deepEqual(report.skipped.map((s) => s.id).sort(), ['freemius-secret-key', 'hashicorp-tf-password', 'kubernetes-secret-yaml', 'nuget-config-password', 'pkcs12-file']);
});
