/**
 * The secrets detector end to end (scanText over SECRET_RECOGNIZERS): one curated positive per
 * major family with exact offsets, the hard negatives gitleaks's allowlists and our filters are
 * for, and gitleaks's semantics (keyword pre-filter, entropy, allowlists).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scanText } from '../../src/detect/scan.ts';
import { SECRET_RECOGNIZERS } from '../../src/detect/secrets/index.ts';
import type { Detection } from '../../src/detect/types.ts';
import { pemKey, Tokens } from './secrets-tokens.ts';

const scan = (text: string): Detection[] => scanText(text, SECRET_RECOGNIZERS);
const t = new Tokens(7);

/** The text must yield exactly one finding, of `type`, covering exactly `secret`. */
function expectOne(text: string, secret: string, type: string): void {
  const found = scan(text);
  const start = text.indexOf(secret);
  assert.ok(start >= 0, 'the secret is in the text');
  assert.deepEqual(
    found.map((d) => ({ type: d.type, start: d.start, end: d.end })),
    [{ type, start, end: start + secret.length }],
    `in ${JSON.stringify(text)}`,
  );
  assert.equal(found[0]!.detector, 'secrets');
}

test('AWS access key id in a credentials file', () => {
  const key = t.awsAccessKeyId();
  expectOne(`[default]\naws_access_key_id = ${key}\nregion = eu-west-1\n`, key, 'SECRET_AWS_ACCESS_TOKEN');
});

test('GitHub classic and fine-grained personal access tokens', () => {
  const classic = t.githubPat();
  expectOne(`git clone https://x-access-token:${classic}@github.com/acme/app.git`, classic, 'SECRET_GITHUB_PAT');
  const fine = t.githubFineGrained();
  expectOne(`Use this one instead: ${fine} (expires in 30 days)`, fine, 'SECRET_GITHUB_FINE_GRAINED_PAT');
});

test('GitLab personal access token in a log line', () => {
  const pat = t.gitlabPat();
  expectOne(`2024-06-01T10:22:31Z INFO runner registered with token=${pat} url=https://gitlab.example.com`, pat, 'SECRET_GITLAB_PAT');
});

test('Slack bot token and webhook URL', () => {
  const bot = t.slackBot();
  expectOne(`const slack = new WebClient('${bot}');`, bot, 'SECRET_SLACK_BOT_TOKEN');
  const hook = t.slackWebhook();
  expectOne(`curl -X POST -d '{"text":"deploy done"}' ${hook}`, hook, 'SECRET_SLACK_WEBHOOK_URL');
});

test('Stripe secret and restricted keys', () => {
  const sk = t.stripe('sk_live_');
  expectOne(`stripe.api_key = "${sk}"`, sk, 'SECRET_STRIPE_ACCESS_TOKEN');
  const rk = t.stripe('rk_live_');
  expectOne(`the restricted key ${rk} only reads charges`, rk, 'SECRET_STRIPE_ACCESS_TOKEN');
});

test('OpenAI project and legacy keys, Anthropic key', () => {
  const project = t.openaiProject();
  expectOne(`OPENAI_API_KEY=${project}\n`, project, 'SECRET_OPENAI_API_KEY');
  const legacy = t.openaiLegacy();
  expectOne(`client = OpenAI(api_key="${legacy}")`, legacy, 'SECRET_OPENAI_API_KEY');
  const anthropic = t.anthropic();
  expectOne(`export ANTHROPIC_API_KEY=${anthropic}`, anthropic, 'SECRET_ANTHROPIC_API_KEY');
});

test('Google API key and Azure AD client secret', () => {
  const google = t.googleApiKey();
  expectOne(`<script src="https://maps.googleapis.com/maps/api/js?key=${google}"></script>`, google, 'SECRET_GCP_API_KEY');
  const azure = t.azureClientSecret();
  expectOne(`"clientSecret": "${azure}",`, azure, 'SECRET_AZURE_AD_CLIENT_SECRET');
});

test('private keys: PEM, OpenSSH, escaped in JSON, cut off', () => {
  const pem = pemKey();
  expectOne(`Here is the key:\n${pem}\nCan you tell why TLS fails?`, pem, 'SECRET_PRIVATE_KEY');
  const ssh = t.opensshKey();
  expectOne(`~/.ssh/id_ed25519:\n${ssh}\n`, ssh, 'SECRET_PRIVATE_KEY');
  const escaped = JSON.stringify(`${pem}\n`).slice(1, -3); // "-----BEGIN ...\n...-----END PRIVATE KEY-----"
  expectOne(`{"type": "service_account", "private_key": "${escaped}\\n", "client_id": "1"}`, escaped, 'SECRET_PRIVATE_KEY');
  const cut = pem.slice(0, pem.indexOf('\n', 120));
  const found = scan(`pasted: ${cut}`);
  assert.equal(found.length, 1);
  assert.equal(found[0]!.type, 'SECRET_PRIVATE_KEY');
  assert.equal(found[0]!.start, 'pasted: '.length);
  assert.equal(found[0]!.end, `pasted: ${cut}`.length, 'up to where the body stops');
  assert.ok(found[0]!.score < 0.95, 'a block without its END line scores lower');
});

test('JWT: signed and unsigned tokens; a header without "alg" is not one', () => {
  const jwt = t.jwt();
  expectOne(`Authorization: Bearer ${jwt}`, jwt, 'SECRET_JWT');
  const unsigned = t.jwt('none');
  expectOne(`session=${unsigned}; Path=/`, unsigned, 'SECRET_JWT'); // "header.payload.": the empty signature's dot is part of it
  assert.deepEqual(scan('see eyJub3QiOiJhIGp3dCJ9.eyJhIjoxfQ.c2lnbmF0dXJlc2lnbmF0dXJl here'), []);
});

test('generic: passwords and keys assigned to secret words', () => {
  const password = t.password();
  expectOne(`DB_HOST=db.internal\nDB_PASSWORD=${password}\nDB_PORT=5432`, password, 'SECRET_GENERIC');
  expectOne(`my password is ${password}, please reset it`, password, 'SECRET_GENERIC');
  expectOne(`{"username": "svc", "password": "${password}"}`, password, 'SECRET_GENERIC');
  expectOne(`DATABASE_URL=postgres://orders:${password}@db.internal:5432/orders`, password, 'SECRET_GENERIC');
  expectOne(`REDIS_URL=redis://:${password}@cache:6379/0`, password, 'SECRET_GENERIC');
  expectOne(`and the secret key is ${password}, keep it safe`, password, 'SECRET_GENERIC');
});

test('negatives: placeholders, documentation examples, references', () => {
  const texts = [
    'api_key: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
    'export OPENAI_API_KEY="your-api-key-here"',
    'Authorization: Bearer <YOUR_TOKEN>',
    'password: ${DB_PASSWORD}',
    'password = os.environ["DB_PASSWORD"]',
    'secret: {{ .Values.secret }}',
    'token: string; password?: string',
    'const token = await getToken(scope);',
    'password: changeme',
    'DATABASE_URL=postgres://postgres:postgres@localhost:5432/dev',
    '{"model": "gpt-4o", "max_tokens": 1024, "tokenizer": "o200k_base"}',
    'password_policy: min_length=12,require_symbols=true',
    'The author: J. R. R. Tolkien (1892-1973)',
    'aws_access_key_id = AKIAIOSFODNN7EXAMPLE', // AWS documentation's example key (gitleaks allowlist)
    'The sample page loads AIzaSyDMAScliyLx7F0NPDEJi1QmyCgHIAODrlU.', // on gitleaks's gcp-api-key allowlist
    'Set GITHUB_TOKEN=ghp_************************************ in CI',
  ];
  for (const text of texts) assert.deepEqual(scan(text), [], text);
});

test('negatives: UUIDs, git SHAs, lockfile hashes, low-entropy values', () => {
  const texts = [
    'request id 123e4567-e89b-12d3-a456-426614174000 failed with 503',
    '{"trace_id": "6f1c2a9e-3b7d-4c55-9e2a-0f4b8d7c6a51", "status": 200}',
    'Fixed in commit 9fceb02d0ae598e95dc970b74767f19372d61af8, see also a1b2c3d',
    '"integrity": "sha512-v2kDEe57lecTulaDIuNTPy3Ry4gLGJ6Z1O3vE1krgXZNrsQ+5L5DdlI7kf9YFLSw8sOz8P0tYw2wN7Yl5OYpRQ=="',
    'lodash@^4.17.21:\n  resolved "https://registry.yarnpkg.com/lodash/-/lodash-4.17.21.tgz#679591c564c3bffaae8454cf0b3df370c3d6911c"\n  integrity sha512-v2kDEe57lecTulaDIuNTPy3Ry4gLGJ6Z1O3vE1krgXZNrsQ+5L5DdlI7kf9YFLSw8sOz8P0tYw2wN7Yl5OYpRQ==',
    'golang.org/x/text v0.14.0 h1:ScX5w1eTa3QqT8oi6+ziP7dTV1S2+ALU0bI+0zXKWiQ=',
    'password=aaaaaaaaaaaaaaaa',
    'token = 1111111111111111',
    'secret: abcdefghijklmnopqrstuvwxyz',
    'The API key, which you can find in the dashboard, must be rotated every 90 days.',
    'sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  ];
  for (const text of texts) assert.deepEqual(scan(text), [], text);
});

test('gitleaks semantics: a rule runs only when its keyword is present', () => {
  // airtable-personnal-access-token's regex is `pat...`, its keyword "airtable".
  const pat = `pat${t.pick('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 14)}.${t.pick('0123456789abcdef', 64)}`;
  assert.deepEqual(scan(`PAT=${pat}`).filter((d) => d.type.includes('AIRTABLE')), []);
  const found = scan(`airtable\nPAT=${pat}`).filter((d) => d.type === 'SECRET_AIRTABLE_PERSONNAL_ACCESS_TOKEN');
  assert.equal(found.length, 1);
  assert.equal(found[0]!.start, 'airtable\nPAT='.length);
});

test('gitleaks semantics: entropy must exceed the rule threshold', () => {
  // github-pat wants entropy > 3; 36 of one letter has 0.
  assert.deepEqual(scan(`token ghp_${'a'.repeat(36)}`), []);
  assert.equal(scan(`token ${t.githubPat()}`).length, 1);
});

test('offsets are UTF-16 offsets into the original text', () => {
  const key = t.githubPat();
  const text = `İstanbul 🎉 Kelvin K ſ: ${key} ✅`;
  const found = scan(text);
  assert.equal(found.length, 1);
  assert.equal(text.slice(found[0]!.start, found[0]!.end), key);
});
