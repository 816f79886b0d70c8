/**
 * Letter-spaced text: "i g n o r e   a l l   p r e v i o u s". Spacing out the letters of an
 * instruction keeps every word of it away from a filter that reads words, while a model reads it
 * easily. This finds runs of single-letter word tokens and joins their letters back into words,
 * in place: the collapsed run is padded with spaces to its original length, so every offset
 * after it (and the passage the gateway would neutralize) stays where it was.
 *
 * Works on the tokens the feature pass already made (features.ts), so a text without such a run
 * costs one walk over its tokens and nothing else.
 */
import type { Features } from './features.ts';

/** Fewer single letters in a row than this are initials, list markers or maths ("x y z"). */
const MIN_LETTERS = 6;
/** Gaps between the letters of a run: a word gap is wider than a letter gap, and no wider than this. */
const MAX_GAP = 4;

export interface SpacedRun {
  /** First and last token of the run (inclusive). */
  readonly first: number;
  readonly last: number;
}

/** Runs of at least MIN_LETTERS one-unit tokens separated only by spaces. */
export function spacedRuns(text: string, f: Features): SpacedRun[] {
  const runs: SpacedRun[] = [];
  let first = -1;
  for (let t = 0; t < f.tokens; t++) {
    const single = f.tokenEnd[t]! - f.tokenStart[t]! === 1;
    const joined = single && first >= 0 && onlySpaces(text, f.tokenEnd[t - 1]!, f.tokenStart[t]!);
    if (joined) continue;
    if (first >= 0 && t - first >= MIN_LETTERS) runs.push({ first, last: t - 1 });
    first = single ? t : -1;
  }
  if (first >= 0 && f.tokens - first >= MIN_LETTERS) runs.push({ first, last: f.tokens - 1 });
  return runs;
}

function onlySpaces(text: string, from: number, to: number): boolean {
  if (to - from < 1 || to - from > MAX_GAP) return false;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) !== 0x20) return false;
  return true;
}

/**
 * The text with each run's letters joined: gaps as narrow as the run's narrowest are inside a
 * word, wider ones are between words. Same length as `text`.
 */
export function joinSpacedLetters(text: string, f: Features, runs: readonly SpacedRun[]): string {
  let out = '';
  let at = 0;
  for (const { first, last } of runs) {
    const start = f.tokenStart[first]!, end = f.tokenEnd[last]!;
    let narrowest = MAX_GAP;
    for (let t = first + 1; t <= last; t++) narrowest = Math.min(narrowest, f.tokenStart[t]! - f.tokenEnd[t - 1]!);
    let joined = text[start]!;
    for (let t = first + 1; t <= last; t++) {
      if (f.tokenStart[t]! - f.tokenEnd[t - 1]! > narrowest) joined += ' ';
      joined += text[f.tokenStart[t]!]!;
    }
    out += text.slice(at, start) + joined.padEnd(end - start, ' ');
    at = end;
  }
  return out + text.slice(at);
}
