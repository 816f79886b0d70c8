/**
 * Writes eval/data/secrets.jsonl: a small labelled set for the secrets detector, one JSON
 * object per line, `{"text", "secrets": [{"type", "start", "end"}]}` (UTF-16 offsets, end
 * exclusive). Half the lines hold one or two made-up secrets (eval/secret-formats.ts) inside
 * prose, config, code, commands and log lines; half are hard negatives: placeholders,
 * documentation examples, references to secrets without their value, ids, hashes and
 * lockfile lines. Deterministic: `node eval/make-secrets-set.ts` rewrites the same file.
 *
 * The same person wrote the recognizers and these templates, so the set is a regression check
 * and an honest floor on blind spots, not an unbiased estimate; some lines are written to be
 * missed (a bare secret with no key word, a password in prose without "is").
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FORMATS, Random, type Format } from './secret-formats.ts';

interface Line { text: string; secrets: { type: string; start: number; end: number }[] }

const r = new Random(20250611);
const lowerName = (f: Format) => (f.names.length > 0 ? r.pick(f.names).toLowerCase() : 'key');
const upperName = (f: Format) => (f.names.length > 0 ? r.pick(f.names) : 'KEY');
const camel = (f: Format) => lowerName(f).replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const ts = () => `2025-0${1 + r.int(9)}-1${r.int(9)}T${10 + r.int(13)}:${10 + r.int(49)}:${10 + r.int(49)}Z`;

/** Where a secret of this format sits; `s` is the secret. Contexts that name the secret. */
const ASSIGNED: ((s: string, f: Format) => string)[] = [
  (s, f) => `# .env for staging\nNODE_ENV=production\n${upperName(f)}=${s}\nLOG_LEVEL=info`,
  (s, f) => `export ${upperName(f)}="${s}"\nnpm run deploy`,
  (s, f) => `services:\n  worker:\n    image: acme/worker:2.3.1\n    environment:\n      ${upperName(f)}: ${s}\n      QUEUE: jobs`,
  (s, f) => `{"${lowerName(f)}": "${s}", "region": "eu-west-1", "timeout_ms": 3000}`,
  (s, f) => `${upperName(f)} = "${s}"  # TODO move to vault before merging`,
  (s, f) => ((name) => `const ${name} = '${s}';\nexport default { ${name} };`)(camel(f)),
  (s, f) => `docker run --rm -e ${upperName(f)}=${s} -p 8080:8080 acme/api:latest`,
  (s, f) => `[production]\n${lowerName(f)} = ${s}\nendpoint = https://api.internal.example.com`,
  (s, f) => `Why does the client reject my config? I set ${lowerName(f)}: ${s} but it still says unauthorized.`,
];
/** Contexts where only the secret's own shape can give it away. */
const BARE: ((s: string) => string)[] = [
  (s) => `I'm getting a 401 with this token ${s} — is it expired or revoked?`,
  (s) => `${ts()} DEBUG http: Authorization: Bearer ${s} (request 42 to /v1/items)`,
  (s) => `curl -s -H "Authorization: Bearer ${s}" https://api.example.com/v1/projects | jq .`,
  (s) => `Can you tell why \`${s}\` doesn't work anymore? It worked yesterday.`,
  (s) => `[worker-3] ${ts()} INFO loaded credentials ${s} from cache`,
  (s) => `client = Client(${JSON.stringify(s)}, timeout=30)\nresp = client.list_models()`,
  (s) => `Here is what the support page told me to paste: ${s}\nThanks!`,
];
const KEY_CONTEXTS: ((s: string) => string)[] = [
  (s) => `Here is the deploy key, the pipeline fails with "invalid format":\n\n${s}\n\nAny idea what's wrong?`,
  (s) => `cat ~/.ssh/id_ci\n${s}\n$ ssh -i ~/.ssh/id_ci git@github.com`,
  (s) => `${s}`,
];
/** Passwords and keys whose only tell is the word before them; some written to be missed. */
const PROSE_PASSWORD: ((s: string) => string)[] = [
  (s) => `the staging db password is ${s} if you need to log in`,
  (s) => `Login failed for admin (password: ${s}). Retrying in 5s`,
  (s) => `psql "host=db.internal user=app password=${s} dbname=orders"`,
  (s) => `DATABASE_URL=postgres://orders_app:${s}@db.internal:5432/orders`,
  (s) => `The new admin passphrase: ${s} (rotate after the audit)`,
  (s) => `mysql -u root -p${s} -h 127.0.0.1`, // -p glued to the password: no key word, missed by design
  (s) => `use ${s} as the password for the wifi`, // the key word comes after: missed by design
  (s) => `pw ${s}`, // an abbreviation no recognizer knows: missed by design
];
/** A secret whose only tell is a key word a few words before it. */
const PROSE_KEY: ((s: string) => string)[] = [
  (s) => `and the secret key is ${s}, keep it safe`,
  (s) => `Your new access token: ${s}`,
  (s) => `here's the api key ${s} for the sandbox`, // no "is" or colon: missed by design
];

function place(text: string, secret: string, type: string, into: Line['secrets']): string {
  const start = text.indexOf(secret);
  if (start < 0 || text.indexOf(secret, start + 1) >= 0) throw new Error(`secret not placed once in ${text}`);
  into.push({ type, start, end: start + secret.length });
  return text;
}

function placed(template: (s: string) => string, f: Format): Line {
  const secrets: Line['secrets'] = [];
  const s = f.make(r);
  return { text: place(template(s), s, f.type, secrets), secrets };
}

/** `nth` cycles through every format twice before picking at random, so each family is present. */
function positive(nth: number): Line {
  const secrets: Line['secrets'] = [];
  const f = nth < 2 * FORMATS.length + 11 ? FORMATS[nth % FORMATS.length]! : r.pick(FORMATS);
  const s = f.make(r);
  let text: string;
  if (f.family === 'private_key') {
    if (r.next() < 0.25) {
      const escaped = JSON.stringify(s).slice(1, -1); // as in a service-account JSON file
      text = place(`{"type": "service_account", "project_id": "acme-prod", "private_key": "${escaped}\\n", "client_email": "ci@acme-prod.iam.gserviceaccount.com"}`, escaped, f.type, secrets);
    } else text = place(r.pick(KEY_CONTEXTS)(s), s, f.type, secrets);
  } else if (f.type === 'SECRET_GENERIC' && r.next() < 0.6) {
    text = place(r.pick(PROSE_PASSWORD)(s), s, f.type, secrets);
  } else if (f.family === 'generic' && r.next() < 0.3) {
    text = place(r.pick(PROSE_KEY)(s), s, f.type, secrets);
  } else if (f.family === 'generic') {
    text = place(r.pick(ASSIGNED)(s, f), s, f.type, secrets);
  } else {
    text = place(r.next() < 0.5 ? r.pick(ASSIGNED)(s, f) : r.pick(BARE)(s), s, f.type, secrets);
  }
  if (r.next() < 0.3) {
    // A second secret on another line, as in a pasted .env file.
    const g = r.pick(FORMATS.filter((x) => x.family !== 'private_key' && x.names.length > 0));
    const s2 = g.make(r);
    const line = `${upperName(g)}=${s2}`;
    text = `${text}\n${line}`;
    const start = text.lastIndexOf(s2);
    secrets.push({ type: g.type, start, end: start + s2.length });
  }
  return { text, secrets };
}

const hex = (n: number) => r.chars('0123456789abcdef', n);
const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${r.pick(['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`;
const b64 = (n: number) => r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', n);

const NEGATIVES: (() => string)[] = [
  () => `export OPENAI_API_KEY="your-api-key-here"\npython app.py`,
  () => `Set ${r.pick(['GITHUB_TOKEN', 'NPM_TOKEN', 'SLACK_BOT_TOKEN'])}=<YOUR_TOKEN> in the repository secrets, never in code.`,
  () => `api_key: ${'x'.repeat(32)}`,
  () => `password: \${DB_PASSWORD}\nuser: \${DB_USER}`,
  () => `env:\n  GITHUB_TOKEN: \${{ secrets.GITHUB_TOKEN }}\n  NODE_AUTH_TOKEN: \${{ secrets.NPM_TOKEN }}`,
  () => `token = os.environ["${r.pick(['HF_TOKEN', 'OPENAI_API_KEY', 'STRIPE_SECRET_KEY'])}"]`,
  () => `const apiKey = process.env.${r.pick(['STRIPE_SECRET_KEY', 'SENDGRID_API_KEY', 'ANTHROPIC_API_KEY'])} ?? '';`,
  () => `password: str = Field(..., min_length=12, description="the user's password")`,
  () => `interface Config { token: string; apiKey?: string; secret: SecretRef }`,
  () => `aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`,
  () => `password=changeme`,
  () => `The key looks like ghp_************************************, GitHub shows it only once.`,
  () => `Stripe keys start with sk_live_ or sk_test_; publishable ones (pk_live_...) are safe to ship.`,
  () => `OPENAI_API_KEY=sk-...REDACTED...`,
  () => `${ts()} INFO request_id=${uuid()} user_id=${uuid()} status=200 latency_ms=${r.int(900)}`,
  () => `{"trace_id": "${uuid()}", "span_id": "${hex(16)}", "status": "ok"}`,
  () => `commit ${hex(40)}\nAuthor: Jane Doe <jane@example.com>\n\n    Fix token refresh race`,
  () => `Reverted ${hex(7)} and cherry-picked ${hex(40)} onto release/2.4`,
  () => `"node_modules/lodash": {\n  "version": "4.17.21",\n  "resolved": "https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz",\n  "integrity": "sha512-${b64(86)}=="\n}`,
  () => `lodash@^4.17.21:\n  version "4.17.21"\n  resolved "https://registry.yarnpkg.com/lodash/-/lodash-4.17.21.tgz#${hex(40)}"\n  integrity sha512-${b64(86)}==`,
  () => `golang.org/x/crypto v0.${r.int(30)}.0 h1:${b64(43)}=`,
  () => `requests==2.32.3 --hash=sha256:${hex(64)}`,
  () => `[[package]]\nname = "serde"\nversion = "1.0.${r.int(200)}"\nchecksum = "${hex(64)}"`,
  () => `FROM python:3.12-slim@sha256:${hex(64)}`,
  () => `sha256sum release.tar.gz\n${hex(64)}  release.tar.gz`,
  () => `password=${r.pick(['password', 'aaaaaaaaaaaa', '12345678', 'hunter2', 'letmein'])}`,
  () => `token: ${'0'.repeat(16 + r.int(16))}`,
  () => `The API key, which you can find under Settings > Developer, must be rotated every ${30 + r.int(60)} days.`,
  () => `Auth fails because the token expired; refresh it with \`gh auth refresh\` and retry.`,
  () => `Customer ${'cus_' + r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 14)} paid invoice in_${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 24)}`,
  () => `arn:aws:iam::${r.chars('0123456789', 12)}:role/ci-deploy-${hex(6)}`,
  () => `<img src="data:image/png;base64,iVBORw0KGgo${b64(120)}=" alt="logo">`,
  () => `.btn-primary { color: #${hex(6)}; background: #${hex(6)}; border-radius: 4px; }`,
  () => `https://example.com/reset?uid=${hex(24)}&ts=${1700000000 + r.int(9e6)}`,
  () => `-----BEGIN CERTIFICATE-----\n${b64(64)}\n${b64(64)}\n-----END CERTIFICATE-----`,
  () => `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${b64(43)} jane@laptop`,
  () => `The session cookie is HttpOnly and the secret rotates nightly; see docs/security.md.`,
  () => `Use the --token flag or set GITLAB_TOKEN; tokens look like glpat- followed by 20 characters.`,
  () => `{"model": "gpt-4o", "max_tokens": ${256 * (1 + r.int(16))}, "tokenizer": "o200k_base", "temperature": 0.2}`,
  () => `usage: prompt_tokens=${r.int(4000)} completion_tokens=${r.int(900)} total_tokens=${r.int(5000)}`,
  () => `env:
  - name: DB_PASSWORD
    valueFrom:
      secretKeyRef:
        name: orders-db-credentials
        key: password`,
  () => `password: vault:secret/data/orders/db#password`,
  () => `spring.datasource.password=ENC(${b64(44)})`,
  () => `password_policy: min_length=12,require_symbols=true,max_age_days=90`,
  () => `ETag: "${hex(32)}"
Cache-Control: max-age=3600`,
  () => `"checksum": "sha256:${hex(64)}", "size": ${r.int(99999)}`,
  () => `key_id: ${uuid()}
algorithm: ES256`,
  () => `public_key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${b64(43)} deploy@ci`,
  () => `password = getpass.getpass("Password: ")
secret = secrets.token_hex(32)`,
  () => `The auth middleware checks the token, then the secret is compared in constant time.`,
  () => `instance i-0${hex(16)} in subnet-0${hex(16)} (vpc-0${hex(16)})`,
  // Written to be hard: gitleaks's generic rule flags these, though they are not secrets.
  () => `"request_token_id": "${uuid()}"`,
  () => `STRIPE_PUBLISHABLE_KEY=pk_live_${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 24)}`,
];

const lines: Line[] = [];
// Every prose template once, the ones written to be missed included, whatever the draws below.
const password = FORMATS.find((f) => f.type === 'SECRET_GENERIC')!;
const apiKey = FORMATS.find((f) => f.type === 'SECRET_GENERIC_API_KEY')!;
for (const t of PROSE_PASSWORD) lines.push(placed(t, password));
for (const t of PROSE_KEY) lines.push(placed(t, apiKey));
while (lines.length < 125) lines.push(positive(lines.length));
for (let i = 0; i < 125; i++) lines.push({ text: r.pick(NEGATIVES)(), secrets: [] });
for (let i = lines.length - 1; i > 0; i--) {
  const j = r.int(i + 1);
  [lines[i], lines[j]] = [lines[j]!, lines[i]!];
}
const out = fileURLToPath(new URL('data/secrets.jsonl', import.meta.url));
mkdirSync(fileURLToPath(new URL('data/', import.meta.url)), { recursive: true });
writeFileSync(out, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
console.log(`wrote ${lines.length} lines (${lines.filter((l) => l.secrets.length > 0).length} with secrets, ${lines.reduce((n, l) => n + l.secrets.length, 0)} secrets) to ${out}`);
