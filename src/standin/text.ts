// Small text helpers shared by the "model" and the wire encoders. All of them are
// code-point safe so that a delta boundary never splits a surrogate pair (a split pair
// would be re-encoded as U+FFFD by JSON consumers and break exact-match tests).

/** Deterministic token estimate: roughly four characters per token. */
export function estimateTokens(chars: number): number {
  return Math.ceil(chars / 4);
}

/** The first `max` code points of `text`. */
export function firstCodePoints(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = 0;
  let count = 0;
  while (end < text.length && count < max) {
    const code = text.charCodeAt(end);
    end += code >= 0xd800 && code <= 0xdbff && end + 1 < text.length ? 2 : 1;
    count++;
  }
  return text.slice(0, end);
}

/**
 * Splits reply text into word-sized deltas (each word with its leading whitespace),
 * the way real models stream tokens. Concatenating the pieces yields `text` exactly.
 */
export function splitWords(text: string): string[] {
  const pieces = text.match(/\s*\S+/g);
  if (!pieces) return text === '' ? [] : [text];
  const joinedLength = pieces.reduce((n, p) => n + p.length, 0);
  // Trailing whitespace is not matched by the pattern; keep it on the last piece.
  if (joinedLength < text.length) pieces[pieces.length - 1] += text.slice(joinedLength);
  return pieces;
}

/** Splits `text` into fixed-size fragments (used for tool-call argument JSON). */
export function splitFixed(text: string, size: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > 0) {
    const piece = firstCodePoints(rest, size);
    out.push(piece);
    rest = rest.slice(piece.length);
  }
  return out;
}
