/**
 * Street addresses, found from their numbers outwards. Every postal address carries a number
 * (house, box or postal code), so the search starts only at number tokens and looks a few
 * tokens around each for the shape of a street:
 *   - US/UK: house number, name words, a USPS street suffix ("221 Baker Street", "5 Main St").
 *   - Continental: a street word before the name ("Rua do Arenque 12", "ul. Miła 53"), after it
 *     ("Kálmán Imre u. 12", "Stensås terrasse 38") or inside it ("Søndergade 52"), then the number.
 *   - Boxes: "P.O. Box 149", "PSC 0413, Box 8144", "Unit 4719 Box 7394", "APO AA 42323".
 *   - Bare "Name 12" (most of Europe writes no suffix) only scores enough with more evidence:
 *     a unit, a locality line or a postal code after it, or address words nearby (context).
 * From the street it extends over units ("Apt. 4", "Suite 210") and up to four locality parts
 * (city, state code, postal code, country), separated by commas or line breaks.
 */
import {
  L_COMMON, L_PARTICLE, L_PLACE, L_STREET_AFTER, L_STREET_PREFIX, L_STREET_SUFFIX, L_UNIT, lex, PLACES, STATE_CODES, STREET_ENDINGS,
} from './lexicon.ts';
import { ALNUM, F_CAP, F_FOREIGN, F_NEWLINE, F_UPPER, glued, isChar, lowerOf, NUM, PUNCT, textOf, type Tokens, WORD } from './tokens.ts';

export interface Span {
  readonly start: number;
  readonly end: number;
  readonly score: number;
  /** First and last token covered. */
  readonly first: number;
  readonly last: number;
}

const DOT = 46, COMMA = 44, HASH = 35, LPAREN = 40, RPAREN = 41, HYPHEN = 45;
const DIRECTIONS = new Set(['n', 's', 'e', 'w', 'ne', 'nw', 'se', 'sw', 'north', 'south', 'east', 'west']);
const MILITARY = new Set(['APO', 'FPO', 'DPO']);
const SHIPS = new Set(['USNS', 'USNV', 'USS', 'USCGC']);
const LABEL_WORDS = new Set(['mobile', 'phone', 'tel', 'fax', 'email', 'e-mail', 'desk', 'cell', 'website', 'web', 'date', 'name', 'dob']);

const isWord = (t: Tokens, i: number) => i >= 0 && i < t.count && t.kind[i] === WORD;
const isNum = (t: Tokens, i: number) => i >= 0 && i < t.count && t.kind[i] === NUM;
const digitsOf = (t: Tokens, i: number) => t.end[i]! - t.start[i]!;
const sameLine = (t: Tokens, i: number) => (t.flags[i]! & F_NEWLINE) === 0;
/** A name-like word: capitalised, or any word when the whole message is in lowercase. */
const isNameWord = (t: Tokens, i: number, caseless: boolean) =>
  isWord(t, i) && ((t.flags[i]! & (F_CAP | F_UPPER | F_FOREIGN)) !== 0 || caseless) && !(caseless && (lex(t, i) & (L_COMMON | L_PARTICLE)) === L_COMMON);
/** A street word, even in lowercase ("u.", "ul.", "terrasse", "street"). */
const isStreetWord = (t: Tokens, i: number) => isWord(t, i) && (lex(t, i) & (L_STREET_SUFFIX | L_STREET_AFTER | L_STREET_PREFIX)) !== 0;
/** Either half of a decimal number ("40.7128", "2.5"): a measurement, never a house number. */
const isDecimalPart = (t: Tokens, i: number) =>
  (isChar(t, i + 1, DOT) && glued(t, i + 1) && isNum(t, i + 2) && glued(t, i + 2))
  || (isChar(t, i - 1, DOT) && glued(t, i - 1) && glued(t, i) && isNum(t, i - 2));
const isHouseNumber = (t: Tokens, i: number) =>
  (isNum(t, i) && digitsOf(t, i) <= 6 && !isDecimalPart(t, i)) || (i >= 0 && i < t.count && t.kind[i] === ALNUM && /^\d{1,5}[a-rt-z]?$/i.test(textOf(t, i))); // not "70s"
/** Token i, plus a glued '.' after it when there is one ("St." "u."). */
const withDot = (t: Tokens, i: number) => (isChar(t, i + 1, DOT) && !(t.flags[i + 1]! & 16) ? i + 1 : i);

function hasStreetEnding(word: string): boolean {
  for (const ending of STREET_ENDINGS) if (word.length > ending.length + 2 && word.endsWith(ending)) return true;
  return false;
}

export function findAddresses(t: Tokens, caseless: boolean): Span[] {
  const found: Span[] = [];
  let after = -1; // tokens up to here are already inside an address
  for (let i = 0; i < t.count; i++) {
    if (i <= after || (t.kind[i] !== NUM && t.kind[i] !== ALNUM && t.kind[i] !== WORD)) continue;
    const kind = t.kind[i];
    // Words open an address only as a box ("PO Box", "PSC", "Unit"), always capitalised in cased text.
    if (kind === WORD && !caseless && (t.flags[i]! & (F_CAP | F_UPPER)) === 0) continue;
    const core = kind === WORD ? boxAt(t, i, caseless) : streetAt(t, i, caseless);
    if (core === undefined) continue;
    const span = extend(t, core, caseless);
    if (span.score <= 0) continue;
    found.push(span);
    after = span.last;
  }
  return found;
}

interface Core { first: number; last: number; score: number; strong: boolean }

/** "P.O. Box 12", "PO Box 12", "Postbox 12", "PSC 0413, Box 8144", "Unit 4719 Box 7394", "USNV Botolen". */
function boxAt(t: Tokens, i: number, caseless: boolean): Core | undefined {
  // Only words starting with P, U or C (PSC, PO, Unit, CMR, USNS) can open one: one compare for most words.
  const raw = t.text.charCodeAt(t.start[i]!);
  const c = caseless ? raw & ~32 : raw;
  if (c !== 80 && c !== 85 && c !== 67) return undefined;
  const word = textOf(t, i);
  const upper = word.toUpperCase();
  if (upper === 'PSC' || upper === 'UNIT' || upper === 'CMR') {
    if (!isNum(t, i + 1)) return undefined;
    let j = i + 2;
    if (isChar(t, j, COMMA)) j++;
    if (!(isWord(t, j) && lowerOf(t, j) === 'box' && isNum(t, j + 1))) return undefined;
    return { first: i, last: j + 1, score: 0.85, strong: true };
  }
  if (upper === 'P' && isChar(t, i + 1, DOT) && textOf(t, i + 2).toUpperCase() === 'O') {
    const j = isChar(t, i + 3, DOT) ? i + 4 : i + 3;
    if (textOf(t, j).toLowerCase() === 'box' && isHouseNumber(t, j + 1)) return { first: i, last: j + 1, score: 0.85, strong: true };
  }
  if ((upper === 'PO' || upper === 'POSTBOX' || upper === 'POBOX') && isHouseNumber(t, upper === 'PO' ? i + 2 : i + 1)) {
    if (upper !== 'PO') return { first: i, last: i + 1, score: 0.8, strong: true };
    if (textOf(t, i + 1).toLowerCase() === 'box') return { first: i, last: i + 2, score: 0.85, strong: true };
  }
  if (raw === 85 && SHIPS.has(word) && isWord(t, i + 1) && MILITARY.has(textOf(t, i + 2)) && (t.flags[i + 2]! & F_NEWLINE) !== 0) {
    return { first: i, last: i + 1, score: 0.8, strong: true };
  }
  return undefined;
}

/** A street around the number token i: the number first (US) or last (continental). */
function streetAt(t: Tokens, i: number, caseless: boolean): Core | undefined {
  if (!isHouseNumber(t, i)) return undefined;
  // Number first: up to five name words (or ordinals, "3911 Fourth Avenue"), then a suffix.
  let j = i + 1;
  if (isHouseNumber(t, j) && sameLine(t, j)) j++; // "2450 Crown St" after a postal code or flat number
  const nameStart = j;
  let prefixWord = false;
  let commonWords = 0;
  for (let words = 0; words < 6 && j < t.count && sameLine(t, j); words++, j++) {
    if (isChar(t, j, DOT) && glued(t, j) && isWord(t, j - 1)) { words--; continue; } // "Λ." "ul." abbreviations
    const bits = isWord(t, j) ? lex(t, j) : 0;
    if (!isNameWord(t, j, caseless) && !isStreetWord(t, j) && !(t.kind[j] === ALNUM && words === 0) && !(words > 0 && (bits & L_PARTICLE) !== 0)) break;
    if (isNameWord(t, j, caseless) && (bits & (L_COMMON | L_PARTICLE | L_STREET_PREFIX | L_STREET_SUFFIX)) === L_COMMON) commonWords++;
    if (words === 0 && (bits & L_STREET_PREFIX) !== 0) prefixWord = true;
    if (j > nameStart && (bits & L_STREET_SUFFIX) !== 0) {
      return { first: i, last: withDot(t, j), score: 0.8, strong: true };
    }
    if (j > nameStart && (bits & L_STREET_AFTER) !== 0 && isHouseNumber(t, withDot(t, j) + 1)) {
      return { first: i, last: withDot(t, j) + 1, score: 0.8, strong: true };
    }
    if (hasStreetEnding(lowerOf(t, j)) && isHouseNumber(t, j + 1)) return { first: i, last: j + 1, score: 0.8, strong: true };
  }
  // "12 rue de Rivoli", "76 Boulevard de Normandie": a number, a street word, then its name.
  if (prefixWord && j > nameStart + 1 && !isNum(t, j)) return { first: i, last: lastWordBefore(t, j), score: 0.75, strong: true };
  // "20789 Allika 46": number, name words, number: continental street after a postal code or flat number.
  if (j > nameStart && isNum(t, j) && sameLine(t, j) && digitsOf(t, j) <= 5 && (prefixWord || commonWords === 0)) {
    return { first: i, last: j, score: prefixWord ? 0.8 : 0.55, strong: prefixWord };
  }
  // Number last: walk back over name words to a street word, or to the start of the name.
  let k = i - 1;
  if (isChar(t, k, DOT) && glued(t, k)) k--;
  let marker = false;
  let first = -1;
  let common = 0;
  const inName = (k: number, words: number) => isNameWord(t, k, caseless) || isStreetWord(t, k)
    || (words > 0 && isWord(t, k) && (lex(t, k) & L_PARTICLE) !== 0 && (isNameWord(t, k - 1, caseless) || isStreetWord(t, k - 1))); // "Rua do Arenque"
  for (let words = 0; words < 5 && k >= 0 && sameLine(t, k + 1) && inName(k, words); words++, k--) {
    const bits = lex(t, k);
    if ((bits & (L_STREET_AFTER | L_STREET_PREFIX)) !== 0 || hasStreetEnding(lowerOf(t, k))) marker = true;
    else if ((bits & (L_COMMON | L_PARTICLE)) === L_COMMON) common++;
    first = k;
    if ((bits & L_STREET_PREFIX) !== 0 && words > 0) break;
    if ((t.flags[k]! & F_NEWLINE) !== 0) break;
    if (isChar(t, k - 1, DOT) && glued(t, k - 1) && isWord(t, k - 2)) k -= 1; // "Avda. Rio Nalon"
  }
  if (first < 0 || digitsOf(t, i) > 5) return undefined;
  if ((lex(t, first) & L_COMMON) !== 0 && !marker && first === i - 1) return undefined; // "Chapter 5", "Windows 10"
  if (!marker && (!isNameWord(t, first, caseless) || common > 0)) return undefined; // "Of The 70s"
  // Without a street word, a number run on by another ("Aadhaar 2345 6789 0123") is an identifier.
  if (!marker && isNum(t, i + 1) && sameLine(t, i + 1)) return undefined;
  // A number just before the name ("4844 Søndergade 52") belongs to the address.
  const lead = isHouseNumber(t, first - 1) && sameLine(t, first) && !isChar(t, first - 2, COMMA) ? first - 1 : first;
  const last = isChar(t, i + 1, DOT) && glued(t, i + 1) ? i + 1 : i;
  return marker ? { first: lead, last, score: 0.8, strong: true } : { first: lead, last, score: lead < first ? 0.55 : 0.35, strong: false };
}

const lastWordBefore = (t: Tokens, j: number) => { let k = j - 1; while (k > 0 && !isWord(t, k)) k--; return k; };

/** Skips a bullet at the start of a line ("• ", "- ", "??? "): the line's content follows it. */
function skipBullet(t: Tokens, j: number): number {
  if (j >= t.count || (t.flags[j]! & F_NEWLINE) === 0 || t.kind[j] !== PUNCT || isChar(t, j, COMMA) || isChar(t, j, HASH)) return j;
  let k = j;
  while (k < t.count && t.kind[k] === PUNCT && k - j < 4 && (k === j || glued(t, k))) k++;
  // The word after the bullet starts the line: mark it so, for the line rules here and in names.ts.
  if (k < t.count && t.kind[k] !== PUNCT && (t.flags[k]! & F_NEWLINE) === 0) t.flags[k] = t.flags[k]! | F_NEWLINE;
  return k;
}

/** Extends a street over units and locality parts, and scores the whole. */
function extend(t: Tokens, core: Core, caseless: boolean): Span {
  let last = core.last;
  let score = core.score;
  let evidence = 0;
  // Direction and unit designators: "Street NW", "Apt. 4", "Suite 210", "#12".
  for (let step = 0; step < 4; step++) {
    let j = skipBullet(t, last + 1);
    if (isChar(t, j, COMMA)) j++;
    if (j >= t.count) break;
    const lower = t.kind[j] === WORD ? lowerOf(t, j) : '';
    if (step === 0 && DIRECTIONS.has(lower) && (t.flags[j]! & F_UPPER) !== 0) { last = withDot(t, j); continue; }
    if ((t.kind[j] === WORD && (lex(t, j) & L_UNIT) !== 0) || isChar(t, j, HASH)) {
      let k = withDot(t, j) + 1;
      if (isChar(t, k, HASH)) k++;
      if (k < t.count && (t.kind[k] === NUM || t.kind[k] === ALNUM || (t.kind[k] === WORD && t.end[k]! - t.start[k]! === 1))) {
        last = k; evidence++; continue;
      }
    }
    break;
  }
  // Locality parts: city, state code, postal code, country.
  for (let part = 0; part < 4; part++) {
    const next = locality(t, last + 1, caseless, part === 0 && evidence > 0);
    if (next === undefined) break;
    last = next.last;
    evidence += next.weight;
  }
  if (core.strong) score += evidence > 0 ? 0.1 : 0;
  else if (evidence >= 2) score += 0.35;
  else if (evidence === 1) score += 0.2;
  // A dot glued to a house number is part of it ("u. 15."); after a postal code it ends the sentence.
  if (last === core.last && last + 1 < t.count && isChar(t, last + 1, DOT) && glued(t, last + 1) && t.kind[last] === NUM) last++;
  return { start: t.start[core.first]!, end: t.end[last]!, score: Math.min(score, 0.95), first: core.first, last };
}

interface Part { last: number; weight: number }

/**
 * One locality part starting at token i (after a comma, a line break or a space): returns the
 * last token it covers and how much it says "address" (a postal code or state says more than a
 * capitalised word), or nothing when what follows is not part of the address.
 */
function locality(t: Tokens, i: number, caseless: boolean, afterUnit: boolean): Part | undefined {
  i = skipBullet(t, i);
  if (i >= t.count) return undefined;
  let j = i;
  let separated = (t.flags[j]! & F_NEWLINE) !== 0;
  if (isChar(t, j, COMMA)) { separated = true; j++; }
  if (j >= t.count) return undefined;
  if ((t.flags[j]! & F_NEWLINE) !== 0) separated = true;
  let last = -1;
  let weight = 0;
  let names = 0, commonNames = 0;
  // City words ("Colorado Springs", "ΑΓΙΟΣ ∆ΟΜΕΤΙΟΣ", "Mora de Rubielos", "Cyprus (Greek)").
  while (j < t.count && names < 5) {
    if (names > 0 && (t.flags[j]! & F_NEWLINE) !== 0) break;
    if (isChar(t, j, LPAREN) && isWord(t, j + 1) && isChar(t, j + 2, RPAREN)) { last = j + 2; j += 3; continue; }
    if (names > 0 && isChar(t, j, HYPHEN) && glued(t, j) && isWord(t, j + 1)) { last = j + 1; j += 2; continue; }
    if (!isWord(t, j) && !(t.kind[j] === PUNCT && t.text.charCodeAt(t.start[j]!) === 0x2206)) break;
    const flags = t.flags[j]!;
    const lower = lowerOf(t, j);
    const bits = lex(t, j);
    const upper = (flags & F_UPPER) !== 0;
    if (upper && t.end[j]! - t.start[j]! <= 3 && names === 0 && !isWord(t, j + 1)) break; // a state code, below
    if (!(flags & (F_CAP | F_UPPER | F_FOREIGN)) && !(names > 0 && (bits & L_PARTICLE) !== 0) && !(caseless && (bits & L_PLACE) !== 0)) break;
    if (LABEL_WORDS.has(lower) && isChar(t, j + 1, 58)) break; // "Mobile:"
    if ((bits & L_COMMON) !== 0 && !upper) commonNames++;
    names++; last = j; j++;
  }
  if (isChar(t, j, 58)) return undefined; // "Name:" starts a field, not a city
  if (names > 0) weight += names === commonNames ? 0 : 1;
  // State or region code: "CO", ", ON", "QC".
  let k = isChar(t, j, COMMA) ? j + 1 : j;
  if (k < t.count && (t.flags[k]! & F_UPPER) !== 0 && t.end[k]! - t.start[k]! <= 3 && (t.flags[k]! & F_NEWLINE) === 0
    && (STATE_CODES.has(textOf(t, k)) || isNum(t, k + 1))) { last = k; weight += 2; j = k + 1; }
  // Postal code: "64677", "12345-6789", "SW1A 1AA", "K1A 0B1".
  if (j < t.count && (t.flags[j]! & F_NEWLINE) === 0 || (last < 0 && j < t.count)) {
    if (isNum(t, j) && digitsOf(t, j) >= 4 && digitsOf(t, j) <= 6) {
      last = j; weight += 2; j++;
      if (isChar(t, j, HYPHEN) && isNum(t, j + 1) && digitsOf(t, j + 1) === 4) { last = j + 1; j += 2; }
    } else if (t.kind[j] === ALNUM && t.kind[j + 1] === ALNUM && /^[A-Z]{1,2}\d[A-Z\d]?$|^[A-Z]\d[A-Z]$/.test(textOf(t, j))) {
      last = j + 1; weight += 2; j += 2;
    }
  }
  // Country after the postal code ("... 25173\n Austria").
  if (last < 0) return undefined;
  const place = names > 0 && names <= 4 && PLACES.has(t.text.slice(t.start[i + (isChar(t, i, COMMA) ? 1 : 0)]!, t.end[last]!).toLowerCase());
  if (place) weight += 1;
  // Without a comma or line break, only a postal code, a state code or a known place continues it.
  // After a unit ("Suite 019 CHARLEROI"), a capitalised place on the same line is the city.
  if (!separated && weight < 2 && !place && !(afterUnit && weight > 0)) return undefined;
  if (weight === 0) return undefined;
  return { last, weight: Math.min(weight, 2) };
}
