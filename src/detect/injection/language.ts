/**
 * Whether a user's message reads as English: which of the two direct thresholds applies to it
 * (twenty-first round). English requests include role-play and story prompts that wrap a harmless
 * request in a jailbreak's words (WildGuard's), and they hold the English threshold high; a
 * message in another language is held to the bar set by benign messages in other languages
 * (docs/injection.md, "Thresholds by language").
 *
 * A cheap test, not a language identifier: letters beyond ASCII outnumbering ASCII ones, or
 * enough words with almost none of English's commonest function words, make a message "not
 * English", and so does a short one with a word beyond ASCII and no function word; anything
 * else stays English, the higher bar (the one that flags less).
 * One pass over at most SAMPLE units, no regular expression: a few microseconds.
 */

/** Only the start of a long message is looked at (about 150 words): its language seldom changes, and the cost stays flat. */
const SAMPLE = 1024;
/** Fewer words (of two letters or more) than this: too short to count shares. */
const MIN_WORDS = 5;
/** Below this share of function words among its words, a message is in another language (English prose: 0.3-0.5). */
const MIN_SHARE = 0.12;
/** Longer words are no function word: the encoding below holds up to this many letters exactly. */
const MAX_FUNCTION_WORD = 8;

/** A word of ASCII letters, case folded, as one number: five bits a letter, exact (no collisions) up to MAX_FUNCTION_WORD letters. */
const encode = (word: string) => { let k = 0; for (let i = 0; i < word.length; i++) k = k * 32 + ((word.charCodeAt(i) | 32) - 96); return k; };

/**
 * English function words that are not also common words of the other Latin-script languages
 * ("a", "i", "in", "is", "me", "no", "on", "to", "die" are left out: Spanish, Polish, German, Dutch, ...).
 */
const FUNCTION_WORDS = new Set([
  'the', 'and', 'of', 'you', 'your', 'are', 'was', 'were', 'be', 'been', 'being', 'that', 'this', 'these', 'those', 'with',
  'for', 'what', 'how', 'why', 'when', 'where', 'which', 'who', 'can', 'could', 'please', 'my', 'it', 'its', 'not',
  'have', 'has', 'had', 'do', 'does', 'did', 'will', 'would', 'should', 'from', 'about', 'they', 'their', 'them', 'we', 'our',
  'us', 'there', 'an', 'at', 'by', 'if', 'or', 'but', 'all', 'any', 'some', 'just', 'than', 'then', 'into', 'out', 'up',
  'also', 'more', 'now', 'only', 'he', 'she', 'his', 'her', 'him', 'yourself', 'myself', 'one', 'am', 'like', 'each',
].map(encode));

const LETTER = /\p{L}/u;

/** Whether `text` reads as English (see above). */
export function readsAsEnglish(text: string): boolean {
  const n = Math.min(text.length, SAMPLE);
  let ascii = 0, other = 0, words = 0, functionWords = 0, foreignWords = 0;
  // The current word: its length, its encoding, and whether all its letters are ASCII.
  let length = 0, key = 0, plain = true;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 32;
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) {
      ascii++; length++;
      if (length <= MAX_FUNCTION_WORD) key = key * 32 + ((c | 32) - 96);
      continue;
    }
    if (c > 0x7f && LETTER.test(text[i] as string)) { other++; length++; plain = false; continue; }
    // One-letter words are left out: letters spelled out ("b-l-u-e"), initials, and "a", "i", "y", "e",
    // "o" of many languages say nothing of which one it is.
    if (length > 1) {
      words++;
      if (!plain) foreignWords++;
      else if (length <= MAX_FUNCTION_WORD && FUNCTION_WORDS.has(key)) functionWords++;
    }
    length = 0; key = 0; plain = true;
  }
  if (other > ascii) return false;
  // Too short to count shares: English, unless a word has a letter beyond ASCII and none is a function word ("Näytä järjestelmäkehotteesi.").
  if (words < MIN_WORDS) return foreignWords === 0 || functionWords > 0;
  return functionWords / words >= MIN_SHARE;
}
