/**
 * Word lists for the name, place and address recognizers. The large lists (first and last
 * names, places, organisations, ordinary English words) come from compromise's lexicon through
 * `lexicon-data.ts`; the short ones here are the linguistic cues, written by hand and kept
 * generic (titles, "my name is", street suffixes from USPS Publication 28, the street words of
 * common European address formats), never phrases of any one evaluation data set.
 */
import * as data from './lexicon-data.ts';
import { cachedInfo, F_CAP, type Tokens } from './tokens.ts';

const set = (packed: string): ReadonlySet<string> => new Set(packed.split('|'));
const words = (list: string): ReadonlySet<string> => new Set(list.split(/\s+/).filter((w) => w.length > 0));

export const FIRST_NAMES = set(data.FIRST_NAMES);
/** Names that are also ordinary words or places ("grace", "mark", "austin"): need a cue. */
export const AMBIGUOUS_FIRST_NAMES = set(data.AMBIGUOUS_FIRST_NAMES);
export const LAST_NAMES = set(data.LAST_NAMES);
/** Countries, regions, cities and other places, some of several words ("new zealand"). */
export const PLACES = set(data.PLACES);
export const AMBIGUOUS_PLACES = set(data.AMBIGUOUS_PLACES);
export const ORGANIZATIONS = set(data.ORGANIZATIONS);
export const DEMONYMS = set(data.DEMONYMS);
/** Ordinary English words: a capitalised one is usually a sentence start or a heading, not a name. */
export const COMMON_WORDS = set(data.COMMON_WORDS);
/**
 * What a person is or does ("nurse", "songwriter", "aunt"): compromise's, less words also said of software
 * (build-ner-lexicon.ts), and the roles people have in tickets, clinical notes, HR and banking text, which it lacks.
 */
export const ROLE_NOUNS: ReadonlySet<string> = new Set([...set(data.ROLE_NOUNS), ...words(`
  candidate applicant caller patient resident student pupil trainee intern apprentice engineer nurse physician surgeon therapist
  pharmacist dentist midwife paramedic receptionist cashier clerk technician courier landlord landlady roommate flatmate classmate
  coworker neighbour neighbor claimant defendant plaintiff solicitor lawyer adviser advisor recruiter interviewer interviewee mentor
  tutor lecturer nanny babysitter caregiver carer guardian fiance fiancee girlfriend boyfriend grandson granddaughter stepson
  stepdaughter spouse widow widower payee beneficiary cardholder`)]);
/** Words that end an organisation's name: "... Bank", "... Inc", "... University". */
export const ORG_WORDS = new Set([...set(data.ORG_WORDS), ...words(`
  gmbh ag sa plc llp lp bv nv oy ab spa srl kg co corp inc incorporated ltd llc technologies technology solutions software labs studio
  studios pharma health healthcare analytics ventures capital lines logistics networks foods consulting bancorp`)]);
/** Words that end a place's name: "... County", "... River", "... Airport". */
export const PLACE_WORDS = set(data.PLACE_WORDS);

/** Words longest first, so a scan can take the longest match at a position. */
export const MULTIWORD_PLACES: readonly string[] = [...PLACES].filter((p) => p.includes(' ')).sort((a, b) => b.length - a.length);

/** Honorifics and roles that precede a person's name (the name itself excludes them). */
export const TITLES = words(`
  mr mrs ms miss mx dr prof professor sir dame madam madame mme mlle lady lord rev reverend fr father
  herr frau sr sra srta señor señora sig signor signora dott mag ing capt captain sgt sergeant lt
  lieutenant col colonel cmdr commander gen general maj major adm admiral judge justice officer
  detective det nurse doctor president senator sen governor gov rep representative mayor minister
  ambassador chancellor pastor rabbi imam cardinal bishop sheikh king queen prince princess`);

/**
 * Phrases after which the next capitalised words are a person's name. Each is a sequence of
 * lowercase words that must end right before the name; ':' counts as a word.
 */
export const STRONG_NAME_CUES: readonly (readonly string[])[] = [
  'my name is', 'name is', 'name was', 'names are', 'name :', 'named', 'named him', 'named her', 'called', 'called him', 'called her',
  'call me', 'calls me', 'call him', 'call her', 'known as', 'i am', "i'm", 'im', 'this is',
  'dear', 'patient', 'patient :', 'pt :', 'attn :', 'attention :', 'signed', 'sincerely ,', 'regards ,', 'from :', 'to :', 'cc :',
  'contact :', 'contact', 'physician :', 'provider :', 'client :', 'customer :', 'employee :', 'applicant :', 'member :',
  'insured :', 'guarantor :', 'mother :', 'father :', 'spouse :', 'emergency contact :', 'author :', 'by :', 'surname', 'first name', 'last name',
  'maiden name is', 'full name', 'name on the account', 'cardholder', 'account holder', 'beneficiary', 'son', 'daughter', 'wife', 'husband',
  'brother', 'sister', 'mom', 'dad', 'partner', 'colleague', 'friend', 'boss', 'manager', 'neighbor', 'neighbour', 'uncle', 'aunt',
  'grandma', 'grandpa', 'cousin', 'nephew', 'niece', 'hi', 'hello', 'hey', 'thanks', 'thank you', 'bye',
  // People listed after a plural role: "Attendees: Anna, Ben and Carl" (the list's rule in names.ts takes the rest).
  'founders :', 'co-founders :', 'partners :', 'authors :', 'attendees :', 'participants :', 'speakers :', 'guests :',
  'members :', 'team :', 'staff :', 'employees :', 'patients :', 'contacts :', 'recipients :', 'owners :', 'people :',
].map((cue) => cue.split(' '));

/** Words before a name that make it likelier, less than the phrases above. */
export const WEAK_NAME_CUES = words(`
  by with under for to told tell asked ask met meet meeting call called email emailed text texted phoned
  said says saw visited thank thanks congratulations congrats cc dear nurse let me starring`);

/** Verbs after a name that only people do ("X said", "X lives", "X spent a year"). */
export const AFTER_NAME_CUES = words(`
  said says told asked wrote writes explained explains replied added noted argued lives lived spent
  listed worked agreed died married born grew moved joined left went came called emailed texted signed
  speak speaks smiled laughed thinks thought wants wanted loves loved feels felt himself herself
  studied studies graduated retired met visited knows knew believes believed remembers remembered
  decided resides resided stayed travelled traveled flew drove walked sang sings cried hopes hoped`);

/** Words before a place name ("from Lisbon", "flew to Oslo", "based in Riga"). */
export const PLACE_CUES = words(`
  in from to near into at across around toward towards throughout visit visiting visited
  southern northern eastern western central downtown outside inside`);
/** Of PLACE_CUES, those that also precede people and organisations, so need more evidence. */
export const WEAK_PLACE_CUES = words('to at from');
/** Verbs of motion before "to X": "flew to", "moving to" make X a place, not a person. */
export const MOTION_VERBS = words(`
  flew fly flying travel travelling traveling travelled traveled trip trips moved move moving going go
  went coming come came drive drove driving relocate relocated relocating returned return returning
  back welcome heading headed sail sailed ship shipped bound here originally arrived arrive arriving landed fled
  emigrated immigrated hail hails born raised`);

/** Phrases before an organisation ("works for X", "employed by X"). */
export const ORG_CUES: readonly (readonly string[])[] = [
  'work for', 'works for', 'worked for', 'working for', 'work at', 'works at', 'worked at', 'working at',
  'employed by', 'employed at', 'joined', 'employer :', 'company :', 'organization :', 'organisation :',
].map((cue) => cue.split(' '));

/** Name particles that may sit inside a name: "Ludwig van Beethoven", "Villafranca del Cid". */
export const PARTICLES = words('de da di del della delle dei degli der den des do dos das du la le las los van von ter ten bin ibn al el y e zu st');
export const MAX_PARTICLE = Math.max(...[...PARTICLES].map((p) => p.length));

/** USPS Publication 28 street suffixes (full and abbreviated) that end a street name. */
export const STREET_SUFFIXES = words(`
  street st str avenue ave av road rd boulevard blvd lane ln drive dr court ct place pl square sq squares
  terrace ter way parkway pkwy highway hwy freeway fwy expressway expy circle cir crescent cres close
  row alley aly trail trl path loop plaza plz route rte turnpike tpke pike crossroad crossroads xrd
  union unions rapids coves cove parks park pass isle island point pt points hill hills heights hts
  ridge valley vly view vista walk walks wall way ways run bend bnd bridge brg brook brk burg bypass byp
  camp canyon cape causeway cswy center ctr centre chase common commons corner corners creek crk crest
  crossing xing dale dam divide estate estates falls ferry field fields flat flats ford forest forge fork
  forks fort ft freeway garden gardens gdns gateway glen glens green greens grove grv harbor harbour haven
  inlet junction jct key knoll knolls lake lakes landing lndg light lights lock locks lodge manor manors
  meadow meadows mews mill mills mission motorway mount mt mountain mtn neck orchard oval overpass port
  prairie ranch ramp rest river rvr shoal shoals shore shores skyway spring springs spur station sta
  stravenue stream summit throughway trace track trafficway tunnel underpass viaduct village vill ville
  wells gate gt grange quay parade pde promenade esplanade embankment broadway`);

/** Street-type words that come before the name: "Rua do Arenque 12", "ul. Miła 53", "Avenue du Golf". */
export const STREET_PREFIXES = words(`
  rua avenida av avda calle c carrer camino paseo plaza praça praca travessa estrada rodovia largo via viale
  vicolo corso piazza strada rue avenue boulevard bd chemin allée allee impasse quai route place cours
  ul ulica aleja al plac os osiedle utca ulitsa ulitsy prospekt pr prosp naberezhnaya bulevar bulevardul
  strada calea odos οδός λεωφόρος λ leof jalan jl soi thanon`);

/** Street words that come after the name: "Kálmán Imre u. 12", "Stensås terrasse 38", "Hauptstr. 5". */
export const STREET_AFTER_NAME = words(`
  u utca út útja tér köz körút sor fasor sétány rakpart gata gatan gade vej vegur veien vegen gränd
  terrasse strasse straße str gasse weg allee platz ring damm laan straat plein gracht kade steeg
  katu tie kuja polku tori ranta väylä`);

/** Endings of one-word street names in Germanic, Nordic and Finnish addresses ("Søndergade"). */
export const STREET_ENDINGS: readonly string[] = [
  'straße', 'strasse', 'str.', 'gasse', 'weg', 'allee', 'platz', 'damm', 'ring', 'gatan', 'gata', 'vägen', 'väg', 'gränd',
  'gade', 'vej', 'vænget', 'stræde', 'veien', 'vegen', 'vegur', 'stræti', 'gata', 'braut', 'katu', 'tie', 'kuja', 'polku',
  'raitti', 'straat', 'laan', 'plein', 'gracht', 'kade', 'steeg', 'dreef', 'singel', 'utca',
];

/** Secondary unit designators (USPS C2): "Apt. 4", "Suite 210", "# 12". */
export const UNIT_WORDS = words('apt apartment suite ste unit room rm floor fl bldg building flat dept department lot space spc trlr hngr pier slip box');

/** Two-letter US state and Canadian province codes, and APO/FPO military "states". */
export const STATE_CODES = words(`
  AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH
  OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI AS MP AA AE AP AB BC MB NB NL NS NT NU ON PE QC SK YT`);

// One lookup per word instead of one per list: every single-word entry with a bit per list.
export const L_COMMON = 1, L_TITLE = 2, L_FIRST = 4, L_AMBIGUOUS_FIRST = 8, L_LAST = 16, L_PLACE = 32, L_AMBIGUOUS_PLACE = 64,
  L_ORG = 128, L_DEMONYM = 256, L_ORG_WORD = 512, L_PLACE_WORD = 1024, L_PARTICLE = 2048, L_STREET_SUFFIX = 4096,
  L_STREET_PREFIX = 8192, L_STREET_AFTER = 16384, L_UNIT = 32768, L_WEAK_NAME_CUE = 65536, L_AFTER_NAME_CUE = 131072,
  L_PLACE_CUE = 262144, L_MOTION = 524288, L_MULTI_START = 1048576, L_CUE_END = 2097152, L_BOX = 4194304, L_RARE_FIRST = 8388608, L_ROLE = 16777216;
const LEX = new Map<string, number>();
const lists: [ReadonlySet<string>, number][] = [
  [COMMON_WORDS, L_COMMON], [TITLES, L_TITLE], [FIRST_NAMES, L_FIRST], [AMBIGUOUS_FIRST_NAMES, L_AMBIGUOUS_FIRST], [LAST_NAMES, L_LAST],
  [PLACES, L_PLACE], [AMBIGUOUS_PLACES, L_AMBIGUOUS_PLACE], [ORGANIZATIONS, L_ORG], [DEMONYMS, L_DEMONYM], [ORG_WORDS, L_ORG_WORD],
  [PLACE_WORDS, L_PLACE_WORD], [PARTICLES, L_PARTICLE], [STREET_SUFFIXES, L_STREET_SUFFIX], [STREET_PREFIXES, L_STREET_PREFIX],
  [STREET_AFTER_NAME, L_STREET_AFTER], [UNIT_WORDS, L_UNIT], [WEAK_NAME_CUES, L_WEAK_NAME_CUE], [AFTER_NAME_CUES, L_AFTER_NAME_CUE],
  [PLACE_CUES, L_PLACE_CUE], [MOTION_VERBS, L_MOTION], [ROLE_NOUNS, L_ROLE],
];
for (const [list, bit] of lists) for (const word of list) if (!word.includes(' ')) LEX.set(word, (LEX.get(word) ?? 0) | bit);
// First words of known places and organisations of several words ("united" of "united states"):
// only a chain holding one needs its phrase built and looked up.
for (const list of [PLACES, ORGANIZATIONS]) {
  for (const entry of list) {
    const space = entry.indexOf(' ');
    if (space > 0) { const word = entry.slice(0, space); LEX.set(word, (LEX.get(word) ?? 0) | L_MULTI_START); }
  }
}
// Words that open a box address (address.ts boxAt: "PO Box", "PSC", "Unit", "USNS"): sparse.ts must not skip them.
for (const word of ['psc', 'unit', 'cmr', 'po', 'postbox', 'pobox', 'usns', 'usnv', 'uss', 'uscgc']) LEX.set(word, (LEX.get(word) ?? 0) | L_BOX);
// Words after which sparse.ts must not skip a capitalised word: the last words of the strong cue
// phrases, and the list joiners after which names.ts keeps an ordinary word as a list's item.
for (const cue of STRONG_NAME_CUES) { const word = cue[cue.length - 1]!; if (/^[a-z']+$/.test(word)) LEX.set(word, (LEX.get(word) ?? 0) | L_CUE_END); }
for (const word of ['and', 'or']) LEX.set(word, (LEX.get(word) ?? 0) | L_CUE_END);

// First names from national statistics that compromise lacks (32,000): trusted less, for they
// include "Lua" and "Pino" (names.ts). A Set of their own, looked up only for capitalised words
// the main lexicon does not know (lex): lowercase words are most of a text, and merged into LEX
// they made every lookup slower (a table 2.5 times the size, more cache misses); in lowercase
// text such a name counts only before a surname (names.ts).
const EXTRA = new Set(data.EXTRA_FIRST_NAMES.split('|'));
/** A first name of the rarer lists ("aksel", "leone"): lex() gives a lowercase word no such bit (names.ts asks this apart). */
export const isRareFirstName = (lower: string): boolean => EXTRA.has(lower);
// Surnames of redact-pii's list that compromise lacks (6,600: "Castellano", "Lockwood"), looked
// up the same way and for the same reasons, and only for a capitalised word: in lowercase text
// a surname alone is no sign of a name ("lockwood" may be a package), so there it has no bit.
const EXTRA_LAST = new Set(data.EXTRA_LAST_NAMES.split('|'));
const lookupCapitalized = (lower: string): number => LEX.get(lower) ?? (EXTRA.has(lower) ? L_FIRST | L_RARE_FIRST : EXTRA_LAST.has(lower) ? L_LAST : 0);

/** The lexicon bits of a lowercase word. */
export const lookup = (lower: string): number => LEX.get(lower) ?? 0;

const RANGE_SLOTS = 2048;
const rangeWords: (string | undefined)[] = new Array<string | undefined>(RANGE_SLOTS).fill(undefined);
const rangeBits = new Int32Array(RANGE_SLOTS);
/**
 * The lexicon bits of lower[start, end) (`hash`: its hashRange, when the caller has it).
 * Recent words are remembered by a hash of their characters, so a word seen again ("The",
 * "Please", in this message or the next) costs a hash and one comparison instead of a new
 * string and a Map lookup. The memory is a fixed table: a word whose slot another took is
 * simply looked up again.
 */
export function lookupRange(lower: string, start: number, end: number, hash = hashRange(lower, start, end)): number {
  const slot = (hash ^ (hash >>> 15)) & (RANGE_SLOTS - 1);
  const known = rangeWords[slot];
  if (known !== undefined && known.length === end - start) {
    let k = 0;
    while (k < known.length && known.charCodeAt(k) === lower.charCodeAt(start + k)) k++;
    if (k === known.length) return rangeBits[slot]!;
  }
  const word = lower.slice(start, end);
  const bits = lookup(word);
  rangeWords[slot] = word;
  rangeBits[slot] = bits;
  return bits;
}

/** FNV-1a over lower[start, end), the hash lookupRange files words under; `hashStep` is one character of it. */
export function hashRange(lower: string, start: number, end: number): number {
  let h = HASH_SEED;
  for (let i = start; i < end; i++) h = hashStep(h, lower.charCodeAt(i));
  return h;
}
export const HASH_SEED = 0x811c9dc5 | 0;
export const hashStep = (h: number, code: number): number => Math.imul(h ^ code, 0x01000193);

/** The lexicon bits of token i (cached per scan). */
// (Not lookupRange: a text dense in names holds more distinct words than its table remembers,
// and a miss there costs the hash on top of the lookup.)
export const lex = (t: Tokens, i: number): number => cachedInfo(t, i, (t.flags[i]! & F_CAP) !== 0 ? lookupCapitalized : lookup);

const CONTRACTION = /['’](?:m|d|ll|ve|re|s|t)$/;
/**
 * An ordinary English word or a title, not also a name or a place: capitalised, it starts a
 * sentence or a heading ("The", "Please") rather than a name. `bits` are the word's lexicon bits.
 */
export function isCommonWord(bits: number, lower: string): boolean {
  // A contraction the lexicon does not know ("I'm", "We'll"; the bits sparse.ts reads do not count).
  if ((bits & ~(L_CUE_END | L_BOX)) === 0 && CONTRACTION.test(lower)) return true;
  return (bits & (L_COMMON | L_TITLE)) !== 0 && (bits & (L_FIRST | L_LAST | L_PLACE)) === 0;
}
