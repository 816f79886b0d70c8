/**
 * What names.ts and relate.ts ask about a token: word or not, capitalised, an initial, an
 * ordinary English word, a list's item; and the shapes they pass around.
 */
import { isCommonWord, lex } from './lexicon.ts';
import { F_CAP, F_NEWLINE, F_UPPER, isChar, lowerOf, PUNCT, type Tokens, WORD } from './tokens.ts';

export interface Entity { readonly type: 'PERSON' | 'LOCATION' | 'ORGANIZATION'; readonly start: number; readonly end: number; readonly score: number }

/** A run of capitalised words as names.ts classified it; relate.ts may change its type and score. */
export interface Chain {
  type: Entity['type'];
  first: number;
  last: number;
  score: number;
  words: string[];
  /** One word at the start of a line, then ':' and text ("Nicole: Remember me"): a transcript's speaker, if anything. */
  speaker: boolean;
  /** How much of `score` the spelling of a word no list knows gave it (name-likeness.ts); 0 for the rest. */
  spelling: number;
}

export const isWord = (t: Tokens, i: number): boolean => i >= 0 && i < t.count && t.kind[i] === WORD;
export const isCapWord = (t: Tokens, i: number): boolean => isWord(t, i) && (t.flags[i]! & (F_CAP | F_UPPER)) !== 0;
export const isInitial = (t: Tokens, i: number): boolean => isCapWord(t, i) && t.end[i]! - t.start[i]! === 1;

/** An ordinary English word (not also a name or a place) in a capitalised chain. */
export const isCommon = (t: Tokens, i: number): boolean => isWord(t, i) && isCommonWord(lex(t, i), lowerOf(t, i));

/**
 * Whether token i opens the text, a line, or what follows one of `stops` (a punctuation token's
 * character). Callers differ in what ends a sentence for them, so each brings its own set.
 */
export function opensAfter(t: Tokens, i: number, stops: ReadonlySet<string>): boolean {
  if (i === 0 || (t.flags[i]! & F_NEWLINE) !== 0) return true;
  return t.kind[i - 1] === PUNCT && stops.has(t.text[t.start[i - 1]!]!);
}

/** The word before token i, skipping a glued '.' ("Dr. Kyle": "dr"); -1 if none. */
export function wordBefore(t: Tokens, i: number): number {
  let k = i - 1;
  if (isChar(t, k, 46)) k--;
  return isWord(t, k) ? k : -1;
}

/**
 * Whether token i follows a capitalised word and ",", "and", "or" or "&": a list's item, which
 * relate() may find to be a person even when it is also a word ("Monjeau, Graves and White").
 */
export function inList(t: Tokens, i: number): boolean {
  const k = i - 1;
  if (!(isChar(t, k, 44) || isChar(t, k, 38) || isJoiner(t, k))) return false;
  return (isCapWord(t, k - 1) && !openingWord(t, k - 1)) || (isCapWord(t, k - 2) && !openingWord(t, k - 2));
}

/**
 * An ordinary word capitalised only because it opens the text, a line or a sentence ("Thanks,",
 * "Sorry,", "As discussed,"): what follows its comma is no list's next item.
 */
function openingWord(t: Tokens, i: number): boolean {
  return isCommon(t, i) && opensAfter(t, i, FULL_STOPS);
}
const FULL_STOPS: ReadonlySet<string> = new Set(['.', '!', '?']);

/** Whether only ",", "and", "or", "&" stand between tokens a and b: items of one list. */
export function listed(t: Tokens, a: number, b: number): boolean {
  if (b - a < 2 || b - a > 3) return false;
  for (let k = a + 1; k < b; k++) if (!(isChar(t, k, 44) || isChar(t, k, 38) || isJoiner(t, k))) return false;
  return true;
}

/** "and" or "or" (the length is checked first: most tokens are neither, and need no lowercase copy). */
function isJoiner(t: Tokens, k: number): boolean {
  if (!isWord(t, k)) return false;
  const length = t.end[k]! - t.start[k]!;
  return (length === 3 && lowerOf(t, k) === 'and') || (length === 2 && lowerOf(t, k) === 'or');
}
