/**
 * Documents pasted into a user's message (thirteenth round) or a system prompt (fourteenth).
 * Many applications put retrieved text into the user message itself ("Summarize this webpage:
 * '<html>...'", "Context: ... Question: ...", a fenced file), not into a tool message, a user
 * pastes an e-mail to have it answered, and RAG frameworks' default prompts put the retrieved
 * documents into the system prompt (LangChain's "Context: {context}", LlamaIndex's context ruled
 * off with dashes). An instruction hidden in that text is an indirect injection in a direct message:
 * scored as the user's own words, CyberSecEval's 55 attacks of this form were caught 25% of the
 * time, with their documents read as documents 55% (docs/injection-rounds.md, "Thirteenth round").
 *
 * embeddedDocuments finds such spans, and detectInjection scores each as indirect input besides
 * scoring the message as direct (or system) input. A span is one of:
 * - a fenced block (```...```) or one in triple quotes ("""...""");
 * - an element whose tag names a document (<document>, <context>, <code>, <html>, <email>, ...)
 *   up to its closing tag, or a message that opens with <!DOCTYPE or <html;
 * - a quotation opened right after a colon (": '", ': "', ': “') and closed by the last such
 *   quotation mark of the message;
 * - what follows a colon announced by a document noun among the four words before it ("based on
 *   this email:", "this table of populations:"), to the end;
 * - the lines after a line that is only a label such as "Context:", "Document:", "Email:", or
 *   after "Context: " at the start of a line, up to a line starting "Question:" / "Query:" /
 *   "Task:" / "Answer:", a heading, or the end;
 * - the lines after a heading that names a document ("## Context", "# Retrieved documents"), up
 *   to the next heading or question line;
 * - the lines between two rules ("-----") when the line before the first announces a document
 *   ("Context information is below.");
 * - what follows "the following context:" or "the following pieces of retrieved context ..."
 *   and a blank line, or "Summarize the following:" (a verb that works on a text, twenty-eighth
 *   round: a user's "do the following:" is the user's own steps, not a document).
 * Open-ended spans (to the end) stop at a question line.
 * Only spans of at least MIN_LENGTH characters count: a quoted phrase is the user's. Linear (n
 * log n at worst, for the spans): indexOf and bounded look-ups; regular expressions run only on
 * bounded slices (a line's first 60 characters, the text's first 600).
 */

/** Shorter spans are the user's own quotations, not documents. */
export const MIN_LENGTH = 120;

const DOCUMENT_TAGS = new Set(['document', 'documents', 'doc', 'document_content', 'context', 'code', 'html', 'email', 'e-mail', 'webpage', 'page', 'article', 'text', 'data', 'file', 'source',
  'content', 'pre', 'body', 'table', 'search_results', 'search-results', 'retrieved', 'retrieved_context', 'passage', 'passages', 'excerpt', 'knowledge', 'reference', 'references']);
/** Elements that name what they hold as a document (not <code>, <table>, <pre>: those occur inside documents too). */
const FRAMING_TAGS = new Set(['document', 'documents', 'doc', 'document_content', 'context', 'email', 'e-mail', 'webpage', 'article', 'source', 'search_results', 'search-results',
  'retrieved', 'retrieved_context', 'passage', 'passages', 'excerpt', 'knowledge', 'reference', 'references']);
/** Nouns that, just before a colon, announce what follows as a pasted document ("based on this email: ..."). */
const DOCUMENT_NOUNS = new Set(['code', 'email', 'e-mail', 'mail', 'webpage', 'page', 'website', 'text', 'article', 'document', 'paper', 'resume', 'cv', 'table', 'transcript',
  'message', 'review', 'post', 'passage', 'excerpt', 'report', 'file', 'log', 'logs', 'json', 'csv', 'html', 'snippet', 'letter', 'contract', 'essay', 'story', 'thread', 'comment', 'notes']);
const LABELS = ['context', 'document', 'documents', 'email', 'e-mail', 'article', 'text', 'webpage', 'page', 'source', 'sources', 'content', 'data', 'input', 'passage', 'excerpt', 'transcript', 'retrieved', 'search results'];
const QUESTION_LABELS = ['question:', 'query:', 'task:', 'instruction:', 'instructions:', 'request:', 'answer:'];
const QUOTES: Record<string, string> = { "'": "'", '"': '"', '“': '”', '‘': '’', '«': '»' };

export type Span = readonly [number, number];

/** Spans of `text` that look pasted in, sorted by start, not overlapping, each at least MIN_LENGTH long. */
export function embeddedDocuments(text: string): Span[] {
  // Closed spans have both ends marked (a fence, an element, a quotation, rules); open ones run
  // from a marker to a question line or the end, and so take in whatever the application wrote
  // after the document ("Answer from these documents only."), which is no document. Marks that
  // name a document (<document>, <search_results>, triple quotes, announced rules) are "framing":
  // an open span holding one gives way to it. A code fence or a quotation inside an open span is
  // part of the document, not its frame.
  const weak: Span[] = [], framing: Span[] = [], open: Span[] = [];
  fenced(text, weak, framing);
  tagged(text, weak, framing);
  quoted(text, weak);
  announced(text, open);
  following(text, open);
  const questions = labelled(text, framing, open);
  // An open span ends at the first question line after its start ("Question: ..." after the documents).
  for (let i = 0; i < open.length; i++) {
    const [start, end] = open[i] as Span;
    open[i] = [start, firstAfter(questions, start, end)];
  }
  const long = (span: Span) => span[1] - span[0] >= MIN_LENGTH;
  const frames = framing.filter(long).sort((a, b) => a[0] - b[0]);
  const found = [...weak.filter(long), ...frames];
  // Checked against the first frame starting in the open span: a binary search, so hostile input
  // with many of both stays n log n.
  for (const span of open) {
    const inner = frames[firstStartAt(frames, span[0])];
    if (inner === undefined || inner[1] > span[1]) found.push(span);
  }
  found.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  // Keep the outermost of overlapping spans.
  const out: Span[] = [];
  for (const span of found) {
    if (!long(span)) continue;
    const last = out[out.length - 1];
    if (last !== undefined && span[0] < last[1]) continue;
    out.push(span);
  }
  return out;
}

/** The index of the first span (ascending by start) that starts at or after `at` (binary search). */
function firstStartAt(spans: readonly Span[], at: number): number {
  let lo = 0, hi = spans.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if ((spans[mid] as Span)[0] < at) lo = mid + 1; else hi = mid; }
  return lo;
}

function fenced(text: string, out: Span[], framing: Span[]): void {
  delimited(text, '```', true, out);
  // Triple quotes, as OpenAI's guide to prompting suggests for delimiting a document.
  delimited(text, '"""', false, framing);
}

/** Spans between a `mark` and the next; a code fence's first line (its language) is not the document's. */
function delimited(text: string, mark: string, skipLine: boolean, out: Span[]): void {
  let from = 0;
  for (;;) {
    const open = text.indexOf(mark, from);
    if (open < 0) return;
    let start = open + mark.length;
    if (skipLine) {
      const lineEnd = text.indexOf('\n', start);
      if (lineEnd < 0) return;
      start = lineEnd + 1;
    }
    const close = text.indexOf(mark, start);
    const end = close < 0 ? text.length : close;
    out.push([start, end]);
    if (close < 0) return;
    from = close + mark.length;
  }
}

/** Letters, digits, '-' and '_', as in a tag name. */
const isNameUnit = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x5f;

/** The lower-cased name of the tag opened at `open` (the '<'), up to 18 units; '' if none. */
function tagName(text: string, open: number): string {
  let end = open + 1;
  while (end < text.length && end - open <= 18 && isNameUnit(text.charCodeAt(end))) end++;
  return text.slice(open + 1, end).toLowerCase();
}

function tagged(text: string, out: Span[], framing: Span[]): void {
  const head = text.slice(0, 64).trimStart().toLowerCase();
  if (head.startsWith('<!doctype') || head.startsWith('<html')) { out.push([0, text.length]); return; }
  // Each '<' once: a name of a document tag, then '>' (within 200 characters) and the closing tag.
  let lower: string | null = null;
  let from = 0, gt = -1;
  for (;;) {
    const open = text.indexOf('<', from);
    if (open < 0) return;
    const name = tagName(text, open);
    const next = text.charCodeAt(open + 1 + name.length);
    // "<code>" or "<code lang=...>", not "<codec>".
    if (!DOCUMENT_TAGS.has(name) || !(next === 0x3e || next === 0x20 || next === 0x0a || next === 0x09)) { from = open + 1; continue; }
    // The first '>' after this opening, searched again only when the last one is behind it (linear).
    if (gt < open) gt = text.indexOf('>', open);
    if (gt < 0) return;
    if (gt - open > 200) { from = open + 1; continue; }
    // A container of document elements (<documents><document index="1"><source>...): its parts
    // are the documents, and its own markup around them is the application's, not the document's.
    const inner = skipSpaces(text, gt + 1);
    if (text.charCodeAt(inner) === 0x3c && DOCUMENT_TAGS.has(tagName(text, inner))) { from = gt + 1; continue; }
    lower ??= text.toLowerCase();
    const close = lower.indexOf(`</${name}`, gt + 1);
    (FRAMING_TAGS.has(name) ? framing : out).push([gt + 1, close < 0 ? text.length : close]);
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

/**
 * "Use the following pieces of retrieved context to answer ..." (LangChain's RAG tutorial puts the
 * documents right after such a paragraph, with no marker), "Answer the question based only on
 * the following context:" (LangChain's best-known example): what comes after the announcement,
 * from a colon ending it or from the blank line after its line. Only in the first 600
 * characters; the pattern's quantifiers are bounded.
 */
const FOLLOWING = /\b(?:following|below)\s+(?:[a-z-]+\s+){0,3}?(?:context|information|documents?|articles?|excerpts?|passages?|search results|sources?|e-?mails?|transcripts?)\b|\b(?:context|information|documents|articles|excerpts|passages|sources)\b[^.\n]{0,30}\bbelow\b|\b(?:summari[sz]e|translate|proofread|rewrite|rephrase|paraphrase|analy[sz]e|classify|review|explain|shorten|simplify)\s+(?:the\s+)?following(?=\s*:)/;
function following(text: string, out: Span[]): void {
  const match = FOLLOWING.exec(text.slice(0, 600).toLowerCase());
  if (match === null) return;
  const after = match.index + match[0].length;
  let lineEnd = text.indexOf('\n', after);
  if (lineEnd < 0) lineEnd = text.length;
  const rest = text.slice(after, lineEnd).trimEnd();
  let start: number;
  // "... the following context: <documents>", on the same line or the next.
  if (rest.trimStart().startsWith(':')) start = skipSpaces(text, text.indexOf(':', after) + 1);
  else if (rest.endsWith(':') && rest.length <= 100) start = skipSpaces(text, lineEnd);
  // A paragraph of its own followed by a blank line (LlamaIndex's "Context information is
  // below." is followed by a rule instead: labelled).
  else if (lineEnd < text.length && /^\r?\n/.test(text.slice(lineEnd + 1, lineEnd + 3))) start = skipSpaces(text, lineEnd);
  else return;
  if (start < text.length) out.push([start, text.length]);
}

/** Words that, announcing a ruled-off block ("Context information is below." above "-----"), make it a document. */
const ANNOUNCING = /\b(?:context|information|documents?|articles?|sources?|excerpts?|passages?|search results|knowledge|retrieved|e-?mails?|webpage|transcript)\b/;
/**
 * The first word of a heading ("## Context", "# Retrieved documents") or of an inline label
 * ("Context: <the documents>") that opens a document section. Narrower than LABELS: a user's own
 * markdown has headings such as "## Data model" and "## Input validation".
 */
const SECTION_WORDS = new Set(['context', 'contexts', 'document', 'documents', 'retrieved', 'source', 'sources', 'excerpt', 'excerpts', 'passage', 'passages', 'reference', 'references', 'knowledge']);

/** A line that is only a rule: three or more of one of - = _ * ~ (LlamaIndex's default prompt rules its context off so). */
function isRule(text: string, start: number, end: number): boolean {
  while (start < end && (text.charCodeAt(start) === 0x20 || text.charCodeAt(start) === 0x09)) start++;
  while (end > start && text.charCodeAt(end - 1) <= 0x20) end--;
  if (end - start < 3) return false;
  const c = text[start] as string;
  if (!'-=_*~'.includes(c)) return false;
  for (let i = start + 1; i < end; i++) if (text[i] !== c) return false;
  return true;
}

type Close = 'question' | 'heading' | 'rule';

function labelled(text: string, framing: Span[], open: Span[]): number[] {
  // One pass over the lines: where sections open (after a label line, a heading naming a
  // document, an inline label, an announced rule) and where they may close (a question line, a
  // heading, a rule); each section runs to the first such close after it.
  const opens: { start: number; until: Close }[] = [];
  const closes: Record<Close, number[]> = { question: [], heading: [], rule: [] };
  let lineStart = 0, previous = '', ruleOpen = false;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const raw = text.slice(lineStart, Math.min(lineEnd, lineStart + 60)).trim().toLowerCase();
    const head = raw.replace(/^[#*]+\s*/, '');
    const first = /^[a-z-]*/.exec(head)?.[0] ?? '';
    const short = lineEnd - lineStart <= 40;
    if (isRule(text, lineStart, lineEnd)) {
      closes.rule.push(lineStart);
      // A rule closes the block an announced rule opened, or opens one when the line before announces it.
      if (ruleOpen) ruleOpen = false;
      else if (ANNOUNCING.test(previous)) { opens.push({ start: lineEnd + 1, until: 'rule' }); ruleOpen = true; }
    } else if (raw.startsWith('#')) {
      closes.heading.push(lineStart);
      if (short && (SECTION_WORDS.has(first) || LABELS.includes(head.replace(/:$/, '').trim()))) opens.push({ start: lineEnd + 1, until: 'heading' });
    } else if (short && head.endsWith(':') && LABELS.includes(head.slice(0, -1).trim())) {
      opens.push({ start: lineEnd + 1, until: 'question' });
    } else if (QUESTION_LABELS.some((label) => head.startsWith(label))) {
      closes.question.push(lineStart);
    } else if (SECTION_WORDS.has(first) && head[first.length] === ':') {
      // "Context: <the documents>" on the label's own line, as LangChain's RAG prompt has it.
      opens.push({ start: skipSpaces(text, text.indexOf(':', lineStart) + 1), until: 'question' });
    }
    if (raw !== '') previous = raw;
    lineStart = lineEnd + 1;
  }
  for (const { start, until } of opens) {
    // A section ends at its own kind of close; one opened by a label or a heading also at the other.
    let end = firstAfter(closes[until], start, text.length);
    if (until === 'question') end = firstAfter(closes.heading, start, end);
    if (until === 'heading') end = firstAfter(closes.question, start, end);
    (until === 'rule' ? framing : open).push([start, end]);
  }
  return closes.question;
}

/** The first element of an ascending list that is >= `at` (binary search), or `otherwise` if none is smaller than it. */
function firstAfter(list: readonly number[], at: number, otherwise: number): number {
  let lo = 0, hi = list.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if ((list[mid] as number) < at) lo = mid + 1; else hi = mid; }
  return lo < list.length ? Math.min(list[lo] as number, otherwise) : otherwise;
}
