/**
 * What the words around a capitalised word say about whether it names a person or a thing,
 * beyond the cue phrases of lexicon.ts. names.ts asks these mostly about a word that no list
 * knows, whose spelling (name-likeness.ts) would otherwise be all that speaks for it:
 *   - a person: a role before or after it ("songwriter Zoe", "Tomomi, a nurse"), a verb only
 *     people do after an auxiliary ("has just said"), "is from", a personal pronoun ahead in the
 *     sentence ("... lost her keys"), a verb whose object is a person before it ("hired", "met"),
 *     a state only people are in ("is tired", "got married"), and a text that speaks of people
 *     at all ("he", "her");
 *   - a thing: an article, a possessive or a tool's verb before it ("the Hono app", "using
 *     Okta"), code around it ("`NaN`", "Node.js", "wiki/Trie"), a capital inside it ("JsDiff"),
 *     and a text that reads as technical (code, URLs, "npm", "API"), where capitalised unknown
 *     words are products ("Redis", "Esprima") far more often than people.
 * Every look is a few tokens from the word, within what sparse.ts tokenizes around it, or one
 * search of the whole text, done once per text.
 */
import { L_AFTER_NAME_CUE, L_ROLE, lex } from './lexicon.ts';
import { F_CAP, F_NEWLINE, glued, isChar, lowerOf, PUNCT, type Tokens } from './tokens.ts';
import { isWord, opensAfter } from './words.ts';

const DOT = 46, COMMA = 44, SLASH = 47, BACKTICK = 96, HYPHEN = 45, APOSTROPHE = 39, RIGHT_QUOTE = 0x2019;

/** A role noun written in lowercase right before token `first` ("songwriter Zoe", "nurse Anna"). */
export function roleBefore(t: Tokens, first: number): boolean {
  const k = first - 1;
  return isWord(t, k) && (t.flags[k]! & F_CAP) === 0 && (lex(t, k) & L_ROLE) !== 0 && (t.flags[first]! & F_NEWLINE) === 0;
}

const DETERMINERS = new Set(['a', 'an', 'the', 'our', 'my', 'your', 'his', 'her', 'their']);
/**
 * ", a nurse", "is our accountant", "was the best carpenter" from token `next` on: a role noun
 * after a determiner and at most one other word, within five tokens.
 */
export function roleAfter(t: Tokens, next: number): boolean {
  let k = next;
  if (isChar(t, k, COMMA)) k++;
  else if (isWord(t, k) && (lowerOf(t, k) === 'is' || lowerOf(t, k) === 'was')) k++;
  else return false;
  // "is Luca's sister": a name's possessive stands where a determiner would.
  if (isWord(t, k) && (t.flags[k]! & F_CAP) !== 0 && isPossessiveS(t, k + 1)) k += 2;
  else if (!isWord(t, k) || !DETERMINERS.has(lowerOf(t, k))) return false;
  for (let j = k + 1; j <= k + 2; j++) {
    if (!isWord(t, j) || (t.flags[j]! & F_CAP) !== 0) return false;
    if ((lex(t, j) & L_ROLE) !== 0) return true;
  }
  return false;
}

/** "'s" glued at token i (an apostrophe, straight or curly, then "s"). */
export function isPossessiveS(t: Tokens, i: number): boolean {
  return (isChar(t, i, APOSTROPHE) || isChar(t, i, RIGHT_QUOTE)) && glued(t, i) && isWord(t, i + 1) && glued(t, i + 1) && lowerOf(t, i + 1) === 's';
}

/** Auxiliaries and adverbs that may stand between a name and its verb: "Anna has lived", "Tomomi just said". */
const AUXILIARIES = new Set(['is', 'was', 'has', 'had', 'have', 'will', 'would', 'can', 'could', 'should', 'may', 'might', 'must', 'did', 'does',
  'just', 'also', 'never', 'always', 'then', 'later', 'once', 'recently', 'finally', 'already', 'still']);
/** "was born", "has lived", "has just said" at token i: a verb only people do, after one or two auxiliaries or adverbs. */
export function personVerbAfterAuxiliary(t: Tokens, i: number): boolean {
  for (let k = i; k < i + 2 && isWord(t, k) && AUXILIARIES.has(lowerOf(t, k)); k++) {
    if (isWord(t, k + 1) && (lex(t, k + 1) & L_AFTER_NAME_CUE) !== 0) return true;
  }
  return false;
}

const FROM_VERBS = new Set(['is', 'was', 'comes', 'came', 'hails']);
/** "is from", "was from", "comes from" at token i: where a person comes from or works. */
export function isFrom(t: Tokens, i: number): boolean {
  return isWord(t, i) && isWord(t, i + 1) && lowerOf(t, i + 1) === 'from' && FROM_VERBS.has(lowerOf(t, i));
}

const PERSONAL_PRONOUNS = new Set(['he', 'she', 'him', 'his', 'her', 'hers', 'himself', 'herself']);
const SENTENCE_STOPS = new Set(['.', '!', '?', ';']);
/**
 * A personal pronoun among the next few tokens of the same sentence: things take "it"
 * ("Quionia lost her keys"). Few enough tokens that the sparse tokenization always holds them
 * (sparse.ts runs a region on for 8 inert tokens after a capitalised word).
 */
export function pronounAhead(t: Tokens, from: number): boolean {
  for (let k = from; k < t.count && k < from + PRONOUN_WINDOW; k++) {
    if ((t.flags[k]! & F_NEWLINE) !== 0 || (t.kind[k] === PUNCT && SENTENCE_STOPS.has(t.text[t.start[k]!]!))) return false;
    if (isWord(t, k) && t.end[k]! - t.start[k]! <= 7 && PERSONAL_PRONOUNS.has(lowerOf(t, k))) return true;
  }
  return false;
}
const PRONOUN_WINDOW = 7;

/**
 * Words before a capitalised word that make it a thing, not a person: an article or a possessive
 * ("the Hono app", "her Allianz account"), a preposition or a verb that takes tools ("a fork of
 * Esprima", "using Okta"), "with" or "for" after a word that pairs tools ("compatible with
 * Acorn"). Consulted only for words no list knows: a known name keeps its cues ("with John").
 */
const THING_BEFORE = new Set(['the', 'a', 'an', 'this', 'that', 'these', 'those', 'my', 'his', 'her', 'its', 'our', 'your', 'their', 'of',
  'than', 'as', 'like', 'via', 'using', 'use', 'uses', 'used', 'on', 'in', 'into', 'between', 'fork', 'forked', 'support',
  'supports', 'install', 'run', 'runs']);

/** Whether the word at `first` reads as a thing by what is glued to it or what precedes it. */
export function thingContext(t: Tokens, first: number): boolean {
  // Code and paths: "`NaN`", "Node.js", "Math.random()", "wiki/Trie".
  if ((isChar(t, first - 1, BACKTICK) || isChar(t, first - 1, SLASH)) && glued(t, first)) return true;
  if (isChar(t, first + 1, SLASH) && glued(t, first + 1)) return true;
  if (isChar(t, first + 1, DOT) && glued(t, first + 1) && isWord(t, first + 2) && glued(t, first + 2)) return true;
  if (!isWord(t, first - 1)) return false;
  const before = lowerOf(t, first - 1);
  if (THING_BEFORE.has(before)) return true;
  // "with" and "for" come before people as often as before tools ("lunch with Torvald", "a card
  // for Deepika"): a thing only after a product's name ("Kubernetes with Helm") or a word that
  // pairs tools ("compatible with Esprima", "log with Pino", "support for Deno").
  if ((before !== 'with' && before !== 'for') || !isWord(t, first - 2)) return false;
  return TOOL_PAIRING.has(lowerOf(t, first - 2)) || (before === 'with' && (t.flags[first - 2]! & F_CAP) !== 0 && !opensSentence(t, first - 2));
}

const TOOL_PAIRING = new Set(['compatible', 'compatibility', 'works', 'work', 'working', 'integrates', 'integration', 'integrations', 'support',
  'supports', 'supported', 'built', 'written', 'made', 'powered', 'bundled', 'replacement', 'alternative', 'polyfill', 'plugin', 'plugins',
  'bindings', 'binding', 'adapter', 'adapters', 'wrapper', 'types', 'typings', 'interop', 'interoperability', 'tested', 'configured',
  'used', 'use', 'using', 'along', 'together', 'combined', 'instead', 'designed', 'optimized', 'optimised', 'ported', 'extension',
  // verbs of building and running software: "log with Pino", "deploy with Helm", "bundled with Vite"
  'log', 'logs', 'logging', 'deploy', 'deploys', 'deployed', 'build', 'builds', 'compiled', 'compile', 'bundle', 'parse', 'parsed', 'lint',
  'format', 'formatted', 'test', 'tests', 'script', 'scripted', 'install', 'installed', 'ship', 'ships', 'shipped', 'run', 'runs']);

const CAMEL_PREFIX = /^(?:mc|mac|o'|d'|di|de|da|du|la|le|van|von|fitz)$/;
/**
 * A capital inside a word of mixed case ("JsDiff", "JSDoc", "LinusU"): how products and handles
 * are written, not names, except after a hyphen or an apostrophe ("Jean-Luc", "O'Neil") or a
 * surname's prefix ("McKenzie", "DeShawn"). ASCII capitals only.
 */
export function camelCase(t: Tokens, i: number): boolean {
  const text = t.text, start = t.start[i]!;
  for (let k = start + 1; k < t.end[i]!; k++) {
    const c = text.charCodeAt(k);
    if (c < 65 || c > 90) continue;
    const before = text.charCodeAt(k - 1);
    if (before === HYPHEN || before === APOSTROPHE || before === RIGHT_QUOTE) continue;
    return !CAMEL_PREFIX.test(text.slice(start, k).toLowerCase());
  }
  return false;
}

/**
 * A test of the whole text, run at most once per scan (when a chain first asks): the tokens of
 * one scan are one object, so it is remembered by identity.
 */
function perText(test: (lower: string) => boolean): (t: Tokens) => boolean {
  let seen: Tokens | undefined;
  let value = false;
  return (t) => {
    if (t !== seen) { seen = t; value = test(t.lower ?? t.text.toLowerCase()); }
    return value;
  };
}

/** Whether the text uses a personal pronoun anywhere: it speaks of people. */
const PRONOUN = /\b(?:he|she|him|his|her|hers|himself|herself)\b/;
export const speaksOfPeople = perText((lower) => PRONOUN.test(lower));

// Signs of code and the words of software. Two patterns, the words grouped by their first letter,
// take half the time of one pattern of all the alternatives (~2.3 against ~5 µs on 2 KB of prose
// with neither): the context model asks this of most texts that hold a name.
const CODE_SIGNS = /[`{}]|:\/\/|\(\)|=>|\.(?:js|ts|py|json|md)\b/;
const SOFTWARE_WORDS = /\b(?:a(?:pis?)|c(?:li(?:ent)?|onfig)|f(?:unction|ramework)|github|https?|install|json|library|module|npm|p(?:ackage|lugin)|r(?:epo|untime)|s(?:dk|erver)|url|version)\b/;
/** Whether the text reads as technical: code, URLs, package and API words. */
export const technical = perText((lower) => CODE_SIGNS.test(lower) || SOFTWARE_WORDS.test(lower));

/**
 * Languages, databases, platforms and tools a request says it wants something "in" or "on" ("in
 * Python", "on Kubernetes", "in Jira"): after a place cue these are technology, not towns.
 * Lower case; only consulted for a word no list knows as a place.
 */
export const TECHNOLOGIES = new Set(`
  python java kotlin scala ruby rails elixir erlang haskell clojure perl php lua dart flutter julia fortran cobol pascal matlab
  golang typescript javascript node nodejs deno bun react vue angular svelte django flask laravel spring dotnet fsharp ocaml zig nim
  postgres postgresql mysql mariadb sqlite mongodb mongo redis cassandra elasticsearch opensearch kafka rabbitmq snowflake bigquery
  dynamodb clickhouse oracle terraform ansible kubernetes docker helm jenkins jira confluence notion airtable excel sharepoint
  salesforce tableau powershell bash zsh linux ubuntu debian windows macos ios android webassembly wasm graphql grpc solidity`
  .split(/\s+/).filter((w) => w.length > 0));

/**
 * Verbs whose object is nearly always a person: "we hired Oyelaran", "I met Szczepańska",
 * "said Maslin". The lexicon's weak cues (WEAK_NAME_CUES) mix such verbs with prepositions
 * ("with", "to", "for"), which precede products as often as people; these are asked apart, so
 * the model can trust a verb of meeting, hiring or speaking more than a preposition. Verbs that
 * take tools as readily ("call", "use", "pay", "run") are left out.
 */
const PERSON_OBJECT_VERBS = new Set(`
  told tell tells asked ask asks met meet meets meeting hired hire hires hiring interviewed interview invited invite invites welcome welcomed
  married marry marries dated divorced visited visit visiting thanked thank congratulate congratulated emailed texted phoned
  said says replied answered saw hugged hug kissed kiss love loves loved miss misses missed adore adores adopted
  introduced introduce reminded remind warned warn greeted greet blamed blame praised praise trusted fired promoted
  mentored coached babysat nominated appointed elected`.split(/\s+/).filter((w) => w.length > 0));

/** Verbs of saying and seeing, whose next word often starts a clause: "said Vitexa is down" is about a thing. */
const REPORTING = new Set(['said', 'says', 'replied', 'answered', 'saw']);

/** Token k opens the text, a line or a sentence: a verb there, capitalised, is an imperative ("Tell Oluwaseun ...", "Ask Dwayne ..."). */
function opensSentence(t: Tokens, k: number): boolean {
  return opensAfter(t, k, SENTENCE_STOPS);
}

/**
 * A verb that takes people as its object right before token `first` ("hired Oyelaran", "said
 * Erle", "Tell Oluwaseun"); after a verb of saying only when no word follows the chain but "to"
 * ("said Erle to Maurice", "..., replied Anna.").
 */
export function personVerbBefore(t: Tokens, first: number, next: number): boolean {
  const k = first - 1;
  if (!isWord(t, k) || ((t.flags[k]! & F_CAP) !== 0 && !opensSentence(t, k)) || (t.flags[first]! & F_NEWLINE) !== 0) return false;
  const verb = lowerOf(t, k);
  if (!PERSON_OBJECT_VERBS.has(verb)) return false;
  return !REPORTING.has(verb) || !isWord(t, next) || lowerOf(t, next) === 'to';
}

/**
 * What is said only of people: a state of body or mind ("is tired", "was so impulsive", "got
 * married"). Things are slow, broken, great or deprecated; these words are not said of them
 * (words also said of things are left out: a server is busy, a project dead, a release late, a
 * tool smart, and "kind" is mostly "kind of").
 */
const PERSON_STATES = new Set(`
  tired exhausted sleepy asleep awake sick ill unwell pregnant married engaged divorced widowed retired unemployed
  injured wounded sad angry upset furious annoyed jealous envious proud ashamed embarrassed nervous anxious worried
  scared afraid frightened excited thrilled delighted grateful thankful lonely bored hungry thirsty drunk impulsive
  shy stubborn lazy rude polite generous selfish brave honest moody grumpy cheerful allergic homesick heartbroken sober`.split(/\s+/).filter((w) => w.length > 0));
/** Feelings a company also claims in announcements ("is excited to announce", "is grateful to its sponsors"). */
const ANNOUNCING = new Set(['proud', 'excited', 'thrilled', 'delighted', 'grateful', 'thankful']);
/** Verbs that link a subject to its state: "Stanko is tired", "Anna seems upset", "Pia got married". */
const LINKING = new Set(['is', 'was', 'seems', 'seemed', 'looks', 'looked', 'feels', 'felt', 'got', 'gets', 'became', 'becomes', 'sounds', 'sounded']);
/** Words that may stand between the link and the state: "is so impulsive", "was very tired". */
const DEGREE = new Set(['so', 'very', 'really', 'too', 'quite', 'always', 'still', 'not', 'never', 'just', 'often', 'pretty', 'extremely', 'getting', 'becoming']);

/**
 * A state only people are in, said of the chain: after it with a linking verb ("Stanko is
 * tired", "Pia got married") or, in a question, with the linking verb before it ("Why is
 * Natasja so impulsive?"). At most two words between; within the tokens sparse.ts holds.
 */
export function personStateAround(t: Tokens, first: number, next: number): boolean {
  let k = next;
  if (isWord(t, k) && LINKING.has(lowerOf(t, k))) k++;
  else if (!(isWord(t, first - 1) && (lowerOf(t, first - 1) === 'is' || lowerOf(t, first - 1) === 'was'))) return false;
  for (let j = k; j < k + 3; j++) {
    if (!isWord(t, j) || (t.flags[j]! & F_CAP) !== 0) return false;
    const w = lowerOf(t, j);
    // "Acme is proud to announce": a firm's voice takes these feelings too, before "to".
    if (PERSON_STATES.has(w)) return !(ANNOUNCING.has(w) && isWord(t, j + 1) && lowerOf(t, j + 1) === 'to');
    if (!DEGREE.has(w)) return false;
  }
  return false;
}
