/**
 * Made-up secrets in providers' documented formats (the shapes gitleaks's rules describe), with
 * random bodies from a seeded generator. None is a real credential.
 */
import { mulberry32 } from '../scripts/seeded-random.ts';

export const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';
const B64 = `${ALNUM}+/`;
const B64URL = `${ALNUM}-_`;
const DIGITS = '0123456789';

export class Random {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  chars(alphabet: string, n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[this.int(alphabet.length)];
    return s;
  }
}

export interface Format {
  /** Provider, or "generic" for secrets known only by the name they are assigned to. */
  readonly family: string;
  /** The type a perfect detector would report. */
  readonly type: string;
  /** Environment-variable-like names this secret is usually stored under. */
  readonly names: readonly string[];
  make(r: Random): string;
}

const jwtPart = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

export const FORMATS: readonly Format[] = [
  { family: 'aws', type: 'SECRET_AWS_ACCESS_TOKEN', names: ['AWS_ACCESS_KEY_ID', 'aws_access_key_id'], make: (r) => r.pick(['AKIA', 'ASIA']) + r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16) },
  // No rule knows an AWS secret access key by its shape (40 base64 characters): only the generic rules, by its name.
  { family: 'generic', type: 'SECRET_GENERIC_API_KEY', names: ['AWS_SECRET_ACCESS_KEY', 'aws_secret_access_key'], make: (r) => r.chars(B64, 40) },
  { family: 'github', type: 'SECRET_GITHUB_PAT', names: ['GITHUB_TOKEN', 'GH_TOKEN'], make: (r) => 'ghp_' + r.chars(ALNUM, 36) },
  { family: 'github', type: 'SECRET_GITHUB_FINE_GRAINED_PAT', names: ['GITHUB_TOKEN', 'GH_PAT'], make: (r) => `github_pat_${r.chars(ALNUM, 22)}_${r.chars(ALNUM, 59)}` },
  { family: 'github', type: 'SECRET_GITHUB_OAUTH', names: ['GITHUB_OAUTH_TOKEN'], make: (r) => 'gho_' + r.chars(ALNUM, 36) },
  { family: 'github', type: 'SECRET_GITHUB_APP_TOKEN', names: ['INSTALLATION_TOKEN'], make: (r) => 'ghs_' + r.chars(ALNUM, 36) },
  { family: 'gitlab', type: 'SECRET_GITLAB_PAT', names: ['GITLAB_TOKEN', 'CI_JOB_TOKEN_OVERRIDE'], make: (r) => 'glpat-' + r.chars(`${ALNUM}_-`, 19) + r.chars(ALNUM, 1) },
  { family: 'slack', type: 'SECRET_SLACK_BOT_TOKEN', names: ['SLACK_BOT_TOKEN', 'SLACK_TOKEN'], make: (r) => `xoxb-${r.chars(DIGITS, 11)}-${r.chars(DIGITS, 13)}-${r.chars(ALNUM, 24)}` },
  { family: 'slack', type: 'SECRET_SLACK_WEBHOOK_URL', names: ['SLACK_WEBHOOK_URL'], make: (r) => `https://hooks.slack.com/services/T${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 8)}/B${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 8)}/${r.chars(ALNUM, 24)}` },
  { family: 'stripe', type: 'SECRET_STRIPE_ACCESS_TOKEN', names: ['STRIPE_SECRET_KEY', 'STRIPE_API_KEY'], make: (r) => r.pick(['sk_live_', 'rk_live_', 'sk_test_']) + r.chars(ALNUM, r.pick([24, 99])) },
  { family: 'openai', type: 'SECRET_OPENAI_API_KEY', names: ['OPENAI_API_KEY'], make: (r) => `sk-proj-${r.chars(B64URL, 73)}${r.chars(ALNUM, 1)}T3BlbkFJ${r.chars(B64URL, 73)}${r.chars(ALNUM, 1)}` },
  { family: 'openai', type: 'SECRET_OPENAI_API_KEY', names: ['OPENAI_API_KEY', 'OPENAI_KEY'], make: (r) => `sk-${r.chars(ALNUM, 20)}T3BlbkFJ${r.chars(ALNUM, 20)}` },
  { family: 'anthropic', type: 'SECRET_ANTHROPIC_API_KEY', names: ['ANTHROPIC_API_KEY', 'CLAUDE_API_KEY'], make: (r) => `sk-ant-api03-${r.chars(B64URL, 93)}AA` },
  { family: 'google', type: 'SECRET_GCP_API_KEY', names: ['GOOGLE_API_KEY', 'MAPS_API_KEY'], make: (r) => 'AIza' + r.chars(B64URL, 35) },
  { family: 'azure', type: 'SECRET_AZURE_AD_CLIENT_SECRET', names: ['AZURE_CLIENT_SECRET'], make: (r) => `${r.chars(ALNUM, 3)}${r.chars(DIGITS, 1)}Q~${r.chars(`${ALNUM}_~.-`, 33)}${r.chars(ALNUM, 1)}` },
  { family: 'npm', type: 'SECRET_NPM_ACCESS_TOKEN', names: ['NPM_TOKEN'], make: (r) => 'npm_' + r.chars(ALNUM, 36) },
  { family: 'twilio', type: 'SECRET_TWILIO_API_KEY', names: ['TWILIO_API_KEY'], make: (r) => 'SK' + r.chars(HEX, 32) },
  { family: 'sendgrid', type: 'SECRET_SENDGRID_API_TOKEN', names: ['SENDGRID_API_KEY'], make: (r) => `SG.${r.chars(`${ALNUM}_-`, 22)}.${r.chars(`${ALNUM}_-`, 43)}` },
  { family: 'huggingface', type: 'SECRET_HUGGINGFACE_ACCESS_TOKEN', names: ['HF_TOKEN'], make: (r) => 'hf_' + r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', 34) },
  { family: 'digitalocean', type: 'SECRET_DIGITALOCEAN_PAT', names: ['DIGITALOCEAN_TOKEN'], make: (r) => 'dop_v1_' + r.chars(HEX, 64) },
  { family: 'shopify', type: 'SECRET_SHOPIFY_ACCESS_TOKEN', names: ['SHOPIFY_ACCESS_TOKEN'], make: (r) => 'shpat_' + r.chars(HEX, 32) },
  { family: 'databricks', type: 'SECRET_DATABRICKS_API_TOKEN', names: ['DATABRICKS_TOKEN'], make: (r) => 'dapi' + r.chars(HEX, 32) },
  { family: 'postman', type: 'SECRET_POSTMAN_API_TOKEN', names: ['POSTMAN_API_KEY'], make: (r) => `PMAK-${r.chars(HEX, 24)}-${r.chars(HEX, 34)}` },
  { family: 'jwt', type: 'SECRET_JWT', names: ['ACCESS_TOKEN', 'ID_TOKEN', 'SESSION_TOKEN'], make: (r) => `${jwtPart({ alg: r.pick(['HS256', 'RS256', 'ES256']), typ: 'JWT' })}.${jwtPart({ sub: r.chars(DIGITS, 8), email: `user${r.int(999)}@example.com`, iat: 1700000000 + r.int(9e6), exp: 1710000000 + r.int(9e6) })}.${r.chars(B64URL, r.pick([43, 86, 342]))}` },
  { family: 'private_key', type: 'SECRET_PRIVATE_KEY', names: [], make: (r) => pem(r) },
  { family: 'generic', type: 'SECRET_GENERIC', names: ['DB_PASSWORD', 'POSTGRES_PASSWORD', 'REDIS_PASSWORD', 'ADMIN_PASSWORD'], make: (r) => r.chars(ALNUM, 4 + r.int(4)) + r.chars('!#$%&*@^?+', 1 + r.int(2)) + r.chars(ALNUM, 4 + r.int(6)) },
  { family: 'generic', type: 'SECRET_GENERIC_API_KEY', names: ['API_KEY', 'SERVICE_API_KEY', 'WEBHOOK_SECRET', 'CLIENT_SECRET'], make: (r) => r.chars(ALNUM, r.pick([24, 32, 40])) },
];

function pem(r: Random): string {
  const kind = r.pick(['RSA ', 'EC ', '', 'OPENSSH ']);
  const head = kind === 'OPENSSH ' ? 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW' : kind === 'RSA ' ? 'MIIEowIBAAKCAQEA' : kind === 'EC ' ? 'MHcCAQEEI' : 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC';
  const body = head + r.chars(B64, kind === 'RSA ' || kind === '' ? 1500 : 220);
  const lines = body.match(new RegExp(`.{1,${kind === 'OPENSSH ' ? 70 : 64}}`, 'g'))!.join('\n');
  return `-----BEGIN ${kind}PRIVATE KEY-----\n${lines}\n-----END ${kind}PRIVATE KEY-----`;
}
