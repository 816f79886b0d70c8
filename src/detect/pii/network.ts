/**
 * Network identifiers (HIPAA lists IP addresses and URLs among the Safe Harbor identifiers).
 * - IP_ADDRESS v4: four dot-joined groups of 0-255 without leading zeros, not inside a longer
 *   dotted run ("1.2.3.4.5" is a version). Loopback, 0.x and masks (255.x) identify nobody
 *   (0.1: never reported); "§2.1.3.1" or "10.2.1, 10.2.1.1" are section numbers (0.3: context).
 * - IP_ADDRESS v6: runs of hex digits, ':' and '.' (for the IPv4 tail) with at least two
 *   colons, validated by node:net isIPv6, which takes every compressed form. "::1" is loopback.
 * - URL: a web, file-transfer or database scheme and "://", or "www."; to the next space or
 *   bracket, less trailing punctuation. Loopback hosts (localhost, 127.x): 0.1, never reported.
 */
import { isIPv6 } from 'node:net';
import type { Candidate, Recognizer, ScanText } from '../types.ts';
import { DOT, alignedLower, digitGroups, forEachRun, groupLength, isWordCode } from './scanners.ts';

/** Below the threshold even with context: this machine's addresses and netmasks identify nobody. */
const NOBODY = 0.1;

const IP_CONTEXT = ['ip address', 'ip:', 'ipv4', 'ipv6', 'client ip', 'source ip', 'remote addr'];

export const ipAddressRecognizer: Recognizer = {
  name: 'ip_address',
  detector: 'pii',
  types: ['IP_ADDRESS'],
  context: IP_CONTEXT,
  mayMatch: (input) => digitGroups(input).count > 0 || input.text.includes('::'),
  find(input: ScanText): Candidate[] {
    return [...ipv4(input), ...ipv6(input)];
  },
};

function ipv4(input: ScanText): Candidate[] {
  const { text } = input;
  const groups = digitGroups(input);
  const found: Candidate[] = [];
  forEachRun(groups, DOT, (first, last) => {
    if (last !== first + 3) return;
    const start = groups.start[first] ?? 0;
    const end = groups.end[last] ?? 0;
    if ((start > 0 && isWordCode(text.charCodeAt(start - 1))) || (end < text.length && isWordCode(text.charCodeAt(end)))) return;
    let head = -1;
    for (let g = first; g <= last; g++) {
      const length = groupLength(groups, g);
      const from = groups.start[g] ?? 0;
      if (length > 3 || (length > 1 && text.charCodeAt(from) === 0x30)) return;
      const value = Number(text.slice(from, from + length));
      if (value > 255) return;
      if (head < 0) head = value;
    }
    const nobody = head === 0 || head === 127 || head === 255;
    found.push({ type: 'IP_ADDRESS', start, end, score: nobody ? NOBODY : sectionNumber(text, start, end) ? 0.3 : 0.6 });
  });
  return found;
}

/**
 * Whether a dotted quad is more likely a section or version number than an address: "§2.1.3.1",
 * "section 7.6.1.1", "1.2.3.4-rc.1", or listed next to shorter dotted numbers ("10.2.1, 10.2.1.1,
 * 10.2.2", PCI DSS requirements).
 */
function sectionNumber(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 16), start);
  if (SECTION_WORD.test(before.toLowerCase()) || PRERELEASE.test(text.slice(end, end + 2))) return true;
  return SECTION_BEFORE.test(before) || SECTION_AFTER.test(text.slice(end, end + 16));
}
const SECTION_WORD = /(?:section|sections|version|versions|requirement|requirements|clause|rfc \d+|§)\s?\[?$/;
/** "1.2.3.4-rc.1": a version with a pre-release tag. */
const PRERELEASE = /^-[a-z]/i;
// A two- or three-part dotted number, then a list separator, quotes allowed; anchored, on 16 characters.
const SECTION_BEFORE = /(?:^|[^\d.])\d{1,3}\.\d{1,3}(?:\.\d{1,3})?["']?\s?[,;]\s?["']?$/;
const SECTION_AFTER = /^["']?\s?[,;]\s?["']?\d{1,3}\.\d{1,3}(?:\.\d{1,3})?(?![\d.]*\d)/;

/** Hex digit, ':' or '.': the characters of an IPv6 address (with an IPv4 tail). */
function isV6Code(code: number): boolean {
  return (code >= 0x30 && code <= 0x3a) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66) || code === 0x2e;
}

/** The longest IPv6 address: 8 groups of 4 plus an IPv4 tail. Longer runs are not one address. */
const MAX_V6 = 45;

function ipv6(input: ScanText): Candidate[] {
  const { text } = input;
  const found: Candidate[] = [];
  let floor = 0;
  for (let colon = text.indexOf(':'); colon >= 0; colon = text.indexOf(':', Math.max(colon + 1, floor))) {
    // Each character joins at most one run: runs start after the previous one ended.
    let start = colon;
    while (start > floor && isV6Code(text.charCodeAt(start - 1))) start--;
    let end = colon + 1;
    while (end < text.length && isV6Code(text.charCodeAt(end))) end++;
    floor = end;
    // A sentence may end right after the address; a trailing single ':' is a label's colon.
    while (end > start && text.charCodeAt(end - 1) === 0x2e) end--;
    if (text.charCodeAt(end - 1) === 0x3a && text.charCodeAt(end - 2) !== 0x3a) end--;
    if (end - start > MAX_V6 || end - start < 3) continue;
    if ((start > 0 && isWordCode(text.charCodeAt(start - 1))) || (end < text.length && isWordCode(text.charCodeAt(end)))) continue;
    const candidate = text.slice(start, end);
    if (!hasTwoColonsAndHex(candidate) || !isIPv6(candidate)) continue;
    found.push({ type: 'IP_ADDRESS', start, end, score: candidate === '::1' ? NOBODY : 0.6 });
  }
  return found;
}

function hasTwoColonsAndHex(candidate: string): boolean {
  let colons = 0;
  let hex = false;
  for (let i = 0; i < candidate.length; i++) {
    const code = candidate.charCodeAt(i);
    if (code === 0x3a) colons++;
    else if (code !== 0x2e) hex = true;
  }
  return colons >= 2 && hex;
}

const SCHEMES: ReadonlySet<string> = new Set([
  'http', 'https', 'ftp', 'ftps', 'sftp', 'ws', 'wss', 'ssh', 'git', 'ldap', 'ldaps', 'smtp', 'imap',
  'postgres', 'postgresql', 'mysql', 'mongodb', 'redis', 'rediss', 'amqp', 'amqps',
]);

export const urlRecognizer: Recognizer = {
  name: 'url',
  detector: 'pii',
  types: ['URL'],
  context: ['website', 'homepage', 'profile', 'link'],
  mayMatch: (input) => input.text.includes('://') || alignedLower(input).includes('www.'),
  find(input: ScanText): Candidate[] {
    const { text } = input;
    const lower = alignedLower(input);
    const found: Candidate[] = [];
    URL_MARK.lastIndex = 0;
    for (let mark = URL_MARK.exec(lower); mark !== null; mark = URL_MARK.exec(lower)) {
      const at = mark.index;
      const scheme = mark[0] === '://';
      let start = at;
      if (scheme) {
        while (start > 0 && at - start < 10 && isLetter(lower.charCodeAt(start - 1))) start--;
        if (!SCHEMES.has(lower.slice(start, at))) continue;
      }
      // "xwww.", "/www." and ".www." are inside something else (a word, a path, a host).
      const before = start > 0 ? lower.charCodeAt(start - 1) : 0x20;
      if (isWordCode(before) || (!scheme && (before === 0x2f || before === 0x2e))) continue;
      const from = at + mark[0].length;
      const end = urlEnd(text, from);
      if (end <= from) continue;
      found.push({ type: 'URL', start, end, score: LOOPBACK.test(lower.slice(from, end)) ? NOBODY : scheme ? 0.6 : 0.5 });
      URL_MARK.lastIndex = end;
    }
    return found;
  },
};

const URL_MARK = /:\/\/|www\./g;
/** This machine's own addresses identify nobody. */
const LOOPBACK = /^(?:[^@/]*@)?(?:localhost(?![a-z0-9-])|127\.|0\.0\.0\.0|\[::1\])/;
const isLetter = (code: number) => code >= 0x61 && code <= 0x7a;

/** End of a URL body starting at `from`: up to whitespace, a quote or a bracket; trailing punctuation is the sentence's. */
function urlEnd(text: string, from: number): number {
  let end = from;
  let parens = 0;
  while (end < text.length) {
    const code = text.charCodeAt(end);
    if (code <= 0x20 || code === 0x22 || code === 0x3c || code === 0x3e || code === 0x60 || code === 0x7b || code === 0x7d || code === 0x7c || code === 0x5c || code === 0x5e) break;
    if (code === 0x28) parens++;
    else if (code === 0x29 && --parens < 0) break; // "(see https://x.org)": the ')' is the sentence's
    end++;
  }
  while (end > from && ".,;:!?'*".includes(text.charAt(end - 1))) end--;
  return end;
}
