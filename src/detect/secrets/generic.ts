/**
 * High-entropy values assigned to a word that names a secret: `DB_PASSWORD=Xk9#mP2$vL`,
 * `"client_secret": "..."`, `api_key: ...`, `Authorization: Bearer ...`, "the password is ...",
 * "the secret key is ...", and passwords in URLs (`postgres://app:Xk9#mP2@db:5432/orders`).
 * gitleaks's generic-api-key covers much of this but only values of [\w.=-] (no `#$!&`, so
 * not most passwords) and only above its fixed entropy; this one scores by entropy instead:
 * 0.6 at 3 bits per character, rising to 0.8 at 4.5.
 *
 * Not reported: placeholders ("xxxx", "your-api-key-here", "<token>", "${VAR}", "changeme",
 * "EXAMPLE"), references (`token: string`, `password: getPassword()`, `secret = os.environ[...]`),
 * URLs and paths, UUIDs (request and object ids far more often than keys), and values of one
 * character class or too little entropy for their length.
 */
import type { Candidate, Recognizer, ScanText } from '../types.ts';
import { shannonEntropy } from './entropy.ts';
import { LITERALS, SECRET_WORDS, URL_SCHEME_END } from './literals.ts';

export const GENERIC = 'SECRET_GENERIC';

const WORD_IDS = new Set(SECRET_WORDS.map((w) => LITERALS.id(w)));
const SCHEME_END = LITERALS.id(URL_SCHEME_END);
const MAX_IDENTIFIER = 40;
const MIN_VALUE = 8;
const MAX_VALUE = 200;

/**
 * After the identifier: maybe one more word ("secret key", "access token"), a quote, spacing,
 * an assignment (or comparison) operator or " is ", spacing.
 */
const OPERATOR = /(?:[ \t]+[A-Za-z][A-Za-z_-]{1,19})?["'`]?[ \t]{0,3}(?:===?|:=|=>|=|:|[ \t]is(?=[ \t]))[ \t]{0,3}/y;
/** user:password@ after "://", up to the first "/", "@" or space. */
const USERINFO = /[^\s:/@]{0,64}:([^\s/@]{1,128})@/y;
const SCHEME = /(?:bearer|basic|token)[ \t]+/iy;
const PLACEHOLDER = /x{4,}|\*{3,}|\.{3}|…|^<.*>$|\$\{|\{\{|%\(|\$\(|^\$[a-z_]|^%[a-z_]+%$|your[-_ .]?|changeme|change[-_]me|example|placeholder|redacted|dummy|sample|secret_?here|key_?here|^(?:none|null|nil|undefined|true|false|required|optional|string)$|process\.env|os\.environ|getenv|\benv\[|^\[.*\]$|^(?:vault|arn|ref|env|file|ssm|kms|op|secret|secretref|keyvault|projects):/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const genericRecognizer: Recognizer = {
  name: 'generic_secret',
  detector: 'secrets',
  types: [GENERIC],
  mayMatch(input) {
    const { present } = LITERALS.hits(input);
    for (const id of WORD_IDS) if (present[id] === 1) return true;
    return present[SCHEME_END] === 1;
  },
  find(input: ScanText): Candidate[] {
    const { text } = input;
    const hits = LITERALS.hits(input);
    const out: Candidate[] = [];
    let from = 0; // hits inside an identifier or value already read are skipped: linear time
    for (let j = 0; j < hits.ids.length; j++) {
      if (hits.ids[j] === SCHEME_END) {
        const password = urlPassword(text, hits.ends[j]!);
        if (password !== null) out.push(password);
        continue;
      }
      if (!WORD_IDS.has(hits.ids[j]!) || hits.ends[j]! <= from) continue;
      const wordEnd = hits.ends[j]!;
      let i = wordEnd;
      const limit = Math.min(text.length, i + MAX_IDENTIFIER);
      while (i < limit && isIdentifierChar(text.charCodeAt(i))) i++;
      from = i;
      if (!namesSecret(text.slice(wordEnd, i))) continue;
      OPERATOR.lastIndex = i;
      if (!OPERATOR.test(text)) continue;
      i = OPERATOR.lastIndex;
      SCHEME.lastIndex = i;
      if (SCHEME.test(text)) i = SCHEME.lastIndex;
      const value = valueAt(text, i);
      from = Math.max(from, value.end);
      const score = judge(text.slice(value.start, value.end));
      if (score > 0) out.push({ type: GENERIC, start: value.start, end: value.end, score });
    }
    return out;
  },
};

/**
 * Whether an identifier whose secret word is followed by `rest` still names a secret: the word
 * must end there ("tokenizer", "author" do not name one; "tokens", "authToken",
 * "Authorization" do), and what follows must not make it a property of the secret
 * ("password_policy", "token_url", "secret_name", "key_id").
 */
function namesSecret(rest: string): boolean {
  if (/^[a-z]/.test(rest) && !/^(?:s(?![a-z])|orization)/.test(rest)) return false;
  return !NOT_A_VALUE.test(rest.toLowerCase());
}
const NOT_A_VALUE = /^s?[_.-]?(?:policy|url|uri|endpoint|host|name|type|id|ids|file|path|dir|length|len|size|count|expires?|expiry|expiration|ttl|timeout|format|method|mode|version|header|field|prompt|hint|reset|label|pattern|regex|min|max|rules?|enabled|required|ref|hash)(?![a-z])/;

/** The password in `scheme://user:password@host`, when it looks like a secret. */
function urlPassword(text: string, at: number): Candidate | null {
  USERINFO.lastIndex = at;
  const m = USERINFO.exec(text);
  if (m === null) return null;
  const end = USERINFO.lastIndex - 1;
  const start = end - m[1]!.length;
  const score = judge(m[1]!);
  return score > 0 ? { type: GENERIC, start, end, score } : null;
}

/** The value starting at `i`: quoted up to its closing quote on the same line, else up to a delimiter. */
function valueAt(text: string, i: number): { start: number; end: number } {
  const quote = text[i];
  if (quote === '"' || quote === "'" || quote === '`') {
    let end = i + 1;
    while (end < text.length && end - i <= MAX_VALUE && text[end] !== quote && text[end] !== '\n') end++;
    return text[end] === quote ? { start: i + 1, end } : { start: i + 1, end: i + 1 };
  }
  let end = i;
  while (end < text.length && end - i <= MAX_VALUE && !isDelimiter(text.charCodeAt(end))) end++;
  while (end > i && (text[end - 1] === '.' || text[end - 1] === ':')) end--; // end of a sentence
  return { start: i, end };
}

/** Score of a candidate value, or 0 when it does not look like a secret. */
export function judge(value: string): number {
  if (value.length < MIN_VALUE || value.length > MAX_VALUE || /\s/.test(value)) return 0;
  const lower = value.toLowerCase();
  if (PLACEHOLDER.test(lower) || lower.includes('://') || /^(?:\.{0,2}\/|~\/|[a-z]:\\)/.test(lower) || UUID.test(value)) return 0;
  if (/[()]/.test(value) || /^[A-Za-z_.]+$/.test(value)) return 0; // a call, or an identifier / word
  if (/^[A-Za-z_][A-Za-z0-9_]*=./.test(value)) return 0; // a nested setting: "min_length=12,..."
  let classes = 0;
  if (/[a-z]/.test(value)) classes++;
  if (/[A-Z]/.test(value)) classes++;
  if (/[0-9]/.test(value)) classes++;
  if (/[^A-Za-z0-9]/.test(value)) classes++;
  if (classes < 2) return 0;
  const entropy = shannonEntropy(value);
  // A short value cannot carry much entropy per character: ask for 90% of its maximum.
  if (entropy < Math.min(3, 0.9 * Math.log2(value.length))) return 0;
  return Math.round((0.6 + 0.2 * Math.min(1, Math.max(0, (entropy - 3) / 1.5))) * 100) / 100;
}

function isIdentifierChar(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2d || c === 0x2e;
}

/** Ends an unquoted value: whitespace, quotes, and the punctuation that closes code constructs. */
function isDelimiter(c: number): boolean {
  return c <= 0x20 || c === 0x22 || c === 0x27 || c === 0x60 || c === 0x2c || c === 0x3b || c === 0x29 || c === 0x7d || c === 0x5d || c === 0x3e || c === 0x3c;
}
