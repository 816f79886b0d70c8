import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RE2JS } from 're2js';
import { CharSet, RuleMatcher } from '../../src/detect/secrets/matcher.ts';
import { nativeSource } from '../../src/detect/secrets/native.ts';
import { GITLEAKS } from '../../src/detect/secrets/rules.ts';

test('only regexes without variable quantifiers are compiled natively, RE2 spellings translated', () => {
  assert.equal(nativeSource('ghp_[0-9a-zA-Z]{36}'), 'ghp_[0-9a-zA-Z]{36}');
  assert.equal(nativeSource('\\b(LTAI(?i)[a-z0-9]{20})(?:[\\x60\'"\\s;]|$)'), '\\b(LTAI(?i:[a-z0-9]{20}))(?:[\\x60\'"\\t\\n\\f\\r ;]|$)');
  assert.equal(nativeSource('(?i)pat[[:alnum:]]{14}.x\\z'), '(?i:pat[A-Za-z0-9]{14}[^\\n]x$)');
  for (const variable of ['a+', 'a*', 'a?', 'a{1,3}', 'a{2,}', 'a+?', '\\pL{3}', '(?P<n>a)', '(?s:.)']) assert.equal(nativeSource(variable), null, variable);
  const native = GITLEAKS.rules.filter((r) => r.anchors !== null && nativeSource(r.prefix?.rest ?? r.regex) !== null).map((r) => r.id);
  assert.ok(native.includes('aws-access-token') && native.includes('github-pat'), 'the common token formats run natively');
  assert.ok(!native.includes('generic-api-key'));
});

test('outside ASCII the native regex is not used: RE2 case folding still applies', () => {
  const classes = GITLEAKS.classes.map((hex) => new CharSet(hex));
  const rule = GITLEAKS.rules.find((r) => r.id === 'doppler-api-token')!;
  const matcher = new RuleMatcher(rule, classes);
  // U+212A KELVIN SIGN folds to "k" under RE2's (?i): the token matches in re2js, and so here.
  const token = 'dp.pt.' + 'a'.repeat(20) + '\u212a' + 'b'.repeat(22);
  const text = `token ${token} end`;
  const whole = RE2JS.compile(rule.regex).matcher(text);
  assert.ok(whole.find());
  const found = matcher.matchAt(text, [0], [text.indexOf('dp.pt.') + rule.anchors![0]!.literal.length], () => -1);
  assert.deepEqual(found.map((m) => [m.start, m.end]), [[whole.start(), whole.end()]]);
});
