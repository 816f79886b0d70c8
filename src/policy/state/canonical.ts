/**
 * What an approval binds to: one agent calling one tool with arguments that mean the same
 * thing. Key order and whitespace in the model's JSON must not matter (models reorder keys
 * freely), but nothing that a tool could read differently may bind the same, since an
 * approver approved exactly what they saw.
 */
import { createHash } from 'node:crypto';

/** Part of every hash, so a future change of the canonical form can never collide with this one. */
const DOMAIN = 'portcullis/approval-binding/v1';

/**
 * SHA-256 (hex) over the agent id, the tool name and the arguments (canonical JSON, or the
 * raw text when it is not JSON). Every field is length-prefixed and hashed as UTF-16 code
 * units, so field boundaries are unambiguous and even lone surrogates cannot collide (UTF-8
 * would turn them all into U+FFFD).
 */
export function approvalBinding(agentId: string, tool: string, argumentsText: string): string {
  const canonical = canonicalJson(argumentsText);
  const fields = [DOMAIN, agentId, tool, canonical === undefined ? 'raw' : 'json', canonical ?? argumentsText];
  let framed = '';
  for (const field of fields) framed += `${field.length}:${field}`;
  return createHash('sha256').update(Buffer.from(framed, 'utf16le')).digest('hex');
}

/** Deeper JSON falls back to raw-text binding rather than risking the stack. */
const MAX_DEPTH = 256;
const STRING = /"[^"\\\u0000-\u001f]*(?:\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})[^"\\\u0000-\u001f]*)*"/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;
const WHITESPACE = /[ \t\n\r]*/y;
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/**
 * The canonical text of strict JSON (object keys sorted by code unit, no whitespace, strings
 * as JSON.stringify writes them), or undefined when `text` is not JSON. A hand-rolled reader
 * rather than JSON.parse because JSON.parse silently keeps the last of duplicate keys (a tool
 * may keep the first) and rounds numbers (9007199254740993 would bind as ...992, 1e400 as
 * null): duplicate keys make the text non-JSON here, and numbers keep their exact value.
 */
export function canonicalJson(text: string): string | undefined {
  let at = 0;
  const match = (pattern: RegExp): string | undefined => {
    pattern.lastIndex = at;
    const found = pattern.exec(text);
    if (found === null) return undefined;
    at = pattern.lastIndex;
    return found[0];
  };
  const skipWhitespace = (): void => void match(WHITESPACE);
  const fail = (): never => {
    throw new SyntaxError('not JSON');
  };
  const string = (): string => JSON.parse(match(STRING) ?? fail()) as string;

  const value = (depth: number): string => {
    if (depth > MAX_DEPTH) fail();
    skipWhitespace();
    const c = text[at];
    if (c === '{') {
      at++;
      const members = new Map<string, string>();
      skipWhitespace();
      if (text[at] === '}') at++;
      else {
        for (;;) {
          skipWhitespace();
          const key = string();
          if (members.has(key)) fail();
          skipWhitespace();
          if (text[at++] !== ':') fail();
          members.set(key, value(depth + 1));
          skipWhitespace();
          const next = text[at++];
          if (next === '}') break;
          if (next !== ',') fail();
        }
      }
      const keys = [...members.keys()].sort();
      return `{${keys.map((key) => `${JSON.stringify(key)}:${members.get(key)}`).join(',')}}`;
    }
    if (c === '[') {
      at++;
      const items: string[] = [];
      skipWhitespace();
      if (text[at] === ']') at++;
      else {
        for (;;) {
          items.push(value(depth + 1));
          skipWhitespace();
          const next = text[at++];
          if (next === ']') break;
          if (next !== ',') fail();
        }
      }
      return `[${items.join(',')}]`;
    }
    if (c === '"') return JSON.stringify(string());
    const number = match(NUMBER);
    if (number !== undefined) return canonicalNumber(number);
    return match(LITERAL) ?? fail();
  };

  try {
    const out = value(0);
    skipWhitespace();
    return at === text.length ? out : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A number as JSON.stringify prints it when that print has exactly the written value (1.0,
 * 1e2 and 100 all print as 100); otherwise its exact normalized decimal (`digits` e
 * `exponent`), which is still a JSON number and can equal no print of a different value.
 */
function canonicalNumber(token: string): string {
  const n = Number(token);
  // Fast path, most numbers: the token is already exactly how JSON.stringify prints its value.
  if (JSON.stringify(n) === token) return token;
  const exact = exactDecimal(token);
  if (Number.isFinite(n)) {
    const printed = JSON.stringify(n);
    if (exactDecimal(printed) === exact) return printed;
  }
  return exact;
}

/** Sign, significant digits and exponent of a decimal literal; zero (and -0) is "0". */
function exactDecimal(token: string): string {
  const parts = DECIMAL.exec(token);
  if (parts === null) throw new SyntaxError('not a JSON number');
  const [, sign = '', int = '', frac = '', exp = '0'] = parts;
  let digits = (int + frac).replace(/^0+/, '');
  if (digits === '') return '0';
  const trimmed = digits.replace(/0+$/, '');
  const exponent = BigInt(exp) - BigInt(frac.length) + BigInt(digits.length - trimmed.length);
  digits = trimmed;
  return `${sign}${digits}e${exponent}`;
}
