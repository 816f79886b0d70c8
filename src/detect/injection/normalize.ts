/**
 * What the injection detector reads instead of the raw text: the same words with the ways of
 * hiding them undone. Attackers smuggle instructions past filters (and past the human reading
 * the document) with invisible Unicode, look-alike letters and encodings; a model that scores
 * the raw text sees none of the words it was trained on. This module:
 *
 * - drops invisible characters: zero-width (U+200B-200D, 2060-2064, FEFF, 180E, ...), bidi
 *   controls (U+200E/200F, 202A-202E, 2066-2069, 061C), variation selectors, soft hyphens;
 * - DECODES Unicode tag characters (U+E0020-E007E are ASCII shifted into an invisible plane, the
 *   "ASCII smuggling" trick) and runs of variation selectors (one byte each, the emoji
 *   smuggling trick) back into text;
 * - folds compatibility forms with NFKC (full-width letters, math alphanumerics, circled and
 *   superscript letters), strips Latin diacritics (so "précédentes" meets "precedentes"), and
 *   folds Cyrillic/Greek/small-capital look-alikes inside Latin words (confusables.ts);
 * - decodes base64, hex, binary and URL-encoded segments in place (decode.ts; ROT13 and
 *   reversed lines are found by the rules' token scan and decoded by pipeline.ts);
 * - lower-cases.
 *
 * It also reports the runs of invisible characters (with their original UTF-16 offsets) that
 * look like smuggling, since hiding text is itself a finding. A single ZWJ inside an emoji
 * sequence, a BOM at the start, one LRM in right-to-left text, or the tag characters of a
 * subdivision flag (England, Scotland, Wales) are normal and not reported.
 *
 * Everything is one pass over the text (plus the decoders' own linear scans): no regex runs on
 * the input, so a hostile text cannot make it slow.
 */
import { alignedLowerCase } from '../scan.ts';
import { CopyOnWrite, foldConfusableWords, foldLatin } from './confusables.ts';
import { decodeSegments, survey } from './decode.ts';
import { compose, type Mapped, MappedBuilder } from './mapped.ts';

export type InvisibleKind = 'tag' | 'zero-width' | 'bidi' | 'variation-selector';

export interface InvisibleRun {
  readonly start: number;
  readonly end: number;
  /** The kinds present in the run. */
  readonly kinds: readonly InvisibleKind[];
  /** Text decoded from tag characters or variation selectors, if any. */
  readonly decoded: string;
}

export interface Normalized extends Mapped {
  /** Runs of invisible characters that look like smuggling, in text order. */
  readonly invisible: readonly InvisibleRun[];
  /** How many encoded segments (base64, hex, ...) were decoded in place. */
  readonly decodedSegments: number;
  /** The original text was all ASCII (so rules for other scripts cannot match). */
  readonly ascii: boolean;
}

/** Classes of code points (numbers, not an enum: the sources run type-stripped). */
export const Cls = { Visible: 0, ZeroWidth: 1, Bidi: 2, Variation: 3, Tag: 4 } as const;
export type Cls = (typeof Cls)[keyof typeof Cls];

/** Which invisible class a code point is in (Visible for anything shown). */
export function classify(cp: number): Cls {
  if (cp < 0xad) return Cls.Visible;
  if (cp === 0xad || cp === 0x34f || cp === 0x115f || cp === 0x1160 || cp === 0x17b4 || cp === 0x17b5 || cp === 0x180e || cp === 0x3164 || cp === 0xffa0) return Cls.ZeroWidth;
  if (cp === 0x61c) return Cls.Bidi;
  if (cp < 0x180b) return Cls.Visible;
  if (cp <= 0x180f) return Cls.Variation; // Mongolian free variation selectors
  if (cp < 0x200b) return Cls.Visible;
  if (cp <= 0x200d || (cp >= 0x2060 && cp <= 0x2064) || cp === 0xfeff || (cp >= 0x206a && cp <= 0x206f)) return Cls.ZeroWidth;
  if (cp === 0x200e || cp === 0x200f || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)) return Cls.Bidi;
  if (cp >= 0xfe00 && cp <= 0xfe0f) return Cls.Variation;
  if (cp >= 0xe0000 && cp <= 0xe007f) return Cls.Tag;
  if (cp >= 0xe0100 && cp <= 0xe01ef) return Cls.Variation;
  if (cp >= 0x1bca0 && cp <= 0x1bca3) return Cls.ZeroWidth; // shorthand format controls
  return Cls.Visible;
}

const KIND: Record<number, InvisibleKind> = { [Cls.ZeroWidth]: 'zero-width', [Cls.Bidi]: 'bidi', [Cls.Variation]: 'variation-selector', [Cls.Tag]: 'tag' };

const isAsciiLetter = (c: number) => (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;

/** A run of consecutive invisible code points, collected before it is judged. */
class Run {
  start = 0;
  end = 0;
  count = 0;
  classes = 0; // bit set of Cls
  tagText = '';
  vsBytes: number[] = [];
  reset(start: number): void { this.start = start; this.end = start; this.count = 0; this.classes = 0; this.tagText = ''; this.vsBytes = []; }
}

/**
 * Whether a run of invisible characters is normal text rather than smuggling: one joiner or
 * one variation selector (or the pair "VS16 + ZWJ" of an emoji sequence), a BOM at the start,
 * one directional mark, or the tags of a subdivision flag after U+1F3F4.
 */
function benign(run: Run, text: string): boolean {
  const only = (mask: number) => (run.classes & ~mask) === 0;
  if (run.classes & (1 << Cls.Tag)) {
    // 🏴 + tag letters/digits + CANCEL TAG: the flags of England, Scotland and Wales.
    return run.start >= 2 && text.codePointAt(run.start - 2) === 0x1f3f4 && run.count <= 8 && text.codePointAt(run.end - 2) === 0xe007f && /^[a-z0-9]*$/.test(run.tagText);
  }
  if (run.count === 1) {
    const cp = text.codePointAt(run.start) as number;
    if (cp === 0xfeff && run.start === 0) return true;
    if (cp >= 0x202a && cp <= 0x202e) return cp !== 0x202d && cp !== 0x202e; // overrides reorder what is shown
    // One zero-width character splitting a Latin word ("ig\u200Bnore") hides the word from filters.
    if (run.classes & (1 << Cls.ZeroWidth) && cp !== 0xad) return !(isAsciiLetter(text.charCodeAt(run.start - 1)) && isAsciiLetter(text.charCodeAt(run.end)));
    return true;
  }
  if (run.count === 2 && only((1 << Cls.Variation) | (1 << Cls.ZeroWidth))) {
    // An emoji presentation selector followed by a joiner ("❤️‍🔥").
    return text.charCodeAt(run.start) === 0xfe0f && text.charCodeAt(run.start + 1) === 0x200d;
  }
  return false;
}

/** Variation selectors as bytes: VS1-16 are 0-15, VS17-256 are 16-255. */
const vsByte = (cp: number) => (cp <= 0xfe0f ? cp - 0xfe00 : cp - 0xe0100 + 16);
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Text smuggled in variation selectors, or '' when the bytes are not UTF-8 text. */
function decodeVariationBytes(bytes: number[]): string {
  if (bytes.length < 4) return '';
  try {
    const text = utf8.decode(Uint8Array.from(bytes));
    return /^[\p{L}\p{N}\p{P}\p{Zs}\n]+$/u.test(text) ? text : '';
  } catch {
    return '';
  }
}

/**
 * The character-level pass for a text with non-ASCII characters: invisible characters out (tag
 * text decoded), compatibility and Latin diacritics folded.
 */
function foldCharacters(text: string, invisible: InvisibleRun[]): Mapped {
  const out = new MappedBuilder(text.length + 16);
  const run = new Run();
  let inRun = false;
  const closeRun = () => {
    inRun = false;
    const decodedVs = decodeVariationBytes(run.vsBytes);
    if (benign(run, text)) return;
    const kinds = ([Cls.Tag, Cls.ZeroWidth, Cls.Bidi, Cls.Variation] as const).filter((c) => run.classes & (1 << c)).map((c) => KIND[c] as InvisibleKind);
    const decoded = run.tagText + decodedVs;
    invisible.push({ start: run.start, end: run.end, kinds, decoded });
    // Smuggled text joins what the model reads, set apart by spaces, mapped to the run.
    if (decoded.length > 0) { out.push(0x20, run.start, run.start); out.pushString(decoded, run.start, run.end); out.push(0x20, run.end, run.end); }
  };
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i) as number;
    const width = cp > 0xffff ? 2 : 1;
    const cls = classify(cp);
    if (cls !== Cls.Visible) {
      if (!inRun) { run.reset(i); inRun = true; }
      run.count++;
      run.end = i + width;
      run.classes |= 1 << cls;
      if (cls === Cls.Tag && cp >= 0xe0020 && cp <= 0xe007e) run.tagText += String.fromCharCode(cp - 0xe0000);
      else if (cls === Cls.Variation && cp !== 0x180b && (cp < 0x180c || cp > 0x180f)) run.vsBytes.push(vsByte(cp));
      i += width;
      continue;
    }
    if (inRun) closeRun();
    if (cp < 0x80) out.push(cp, i, i + 1);
    else {
      const f = foldLatin(cp);
      if (typeof f === 'string') out.pushString(f, i, i + width);
      else if (f >= 0) out.push(f, i, i + width);
    }
    i += width;
  }
  if (inRun) closeRun();
  return out.finish();
}

/** Normalizes `text` for scoring; see the module comment. Linear in the text's length. */
export function normalize(text: string): Normalized {
  const invisible: InvisibleRun[] = [];
  const seen = survey(text);
  if (seen.ascii && !seen.segments && !seen.leet) return { text: text.toLowerCase(), starts: null, ends: null, invisible, decodedSegments: 0, ascii: true };
  const folded: Mapped = seen.ascii ? { text, starts: null, ends: null } : foldCharacters(text, invisible);
  // Folding can only turn full-width or look-alike characters into base64 ones: survey again then.
  const decoded = (seen.ascii ? seen.segments : survey(folded.text).segments) ? decodeSegments(folded.text) : { mapped: folded, count: 0 };
  const mapped = decoded.count > 0 ? compose(decoded.mapped, folded) : folded;
  // Look-alikes and leetspeak after decoding: a base64 payload is all mixed letters and digits.
  const words = new CopyOnWrite(mapped.text);
  if (!seen.ascii || seen.leet || decoded.count > 0) foldConfusableWords(words);
  return { text: alignedLowerCase(words.toString()), starts: mapped.starts, ends: mapped.ends, invisible, decodedSegments: decoded.count, ascii: seen.ascii };
}
