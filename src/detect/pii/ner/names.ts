/**
 * People, places and organisations from capitalised word sequences ("chains") and the words
 * around them, the way a reader tells them apart, with two small models (a word's spelling, a chain's context):
 *   - a title or a phrase before it ("Dr.", "my name is", "patient") makes a chain a person;
 *   - a known first name followed by another name word is a person ("Maria Gonzalez");
 *   - a known place, or a chain after "in", "from", "flew to", is a place;
 *   - a known organisation, or a chain ending in "Inc", "Bank", "University", is an organisation;
 *   - ordinary English words are trimmed off (sentence starts, headings: "Entertainment Weekly");
 *   - a name addressed ("Anna, can you...", "Don't go, Roy!") is a person;
 *   - what reads as a street ("the corner of Main and Elm"), a town after an address, a product
 *     ("OpenAI SDK", "Google Pixel") or an identifier ("query_emr") is not.
 * What no rule settles is weighed by a small model (person-context.ts): a logistic regression over
 * what is known of the chain (its words' lists, its length, the spelling of a word no list knows,
 * name-likeness.ts: "Tomomi" reads as a name, "Xignite" does not) and around it (the cues of
 * cues.ts before and after it: a verb only people do, "has just said", a role, "Katrine is our
 * accountant", a personal pronoun ahead, "we hired ...", "is tired"; what makes a word a thing,
 * "the Hono app", "`NaN`", technical text; and message-cues.ts: "Rashid, who ...", a signature
 * under "Thanks,", a job title on the next line, an age; the sentence's start, a list, a colon). Its weights are learnt by
 * scripts/train-person-context.ts; they replace the hand-set score sums of earlier versions. A few
 * shapes stay rules, being certain: a field's label ("Billing Details:"), a street, a town after an
 * address, a month as a date ("30 June"), an eponym ("Parkinson disease"), "X is a design agency". Then relate.ts relates the text's mentions: a word of a confident full name seen alone
 * is that person again, the items of a list with people in it are people, and so are a
 * transcript's speakers; a list of names after "at" or "from" is a firm named after its partners.
 * Messages written all in lowercase have no capitals to go on: there only a known first name
 * (not a rare one) followed by a word that is not an ordinary one, a rare first name followed by a
 * surname ("aksel kristensen"), a known first name alone before what only people do ("selma is
 * from ..."), or a word spelt like a name after a strong cue ("my name is ..."), counts.
 */
import {
  L_AFTER_NAME_CUE, L_AMBIGUOUS_FIRST, L_AMBIGUOUS_PLACE, L_COMMON, L_DEMONYM, L_FIRST, L_LAST, L_MOTION, L_MULTI_START, L_ORG, L_ORG_WORD,
  L_PARTICLE, L_PLACE, L_PLACE_CUE, L_PLACE_WORD, L_RARE_FIRST, L_ROLE, L_CUE_END, L_BOX, L_TITLE, L_WEAK_NAME_CUE, isRareFirstName, lex, ORG_CUES, ORGANIZATIONS, PLACES,
  STRONG_NAME_CUES, WEAK_PLACE_CUES,
} from './lexicon.ts';
import { camelCase, isFrom, personStateAround, personVerbAfterAuxiliary, personVerbBefore, pronounAhead, roleAfter, roleBefore, speaksOfPeople, TECHNOLOGIES, technical, thingContext } from './cues.ts';
import { adverbLike, afterSaint, afterSignOff, ageAfter, eponymAfter, firmAfter, monthAsDate, titleLineAfter, whoAfter } from './message-cues.ts';
import { meanLikeness, nameLikeness } from './name-likeness.ts';
import { relate } from './relate.ts';
import { type PersonFacts, personScore } from './person-context.ts';
import { F_CAP, F_FOREIGN, F_NEWLINE, F_UPPER, GAP, glued, isChar, lowerOf, NUM, PUNCT, type Tokens, WORD } from './tokens.ts';
import { type Chain, type Entity, inList, isCapWord, isCommon, isInitial, isWord, opensAfter, wordBefore } from './words.ts';

export type { Entity } from './words.ts';


const DOT = 46, COLON = 58, COMMA = 44, UNDERSCORE = 95, BANG = 33, QUESTION = 63, APOSTROPHE = 39, RIGHT_QUOTE = 0x2019;
/** Words that open a request or question after a name and a comma ("Anna, can you ..."). */
const VOCATIVE_NEXT = new Set(['can', 'could', 'would', 'will', 'please', 'i', "i'm", 'you', 'we', 'do', 'did', 'are', 'have', 'is', 'how', 'what', 'where', 'when', 'why', 'who', 'let', "let's", 'listen', 'look', 'thanks', 'thank', 'come', 'wait', 'stop', 'remember', 'tell', 'don\'t']);
const SENTENCE_END = new Set(['.', '!', '?', ':', ';', '"', '“', '”', '(', '[', '-', '–', '—', '•', '*', '>', '|']);
const MAX_CHAIN = 5;

/** Cue phrases indexed by their last word, so checking a chain costs one map lookup. */
function byLastWord(cues: readonly (readonly string[])[]): Map<string, (readonly string[])[]> {
  const map = new Map<string, (readonly string[])[]>();
  for (const cue of cues) {
    const last = cue[cue.length - 1]!;
    map.set(last, [...(map.get(last) ?? []), cue]);
  }
  return map;
}
const STRONG_CUES = byLastWord(STRONG_NAME_CUES);
const ORG_CUE_MAP = byLastWord(ORG_CUES);

const tokenText = (t: Tokens, i: number) => (t.kind[i] === PUNCT ? t.text[t.start[i]!]! : lowerOf(t, i));

/** Whether the tokens before `i` end with `cue` (lowercase words, punctuation as itself). */
function endsWith(t: Tokens, i: number, cue: readonly string[]): boolean {
  let k = i - 1;
  for (let c = cue.length - 1; c >= 0; c--, k--) {
    if (k < 0 || tokenText(t, k) !== cue[c]) return false;
  }
  return true;
}

function matchesCue(t: Tokens, i: number, cues: Map<string, (readonly string[])[]>): boolean {
  if (i === 0) return false;
  const candidates = cues.get(tokenText(t, i - 1));
  if (candidates === undefined) return false;
  for (const cue of candidates) if (endsWith(t, i, cue)) return true;
  return false;
}

function atSentenceStart(t: Tokens, i: number): boolean {
  return opensAfter(t, i, SENTENCE_END);
}

/** The word "I" written as the pronoun: a capital I alone before a lowercase word ("I said"), not an initial ("John I. Smith", "Mary I Kent"). */
function isPronounI(t: Tokens, i: number): boolean {
  return isWord(t, i) && t.end[i]! - t.start[i]! === 1 && t.text.charCodeAt(t.start[i]!) === 73 && isWord(t, i + 1) && (t.flags[i + 1]! & (F_CAP | F_UPPER)) === 0;
}

/** Sees the facts of every chain the context model weighs, with its character span (training only: scripts/train-person-context.ts). */
export type PersonObserver = (facts: PersonFacts, start: number, end: number) => void;

export function findNames(t: Tokens, caseless: boolean, covered: Uint8Array, observe?: PersonObserver): Entity[] {
  const chains: Chain[] = [];
  let i = 0;
  while (i < t.count) {
    if (covered[i] === 1 || !isWord(t, i) || !(caseless ? (lex(t, i) & (L_FIRST | L_RARE_FIRST)) === L_FIRST || matchesCue(t, i, STRONG_CUES) || rareNameAndSurname(t, i) : isCapWord(t, i))) { i++; continue; }
    // Grow the chain over name words, initials ("M." "J") and inner particles ("van", "del").
    let end = i;
    let size = 1;
    for (let j = i + 1; j < t.count && size < MAX_CHAIN; j++) {
      if (covered[j] === 1 || (t.flags[j]! & F_NEWLINE) !== 0) break;
      if (isChar(t, j, DOT) && glued(t, j) && isInitial(t, j - 1)) continue; // the dot of "M."
      // The pronoun "I" starts the next clause ("Tell Oluwaseun I said hi"): the name ends before it.
      if (!caseless && isPronounI(t, j)) break;
      if (caseless ? isWord(t, j) && (caselessNameWord(t, j, size === 1 && (lex(t, i) & L_FIRST) !== 0) || t.end[j]! - t.start[j]! === 1) : isCapWord(t, j)) { end = j; size++; continue; }
      // A particle or two before the next name word: "van Beethoven", "van de Noort", "de la Cruz".
      if (isWord(t, j) && (lex(t, j) & L_PARTICLE) !== 0 && (caseless || isCapWord(t, j + 1) || (isWord(t, j + 1) && (lex(t, j + 1) & L_PARTICLE) !== 0 && isCapWord(t, j + 2)))) continue;
      break;
    }
    // Most capitalised words in prose are sentence starts ("The", "Please"): skip them cheaply.
    if (end === i && isCommon(t, i) && !matchesCue(t, i, STRONG_CUES) && !inList(t, i)) { i++; continue; }
    const chain = classify(t, i, end, caseless, covered, observe);
    if (chain !== undefined) chains.push(chain);
    i = end + 1;
  }
  if (chains.length > 1) relate(t, chains);
  const found: Entity[] = [];
  for (const c of chains) {
    if (c.score < 0.05) continue;
    let end = t.end[c.last]!;
    if (c.type === 'ORGANIZATION' && isChar(t, c.last + 1, DOT) && glued(t, c.last + 1) && /^(inc|corp|co|ltd)$/.test(lowerOf(t, c.last))) end++;
    found.push({ type: c.type, start: t.start[c.first]!, end, score: Math.min(0.95, Math.round(c.score * 100) / 100) });
  }
  return found;
}

const NAME_BITS = L_FIRST | L_LAST | L_PLACE;
const ROMAN = /^(?:i|ii|iii|iv|v|vi|vii|viii|ix|x|xi|xii|xiii|xiv|xv|xx)$/;
/** English derivational endings: a word with one is vocabulary ("Cautionary", "Discipline"), not a name. */
const ENGLISH_ENDING = /(?:tion|sion|ness|ment|ity|ous|ive|able|ible|ful|less|ism|ship|hood|ology|ary|ory|ance|ence|ing|ings|ally|ately|ively|ously|ently|antly)$/;
/** Full street words: a capitalised chain ending in one is a street, not a person ("Marina Fort Street"). */
const STREET_WORDS = new Set(['street', 'streets', 'avenue', 'road', 'boulevard', 'lane', 'drive', 'turnpike', 'parkway', 'highway', 'expressway', 'freeway']);

function classify(t: Tokens, first: number, last: number, caseless: boolean, covered: Uint8Array, observe?: PersonObserver): Chain | undefined {
  const sentenceStart = atSentenceStart(t, first);
  // "the corner of Main and Elm", "at the corner of Postbox 21 and Alexander Flat": streets.
  if (afterCornerOf(t, first)) return undefined;
  // Part of an identifier ("query_emr_database", "AWS_ACCESS_KEY"): code, not prose.
  if ((isChar(t, first - 1, UNDERSCORE) && glued(t, first)) || (isChar(t, last + 1, UNDERSCORE) && glued(t, last + 1))) return undefined;
  // Titles inside the chain ("Mrs Barbara Yudina"): the name starts after them.
  while (first < last && (lex(t, first) & L_TITLE) !== 0) first = isChar(t, first + 1, DOT) ? first + 2 : first + 1;
  if (first === last && (lex(t, first) & L_TITLE) !== 0) return undefined; // "Dr" alone
  // A role capitalised before a name, as a sentence's or a form's first word ("Candidate Ishaan
  // Mehta", "Customer Aleksandra Nowak"): the name starts after it, and the role speaks for it.
  // Only before two words or a known name: "Developer Console" is a product.
  let roleHead = false;
  if (first < last && (lex(t, first) & L_ROLE) !== 0 && (lex(t, first) & (L_FIRST | L_LAST)) === 0 && isWord(t, first + 1)
    && (last > first + 1 || (lex(t, first + 1) & (L_FIRST | L_LAST)) !== 0)) { first++; roleHead = true; }
  // Known places of several words, before ordinary words are trimmed ("United States", "Czech Republic").
  for (let s = first; s < last && last - s < 5; s = nextWord(t, s, last)) {
    if ((lex(t, s) & L_MULTI_START) === 0) continue;
    const phrase = phraseOf(t, s, last);
    if (PLACES.has(phrase) || ORGANIZATIONS.has(phrase)) return { type: PLACES.has(phrase) ? 'LOCATION' : 'ORGANIZATION', first: s, last, score: 0.85, words: [], speaker: false, spelling: 0 };
  }
  // "Rapid Cycle Solutions": an organisation even when its other words are ordinary ones.
  if (last > first && (lex(t, last) & L_ORG_WORD) !== 0 && (lex(t, first) & L_TITLE) === 0) return { type: 'ORGANIZATION', first, last, score: 0.8, words: [], speaker: false, spelling: 0 };
  const before = wordBefore(t, first);
  const prevBits = before >= 0 ? lex(t, before) : 0;
  const title = (prevBits & L_TITLE) !== 0 && !titleTooFar(before, first);
  const strongCue = matchesCue(t, first, STRONG_CUES);
  // In lowercase text a cue is followed by ordinary words as often as by names ("this is a
  // known bug", "called twice"): there the word after it must not be one, and must be spelt like a name.
  if (caseless && strongCue && !title && !nameLikeWord(t, first)) return undefined;
  // Ordinary words at either end are not part of a name ("Have", "The", "Weekly"), except right
  // after a cue ("named Frank") or after a first name or an initial ("Brad L Key", "Emma Stone").
  // A one-word item of a list stays whole: relate() judges it by its neighbours ("Monjeau, Graves and Reed").
  const listItem = first === last && inList(t, first);
  if (!listItem && (!(title || strongCue) || (lex(t, first) & L_COMMON) !== 0 && first < last)) while (first <= last && isCommon(t, first)) first = nextWord(t, first, last);
  // "Honestly, ...", "Unfortunately Nakamura ...": an adverb no list knows, opening the sentence.
  if (!caseless && !(title || strongCue) && (lex(t, first) & NAME_BITS) === 0 && atSentenceStart(t, first) && adverbLike(lowerOf(t, first))) first = nextWord(t, first, last);
  if (first > last) return undefined;
  // In lowercase text only the names compromise knows count: the rarer ones are too often words.
  const headFirst = (lex(t, first) & (L_FIRST | (caseless ? L_RARE_FIRST : 0))) === L_FIRST;
  const rareFirst = (lex(t, first) & L_RARE_FIRST) !== 0;
  let hasInitial = false;
  for (let k = first; k <= last; k++) if (isInitial(t, k) && !ROMAN.test(lowerOf(t, k))) hasInitial = true;
  if (!headFirst && !hasInitial) while (last > first && isCommon(t, last)) last = prevWord(t, last, first);
  let n = 0, particles = 0, foreign = false, upper = true, allUnknown = true, anyLast = false, english = false, acronym = false;
  const words: string[] = [];
  for (let k = first; k <= last; k++) {
    if (!isWord(t, k)) continue;
    const w = lowerOf(t, k);
    if (ROMAN.test(w) && (t.flags[k]! & F_UPPER) !== 0 || (w === 'i' && !caseless)) return undefined; // "Title VII"
    words.push(w);
    if (isInitial(t, k)) continue;
    n++;
    const flags = t.flags[k]!, bits = lex(t, k);
    if ((bits & L_PARTICLE) !== 0 && k > first && (flags & F_CAP) === 0) particles++; // "van", "de": not words of the name for the model
    if ((flags & F_FOREIGN) !== 0) foreign = true;
    if ((flags & F_UPPER) === 0) upper = false;
    else if (w.length <= 5 && (bits & L_LAST) === 0) acronym = true; // "Anna LEE" writes a surname in capitals
    if ((bits & (L_COMMON | L_PLACE)) !== 0) allUnknown = false;
    if ((bits & L_LAST) !== 0) anyLast = true;
    if ((bits & NAME_BITS) === 0 && w.length > 5 && ENGLISH_ENDING.test(w) && (flags & F_FOREIGN) === 0) english = true;
  }
  if (n === 0 || (n === 1 && isCommon(t, first) && !(title || strongCue || listItem))) return undefined;
  const headBits = lex(t, first), tailBits = lex(t, last);
  const head = words[0]!;
  const phrase = words.length === 1 ? head : (headBits & L_MULTI_START) !== 0 ? phraseOf(t, first, last) : '';
  // Acronyms ("ATM", "USA", "API") and demonyms ("Russian") are not names.
  if (upper && n === 1 && head.length <= 4 && (headBits & L_PLACE) === 0) return undefined;
  if (n === 1 && (headBits & L_DEMONYM) !== 0) return undefined;
  if (n === 1 && !title && !strongCue && monthAsDate(t, first, last + 1)) return undefined; // "30 June", "since April": a date
  // An acronym among ordinary capitals ("OpenAI SDK", "Firecracker VM"): a product or a term.
  // (A name in capitals throughout, "JOHN SMITH", is a form's way of writing it.)
  // One word in capitals that no list knows ("HELD-OUT", "WARNING"): a heading or emphasis.
  // An inner capital ("PathScurry", "JSDoc", "TimothyGu"): a product or a handle, not a name as people write it ("McKenzie" aside).
  const productLike = (acronym && !upper && n >= 2) || (upper && n === 1 && (headBits & NAME_BITS) === 0) || (n === 1 && !upper && camelCase(t, first));

  const prev = before >= 0 ? lowerOf(t, before) : '';
  const prev2 = before >= 0 ? wordBefore(t, before) : -1;
  const next = last + 1;
  const possessive = (isChar(t, next, APOSTROPHE) || isChar(t, next, RIGHT_QUOTE)) && glued(t, next) && isWord(t, next + 1) && lowerOf(t, next + 1) === 's';
  // What only people do or are, around the name (cues.ts): "Anna said", "Akifumi has just said",
  // "Tomomi is from Xignite", "songwriter Zoe Young", "Katrine is our accountant", "Quionia lost her keys".
  const personVerbAfter = (isWord(t, next) && (lex(t, next) & L_AFTER_NAME_CUE) !== 0) || personVerbAfterAuxiliary(t, next) || isFrom(t, next);
  const afterCue = personVerbAfter || roleBefore(t, first) || roleAfter(t, next) || (n === 1 && pronounAhead(t, next)) || whoAfter(t, next) || afterSignOff(t, first) || roleHead
    || ageAfter(t, next) || titleLineAfter(t, next);
  // "Nicole: Remember me" (a speaker), not "Phone:" at the end of a line (a field label).
  const speakerShape = sentenceStart && n === 1 && isChar(t, next, COLON) && isCapWord(t, next + 1) && (t.flags[next + 1]! & F_NEWLINE) === 0;
  const speaker = speakerShape && (headFirst || foreign);
  // Addressed by name: "Warrane, can I ask you...", "Don't go to town, Roy!". What follows the
  // comma must start a request or a question, so "Berlin, Paris and Rome" is no vocative.
  const vocative = n <= 2 && !english && ((sentenceStart && isChar(t, next, COMMA) && isWord(t, next + 1) && VOCATIVE_NEXT.has(lowerOf(t, next + 1)))
    || (isChar(t, first - 1, COMMA) && (isChar(t, next, BANG) || isChar(t, next, QUESTION)))
    // Between commas before a request or "I": "Sorry, Keanu, I forgot", "Thanks, Ines, can you ...".
    || (isChar(t, first - 1, COMMA) && isChar(t, next, COMMA) && isWord(t, next + 1) && VOCATIVE_NEXT.has(lowerOf(t, next + 1))));
  // "Personal Info:" or "Billing Address:" on a line of its own is a field label.
  const label = isChar(t, next, COLON) && (next + 1 >= t.count || (t.flags[next + 1]! & F_NEWLINE) !== 0 || (n >= 2 && !headFirst));
  const make = (type: Entity['type'], score: number): Chain => ({ type, first, last, score, words, speaker: speakerShape, spelling: 0 });

  // Organisations: known ones, "... Inc", "... University", or after "works for".
  if (!title && ((headBits & L_ORG) !== 0 && n === 1 || (n >= 2 && ((tailBits & L_ORG_WORD) !== 0 || ORGANIZATIONS.has(phrase))))) return make('ORGANIZATION', 0.8);
  if (matchesCue(t, first, ORG_CUE_MAP) && !headFirst) return make('ORGANIZATION', 0.6);
  // A known organisation's name first ("Google Pixel", "Microsoft Presidio"): its product or a part of it.
  if (!title && !strongCue && n >= 2 && (headBits & L_ORG) !== 0 && (headBits & (L_FIRST | L_LAST)) === 0) return make('ORGANIZATION', 0.6);
  if (!title && !strongCue && n >= 2 && STREET_WORDS.has(words[words.length - 1]!)) return undefined; // a street: address.ts's
  const isPlace = words.length === 1 ? (headBits & L_PLACE) !== 0 : PLACES.has(phrase);
  const knownPlace = isPlace && (headBits & (L_AMBIGUOUS_PLACE | L_FIRST)) === 0;
  if (knownPlace && !title && !strongCue) return make('LOCATION', 0.85);
  if (!title && !strongCue && n >= 2 && (tailBits & L_PLACE_WORD) !== 0 && !headFirst) return make('LOCATION', 0.7);
  // "Parkinson disease", "Murphy's law", "St. Mary's Hospital": named after someone, not anyone.
  if (!title && !strongCue && (eponymAfter(t, next) || afterSaint(t, first))) return undefined;
  // (The last item of a list is left to relate(), which names the whole list the firm: "Lopez, Santos and Coleman".)
  if (!title && !strongCue && !listItem && n <= 3 && firmAfter(t, next)) return make('ORGANIZATION', 0.6); // "Coden is a design agency"

  if (title || strongCue) return make('PERSON', title ? 0.9 : 0.85);
  // "Meine Adresse:", "Billing Details:": several words before a colon, none a known name, label a field.
  if (label && n >= 2 && !headFirst && !anyLast && !hasInitial) return undefined;
  // Right after a street address ("12 Main St, Springfield"): its town, or more of the address,
  // not a person. Only a known place is reported (as a place): the rest is not told apart here.
  if (covered[first - 1] === 1 || (isChar(t, first - 1, COMMA) && covered[first - 2] === 1)) return isPlace ? make('LOCATION', 0.85) : undefined;
  // Lowercase text has no capitals to weigh: a known first name and a word that is no ordinary one
  // ("patricia desrosiers") counts, a first name alone ("jose", "claude": as often a package) does not.
  // A known first name alone counts when what follows is said only of people ("selma is from
  // ...", "anna said", "maria is tired").
  if (caseless) return make('PERSON', (headFirst || rareNameAndSurname(t, first)) && n >= 2 ? 0.7 : headFirst && (personVerbAfter || personStateAround(t, first, next)) ? 0.6 : 0.3);

  const personLike = headFirst || anyLast || hasInitial || possessive || afterCue;
  const motion = prev2 >= 0 && (lex(t, prev2) & L_MOTION) !== 0;
  // "returned to Feliciano", "flew to Jackson": a lone name after a verb of motion is a town
  // named like a person; a full name is still a person ("ship to John Smith").
  if ((prevBits & L_PLACE_CUE) !== 0 && motion && n === 1 && personLike && !anyLast && !hasInitial && !possessive && !afterCue) return make('LOCATION', 0.6);
  if ((prevBits & L_PLACE_CUE) !== 0 && !personLike) {
    // "in Lisbon", "flew to Oslo": "to" and "at" also precede people, so they need a motion verb.
    // "at" and "from" also precede organisations ("a year at Acme", "is from Acme"): alone they are not enough.
    const weak = WEAK_PLACE_CUES.has(prev) && !motion;
    // "in TypeScript", "in Python", "deployed on Kubernetes": a word no list knows as a place that
    // is spelt like a product (an inner capital) or is a known technology (cues.ts) is a
    // language, a database or a platform, not a town (the benchmark's coding conversation had
    // "TypeScript" tokenized as a LOCATION).
    const technology = !isPlace && n === 1 && !upper && (camelCase(t, first) || TECHNOLOGIES.has(head));
    if (!weak || prev === 'from' || prev === 'at') return technology ? undefined : make('LOCATION', (isPlace ? 0.8 : allUnknown && !english ? 0.6 : 0.45) - (weak ? 0.15 : 0));
  }

  // What is left is weighed by the context model (person-context.ts), over these facts and the
  // tokens on either side of the chain. A word no list knows, alone, brings its spelling ("Tomomi"
  // reads as a name, "Xignite" does not), unless what surrounds it makes it a thing whatever it
  // looks like (cues.ts: "the Hono app", "`NaN`", technical text); relate() sees how much came from
  // the spelling: a list of things ("Deno, Bun and Node") is no list of people.
  const thing = thingContext(t, first);
  // The two questions about the whole text (cues.ts) cost a pass over it each: they are not asked
  // about a common first name and more ("Maria Gonzalez"), which is a person's name in any text.
  const askText = !(headFirst && !rareFirst && n >= 2);
  const isTechnical = askText && technical(t);
  const spelling = n === 1 && (headBits & ~(L_CUE_END | L_BOX)) === 0 && !english && !productLike && !thing && !isTechnical
    ? nameLikeness(head) - 0.5 : 0;
  // Several words, none a known name: how much they are spelt like names ("Digital Signature" is not).
  const termSpelling = n >= 2 && !headFirst && !anyLast && !hasInitial ? meanLikeness(words) - 0.5 : 0;
  const facts: PersonFacts = {
    words: n - particles, headFirst, rareFirst, ambiguousFirst: (headBits & L_AMBIGUOUS_FIRST) !== 0, anyLast, hasInitial, allUnknown, foreign, upper,
    english, productLike, spelling, termSpelling, thing, technical: isTechnical, speaksOfPeople: askText && speaksOfPeople(t), sentenceStart,
    weakCue: (prevBits & L_WEAK_NAME_CUE) !== 0, afterCue, personVerb: personVerbBefore(t, first, next), personState: personStateAround(t, first, next),
    possessive, speaker, vocative,
    numberBefore: t.kind[first - 1] === NUM && (t.flags[first]! & F_NEWLINE) === 0, label, listItem,
    lineAlone: (first === 0 || (t.flags[first]! & F_NEWLINE) !== 0) && (next >= t.count || (t.flags[next]! & F_NEWLINE) !== 0),
    before: contextWord(t, first - 1), after: contextWord(t, next),
  };
  observe?.(facts, t.start[first]!, t.end[last]!);
  const { score, spelling: fromSpelling } = personScore(facts);
  return { ...make('PERSON', score), spelling: fromSpelling };
}

/** Token i as the context model reads it: a word in lowercase, punctuation as itself, a number as "0", '' for none. */
function contextWord(t: Tokens, i: number): string {
  if (i < 0 || i >= t.count) return '';
  const kind = t.kind[i];
  return kind === WORD ? lowerOf(t, i) : kind === PUNCT ? t.text[t.start[i]!]! : kind === GAP ? '' : '0';
}

/**
 * In lowercase text, whether word i goes on a name: after a known first name any word that is
 * not an ordinary one ("patricia desrosiers"); after anything else only a name or a word spelt
 * like one ("nijito asano", not "alan donovan ported").
 */
function caselessNameWord(t: Tokens, i: number, afterFirstName: boolean): boolean {
  return afterFirstName ? (lex(t, i) & L_COMMON) === 0 : nameLikeWord(t, i);
}

/**
 * In lowercase text, a first name of the rarer lists followed by a word that is no ordinary one
 * and reads clearly as a surname ("aksel kristensen", "leone mazzi"). Alone, a rare first name is
 * too often a word or a package ("pino", "lua"); a surname after it makes the pair a name.
 */
function rareNameAndSurname(t: Tokens, i: number): boolean {
  const j = i + 1;
  if (lex(t, i) !== 0 || !isWord(t, j) || (t.flags[j]! & F_NEWLINE) !== 0 || !isRareFirstName(lowerOf(t, i))) return false;
  const bits = lex(t, j);
  // A word no list knows must be four letters or more: a shorter one is a command or an acronym ("json npm").
  return (bits & L_COMMON) === 0 && ((bits & L_LAST) !== 0 || (bits === 0 && t.end[j]! - t.start[j]! >= 4 && nameLikeness(lowerOf(t, j)) >= SURNAME_LIKENESS));
}
/** How much a word no list knows must read as a name to count as a surname after a rare first name. */
const SURNAME_LIKENESS = 0.8;

/** In lowercase text: a word that is a known name, or no ordinary word and spelt like a name ("kristensen", not "ported"). */
function nameLikeWord(t: Tokens, i: number): boolean {
  const bits = lex(t, i);
  if ((bits & (L_FIRST | L_LAST | L_AMBIGUOUS_FIRST)) !== 0) return true;
  return (bits & L_COMMON) === 0 && nameLikeness(lowerOf(t, i)) >= 0.5;
}

/** Whether "corner of" opens the phrase before token `first`, within a few tokens and the sentence. */
function afterCornerOf(t: Tokens, first: number): boolean {
  // Most texts never say "corner": one search per text spares the walk back for every chain.
  if (t !== cornerTokens) { cornerTokens = t; cornerInText = (t.lower ?? t.text.toLowerCase()).includes('corner'); }
  if (!cornerInText) return false;
  for (let k = first - 1; k >= 1 && first - k <= 8; k--) {
    if (t.kind[k] === PUNCT && SENTENCE_END.has(t.text[t.start[k]!]!)) return false;
    if (isWord(t, k) && t.end[k]! - t.start[k]! === 2 && lowerOf(t, k) === 'of' && isWord(t, k - 1) && lowerOf(t, k - 1) === 'corner') return true;
  }
  return false;
}

let cornerTokens: Tokens | undefined;
let cornerInText = false;

/** A title names the chain only when right before it ("Dr. Kyle"), not across other words. */
function titleTooFar(title: number, first: number): boolean {
  return first - title > 2;
}

/** Tokens first..last in lowercase, single-spaced: the form of the lexicon's entries of several words. */
function phraseOf(t: Tokens, first: number, last: number): string {
  const raw = t.lower !== undefined ? t.lower.slice(t.start[first]!, t.end[last]!) : t.text.slice(t.start[first]!, t.end[last]!).toLowerCase();
  return /\s\s|[^\S ]/.test(raw) ? raw.replace(/\s+/g, ' ') : raw;
}


const nextWord = (t: Tokens, i: number, last: number): number => { for (let k = i + 1; k <= last; k++) if (isWord(t, k)) return k; return last + 1; };
const prevWord = (t: Tokens, i: number, first: number): number => { for (let k = i - 1; k >= first; k--) if (isWord(t, k)) return k; return first - 1; };
