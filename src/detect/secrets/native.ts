/**
 * A gitleaks rule's regex as a native JavaScript RegExp, for the rules where that is safe and
 * gives exactly what re2js gives. One anchored try costs re2js 4-7 µs (a matcher object, its
 * program run step by step in JavaScript), V8's compiled regex well under one; a message
 * holding a token of a known format ("ghp_...", "AKIA...") pays that once per token.
 *
 * Safe means two things:
 *   - Linear: the regex has no quantifier but exact counts ("{36}"), so every match has one of
 *     finitely many shapes of bounded length and a backtracking engine tries each at most once
 *     per start: a constant per try, however hostile the text. Any `*`, `+`, `?` or `{m,n}`
 *     and the rule keeps using re2js.
 *   - The same semantics: both engines pick the leftmost match and, within it, the first
 *     alternative that matches (RE2's leftmost-first mode is Perl's, which JavaScript follows).
 *     They differ outside ASCII (RE2's case folding maps "ſ" to "s" and "K" to "k", JavaScript's
 *     without the u flag does not; `\s` and `.` cover different characters), so the caller
 *     uses the native regex only on ASCII text; `\s` and `.` are spelled out as RE2 reads them.
 * Anything the translation does not know (a class name other than [:alnum:], a named group,
 * `\p`, `\Q`) means null: re2js stays the reference and the fallback.
 */

const RE2_SPACE = '\\t\\n\\f\\r ';

/** The JavaScript source for an RE2 regex without variable quantifiers, or null. */
export function nativeSource(re2: string): string | null {
  let out = '';
  // Per open group: whether a mid-group "(?i)" opened an extra "(?i:" to close with it.
  const groups: boolean[] = [false];
  let i = 0;
  const n = re2.length;
  while (i < n) {
    const c = re2[i]!;
    if (c === '\\') {
      const e = re2[i + 1];
      if (e === undefined) return null;
      if (e === 's') out += `[${RE2_SPACE}]`;
      else if (e === 'z') out += '$'; // end of text: JavaScript's $ without the m flag
      else if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(re2.slice(i + 2, i + 4))) { out += re2.slice(i, i + 4); i += 4; continue; }
      else if (/[bdwBDW.\\\-\/#?|()[\]{}*+^$'"`~:=!<>,;&%@_ ]/.test(e) || e === 'n' || e === 'r' || e === 't') out += c + e;
      else return null; // \p, \Q, \A, \C, octal ...
      i += 2;
      continue;
    }
    if (c === '[') {
      const end = classEnd(re2, i);
      if (end < 0) return null;
      const body = re2.slice(i + 1, end).replaceAll('[:alnum:]', 'A-Za-z0-9').replaceAll('\\s', RE2_SPACE);
      if (body.includes('[:') || /\\[pPQ]/.test(body)) return null;
      out += `[${body}]`;
      i = end + 1;
      continue;
    }
    if (c === '*' || c === '+' || c === '?') return null; // a variable quantifier (or lazy one)
    if (c === '{') {
      const m = /^\{(\d+)\}/.exec(re2.slice(i));
      if (m === null) return null; // {m,n} or {m,}
      out += m[0];
      i += m[0].length;
      continue;
    }
    if (c === '.') { out += '[^\\n]'; i++; continue; }
    if (c === '(') {
      const rest = re2.slice(i);
      if (rest.startsWith('(?i)')) { out += '(?i:'; groups[groups.length - 1] = true; i += 4; continue; }
      const open = /^\((?:\?:|\?i:|\?-i:|\?s:)?/.exec(rest)![0];
      if (open === '(?s:') return null; // "." across lines: not worth the translation
      if (open === '(' && rest.startsWith('(?')) return null; // named groups, other flags
      out += open;
      groups.push(false);
      i += open.length;
      continue;
    }
    if (c === ')') {
      if (groups.length < 2) return null;
      if (groups.pop()) out += ')';
      out += ')';
      i++;
      continue;
    }
    out += c; // literals, |, ^, $
    i++;
  }
  if (groups.length !== 1) return null;
  if (groups[0]) out += ')';
  return out;
}

/** Index of the "]" closing the class opened at `start`, or -1. */
function classEnd(re2: string, start: number): number {
  let i = start + 1;
  if (re2[i] === '^') i++;
  if (re2[i] === ']') i++; // a literal "]" first
  while (i < re2.length) {
    if (re2[i] === '\\') { i += 2; continue; }
    if (re2.startsWith('[:', i)) { const close = re2.indexOf(':]', i + 2); if (close < 0) return -1; i = close + 2; continue; }
    if (re2[i] === ']') return i;
    i++;
  }
  return -1;
}

/** The rule's regex as a sticky RegExp with match indices, or null (see nativeSource). */
export function nativeRegex(re2: string): RegExp | null {
  const source = nativeSource(re2);
  if (source === null) return null;
  try {
    return new RegExp(source, 'yd');
  } catch {
    return null;
  }
}

const NON_ASCII = /[^\x00-\x7f]/;

/** A match: its span and its capture groups' (start, end), -1 for a group that took no part. */
interface Match { readonly start: number; readonly end: number; readonly groups: readonly number[] }

/**
 * The match of `re` (from nativeRegex) starting exactly at `p`, reading no further than `to`,
 * or null; undefined when the window is not all ASCII and re2js must answer instead. The window
 * starts one character before p, as re2js's anchored try does, so that \b sees the text.
 */
export function nativeTry(re: RegExp, text: string, p: number, to: number): Match | null | undefined {
  const from = p === 0 ? 0 : p - 1;
  const sub = text.substring(from, to);
  if (NON_ASCII.test(sub)) return undefined;
  re.lastIndex = p - from;
  const m = re.exec(sub);
  if (m === null) return null;
  const groups: number[] = [];
  for (let g = 1; g < m.length; g++) {
    const span = m.indices![g];
    groups.push(span === undefined ? -1 : span[0] + from, span === undefined ? -1 : span[1] + from);
  }
  return { start: m.index + from, end: m.index + m[0].length + from, groups };
}
