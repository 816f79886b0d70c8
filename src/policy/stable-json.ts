/**
 * JSON of a value with object keys sorted at every level: the same value always gives the same
 * bytes, whatever order its keys were written in. Used where a hash must name content (the
 * policy version, tool-definition hashes, ledger records). Keys whose value is undefined are
 * left out, as JSON.stringify does; undefined in an array becomes null, as there.
 *
 * It runs for every ledger record, so it is written for speed: primitives are handled inline,
 * and the quoted form of object keys (a small, fixed vocabulary) is cached.
 */
const quotedKeys = new Map<string, string>();
const KEY_CACHE_LIMIT = 4096;

function quoteKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (quotedKeys.size < KEY_CACHE_LIMIT) quotedKeys.set(key, quoted);
  }
  return quoted;
}

/** Characters JSON.stringify would escape (quote, backslash, controls, lone surrogates). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

export function stableJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      // Most strings (ids, rule names, hashes) need no escaping: skip the native call for them.
      return NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`;
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      return Array.isArray(value) ? arrayJson(value) : objectJson(value as Record<string, unknown>);
    case 'undefined':
      return 'null';
    default:
      // bigint and symbols have no JSON form; functions are dropped by JSON.stringify too.
      return JSON.stringify(value) ?? 'null';
  }
}

function arrayJson(items: readonly unknown[]): string {
  let out = '[';
  for (let i = 0; i < items.length; i++) out += (i === 0 ? '' : ',') + stableJson(items[i]);
  return `${out}]`;
}

function objectJson(object: Record<string, unknown>): string {
  if (typeof (object as { toJSON?: unknown }).toJSON === 'function') return stableJson((object as { toJSON(): unknown }).toJSON());
  const keys = Object.keys(object).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const item = object[key];
    if (item === undefined || typeof item === 'function') continue;
    out += `${first ? '' : ','}${quoteKey(key)}:${stableJson(item)}`;
    first = false;
  }
  return `${out}}`;
}
