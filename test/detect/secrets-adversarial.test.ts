/**
 * 200 KB of near misses for each way the recognizers could be made slow: every anchor, keyword
 * and assignment the rules look for, repeated, each one character short of a match, and long
 * runs that unbounded rules could chase. The work must stay linear in the text; these tests
 * assert what is found (nothing, or exactly the planted secrets), not how fast: a super-linear
 * path here would take minutes rather than milliseconds, which the suite's time would show.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scanText } from '../../src/detect/scan.ts';
import { SECRET_RECOGNIZERS } from '../../src/detect/secrets/index.ts';
import { ALNUM, B64, HEX, Tokens } from './secrets-tokens.ts';

const SIZE = 200_000;
const t = new Tokens(99);
const repeat = (unit: () => string) => {
  let s = '';
  while (s.length < SIZE) s += unit();
  return s;
};
const scan = (text: string) => scanText(text, SECRET_RECOGNIZERS);

const NEAR_MISSES: Record<string, () => string> = {
  // Prefix tokens one character short, so each anchor runs its regex and fails at the end.
  'GitHub tokens one short': () => `ghp_${t.pick(ALNUM, 35)} `,
  'AWS key ids one short': () => `AKIA${t.pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 15)} `,
  'Slack tokens without their tail': () => `xoxb-${t.pick('0123456789', 9)}- `,
  // Keyword-assignment rules: keyword, operator, and a value of placeholder x's.
  'assignments of placeholders': () => `api_key = "${'x'.repeat(32)}"\n`,
  'keywords glued together': () => 'tokenkeysecretpasswordauth = ',
  'operators without keywords': () => 'a = b: c => d := e, ',
  // Unbounded rules: a keyword then a long run they could chase to the end.
  'one JWT-like run': () => `eyJ${t.pick(ALNUM, 1000)}`,
  'JWT headers without payloads': () => 'eyJhbGciOiJIUzI1NiJ9. ',
  'private key headers without bodies': () => '-----BEGIN RSA PRIVATE KEY-----\n',
  'curl without credentials': () => 'curl -X POST https://example.com/api -d @body.json\n',
  'vault-like s. prefixes': () => `s.${t.pick(ALNUM, 23)} `,
  'base64 after an assignment': () => `secret=${t.pick(B64, 5000)}=====`,
  'hex runs': () => t.pick(HEX, 64) + ' ',
  'azure-like q~ runs': () => `abc1Q~${t.pick(ALNUM, 20)} `,
};

for (const [name, unit] of Object.entries(NEAR_MISSES)) {
  test(`200 KB of ${name}`, () => {
    const text = repeat(unit);
    const found = scan(text);
    if (name === 'private key headers without bodies') {
      // gitleaks's private-key rule takes the stretch from one BEGIN line to the next "KEY-----"
      // 64+ characters on as a key; a wall of key headers is reported as such, nothing else.
      assert.ok(found.every((d) => d.type === 'SECRET_PRIVATE_KEY'));
    } else {
      // Including the 5,000-character base64 runs after "secret=": too long for either generic
      // rule (gitleaks's ends in at most three "=" then a delimiter; ours stops at 200 characters).
      assert.deepEqual(found.map((d) => `${d.type} ${JSON.stringify(text.slice(d.start, d.end))}`), []);
    }
  });
}

test('200 KB of near misses with two real secrets in the middle: exactly those are found', () => {
  const pat = t.githubPat();
  const key = t.awsAccessKeyId();
  const half = repeat(() => `ghp_${t.pick(ALNUM, 35)} api_key = "${'x'.repeat(20)}" curl -H x `).slice(0, SIZE / 2);
  const text = `${half}\nGITHUB_TOKEN=${pat}\n${key}\n${half}`;
  const found = scan(text);
  assert.deepEqual(
    found.map((d) => text.slice(d.start, d.end)),
    [pat, key],
  );
});
