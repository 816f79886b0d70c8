/**
 * Made-up tokens in the documented formats of the providers, with random bodies from a seeded
 * generator: never real credentials, and built at run time so the repository holds no string a
 * secret scanner would flag.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mulberry32 } from '../../scripts/seeded-random.ts';

export const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const HEX = '0123456789abcdef';
export const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const B64 = `${ALNUM}+/`;
export const B64URL = `${ALNUM}-_`;

export class Tokens {
  private readonly rand: () => number;
  constructor(seed = 1) {
    this.rand = mulberry32(seed);
  }
  pick(chars: string, n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += chars[Math.floor(this.rand() * chars.length)];
    return s;
  }
  awsAccessKeyId = () => 'AKIA' + this.pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16);
  awsSecret = () => this.pick(B64, 40);
  githubPat = () => 'ghp_' + this.pick(ALNUM, 36);
  githubFineGrained = () => 'github_pat_' + this.pick(ALNUM, 22) + '_' + this.pick(ALNUM, 59);
  gitlabPat = () => 'glpat-' + this.pick(ALNUM, 20);
  slackBot = () => `xoxb-${this.pick('0123456789', 11)}-${this.pick('0123456789', 13)}-${this.pick(ALNUM, 24)}`;
  slackWebhook = () => `https://hooks.slack.com/services/T${this.pick(BASE32, 8)}/B${this.pick(BASE32, 8)}/${this.pick(ALNUM, 24)}`;
  stripe = (kind = 'sk_live_') => kind + this.pick(ALNUM, 24);
  openaiProject = () => `sk-proj-${this.pick(B64URL, 73)}${this.pick(ALNUM, 1)}T3BlbkFJ${this.pick(B64URL, 73)}${this.pick(ALNUM, 1)}`;
  openaiLegacy = () => `sk-${this.pick(ALNUM, 20)}T3BlbkFJ${this.pick(ALNUM, 20)}`;
  anthropic = () => `sk-ant-api03-${this.pick(B64URL, 93)}AA`;
  googleApiKey = () => 'AIza' + this.pick(B64URL, 35);
  azureClientSecret = () => `${this.pick(ALNUM, 3)}${this.pick('0123456789', 1)}Q~${this.pick(`${ALNUM}_~.-`, 33)}`;
  password = () => this.pick(ALNUM, 6) + this.pick('!#$%&*@^', 2) + this.pick(ALNUM, 6);
  jwt = (alg = 'HS256') => {
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const payload = { sub: this.pick('0123456789', 10), name: 'Jane Doe', iat: 1700000000 + Math.floor(this.rand() * 1e6) };
    return `${part({ alg, typ: 'JWT' })}.${part(payload)}.${alg === 'none' ? '' : this.pick(B64URL, 43)}`;
  };
  /** An OpenSSH key block: the real magic header, then random base64 lines. */
  opensshKey = () => {
    const body = 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW' + this.pick(B64, 330);
    const lines = body.match(/.{1,70}/g)!.join('\n');
    return `-----BEGIN OPENSSH PRIVATE KEY-----\n${lines}\n-----END OPENSSH PRIVATE KEY-----`;
  };
}

/** A real EC key in PKCS#8 PEM, generated for the test and thrown away. */
export function pemKey(): string {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().trimEnd();
}
