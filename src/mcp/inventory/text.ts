/**
 * Hidden characters in definition text, and text safe to show a reader. Tool definitions are
 * written by whoever runs the server; findings quote them back to an operator's terminal, so a
 * quote must never carry the hidden characters (or terminal escapes) it is reporting.
 *
 * Which invisible characters count as smuggling (and which are ordinary typography: a joiner
 * inside an emoji, one directional mark in Hebrew, a BOM at the start) is the injection
 * normalizer's judgement, reused here so the gateway has one definition of "invisible text".
 */
import { normalize, type InvisibleRun } from '../../detect/injection/normalize.ts';

export type { InvisibleRun };

export interface Revealed {
  /** The text as a model reads it: invisible runs removed, smuggled tag text decoded in their place, NFKC-folded. */
  readonly text: string;
  /** The runs of invisible characters that look like smuggling, with offsets in the original text. */
  readonly invisible: readonly InvisibleRun[];
}

const NOTHING_HIDDEN: readonly InvisibleRun[] = [];

/** `text` with its hidden parts made visible, so that hiding a phrase does not hide it from the checks. */
export function reveal(text: string): Revealed {
  // Every invisible character, and every compatibility form NFKC folds, is outside ASCII.
  if (isAscii(text)) return { text, invisible: NOTHING_HIDDEN };
  const invisible = normalize(text).invisible;
  let out = '';
  let at = 0;
  for (const run of invisible) {
    out += `${text.slice(at, run.start)}${run.decoded === '' ? '' : ` ${run.decoded} `}`;
    at = run.end;
  }
  out += text.slice(at);
  return { text: out.normalize('NFKC'), invisible };
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) return false;
  return true;
}

/**
 * `text` made safe to print and cut to `max` characters: controls, invisible and format
 * characters become \u{...}, runs of whitespace one space, so a quote shows what is there.
 */
export function printable(text: string, max = 60): string {
  let out = '';
  let space = false;
  for (const ch of text) {
    if (out.length >= max) return `${out.slice(0, max - 1)}…`;
    const c = ch.codePointAt(0)!;
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) {
      if (!space && out !== '') out += ' ';
      space = true;
      continue;
    }
    space = false;
    out += isShown(ch, c) ? ch : `\\u{${c.toString(16)}}`;
  }
  return out.trimEnd();
}

/** Characters that have no business in an identifier (a tool or argument name): format controls, variation selectors. */
export const IDENTIFIER_HIDDEN = /[\p{Cf}\u180e\ufe00-\ufe0f\u{e0100}-\u{e01ef}]/u;

const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}\u{fe00}-\u{fe0f}\u{e0100}-\u{e01ef}]/u;

/** Format (Cf), control (Cc), line separators, private use, unassigned and variation selectors are not shown as they are. */
const isShown = (ch: string, c: number) => c < 0x7f ? c >= 0x20 : !HIDDEN.test(ch);

/** Up to `max` printable characters of `text` from `start`, for a finding's detail. */
export function excerpt(text: string, start: number, max = 60): string {
  return printable(text.slice(Math.max(0, start), Math.max(0, start) + 2 * max), max);
}
