/**
 * Runs one gitleaks rule's regex with gitleaks's semantics (Go's FindAllStringIndex over the
 * whole text: leftmost-first, non-overlapping) while giving re2js only the places where a match
 * can start. Running each keyword-assignment rule over a whole 2 KB message costs re2js
 * 0.5-1 ms; anchored at one candidate it costs 1-5 µs.
 *
 * Why the result is the same as a whole-text search: every match contains one of the rule's
 * anchor literals, ending min..max characters after the match start (proved on the compiled
 * program by scripts/gitleaks-analysis.ts), so the starts worth trying are [end - max, end - min]
 * around each literal found. A whole-text search finds, from a position q, the smallest start
 * where the regex matches; trying the candidates in ascending order from q finds the same one.
 * Each try sees the real character before it (for \b and ^) and enough text after it (the
 * longest match, or the rest of the text when unbounded), so it computes the same match.
 * test/detect/secrets-matcher.test.ts checks this against whole-text re2js on generated text.
 *
 * A try of a regex with no variable quantifier ("ghp_[0-9a-zA-Z]{36}") on ASCII text runs as
 * a native RegExp instead (native.ts: the same match, ~5 times cheaper than re2js).
 *
 * Anchored tries are cheap per try but not bounded in number, and an unbounded regex (curl's
 * `.*`) can read to the end of the text on every try. So each call gets a budget of characters
 * handed to re2js (32 times the text's length); past it, the rest of the text is searched
 * the plain way, from where the tries had got to, which is linear and gives the same matches.
 */
import { RE2JS, RE2Set } from 're2js';
import { nativeRegex, nativeTry } from './native.ts';
import type { CompiledAnchor, CompiledRule } from './rules.ts';

export interface RegexMatch {
  readonly start: number;
  readonly end: number;
  /** Capture groups 1..n as start, end pairs; -1, -1 for a group that took no part. */
  readonly groups: readonly number[];
}

/** A set of characters: a 128-bit ASCII mask and whether any non-ASCII character is in it. */
export class CharSet {
  private readonly ascii = new Uint8Array(128);
  private readonly other: boolean;
  constructor(hex: string) {
    for (let c = 0; c < 128; c++) this.ascii[c] = (parseInt(hex.slice((c >> 5) * 8, (c >> 5) * 8 + 8), 16) >>> (c & 31)) & 1;
    this.other = hex.endsWith('+');
  }
  has(code: number): boolean {
    return code < 128 ? this.ascii[code] === 1 : this.other;
  }
}

/** The first characters of gitleaks's assignment operators (scripts/gitleaks-analysis.ts GATE_CHARS). */
const GATE = new CharSet(maskOf('=>:|?,'));

function maskOf(chars: string): string {
  const words = new Uint32Array(4);
  for (const ch of chars) words[ch.charCodeAt(0) >> 5]! |= 1 << (ch.charCodeAt(0) & 31);
  return [...words].map((w) => w.toString(16).padStart(8, '0')).join('');
}

const MAX_LOOP_CLASSES = 3;
/** Program size above which a try is pre-tested with a DFA, and that DFA's memory bound. */
const LARGE_PROGRAM = 300;
const DFA_MEMORY = 512 * 1024;
/** Characters re2js may be given on anchored tries, per character of text plus a base, before the plain search. */
export interface Budget { readonly perChar: number; readonly base: number }
const DEFAULT_BUDGET: Budget = { perChar: 32, base: 4096 };

export class RuleMatcher {
  readonly rule: CompiledRule;
  private readonly body: string;
  private readonly follow: readonly (readonly CharSet[])[];
  private readonly inPrefix: ((code: number) => boolean) | null;
  /** Distinct loop classes with how many loops read each (see CompiledRule.loops). */
  private readonly loops: readonly (readonly [CharSet, number])[] | null;
  private withContext: RE2JS | undefined;
  private atStart: RE2JS | undefined;
  /** DFA-only pre-tests for the two forms above, when the regex is large (see anchoredAt). */
  private withContextTest: RE2Set | null | undefined;
  private atStartTest: RE2Set | null | undefined;
  private windowTest: RE2Set | null | undefined;
  private window: RE2JS | undefined;
  private full: RE2JS | undefined;
  /** The regex compiled natively, when that is safe and exact (native.ts); null if not; undefined until first needed. */
  private native: RegExp | null | undefined;
  private readonly limit: Budget;
  /**
   * Whether tries are pre-tested with a DFA: worth it when they mostly fail, as after a keyword
   * in prose (anchors with a gate, or little to check after the literal); not after "sk-" and
   * sixteen checked characters, where the try mostly succeeds and the test is extra work.
   */
  private readonly preTest: boolean;
  /** Characters still to hand to re2js in this matchAt call before searching the plain way. */
  private budget = 0;

  constructor(rule: CompiledRule, classes: readonly CharSet[], limit: Budget = DEFAULT_BUDGET) {
    this.rule = rule;
    this.limit = limit;
    this.body = rule.prefix?.rest ?? rule.regex;
    this.follow = (rule.anchors ?? []).map((a) => a.follow.map((i) => classes[i]!));
    this.preTest = (rule.anchors ?? []).some((a) => a.gate !== null || a.follow.length < 8);
    const ranges = rule.prefix?.ranges;
    this.inPrefix = ranges === undefined ? null : (code) => ranges.some(([lo, hi]) => code >= lo && code <= hi);
    const counts = new Map<number, number>();
    for (const c of rule.loops?.classes ?? []) counts.set(c, (counts.get(c) ?? 0) + 1);
    // Many distinct loop classes (curl's rules) make the bound cost more than it saves.
    this.loops = rule.loops === null || counts.size > MAX_LOOP_CLASSES ? null : [...counts].map(([c, n]) => [classes[c]!, n] as const);
  }

  /** Every match from `from` on, searching the whole text (gitleaks's way): for rules with no anchors. */
  matchAll(text: string, from = 0, out: RegexMatch[] = []): RegexMatch[] {
    this.full ??= RE2JS.compile(this.rule.regex);
    const m = this.full.matcher(text);
    if (from > text.length || !m.find(from)) return out;
    do out.push(read(m, 0, m.start()));
    while (m.find());
    return out;
  }

  /**
   * Every match, given where the anchors' literals end in the text (`anchor[i]` is an index
   * into rule.anchors, `end[i]` the literal's end offset) and where each anchor's `after`
   * literal last ends (`lastAfter(i)`, -1 if nowhere).
   */
  matchAt(text: string, anchor: readonly number[], end: readonly number[], lastAfter: (literal: string) => number): RegexMatch[] {
    const anchors = this.rule.anchors!;
    const ranges: [number, number][] = [];
    for (let i = 0; i < anchor.length; i++) {
      const a = anchors[anchor[i]!]!;
      const e = end[i]!;
      if (a.after !== null && lastAfter(a.after) <= e) continue;
      if (!passesGate(text, e, a) || !follows(text, e, this.follow[anchor[i]!]!)) continue;
      ranges.push([Math.max(0, e - a.max), e - a.min]);
    }
    if (ranges.length === 0) return [];
    ranges.sort((x, y) => x[0] - y[0]);
    const out: RegexMatch[] = [];
    this.budget = this.limit.perChar * text.length + this.limit.base;
    let q = 0;
    let r = 0;
    let [c0, c1] = ranges[0]!;
    for (;;) {
      // Merge overlapping or touching candidate ranges, so each position is tried once.
      while (r + 1 < ranges.length && ranges[r + 1]![0] <= c1 + 1) c1 = Math.max(c1, ranges[++r]![1]);
      const from = Math.max(c0, q);
      if (this.budget < 0) return this.matchAll(text, q, out); // the plain search from q finds the rest
      const m = from <= c1 ? this.firstIn(text, from, c1) : null;
      if (m !== null) {
        out.push(this.inPrefix === null ? m : { start: this.prefixStart(text, m.start, q), end: m.end, groups: m.groups });
        q = m.end;
        continue;
      }
      if (this.budget < 0) return this.matchAll(text, q, out); // the tries may have stopped short
      if (++r >= ranges.length) return out;
      [c0, c1] = ranges[r]!;
    }
  }

  /**
   * Where the lazy prefix run starts: as far left as the run's class, its bound and the last
   * match's end allow (the leftmost start wins; laziness only picks the first keyword after it).
   */
  private prefixStart(text: string, p: number, q: number): number {
    let s = p;
    while (s > q && p - s < this.rule.prefix!.max && this.inPrefix!(text.charCodeAt(s - 1))) s--;
    return s;
  }

  /**
   * An end offset no match starting in [c0, c1] can pass: from the longest match, or from the
   * loop bound (see CompiledRule.loops); the text's length when neither is known.
   */
  private reach(text: string, c0: number, c1: number): number {
    if (this.rule.maxLength !== null) return Math.min(text.length, c1 + this.rule.maxLength);
    if (this.loops === null) return text.length;
    const base = c1 + this.rule.loops!.acyclic;
    // The path enters its loops in some order, each once; iterating once per loop covers any order.
    let w = Math.min(text.length, base);
    for (let round = 0; round < this.rule.loops!.classes.length && w < text.length; round++) {
      let next = base;
      for (const [set, n] of this.loops) {
        const run = longestRun(text, set, c0, w);
        this.budget -= run.scanned;
        next += n * run.longest;
      }
      next = Math.min(text.length, next);
      if (next === w) break;
      w = next;
    }
    return w;
  }

  /** The match with the smallest start in [c0, c1], or null. */
  private firstIn(text: string, c0: number, c1: number): RegexMatch | null {
    const reach = c0 === c1 ? text.length : this.reach(text, c0, c1);
    if (c0 === c1 || (reach === text.length && this.rule.maxLength === null)) {
      // Anchored tries: a window the length of the text would make the search scan it all.
      for (let p = c0; p <= c1 && this.budget >= 0; p++) {
        const m = this.anchoredAt(text, p);
        if (m !== null) return m;
      }
      return null;
    }
    if (isLowSurrogateOfPair(text, c0)) c0++;
    if (c0 > c1) return null;
    const from = c0 === 0 ? 0 : c0 - 1;
    this.window ??= RE2JS.compile(this.body);
    if (this.windowTest === undefined) this.windowTest = dfaTest(this.preTest, this.window, this.body, RE2Set.UNANCHORED);
    // One character past the reach, so $ and \b there see the text as it is.
    const to = Math.min(text.length, reach + 1);
    this.budget -= to - from;
    const sub = text.substring(from, to);
    if (this.windowTest !== null && this.windowTest.match(sub).length === 0) return null; // no match anywhere in it
    const m = this.window.matcher(sub);
    if (!m.find(c0 - from) || m.start() + from > c1) return null;
    return read(m, from, m.start() + from);
  }

  private anchoredAt(text: string, p: number): RegexMatch | null {
    if (isLowSurrogateOfPair(text, p)) return null; // no match starts inside a character
    const reach = this.reach(text, p, p);
    const to = Math.min(text.length, reach + 1);
    // A try with no bound but the text's end may read all of it: it costs the budget 8 times more.
    this.budget -= (reach === text.length && this.rule.maxLength === null && this.loops === null ? 8 : 1) * (to - p + 1);
    if (this.native === undefined) this.native = nativeRegex(this.body);
    if (this.native !== null) {
      const m = nativeTry(this.native, text, p, to);
      if (m !== undefined) return m;
    }
    let re: RE2JS;
    let test: RE2Set | null;
    if (p === 0) {
      re = this.atStart ??= RE2JS.compile(`^(?:${this.body})`);
      test = this.atStartTest === undefined ? (this.atStartTest = dfaTest(this.preTest, re, `(?:${this.body})`)) : this.atStartTest;
    } else {
      // One character of real context before p, consumed by (?s:.), so \b and ^ see the text.
      re = this.withContext ??= RE2JS.compile(`^(?s:.)(?:${this.body})`);
      test = this.withContextTest === undefined ? (this.withContextTest = dfaTest(this.preTest, re, `(?s:.)(?:${this.body})`)) : this.withContextTest;
    }
    const sub = text.substring(p === 0 ? 0 : p - 1, to);
    if (test !== null && test.match(sub).length === 0) return null;
    const m = re.matcher(sub);
    if (!m.lookingAt()) return null;
    return read(m, p === 0 ? 0 : p - 1, p);
  }
}

/**
 * For a large program, a DFA that only answers "is there a match here": when the answer is no
 * (most tries), it is 5-10 times cheaper than re2js's capture engines on such programs, which
 * step through hundreds of instructions per character (generic-api-key's {10,150} unrolls into
 * 150). Its memory is bounded (RE2Set's DFA cache), unlike RE2JS#test's 8 MB per regex.
 */
function dfaTest(wanted: boolean, re: RE2JS, pattern: string, anchor = RE2Set.ANCHOR_START): RE2Set | null {
  if (!wanted || re.programSize() <= LARGE_PROGRAM) return null;
  const set = new RE2Set(anchor, 0, DFA_MEMORY);
  set.add(pattern);
  set.compile();
  return set;
}

function read(m: ReturnType<RE2JS['matcher']>, offset: number, start: number): RegexMatch {
  const groups: number[] = [];
  for (let g = 1; g <= m.groupCount(); g++) {
    const s = m.start(g);
    groups.push(s < 0 ? -1 : s + offset, s < 0 ? -1 : m.end(g) + offset);
  }
  return { start, end: m.end() + offset, groups };
}

/** The longest run of `set` characters starting at a position in [from, to], and how far it looked. */
function longestRun(text: string, set: CharSet, from: number, to: number): { longest: number; scanned: number } {
  let longest = 0;
  let i = from;
  while (i <= to && i < text.length) {
    if (!set.has(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < text.length && set.has(text.charCodeAt(j))) j++;
    longest = Math.max(longest, j - i);
    i = j;
  }
  return { longest, scanned: i - from };
}

function passesGate(text: string, end: number, a: CompiledAnchor): boolean {
  if (a.gate === null) return true;
  const last = Math.min(text.length - 1, end + a.gate);
  for (let i = end; i <= last; i++) if (GATE.has(text.charCodeAt(i))) return true;
  return false;
}

function follows(text: string, end: number, classes: readonly CharSet[]): boolean {
  for (let d = 0; d < classes.length; d++) {
    const i = end + d;
    if (i >= text.length) return false; // a match needs a character here
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) return true; // a pair is one character to the regex: stop checking
    if (!classes[d]!.has(code)) return false;
  }
  return true;
}

function isLowSurrogateOfPair(text: string, i: number): boolean {
  if (i <= 0 || i >= text.length) return false;
  const lo = text.charCodeAt(i);
  const hi = text.charCodeAt(i - 1);
  return lo >= 0xdc00 && lo <= 0xdfff && hi >= 0xd800 && hi <= 0xdbff;
}
