/**
 * Decodes encoded segments in place so the detector reads what a model would read: an LLM
 * happily decodes "SWdub3JlIHByZXZpb3Vz..." or "%49%67%6E%6F%72%65" and follows it, so a
 * detector that does not is blind to it.
 *
 * Segments: base64 (standard and URL-safe), contiguous hex, space-separated hex pairs and
 * 8-bit binary groups, URL-encoded (%xx) and \xHH-escaped runs. A segment is replaced only when
 * its decoding is readable text (valid UTF-8, mostly letters and spaces): a base64 image, a
 * hash or a UUID decodes to bytes, not words, and stays as it is. Decoded text is decoded once
 * more (base64 of URL-encoded text), and no further.
 *
 * ROT13 and reversed text have no alphabet of their own to spot them by; instead, a line is
 * decoded when it holds two or more of a few injection words in that form ("vtaber" ...
 * "vafgehpgvbaf" is "ignore ... instructions"). Natural text never contains them, and the rules'
 * token scan finds them by hash at no extra cost (rules.ts), so a clean text pays nothing.
 *
 * All scans are single passes over the text with no regex: linear, whatever the input.
 */
import { type Mapped, MappedBuilder } from './mapped.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x0b;
const isHex = (c: number) => (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66);
const isB64 = (c: number) => c < 0x80 && ((SURVEY[c] as number) & B64) !== 0;
const hexValue = (c: number) => (c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x61 + 10);

/** Whether decoded bytes are text a model would read as words: UTF-8, no controls, mostly letters and spaces. */
export function readable(bytes: Uint8Array): string | null {
  if (bytes.length < 4) return null;
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return null;
  }
  let wordish = 0, spaces = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return null;
    if (c === 0x20) spaces++;
    if (c === 0x20 || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) || c >= 0xc0) wordish++;
  }
  return wordish >= 0.75 * text.length && (spaces > 0 || text.length <= 24) ? text : null;
}

interface Segment { start: number; end: number; text: string }

function decodeHexRun(text: string, start: number, end: number): string | null {
  const bytes = new Uint8Array((end - start) >> 1);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (hexValue(text.charCodeAt(start + 2 * i)) << 4) | hexValue(text.charCodeAt(start + 2 * i + 1));
  return readable(bytes);
}

/** A run of base64 or hex characters (16+), decoded if it reads as text. */
function tryRun(text: string, start: number, end: number): string | null {
  let hexOnly = true;
  for (let i = start; i < end && hexOnly; i++) hexOnly = isHex(text.charCodeAt(i));
  if (hexOnly && (end - start) % 2 === 0) {
    const decoded = decodeHexRun(text, start, end);
    if (decoded !== null) return decoded;
  }
  if (end - start < 16) return null;
  return readable(Buffer.from(text.slice(start, end), 'base64'));
}

/**
 * Groups of `width` digits separated by single spaces ("01001001 01100111 ...", "49 67 6e ..."),
 * starting at `start`. Returns where the groups end, and their text when there are at least
 * `min` of them and they read as text; the caller skips to the end either way, so a long run
 * that does not decode is parsed once, not once per group.
 */
function tryGroups(text: string, start: number, width: 8 | 2, min: number): { end: number; text: string | null } {
  const ok = width === 8 ? (c: number) => c === 0x30 || c === 0x31 : isHex;
  const bytes: number[] = [];
  let i = start, end = start;
  for (;;) {
    let value = 0, k = 0;
    for (; k < width; k++) {
      const c = text.charCodeAt(i + k);
      if (!ok(c)) break;
      value = width === 8 ? (value << 1) | (c - 0x30) : (value << 4) | hexValue(c);
    }
    const after = text.charCodeAt(i + width);
    if (k < width || !(Number.isNaN(after) || isSpace(after))) break;
    bytes.push(value);
    end = i + width;
    if (after !== 0x20) break;
    i = end + 1;
  }
  return { end, text: bytes.length < min ? null : readable(Uint8Array.from(bytes)) };
}

/** A whitespace-free chunk with 3+ %xx or \xHH escapes, decoded as UTF-8. */
function tryEscapes(text: string, start: number, end: number): string | null {
  const bytes: number[] = [];
  let escapes = 0;
  for (let i = start; i < end;) {
    const c = text.charCodeAt(i);
    if (c === 0x25 && isHex(text.charCodeAt(i + 1)) && isHex(text.charCodeAt(i + 2)) && i + 2 < end) {
      bytes.push((hexValue(text.charCodeAt(i + 1)) << 4) | hexValue(text.charCodeAt(i + 2))); escapes++; i += 3;
    } else if (c === 0x5c && (text.charCodeAt(i + 1) | 0x20) === 0x78 && isHex(text.charCodeAt(i + 2)) && isHex(text.charCodeAt(i + 3)) && i + 3 < end) {
      bytes.push((hexValue(text.charCodeAt(i + 2)) << 4) | hexValue(text.charCodeAt(i + 3))); escapes++; i += 4;
    } else if (c < 0x80) { bytes.push(c === 0x2b ? 0x20 : c); i++; } // '+' is a space in form encoding
    else return null;
  }
  return escapes >= 3 ? readable(Uint8Array.from(bytes)) : null;
}

/** Finds the decodable segments of `text`, left to right, without overlaps. */
function findSegments(text: string): Segment[] {
  const segments: Segment[] = [];
  const n = text.length;
  // Where the next escape could start, advanced monotonically (an indexOf per chunk would rescan the rest of the text).
  let percent = text.indexOf('%'), backslash = text.indexOf('\\x');
  let i = 0;
  while (i < n) {
    if (isSpace(text.charCodeAt(i))) { i++; continue; }
    let j = i;
    while (j < n && !isSpace(text.charCodeAt(j))) j++;
    // Space-separated groups span several chunks.
    if (j - i === 8 || j - i === 2) {
      const groups = tryGroups(text, i, j - i === 8 ? 8 : 2, j - i === 8 ? 4 : 8);
      if (groups.text !== null) { segments.push({ start: i, end: groups.end, text: groups.text }); i = groups.end; continue; }
      if (groups.end > j) { i = groups.end; continue; } // several groups that are not text: skip them all
    }
    if (percent >= 0 && percent < i) percent = text.indexOf('%', i);
    if (backslash >= 0 && backslash < i) backslash = text.indexOf('\\x', i);
    const escaped = (percent >= 0 && percent < j) || (backslash >= 0 && backslash < j) ? tryEscapes(text, i, j) : null;
    if (escaped !== null) { segments.push({ start: i, end: j, text: escaped }); i = j; continue; }
    // Runs of base64/hex characters inside the chunk (a quoted or prefixed payload).
    for (let k = i; k < j;) {
      if (!isB64(text.charCodeAt(k))) { k++; continue; }
      let e = k;
      while (e < j && isB64(text.charCodeAt(e))) e++;
      let padded = e;
      while (padded < j && text.charCodeAt(padded) === 0x3d && padded - e < 2) padded++;
      if (e - k >= 16) {
        const decoded = tryRun(text, k, e);
        if (decoded !== null) segments.push({ start: k, end: padded, text: decoded });
      }
      k = padded > e ? padded : e;
    }
    i = j;
  }
  return segments;
}

/**
 * One pass that says which normalizing steps can change a text, so a plain message pays for one
 * loop instead of one per step: whether it is all ASCII, whether it could hold an encoded
 * segment (a run of 16+ base64 characters, a '%' or "\\x", or four space-separated 2- or
 * 8-digit groups), whether a leetspeak digit touches a letter. Non-ASCII characters count as
 * none of these classes.
 */
export function survey(text: string): { ascii: boolean; segments: boolean; leet: boolean } {
  // Bit tricks on a class table keep the loop nearly branch-free: it runs over every message.
  let leet = 0, segments = 0, prev = 0, ascii = true;
  // run: base64 characters in a row; token: hex digits in a row (a 2- or 8-digit group, -1 once
  // a non-hex character joins); groups: such groups in a row, space-separated.
  let run = 0, token = 0, groups = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) ascii = false;
    const k = c < 0x80 ? (SURVEY[c] as number) : 0;
    // A leetspeak digit next to a letter, either way round.
    leet |= ((k >> 1) & prev & LETTER) | ((k << 1) & prev & LEET);
    prev = k;
    run = (run + 1) * (k & B64);
    if (run >= 16) segments = 1;
    if (k & B64) { token = token >= 0 && k & HEX ? token + 1 : -1; continue; }
    if (k & ESCAPE && (c === 0x25 || (text.charCodeAt(i + 1) | 0x20) === 0x78)) segments = 1;
    groups = k & SPACE ? (token === 2 || token === 8 ? groups + 1 : 0) : 0;
    if (groups >= 4) segments = 1;
    token = 0;
  }
  return { ascii, segments: segments !== 0, leet: leet !== 0 };
}

const B64 = 1, HEX = 2, LETTER = 4, LEET = 8, SPACE = 16, ESCAPE = 32;
/** ASCII classes for survey(). */
const SURVEY = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a, digit = c >= 0x30 && c <= 0x39;
  SURVEY[c] = (letter || digit || c === 0x2b || c === 0x2f || c === 0x2d || c === 0x5f ? B64 : 0)
    | (digit || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66) ? HEX : 0)
    | (letter ? LETTER : 0) | ('013457'.includes(String.fromCharCode(c)) ? LEET : 0)
    | (c === 0x20 ? SPACE : 0) | (c === 0x25 || c === 0x5c ? ESCAPE : 0);
}

/** Replaces each decodable segment of `text` with its decoding, set apart by spaces. */
export function decodeSegments(text: string, depth = 0): { mapped: Mapped; count: number } {
  // The caller surveyed `text`; decoded text (depth 1) is surveyed here.
  const segments = text.length < 16 || (depth > 0 && !survey(text).segments) ? [] : findSegments(text);
  if (segments.length === 0) return { mapped: { text, starts: null, ends: null }, count: 0 };
  const out = new MappedBuilder(text.length + 32);
  let count = segments.length;
  let at = 0;
  for (const s of segments) {
    for (; at < s.start; at++) out.push(text.charCodeAt(at), at, at + 1);
    let decoded = s.text;
    if (depth === 0) {
      const inner = decodeSegments(decoded, 1);
      decoded = inner.mapped.text;
      count += inner.count;
    }
    out.push(0x20, s.start, s.start);
    out.pushString(decoded, s.start, s.end);
    out.push(0x20, s.end, s.end);
    at = s.end;
  }
  for (; at < text.length; at++) out.push(text.charCodeAt(at), at, at + 1);
  return { mapped: out.finish(), count };
}

export const rot13 = (w: string) => w.replace(/[a-z]/g, (c) => String.fromCharCode(((c.charCodeAt(0) - 97 + 13) % 26) + 97));
export const reverse = (w: string) => [...w].reverse().join('');
export type Puzzle = 'rot13' | 'reverse';
/**
 * Injection words, some inflected. The rules' token scan looks their ROT13 and reversed forms up
 * by hash, for free; a line holding two different ones is then decoded (decodePuzzleLines).
 */
export const PUZZLE_WORDS = ['ignore', 'instruction', 'instructions', 'previous', 'disregard', 'system', 'prompt', 'password', 'reveal', 'forget', 'secret', 'above', 'rules', 'all'];

/**
 * Decodes, in place, the lines of a lower-cased text where puzzle words of one kind were found
 * at `found` (token starts, ascending, with their word): lines with two or more different
 * words. Same length, so offsets are unchanged (a reversed line maps to itself, mirrored).
 */
export function decodePuzzleLines(lower: string, found: readonly { at: number; kind: Puzzle; word: string }[]): { text: string; count: number } {
  const byLine = new Map<number, { kind: Puzzle; words: Set<string> }>();
  let lineStart = 0, lineEnd = lower.indexOf('\n');
  for (const hit of found) {
    while (lineEnd >= 0 && lineEnd < hit.at) { lineStart = lineEnd + 1; lineEnd = lower.indexOf('\n', lineStart); }
    const key = lineStart * 2 + (hit.kind === 'rot13' ? 0 : 1);
    const entry = byLine.get(key) ?? { kind: hit.kind, words: new Set<string>() };
    entry.words.add(hit.word);
    byLine.set(key, entry);
  }
  const lines = [...byLine].filter(([, e]) => e.words.size >= 2).map(([key, e]) => ({ start: key >> 1, kind: e.kind }));
  if (lines.length === 0) return { text: lower, count: 0 };
  let text = '', at = 0, count = 0;
  for (const line of lines.sort((x, y) => x.start - y.start)) {
    if (line.start < at) continue; // both kinds on one line: the first wins
    let end = lower.indexOf('\n', line.start);
    if (end < 0) end = lower.length;
    text += lower.slice(at, line.start) + (line.kind === 'rot13' ? rot13 : reverse)(lower.slice(line.start, end));
    at = end;
    count++;
  }
  return { text: text + lower.slice(at), count };
}
