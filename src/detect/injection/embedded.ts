/**
 * Documents pasted into a user's message (thirteenth round). Many applications put retrieved
 * text into the user message itself ("Summarize this webpage: '<html>...'", "Context: ...
 * Question: ...", a fenced file), not into a tool message, and a user pastes an e-mail to have it
 * answered. An instruction hidden in that text is an indirect injection in a direct message:
 * scored as the user's own words, CyberSecEval's 55 attacks of this form were caught 25% of the
 * time, with their documents read as documents 55% (docs/injection-rounds.md, "Thirteenth round").
 *
 * embeddedDocuments finds such spans, and detectInjection scores each as indirect input besides
 * scoring the message as direct input. A span is one of:
 * - a fenced block (```...```);
 * - an element whose tag names a document (<document>, <context>, <code>, <html>, <email>, ...)
 *   up to its closing tag, or a message that opens with <!DOCTYPE or <html;
 * - a quotation opened right after a colon (": '", ': "', ': “') and closed by the last such
 *   quotation mark of the message;
 * - what follows a colon announced by a document noun among the four words before it ("based on
 *   this email:", "this table of populations:"), to the end;
 * - the lines after a line that is only a label such as "Context:", "Document:", "Email:", up to
 *   a line starting "Question:" / "Query:" / "Task:" or the end.
 * Only spans of at least MIN_LENGTH characters count: a quoted phrase is the user's. Linear:
 * indexOf and bounded look-ups, no regular expression over the text.
 */

/** Shorter spans are the user's own quotations, not documents. */
export const MIN_LENGTH = 120;

const DOCUMENT_TAGS = new Set(['document', 'doc', 'context', 'code', 'html', 'email', 'e-mail', 'webpage', 'page', 'article', 'text', 'data', 'file', 'source', 'content', 'pre', 'body', 'table']);
/** Nouns that, just before a colon, announce what follows as a pasted document ("based on this email: ..."). */
const DOCUMENT_NOUNS = new Set(['code', 'email', 'e-mail', 'mail', 'webpage', 'page', 'website', 'text', 'article', 'document', 'paper', 'resume', 'cv', 'table', 'transcript',
  'message', 'review', 'post', 'passage', 'excerpt', 'report', 'file', 'log', 'logs', 'json', 'csv', 'html', 'snippet', 'letter', 'contract', 'essay', 'story', 'thread', 'comment', 'notes']);
const LABELS = ['context', 'document', 'documents', 'email', 'e-mail', 'article', 'text', 'webpage', 'page', 'source', 'sources', 'content', 'data', 'input', 'passage', 'excerpt', 'transcript', 'retrieved', 'search results'];
const QUESTION_LABELS = ['question:', 'query:', 'task:', 'instruction:', 'instructions:', 'request:'];
const QUOTES: Record<string, string> = { "'": "'", '"': '"', '“': '”', '‘': '’', '«': '»' };

export type Span = readonly [number, number];

/** Spans of `text` that look pasted in, sorted by start, not overlapping, each at least MIN_LENGTH long. */
export function embeddedDocuments(text: string): Span[] {
  const found: Span[] = [];
  fenced(text, found);
  tagged(text, found);
  quoted(text, found);
  announced(text, found);
  labelled(text, found);
  found.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  // Keep the outermost of overlapping spans.
  const out: Span[] = [];
  for (const span of found) {
    if (span[1] - span[0] < MIN_LENGTH) continue;
    const last = out[out.length - 1];
    if (last !== undefined && span[0] < last[1]) continue;
    out.push(span);
  }
  return out;
}

function fenced(text: string, out: Span[]): void {
  let from = 0;
  for (;;) {
    const open = text.indexOf('```', from);
    if (open < 0) return;
    const lineEnd = text.indexOf('\n', open + 3);
    if (lineEnd < 0) return;
    const close = text.indexOf('```', lineEnd + 1);
    const end = close < 0 ? text.length : close;
    out.push([lineEnd + 1, end]);
    if (close < 0) return;
    from = close + 3;
  }
}

/** Letters, digits and '-', as in a tag name. */
const isNameUnit = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2d;

function tagged(text: string, out: Span[]): void {
  const head = text.slice(0, 64).trimStart().toLowerCase();
  if (head.startsWith('<!doctype') || head.startsWith('<html')) { out.push([0, text.length]); return; }
  // Each '<' once: a name of a document tag, then '>' (within 200 characters) and the closing tag.
  let lower: string | null = null;
  let from = 0, gt = -1;
  for (;;) {
    const open = text.indexOf('<', from);
    if (open < 0) return;
    let end = open + 1;
    while (end < text.length && end - open <= 12 && isNameUnit(text.charCodeAt(end))) end++;
    const next = text.charCodeAt(end);
    const name = text.slice(open + 1, end).toLowerCase();
    // "<code>" or "<code lang=...>", not "<codec>".
    if (!DOCUMENT_TAGS.has(name) || !(next === 0x3e || next === 0x20 || next === 0x0a || next === 0x09)) { from = open + 1; continue; }
    // The first '>' after this opening, searched again only when the last one is behind it (linear).
    if (gt < open) gt = text.indexOf('>', open);
    if (gt < 0) return;
    if (gt - open > 200) { from = open + 1; continue; }
    lower ??= text.toLowerCase();
    const close = lower.indexOf(`</${name}`, gt + 1);
    out.push([gt + 1, close < 0 ? text.length : close]);
    if (close < 0) return;
    from = close + name.length + 2;
  }
}

/** The first position from `i` that is not a space, tab or line break. */
function skipSpaces(text: string, i: number): number {
  while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\t')) i++;
  return i;
}

function quoted(text: string, out: Span[]): void {
  const colon = text.indexOf(':');
  if (colon < 0) return;
  // The first colon followed by an opening quotation mark (after spaces), within the first 400 characters.
  let at = colon;
  while (at >= 0 && at < 400) {
    const i = skipSpaces(text, at + 1);
    const close = QUOTES[text[i] as string];
    if (close !== undefined) {
      const end = text.lastIndexOf(close);
      if (end > i + 1) out.push([i + 1, end]);
      return;
    }
    at = text.indexOf(':', at + 1);
  }
}

function announced(text: string, out: Span[]): void {
  const colon = text.indexOf(':');
  if (colon < 0 || colon > 300) return;
  const words = text.slice(Math.max(0, colon - 60), colon).toLowerCase().split(/[^\p{L}\p{N}-]+/u).filter((w) => w !== '').slice(-4);
  if (!words.some((w) => DOCUMENT_NOUNS.has(w) || DOCUMENT_NOUNS.has(w.replace(/s$/, '')))) return;
  // A quotation after the colon is the quotation's span (quoted), without its marks.
  const i = skipSpaces(text, colon + 1);
  if (QUOTES[text[i] as string] === undefined) out.push([i, text.length]);
}

function labelled(text: string, out: Span[]): void {
  // One pass over the lines: where label lines ("Context:", "## Document:") end and where
  // question lines ("Question: ...") start; each label's span runs to the next question line.
  const labels: number[] = [], questions: number[] = [];
  let lineStart = 0;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const head = text.slice(lineStart, Math.min(lineEnd, lineStart + 40)).trim().replace(/^[#*]+\s*/, '').toLowerCase();
    if (lineEnd - lineStart <= 40 && head.endsWith(':') && LABELS.includes(head.slice(0, -1).trim())) labels.push(lineEnd + 1);
    else if (QUESTION_LABELS.some((label) => head.startsWith(label))) questions.push(lineStart);
    lineStart = lineEnd + 1;
  }
  let q = 0;
  for (const start of labels) {
    while (q < questions.length && (questions[q] as number) < start) q++;
    out.push([start, q < questions.length ? (questions[q] as number) : text.length]);
  }
}
