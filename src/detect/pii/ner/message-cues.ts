/**
 * Cues from how people are written about in messages, letters, tickets and notes, beside those of
 * cues.ts. names.ts asks them about a capitalised chain:
 *   - a person: "Rashid, who confirmed" (things take "which"), a signature under "Thanks," or
 *     "Kind regards,", a job title on the line below ("Karin Beike\nLeasing consultant"), "Okeke is
 *     a 67-year-old man" (an age is said of people);
 *   - a firm or a product: "Coden is a design agency", "Zendesk is a support platform";
 *   - no one: a month used as a date ("30 June", "since April"), a disease, law or prize named
 *     after someone ("Parkinson disease", "Murphy's law"), a saint's name in a place's or an
 *     institution's ("St. Mary's Hospital"), an adverb opening a sentence ("Honestly, ...").
 * Each looks a few tokens from the chain, within what sparse.ts tokenizes around it.
 */
import { isPossessiveS } from './cues.ts';
import { L_ROLE, lex } from './lexicon.ts';
import { ALNUM, F_CAP, F_NEWLINE, isChar, lowerOf, NUM, type Tokens } from './tokens.ts';
import { isWord } from './words.ts';

const COMMA = 44, HYPHEN = 45, DOT = 46, SLASH = 47;

const RELATIVE_PEOPLE = new Set(['who', 'whom']);
/**
 * "Rashid, who confirmed ...", "the nurse Ayo who called": a relative pronoun only people take
 * (things take "which") from token `next` on, after a comma or at once.
 */
export function whoAfter(t: Tokens, next: number): boolean {
  const k = isChar(t, next, COMMA) ? next + 1 : next;
  return isWord(t, k) && t.end[k]! - t.start[k]! <= 4 && RELATIVE_PEOPLE.has(lowerOf(t, k));
}

/** Words that close a letter or a message before the writer's name on the next line: "Thanks,\nAisling", "Kind regards,\nTom". */
const SIGN_OFFS = new Set(['thanks', 'thank', 'thx', 'regards', 'best', 'cheers', 'sincerely', 'wishes', 'yours', 'faithfully', 'truly', 'warmly', 'respectfully', 'love']);
/** The chain opens a line right after a sign-off ("Best,", "Many thanks", "Regards -"): the writer's signature. */
export function afterSignOff(t: Tokens, first: number): boolean {
  if ((t.flags[first]! & F_NEWLINE) === 0) return false;
  let k = first - 1;
  if (isChar(t, k, COMMA) || isChar(t, k, HYPHEN)) k--;
  if (!isWord(t, k) || !SIGN_OFFS.has(lowerOf(t, k))) return false;
  // The sign-off's line holds at most three words ("Kind regards,", "All the best,"), not a sentence that ends in "best".
  for (let j = k, words = 0; ; j--) {
    if (isWord(t, j)) words++;
    if (words > 3) return false;
    if (j === 0 || (t.flags[j]! & F_NEWLINE) !== 0) return true;
  }
}

/**
 * A job title on the next line, as under a signature or a letter's address ("Karin M. Beike\n
 * Leasing consultant", "Thomas Svendsen\nAssistant property manager"): a short line (at most
 * five words) holding a role noun.
 */
export function titleLineAfter(t: Tokens, next: number): boolean {
  if (!isWord(t, next) || (t.flags[next]! & F_NEWLINE) === 0) return false;
  for (let j = next; j < next + 5 && isWord(t, j); j++) {
    if (j > next && (t.flags[j]! & F_NEWLINE) !== 0) return false;
    if ((lex(t, j) & L_ROLE) !== 0) return j + 1 >= t.count || (t.flags[j + 1]! & F_NEWLINE) !== 0 || isWord(t, j + 1);
  }
  return false;
}

/** An age written as one token: "67-year-old", "45yo", "45-y/o". */
const AGE_WORD = /^\d{1,3}-?(?:years?|yrs?)-?old$|^\d{1,3}-?y\/?o$/;
/**
 * An age from token `next` on, after "is a" or ", a": "is a 67-year-old man", ", a 45 year old
 * nurse". Said of people (and pets). A bare number (", 34,") is not asked: too often a quantity.
 */
export function ageAfter(t: Tokens, next: number): boolean {
  let k = next;
  if (isChar(t, k, COMMA)) k++;
  else if (isWord(t, k) && (lowerOf(t, k) === 'is' || lowerOf(t, k) === 'was')) k++;
  else return false;
  if (!isWord(t, k) || (lowerOf(t, k) !== 'a' && lowerOf(t, k) !== 'an')) return false;
  k++;
  if (t.kind[k] === ALNUM) return AGE_WORD.test(lowerOf(t, k)); // "67-year-old" is one token
  if (t.kind[k] !== NUM) return false;
  k++;
  if (isChar(t, k, HYPHEN)) k++;
  if (!isWord(t, k)) return false;
  const unit = lowerOf(t, k);
  if (unit === 'yo' || unit === 'y') return true; // "a 45 yo", "a 45 y/o"
  if (unit !== 'year' && unit !== 'years') return false;
  if (isChar(t, k + 1, HYPHEN)) k++;
  return isWord(t, k + 1) && lowerOf(t, k + 1) === 'old';
}

const MONTHS = new Set(['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']);
/** Words of time before a month: "since April", "until June", "early May", "the 4th of July". */
const BEFORE_MONTH = new Set(['in', 'since', 'until', 'till', 'during', 'early', 'mid', 'late', 'next', 'last', 'this', 'every', 'each', 'of', 'before', 'after', 'through']);
/**
 * A month's name used as a date: beside a number ("30 June", "June 3", "June 2024") or after a
 * word of time ("since April"). April, May, June and August are first names too; as dates they
 * are no one.
 */
export function monthAsDate(t: Tokens, first: number, next: number): boolean {
  if (!MONTHS.has(lowerOf(t, first))) return false;
  if (t.kind[first - 1] === NUM || t.kind[next] === NUM) return true;
  return isWord(t, first - 1) && BEFORE_MONTH.has(lowerOf(t, first - 1));
}

/** What is named after a person without being one: "Parkinson disease", "Murphy's law", "Glasgow Coma Scale". */
const EPONYM_NOUNS = new Set(['disease', 'syndrome', 'lymphoma', 'palsy', 'sign', 'law', 'laws', 'theorem', 'principle', 'effect', 'scale', 'score', 'equation', 'algorithm', 'prize', 'award', 'medal']);
/** The chain names a disease, a law or a prize after someone, by the word after it (or after its "'s"). */
export function eponymAfter(t: Tokens, next: number): boolean {
  const k = isPossessiveS(t, next) ? next + 2 : next;
  return isWord(t, k) && EPONYM_NOUNS.has(lowerOf(t, k)) && (t.flags[k]! & F_NEWLINE) === 0;
}

/** "St. Mary's Hospital", "Saint Lucia", "St John's Wood": a saint's name in a place's or an institution's. */
export function afterSaint(t: Tokens, first: number): boolean {
  let k = first - 1;
  if (isChar(t, k, DOT)) k--;
  if (!isWord(t, k)) return false;
  const w = lowerOf(t, k);
  return (w === 'st' || w === 'saint' || w === 'ste' || w === 'san' || w === 'santa') && !isChar(t, k - 1, SLASH);
}

/** Adverb endings: a capitalised word with one, opening a sentence, is an adverb ("Honestly,", "Unfortunately"), not a name. */
const ADVERB_ENDING = /(?:ally|ately|ively|ously|ently|antly|estly|fully|ably|ibly|ckly|arly)$/;
export const adverbLike = (lower: string): boolean => lower.length > 5 && ADVERB_ENDING.test(lower);

/** What a firm or a product is said to be ("a design agency", "an open-source library"). */
const FIRM_NOUNS = new Set(`
  company companies agency firm startup business brand bank manufacturer retailer supplier vendor provider platform service app
  application tool library framework package product restaurant cafe hotel shop store chain band organisation organization
  nonprofit charity foundation consultancy marketplace website site network airline carrier insurer`.split(/\s+/).filter((w) => w.length > 0));
/**
 * "Coden is a design agency", "Zendesk is a support platform": what the chain is, said after
 * "is a", names a firm or a product, within three lowercase words. A role first ("is a bank
 * teller", "is a nurse") says a person, and the search stops.
 */
export function firmAfter(t: Tokens, next: number): boolean {
  if (!isWord(t, next) || (lowerOf(t, next) !== 'is' && lowerOf(t, next) !== 'was')) return false;
  const k = next + 1;
  if (!isWord(t, k) || (lowerOf(t, k) !== 'a' && lowerOf(t, k) !== 'an')) return false;
  for (let j = k + 1; j <= k + 3 && isWord(t, j) && (t.flags[j]! & F_CAP) === 0; j++) {
    if ((lex(t, j) & L_ROLE) !== 0) return false;
    if (FIRM_NOUNS.has(lowerOf(t, j))) return !(isWord(t, j + 1) && (lex(t, j + 1) & L_ROLE) !== 0);
  }
  return false;
}
