/**
 * Character folding for the injection normalizer: compatibility forms and Latin diacritics
 * (always), and look-alike letters from other scripts (inside Latin words only).
 *
 * "𝐢𝐠𝐧𝐨𝐫𝐞", "ｉｇｎｏｒｅ" and "ⓘⓖⓝⓞⓡⓔ" are "ignore" after NFKC. "іgnоrе" with a Cyrillic і, о
 * and е is not: NFKC keeps scripts apart, so a table of the common look-alikes (after Unicode's
 * confusables.txt, the letters that render the same as a Latin one in common fonts; lower-case
 * к, м, н, т, в do not, so they are left out) folds them.
 * A word written wholly in Cyrillic or Greek is real Russian or Greek and is left alone, unless
 * every one of its letters is a look-alike (then it is Latin in disguise: "ассеss").
 */
/** Units that can be read and rewritten in place (a MappedBuilder, or a CopyOnWrite string). */
export interface Units {
  readonly length: number;
  codeAt(i: number): number;
  setCode(i: number, code: number): void;
}

/** A string's units, copied into an array only when one is rewritten. */
export class CopyOnWrite implements Units {
  private codes: Uint16Array | null = null;
  private readonly text: string;
  constructor(text: string) { this.text = text; }
  get length(): number { return this.text.length; }
  codeAt(i: number): number { return this.codes === null ? this.text.charCodeAt(i) : (this.codes[i] as number); }
  setCode(i: number, code: number): void {
    if (this.codes === null) { this.codes = new Uint16Array(this.text.length); for (let k = 0; k < this.text.length; k++) this.codes[k] = this.text.charCodeAt(k); }
    this.codes[i] = code;
  }
  toString(): string {
    if (this.codes === null) return this.text;
    let out = '';
    for (let i = 0; i < this.codes.length; i += 8192) out += String.fromCharCode(...this.codes.subarray(i, i + 8192));
    return out;
  }
}

/** Look-alike -> Latin, as pairs of characters. Cyrillic, Greek, then IPA and small capitals. */
const LOOKALIKE_PAIRS =
  'аaсcеeһhіiјjоoрpѕsхxуyԁdԛqԝwӏlѵvүyАAВBСCЕEНHІIЈJКKМMОOРPЅSТTХXУY' +
  'οoαaνvιiκkρpτtυuχxϲcϳjΑAΒBΕEΖZΗHΙIΚKΜMΝNΟOΡPΤTΥYΧX' +
  'ɑaɡgɩiıiʀrɴnɪiʏyʜhʟlᴀaʙbᴄcᴅdᴇeꜰfɢgᴊjᴋkᴍmᴏoᴘpꜱsᴛtᴜuᴠvᴡwᴢz';

export const LOOKALIKE = new Map<number, number>();
for (let i = 0; i < LOOKALIKE_PAIRS.length; i += 2) LOOKALIKE.set(LOOKALIKE_PAIRS.charCodeAt(i), LOOKALIKE_PAIRS.charCodeAt(i + 1));
/** Look-alikes from Latin's own extensions (IPA, small capitals): folded wherever they appear. */
const LATIN_LOOKALIKE = new Set([...'ɑɡɩıʀɴɪʏʜʟᴀʙᴄᴅᴇꜰɢᴊᴋᴍᴏᴘꜱᴛᴜᴠᴡᴢ'].map((c) => c.charCodeAt(0)));

/** Letters NFD does not split into base + accent but that read as Latin ones. */
const SPECIAL: Record<string, string> = { ß: 'ss', æ: 'ae', Æ: 'AE', œ: 'oe', Œ: 'OE', ø: 'o', Ø: 'O', đ: 'd', Đ: 'D', ł: 'l', Ł: 'L', þ: 'th', Þ: 'TH', ð: 'd', Ð: 'D' };

const isMark = (c: number) => (c >= 0x300 && c <= 0x36f) || (c >= 0x1ab0 && c <= 0x1aff) || (c >= 0x1dc0 && c <= 0x1dff) || (c >= 0x20d0 && c <= 0x20ff) || (c >= 0xfe20 && c <= 0xfe2f);

/** The folded form of one code point: NFKC, then Latin letters without their accents. */
function computeFold(cp: number): string {
  if (isMark(cp)) return '';
  let out = '';
  for (const ch of String.fromCodePoint(cp).normalize('NFKC')) {
    const c = ch.codePointAt(0) as number;
    if (isMark(c)) continue;
    const special = SPECIAL[ch];
    if (special !== undefined) { out += special; continue; }
    if (LATIN_LOOKALIKE.has(c)) { out += String.fromCharCode(LOOKALIKE.get(c) as number); continue; }
    const base = ch.normalize('NFD').charCodeAt(0);
    // Latin-1 to IPA, and Latin Extended Additional: Vietnamese letters with two marks ("ớ",
    // "ẫ", "ả") are precomposed there, and were left as they are while their one-mark
    // neighbours were folded ("hướng" read "huớng").
    out += base < 0x80 && ((c >= 0xc0 && c < 0x2b0) || (c >= 0x1e00 && c <= 0x1eff)) ? String.fromCharCode(base) : ch;
  }
  return out;
}

/** Scripts NFKC leaves alone and whose letters are not folded: one range test instead of a lookup. */
const unchanged = (cp: number) =>
  (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0x3041 && cp <= 0x30ff) || (cp >= 0x0400 && cp <= 0x04ff) ||
  (cp >= 0x0590 && cp <= 0x05ff) || (cp >= 0x0600 && cp <= 0x064a) || (cp >= 0x0900 && cp <= 0x0963);

/** BMP fold cache: 0 = not computed, -1 = several units (in MULTI), else the one unit + 1 (1 = dropped). */
const BMP = new Int32Array(0x10000);
const MULTI = new Map<number, string>();

/**
 * How a visible non-ASCII code point reads: a single UTF-16 unit (a number; -1 when it is
 * dropped), or a string when it becomes several ("ﬁ" -> "fi", "ß" -> "ss", astral letters).
 */
export function foldLatin(cp: number): number | string {
  if (cp <= 0xffff) {
    if (unchanged(cp)) return cp;
    let v = BMP[cp] as number;
    if (v === 0) {
      const f = computeFold(cp);
      v = f.length === 0 ? 1 : f.length === 1 ? f.charCodeAt(0) + 2 : -1;
      if (v === -1) MULTI.set(cp, f);
      BMP[cp] = v;
    }
    return v === -1 ? (MULTI.get(cp) as string) : v - 2;
  }
  let f = MULTI.get(cp);
  if (f === undefined) MULTI.set(cp, (f = computeFold(cp)));
  return f;
}

const isLetterUnit = (c: number) => ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) || (c >= 0xc0 && c !== 0xd7 && c !== 0xf7 && !(c >= 0x2000 && c <= 0x2bff) && !(c >= 0x3000 && c <= 0x303f) && !(c >= 0xd800 && c <= 0xdfff) && !(c >= 0xff00 && c <= 0xff0f));
const isAsciiLetter = (c: number) => (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;
// Digits only: '@' and '$' would break e-mail addresses and prices, which the rules read.
// A typed table, not an object: a missing key on an object walks the prototype chain, per character.
const LEET = new Uint8Array(128);
for (const [digit, letter] of ['0o', '1i', '3e', '4a', '5s', '7t']) LEET[digit!.charCodeAt(0)] = letter!.charCodeAt(0);
const leet = (c: number) => (c < 128 ? (LEET[c] as number) : 0);

/**
 * Folds look-alikes inside words that are Latin in disguise: a word holding both ASCII letters
 * and look-alikes ("іgnоrе"), or made only of look-alikes and at least 4 long; and leetspeak
 * digits in words that are mostly letters ("1gn0r3", "instruct10ns"), since a word with a
 * letter on each side of a 0 or 3 is not a number. In place: every fold is one unit for one.
 */
export function foldConfusableWords(out: Units): void {
  let i = 0;
  while (i < out.length) {
    const c = out.codeAt(i);
    if (!isLetterUnit(c) && leet(c) === 0) { i++; continue; }
    let end = i, ascii = 0, lookalike = 0, digits = 0, other = 0, beyondHex = 0;
    for (; end < out.length; end++) {
      const u = out.codeAt(end);
      if (isAsciiLetter(u)) { ascii++; if ((u | 0x20) > 0x66) beyondHex++; }
      else if (LOOKALIKE.has(u)) lookalike++;
      else if (leet(u) !== 0) digits++;
      else if (isLetterUnit(u)) other++;
      else break;
    }
    const letters = ascii + lookalike + other;
    const disguised = lookalike > 0 && other === 0 && (ascii > 0 || lookalike >= 4);
    // A word whose letters are all a-f is a hash or an id, not leetspeak.
    const leetspeak = digits > 0 && other === 0 && letters >= 3 && digits <= letters && beyondHex > 0;
    if (disguised || leetspeak) {
      for (let k = i; k < end; k++) {
        const u = out.codeAt(k);
        const to = (disguised ? LOOKALIKE.get(u) : undefined) ?? (leetspeak && leet(u) !== 0 ? leet(u) : undefined);
        if (to !== undefined) out.setCode(k, to);
      }
    }
    i = end === i ? i + 1 : end;
  }
}
