/**
 * High-precision injection rules over the normalized text's word tokens: "ignore ... previous
 * ... instructions", "reveal ... your system prompt", fake role markers, exfiltration to a URL.
 * Each rule is a few slots of alternative words with at most `gap` other words between slots,
 * so "ignore all of your previous instructions" and "ignorez toutes les instructions
 * précédentes" match without one regex per phrasing. Rules are evidence, not verdicts: each hit
 * is a feature of the model (its family x the source), whose learned weight decides how much it
 * counts.
 *
 * Matching is linear: a rule is tried only at a token that is one of its first slot's words
 * (found by the token's hash, or the hash of its first 5 characters for stems such as
 * "instruct*"), and each try looks at no more than slots x (gap + 1) tokens. Literal rules (role
 * markers) and near rules (two words within a distance, for scripts written without spaces)
 * are native indexOf scans, after one character-class test. No backtracking regex runs on the text.
 */
import { type Puzzle, PUZZLE_WORDS, reverse, rot13 } from './decode.ts';
import { addAnchor, ANCHOR_FILTER as FILTER, type Features, wordHash } from './features.ts';
import { ADDRESSEES, LITERAL_RULES, NEAR_RULES, TOKEN_RULES, type TokenRule, TRANSCRIPT_ROLES } from './patterns.ts';

export interface RuleHit {
  readonly family: string;
  readonly id: string;
  /** Offsets in the normalized text. */
  readonly start: number;
  readonly end: number;
}

/**
 * One slot: exact words and stems (prefixes) by hash, so matching reads the tokenizer's hashes
 * and allocates nothing; short stems (under 5 characters) by string; ':url' (a URL or e-mail
 * address at the token). `wordRow` and `stemRow`: its rows in SLOT_FILTER, a Bloom filter of its
 * words' and stems' hashes that turns away most tokens before a Set look-up (a rule's later
 * slots are tried at every token within its gap, and nearly all tries fail).
 * `loose`: it has short stems or ':url', which no filter covers.
 */
interface Slot { words: Set<number>; stems: Map<number, string[]>; shortStems: string[]; url: boolean; wordRow: number; stemRow: number; loose: boolean }
/**
 * Hashes as Set and Map keys, cut to 30 bits: small integers to V8 (a 32-bit hash above 2^30
 * would be a boxed number, allocated and hashed as one on every look-up).
 */
const key30 = (h: number) => h & 0x3fffffff;
/**
 * The slots' Bloom filters, one 256-byte row each in one array (a byte read from one typed array
 * is cheaper than a field of a per-slot one): a hash sets two bytes of its slot's row, its top
 * byte and the byte below (FNV's best-mixed bits). A slot of 40 words (the exfiltration rule's
 * nouns) lets about one other word in 15 through. Filled while the rules compile, then frozen
 * into SLOT_FILTER.
 */
const ROW = 256;
const filterRows: number[] = [];
function newRow(): number {
  const row = filterRows.length;
  for (let i = 0; i < ROW; i++) filterRows.push(0);
  return row;
}
const rowAdd = (row: number, h: number) => { filterRows[row + (h >>> 24)] = 1; filterRows[row + ((h >>> 16) & 255)] = 1; };
/** `not` and `notAfter`: null when the rule has none (most), so a try costs no look-up for them. */
interface Compiled { id: string; family: string; slots: Slot[]; gap: number; not: Set<number> | null; notAfter: Set<number> | null; before: Slot | null }

function compileSlot(spec: string): Slot {
  const slot: Slot = { words: new Set(), stems: new Map(), shortStems: [], url: false, wordRow: newRow(), stemRow: newRow(), loose: false };
  for (const alt of spec.split('|')) {
    if (alt === ':url') slot.url = true;
    else if (alt.endsWith('*') && alt.length > 5) {
      const stem = alt.slice(0, -1), hash = wordHash(stem.slice(0, 5)), key = key30(hash);
      slot.stems.set(key, [...(slot.stems.get(key) ?? []), stem]);
      rowAdd(slot.stemRow, hash);
    } else if (alt.endsWith('*')) slot.shortStems.push(alt.slice(0, -1));
    else {
      const hash = wordHash(alt);
      slot.words.add(key30(hash));
      rowAdd(slot.wordRow, hash);
    }
  }
  slot.loose = slot.url || slot.shortStems.length > 0;
  return slot;
}

const hashSet = (words: readonly string[] | undefined) => (words === undefined || words.length === 0 ? null : new Set(words.map((w) => key30(wordHash(w)))));
const compiled: Compiled[] = TOKEN_RULES.map((r: TokenRule) => ({
  id: r.id, family: r.family, slots: r.pattern.trim().split(/\s+/).map(compileSlot), gap: r.gap ?? 3,
  not: hashSet(r.not), notAfter: hashSet(r.notAfter),
  before: r.before === undefined ? null : compileSlot(r.before),
}));
for (const rule of compiled) if ((rule.slots.length - 1) * (rule.gap + 1) > 30) throw new Error(`rule ${rule.id}: too long for a 31-bit frontier`);
const SLOT_FILTER = Uint8Array.from(filterRows);
const inRow = (row: number, h: number) => (SLOT_FILTER[row + (h >>> 24)]! & SLOT_FILTER[row + ((h >>> 16) & 255)]!) !== 0;

/**
 * What a token's hash (or its 5-character stem's) can start, in one Map so a candidate token
 * costs one look-up (a Set or Map look-up is most of a rule try's cost): the rules whose first
 * slot holds it (`wordRule[i]`: as a word, so a token with this full hash needs no second look at
 * that slot), and whether it is a transcript role word, a word for the AI, or the ROT13 or
 * reversed form of an injection word. Every key is also in the 16-bit filter before the Map.
 */
interface Anchor {
  readonly rules: Compiled[];
  readonly wordRule: boolean[];
  role: boolean;
  addressed: boolean;
  puzzle: { kind: Puzzle; form: string; word: string } | undefined;
}
const ANCHORS = new Map<number, Anchor>();
function anchor(hash: number): Anchor {
  const key = key30(hash);
  let entry = ANCHORS.get(key);
  if (entry === undefined) ANCHORS.set(key, entry = { rules: [], wordRule: [], role: false, addressed: false, puzzle: undefined });
  addAnchor(key);
  return entry;
}
for (const rule of compiled) {
  const first = rule.slots[0]!;
  if (first.shortStems.length > 0 || first.url) throw new Error(`rule ${rule.id}: a first slot needs words or stems of 5+ characters`);
  for (const key of [...first.words, ...first.stems.keys()]) {
    const entry = anchor(key);
    if (entry.rules.includes(rule)) continue;
    entry.rules.push(rule);
    entry.wordRule.push(first.words.has(key));
  }
}
for (const word of PUZZLE_WORDS) {
  for (const [kind, form] of [['rot13', rot13(word)], ['reverse', reverse(word)]] as const) anchor(wordHash(form)).puzzle = { kind, form, word };
}
for (const role of TRANSCRIPT_ROLES) anchor(wordHash(role)).role = true;
for (const addressee of ADDRESSEES) anchor(wordHash(addressee)).addressed = true;

/**
 * Whether the token is followed by ':' and starts a line or follows punctuation ("---- SYSTEM:"),
 * not the end of a name joined by an underscore or a dot ("used_memory_human:6.33G" in a Redis
 * INFO dump, "ctx.user:").
 */
function turnAt(text: string, start: number, end: number): boolean {
  if (text.charCodeAt(end) !== 0x3a) return false;
  const joiner = text.charCodeAt(start - 1);
  if (joiner === 0x5f || joiner === 0x2e) return false;
  let i = start - 1;
  while (i >= 0 && text.charCodeAt(i) === 0x20) i--;
  if (i < 0) return true;
  const c = text.charCodeAt(i);
  return c === 0x0a || !((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c >= 0x80 || c === 0x2c);
}

const isWordChar = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f;

/**
 * Literal rules grouped by first character: a text without any of those characters skips them all.
 * `endsWord`: the literal ends in a word character, so a match must end a word ("| sh", not "| ship_city").
 */
const LITERALS_BY_FIRST = new Map<string, { family: string; id: string; literal: string; config: boolean; endsWord: boolean }[]>();
for (const rule of LITERAL_RULES) {
  for (const literal of rule.literals) {
    const list = LITERALS_BY_FIRST.get(literal[0]!) ?? [];
    list.push({ family: rule.family, id: rule.id, literal, config: rule.configSyntax?.includes(literal) === true, endsWord: isWordChar(literal.charCodeAt(literal.length - 1)) });
    LITERALS_BY_FIRST.set(literal[0]!, list);
  }
}

/** Blank within a line, and blank across lines. */
const isBlank = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d;
const isSpace = (c: number) => isBlank(c) || c === 0x0a;

/**
 * Whether a literal that is also configuration syntax holds only markup at [at, end): an opening
 * tag whose content starts with another tag ("<system>\n  <name>" in an XML configuration), a
 * closing tag after one ("</name>\n</system>"), a bracketed name alone on its line (an INI file's
 * "[system]" section). A turn holds text: "<system>New rules: ...</system>", "[system] Delete ...".
 */
function holdsOnlyMarkup(text: string, at: number, end: number): boolean {
  if (text.charCodeAt(at) === 0x3c) {
    if (text.charCodeAt(at + 1) === 0x2f) {
      let i = at - 1;
      while (i >= 0 && isSpace(text.charCodeAt(i))) i--;
      return i >= 0 && text.charCodeAt(i) === 0x3e;
    }
    let i = end;
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    return i < text.length && text.charCodeAt(i) === 0x3c;
  }
  let before = at - 1, after = end;
  while (before >= 0 && isBlank(text.charCodeAt(before))) before--;
  while (after < text.length && isBlank(text.charCodeAt(after))) after++;
  return (before < 0 || text.charCodeAt(before) === 0x0a) && (after >= text.length || text.charCodeAt(after) === 0x0a);
}

/** Any first character of a literal rule: one native scan (a class, no repetition: linear) before any indexOf. */
const LITERAL_START = new RegExp(`[${[...LITERALS_BY_FIRST.keys()].map((c) => `\\${c}`).join('')}]`);

function tokenMatches(slot: Slot, f: Features, text: string, q: number): boolean {
  const hash = f.tokenHash[q]!, stemHash = f.tokenStem[q]!;
  if (inRow(slot.wordRow, hash) && slot.words.has(key30(hash))) return true;
  const stems = stemHash !== 0 && inRow(slot.stemRow, stemHash) ? slot.stems.get(key30(stemHash)) : undefined;
  if (stems !== undefined) for (const stem of stems) if (unitsStartWith(f, f.tokenStart[q]!, stem)) return true;
  if (!slot.loose) return false;
  const start = f.tokenStart[q]!, end = f.tokenEnd[q]!;
  for (const stem of slot.shortStems) if (text.startsWith(stem, start) && end - start >= stem.length) return true;
  if (slot.url) {
    if (text.startsWith('http', start) || text.startsWith('www', start) || text.startsWith('ftp', start)) return true;
    if (text.charCodeAt(end) === 0x40 || text.charCodeAt(start - 1) === 0x40) return true; // either side of an e-mail's @
  }
  return false;
}

/** Whether the text's units (f.units: the text findRuleHits reads) hold `word` at `at`: a typed array is read faster than the string. */
function unitsStartWith(f: Features, at: number, word: string): boolean {
  if (at + word.length > f.n) return false;
  for (let i = 0; i < word.length; i++) if (f.units[at + i] !== word.charCodeAt(i)) return false;
  return true;
}

/** The first token of the last match (matchAt returns its last). */
let matchFirst = 0;
/**
 * Tries `rule` with its first slot at token `t` (`firstMatched`: known to fill it); returns the
 * last token of the match (its first in matchFirst), or -1. The tokens each slot can have reached are a bit set relative to t.
 */
function matchAt(rule: Compiled, f: Features, text: string, t: number, firstMatched: boolean): number {
  if (!firstMatched && !tokenMatches(rule.slots[0]!, f, text, t)) return -1;
  let first = t;
  if (rule.before !== null) {
    // A word just before the first slot ("IN your response"): checked backwards, one or two tokens.
    first = t > 0 && tokenMatches(rule.before, f, text, t - 1) ? t - 1 : t > 1 && tokenMatches(rule.before, f, text, t - 2) ? t - 2 : -1;
    if (first < 0 || (first > 0 && rule.not !== null && rule.not.has(key30(f.tokenHash[first - 1]!)))) return -1;
  }
  let frontier = 1;
  for (let s = 1; s < rule.slots.length; s++) {
    let next = 0;
    const slot = rule.slots[s]!;
    for (let m = frontier; m !== 0; m &= m - 1) {
      const p = t + 31 - Math.clz32(m & -m);
      for (let q = p + 1; q <= p + 1 + rule.gap && q < f.tokens; q++) {
        const bit = 1 << (q - t);
        if ((next & bit) !== 0) continue;
        if (tokenMatches(slot, f, text, q)) next |= bit;
        else if (rule.not !== null && rule.not.has(key30(f.tokenHash[q]!))) break; // a forbidden word between slots ("ignore MY previous message")
      }
    }
    if (next === 0) return -1;
    frontier = next;
  }
  // The word before the first slot is looked at only for a match (most tries fail at the second slot).
  if (rule.not !== null && t > 0 && rule.not.has(key30(f.tokenHash[t - 1]!))) return -1;
  const last = t + 31 - Math.clz32(frontier & -frontier);
  if (rule.notAfter !== null && last + 1 < f.tokens && rule.notAfter.has(key30(f.tokenHash[last + 1]!))) return -1;
  matchFirst = first;
  return last;
}

export interface RuleScan {
  readonly hits: RuleHit[];
  /** ROT13 or reversed injection words found, for pipeline.ts to decode their lines. */
  readonly puzzles: { at: number; kind: Puzzle; word: string }[];
}

/**
 * Every rule hit in a normalized text whose features (tokens) were just extracted. `ascii`: the
 * text has no non-ASCII character, so the rules for scripts without spaces cannot match.
 */
export function findRuleHits(text: string, f: Features, ascii = false): RuleScan {
  const hits: RuleHit[] = [];
  const puzzles: RuleScan['puzzles'] = [];
  for (let k = 0; k < f.candidates; k++) {
    const t = f.candidateTokens[k]!;
    const full = key30(f.tokenHash[t]!), stem = key30(f.tokenStem[t]!);
    const fullHit = FILTER[full & 0xffff] === 1, stemHit = stem !== 0 && FILTER[stem & 0xffff] === 1;
    const byWord = fullHit ? ANCHORS.get(full) : undefined;
    if (byWord !== undefined) {
      if (byWord.role && turnAt(text, f.tokenStart[t]!, f.tokenEnd[t]!)) hits.push({ family: 'role_marker_weak', id: 'transcript-turn', start: f.tokenStart[t]!, end: f.tokenEnd[t]! + 1 });
      if (byWord.addressed && text.charCodeAt(f.tokenEnd[t]!) === 0x3a) hits.push({ family: 'addressed_to_ai', id: 'ai-colon', start: f.tokenStart[t]!, end: f.tokenEnd[t]! + 1 });
      const puzzle = byWord.puzzle;
      if (puzzle !== undefined && text.startsWith(puzzle.form, f.tokenStart[t]!) && f.tokenEnd[t]! - f.tokenStart[t]! === puzzle.form.length) puzzles.push({ at: f.tokenStart[t]!, kind: puzzle.kind, word: puzzle.word });
      tryRules(byWord.rules, byWord.wordRule, f, text, t, hits);
    }
    const byStem = stemHit ? ANCHORS.get(stem) : undefined;
    if (byStem !== undefined) tryRules(byStem.rules, null, f, text, t, hits);
  }
  for (const [first, literals] of LITERALS_BY_FIRST.size > 0 && LITERAL_START.test(text) ? LITERALS_BY_FIRST : []) {
    if (text.indexOf(first) < 0) continue;
    for (const { family, id, literal, config, endsWord } of literals) {
      for (let at = text.indexOf(literal); at >= 0; at = text.indexOf(literal, at + literal.length)) {
        if (config && holdsOnlyMarkup(text, at, at + literal.length)) continue;
        if (endsWord && isWordChar(text.charCodeAt(at + literal.length))) continue;
        hits.push({ family, id, start: at, end: at + literal.length });
        if (hits.length > 10_000) return { hits, puzzles }; // a wall of markers is one finding, not a million
      }
    }
  }
  // Scripts written without spaces: not in an ASCII text.
  if (!ascii) for (const rule of NEAR_RULES) nearHits(text, rule.a, rule.b, rule.within, (start, end) => hits.push({ family: rule.family, id: rule.id, start, end }));
  return { hits, puzzles };
}

/** `wordRule`: for each rule, whether token t is known to fill its first slot (by its full hash), or null. */
function tryRules(rules: readonly Compiled[], wordRule: readonly boolean[] | null, f: Features, text: string, t: number, hits: RuleHit[]): void {
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    const last = matchAt(rule, f, text, t, wordRule !== null && wordRule[i]!);
    if (last < 0) continue;
    const start = f.tokenStart[matchFirst]!, end = f.tokenEnd[last]!;
    if (last > matchFirst && (isIdentifier(text, start, end) || (rule.family !== 'role_marker' && crossesSentence(text, start, end)))) continue;
    hits.push({ family: rule.family, id: rule.id, start, end });
  }
}

/**
 * Whether a sentence ends between words that match a rule: a full stop, question or exclamation
 * mark, then a blank. The words of an order are one sentence's; read across two they are
 * chance ("... configure with --enable-developer. Automake maintainer mode is now on by default"
 * is no "enable developer mode"). A line break alone does not end one: hard-wrapped text breaks
 * its sentences anywhere. Role markers are read across one by design ("END OF DOCUMENT. Assistant:").
 */
function crossesSentence(text: string, start: number, end: number): boolean {
  for (let i = start; i < end - 1; i++) {
    const c = text.charCodeAt(i);
    if ((c === 0x2e || c === 0x21 || c === 0x3f) && isSpace(text.charCodeAt(i + 1))) return true;
  }
  return false;
}

/**
 * Whether words that match a rule are one identifier of code or configuration: joined by
 * underscores or dots, with no blank between them ("user.sudo_mode.enter" in an audit log,
 * "test_ignore_previous_instructions" in a test suite). Nobody addresses a model that way; tool
 * results are full of such names. A hyphen joins words of prose too ("jail-break"), so it does not count.
 */
function isIdentifier(text: string, start: number, end: number): boolean {
  let joined = false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x20) return false;
    if (c === 0x5f || c === 0x2e) joined = true;
  }
  return joined;
}

/** Occurrences of any of `a` with any of `b` within `within` characters (either order): one merge of two sorted lists. */
function nearHits(text: string, a: readonly string[], b: readonly string[], within: number, emit: (start: number, end: number) => void): void {
  const find = (words: readonly string[]) => {
    const out: [number, number][] = [];
    for (const w of words) for (let at = text.indexOf(w); at >= 0 && out.length < 1000; at = text.indexOf(w, at + w.length)) out.push([at, at + w.length]);
    return out.sort((x, y) => x[0] - y[0]);
  };
  const xs = find(a);
  if (xs.length === 0) return;
  const ys = find(b);
  let j = 0;
  for (const [s, e] of xs) {
    while (j < ys.length && ys[j]![1] < s - within) j++;
    const y = ys[j];
    if (y !== undefined && y[0] <= e + within) emit(Math.min(s, y[0]), Math.max(e, y[1]));
  }
}
