/**
 * Sentences for training the PERSON context model (scripts/train-person-context.ts), written from
 * this file's own templates and filled from the lexicons, with the spans that are people marked.
 * The evaluation set's tuning half teaches the model the wording of one synthetic data set; these
 * teach it what real prompts hold besides: products, libraries and companies with made-up names
 * that look like people's ("Pako", "Vitexa"), firms named after their partners, technical prose,
 * and people mentioned without a title or a cue ("Tomomi is tired", "ask Okafor").
 *
 * A template is a sentence with slots:
 *   {P}  a person, full name (given name + surname, either may be one no list knows)
 *   {F}  a given name alone (common, rare or unknown)      {S}  a surname alone
 *   {X}  a product, library, tool or company with a made-up name (not a person)
 *   {L}  a firm named after its partners: "Hawkins, Okafor and Reyes" (not a person)
 *   {T}  a term, heading or product of one to three capitalised words ("Workspace Configuration",
 *        "Bucket Generators", "Redis Cluster"), sometimes in capitals (not a person)
 * The same frames appear with people and with things where a reader could not tell them apart
 * without the word itself ("{F} is great", "{X} is great"), so the model leans on the spelling
 * there and on the context only where the context differs.
 */

export interface Synthetic { readonly text: string; readonly people: readonly [number, number][] }

/** Sentences about people: the slots here are persons. */
const PEOPLE = `
{F} is tired today.
{F} is running late, start without us.
{F} was sick yesterday so the meeting moved.
{F} has two kids and a dog.
{F} called me this morning about the invoice.
{F} wants to know when the report is due.
{F} is my best friend from school.
{F} lost her keys again.
{F} went home early because he felt unwell.
{F} is on vacation until Monday.
{F} seems upset about the schedule.
{F} got promoted last week!
{F} turned forty today.
{F} and I are getting married in June.
{F} will pick up the kids at five.
{F} thinks the price is too high.
Why is {F} always so quiet?
Has {F} signed the contract yet?
Can you ask {F} to send me the slides?
Please forward this to {F} before Friday.
I had lunch with {F} and her husband.
I met {F} at the conference last year.
My sister {F} lives near the station.
Tell {F} I said hello.
Send the draft to {P} and copy {F}.
{P} is the new head of marketing.
{P} joined the team in March.
{P} will be out of office next week.
{P} was born in a small town.
{P} asked whether we could reschedule.
{P} is allergic to penicillin.
{P} has been our client since 2015.
Please book a table for {P} at eight.
The package is addressed to {P}.
The patient, {P}, reports chest pain since Tuesday.
Our landlord {P} raised the rent again.
We hired {P} as a contractor.
Invoice for {P}, due in 30 days.
Meeting notes: {P} presented the budget, {F} raised concerns.
{S} said the numbers do not add up.
{S} is leading the audit this quarter.
Ask {S} about the vacation policy.
I spoke with {S} on the phone yesterday.
Professor {S} will grade the exams.
{S} and {F} are both on the committee.
Coach {S} benched him for the second half.
According to {S}, the shipment is delayed.
Congratulations to {F} on the new baby!
Thanks {F}, that helps a lot.
{F}, can you review my pull request?
{F}'s birthday is next Sunday.
I can't believe {F} said that.
{F} texted me that she is stuck in traffic.
Happy anniversary, {F} and {F}!
{F} and {F} are coming over for dinner.
Do you know if {F} got the job?
I think {F} would love this book.
{P} maintains the project in their spare time.
This library was written by {P}.
Thanks to {P} for the patch that fixed the race condition.
{F} reviewed the change and approved it.
Ping {F} if the build breaks again.
{P} opened an issue about the memory leak.
Originally created by {P}, now maintained by the community.
{F} is exhausted after the night shift.
{F} was so nervous before the interview.
{S} seems worried about the deadline.
{F} got married last summer.
{S} is allergic to nuts, so no peanuts at the party.
Is {F} still angry with me?
Why was {S} so upset this morning?
We hired {S} as our new bookkeeper.
Yesterday I met {F} for coffee.
She told {S} about the surprise party.
I asked {F} whether the offer still stands.
The board appointed {P} as chief financial officer.
We invited {F} and her partner to the wedding.
I miss {F} so much since she moved away.
The teacher praised {S} in front of the class.
Grab a coffee with {S} before you leave.
I'll be working with {F} on the quarterly report.
Give the keys to {S} when you are done.
I lent my car to {F} for the weekend.
The award went to {P} this year.
Yesterday {F} called to say the house was sold.
Last week {S} resigned without notice.
In the end {F} decided to stay in Lisbon.
When {F} arrived, everyone had already left.
After the meeting {S} stayed behind to talk.
Apparently {F} and {S} had an argument.
My neighbour {S} complained about the noise again.
{S} took the kids to the zoo.
{F} doesn't eat meat anymore.
{F} still owes me twenty dollars.
{S} will present the results on Thursday.
The nurse checked on {F} twice during the night.
Did {S} reply to your message?
Her brother {F} is studying medicine.
{F}, Tom and I went hiking on Sunday.
{S}, the new intern, starts on Monday.
`;

/** Sentences about things: the {X} slots are products, tools or companies, not persons. */
const THINGS = `
{X} is a fast bundler for JavaScript.
{X} does not support Windows yet.
{X} is written in Rust and compiles to WebAssembly.
{X} was released in 2019 and is still maintained.
{X} can be installed with npm or yarn.
{X} exposes a small API for parsing dates.
{X} runs on Linux, macOS and Windows.
{X} is deprecated, use the new client instead.
{X} handles caching and retries for you.
{X} lets you define schemas in plain objects.
{X} is great for small projects.
{X} is down again this morning.
{X} has a free tier for open source.
{X} raised a new funding round last month.
{X} acquired a startup in Berlin.
{X} will shut down its legacy plans in June.
We migrated from {X} to {X} last year.
I love {X}, it saves me hours.
Why is {X} so slow on large files?
Has {X} fixed the login bug yet?
Can you ask {X} support to reset my account?
Please add {X} to the list of dependencies.
Thanks to {X}, the build takes half the time.
This plugin wraps {X} and adds types.
It is compatible with {X} version 3 and later.
Use {X} to compress the response body.
The {X} team published a security advisory.
Our app uses {X} for authentication.
I had an issue with {X} after the upgrade.
Compared to {X}, it uses less memory.
{X} and {X} both work, but the first is faster.
Drop-in replacement for {X}, with zero dependencies.
{X}'s plugin system is easy to extend.
You can customize {X}'s request lifecycle with hooks.
It relies on {X}'s tokens and comments.
Contributions to {X} are welcome.
Send the events to {X} in batches.
Switch to {X} for faster builds.
Due to {X}'s single-threaded design, it is fast.
For using {X} with a web framework, see the examples.
Errors for {X}, {X} and {X}, with ease.
{X} is a port of the original parser.
{X} implements the spec in under 2 KB.
Built on top of {X}, it adds streaming support.
{X} says the outage is resolved.
My subscription to {X} renews on the first.
I work at {X} as a data analyst.
She got an offer from {X} last week.
{X} shipped a new version with breaking changes.
Install {X} globally and run it from the command line.
{X} reads the config file and validates it.
Tell {X} to retry three times before failing.
Send the logs to {X} for analysis.
If {X} is not installed, the tests are skipped.
{X} supports plugins written in TypeScript.
Configure {X} with an environment variable.
A fork of {X} with better error messages.
The project moved from {X} to GitHub Actions.
We switched to {X} because the old tool was slow.
I'm working with {X} on a side project.
The data is sent to {X} over HTTPS.
We hired {X} to audit our smart contracts.
I met the {X} folks at a meetup.
{X} is so slow on my laptop.
{X} is still broken after the update.
{X} seems stable enough for production.
Is {X} still maintained?
Why was {X} so popular back then?
{X} got acquired last year.
{X} doesn't support streaming yet.
{X} still has no dark mode.
Yesterday {X} was down for an hour.
In the end we chose {X} for the backend.
After the upgrade {X} stopped working.
Integrate {X} with your CI pipeline.
Connect {X} to your database in minutes.
Apparently {X} and {X} share the same parser.
We log every request with {X} in production.
The build scripts are written in {X}.
`;

/** Technical prose and documentation: the {T} slots are terms, headings and features, not persons. */
const TERMS = `
{T} is enabled by default.
See {T} below for the details.
The {T} option controls how often the cache is flushed.
Read more about {T} in the documentation.
{T} are supported since version 2.
Enable {T} in the settings to use this feature.
**{T}**: how the request body is parsed.
[{T}](https://example.com/docs/setup) explains the configuration.
THE SOFTWARE IS PROVIDED BY {T} AND CONTRIBUTORS "AS IS".
{T} on all lines is removed by default.
{T} names can use any valid identifier.
This package implements {T} for Node and browsers.
It supports {T} and {T} out of the box.
For more information on {T}, see the guide.
Method 2: {T} Alternatively, you can add the config file by hand.
{T} and {X} are both optional.
When you manage {T} manually, keep the order of the entries.
The {X} client sends {T} with every request.
{X} provides {T} for free.
Set {T} to false to disable the check.
{T}: see the attached file.
{T}: 12 Main Street, Springfield
{T}: enabled
Step 3 - {T}: restart the server.
The conference moved from April to May.
Prices go up in June, and again in August.
{T} is planned for March.
`;

/** Contributors and authors in documentation, as README files credit them: persons. */
const CREDITS = `
Maintained by [{P}](https://github.com/example) and [{P}](https://github.com/example2).
Thanks to {P} for the logo.
Originally written by {P}, ported to {X} by {P}.
The tokenizer is adapted from {P}'s parser.
Copyright (c) 2021 {P}
`;

/** Firms named after partners: the whole list is one organisation, none of it a person. */
const FIRMS = `
{L} is a design agency in Chicago.
I spent two years at {L} before starting my own firm.
The merger was advised by {L}.
{L} represents the plaintiffs.
She is a partner at {L}.
Our accountants, {L}, sent the audit.
{L} has offices in three countries.
The contract was drafted by {L} last spring.
`;

export const TEMPLATES = { people: lines(PEOPLE), credits: lines(CREDITS), things: lines(THINGS), terms: lines(TERMS), firms: lines(FIRMS) };

function lines(block: string): string[] {
  return block.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
}

/** Word lists the fillers draw from (lowercase). */
export interface Vocabulary {
  readonly firstNames: readonly string[];
  readonly rareFirstNames: readonly string[];
  /** Surnames, known to the lexicon or not. */
  readonly surnames: readonly string[];
  /** Names no list of the lexicon holds (given names of gender-detection-from-name's French list: train-person-context.ts). */
  readonly unknownNames: readonly string[];
  /** Ordinary English words: the stems of made-up product names. */
  readonly commonWords: readonly string[];
  /** English words the lexicon does not know ("whitespace", "iterables"): a term's words. */
  readonly termWords: readonly string[];
}

const cap = (w: string): string => w.charAt(0).toUpperCase() + w.slice(1);
const pick = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

const SUFFIXES = ['ify', 'ly', 'io', 'x', 'r', 'er', 'hub', 'kit', 'base', 'flow', 'ops', 'ra', 'on', 'ex', 'a', 'o', 'ix', 'lab', 'iq', 'eo'];
const CONSONANTS = 'bcdfghjklmnprstvwxz';
const VOWELS = 'aeiou';

/**
 * A made-up product or company name of one of the shapes such names take: two words run together
 * ("Healthpocket"), a word and a suffix ("Streamify", "Datalab"), a short invented word ("Pako",
 * "Vuzeno", which reads like a name: only the context can tell), or a capital inside ("DataFlow").
 */
export function productName(random: () => number, v: Vocabulary): string {
  const short = () => { let w; do w = pick(random, v.commonWords); while (w.length > 6 || w.length < 3); return w; };
  const shape = random();
  // Products named like people: "Pino", "Ringo", "Koa" are on the lists of rarer given names,
  // "Jose", "Winston", "Claude" on those of the common ones.
  if (shape < 0.1) return cap(pick(random, v.rareFirstNames));
  if (shape < 0.15) return cap(pick(random, v.firstNames));
  if (shape < 0.3) return cap(short() + short());
  if (shape < 0.6) { const w = short(); return cap(w + pick(random, SUFFIXES)); }
  if (shape < 0.8) {
    let w = '';
    const syllables = 2 + Math.floor(random() * 2);
    for (let k = 0; k < syllables; k++) w += pick(random, [...CONSONANTS]) + pick(random, [...VOWELS]);
    if (random() < 0.3) w += pick(random, ['x', 'n', 's', 'r', 'k']);
    return cap(w);
  }
  return cap(short()) + cap(short());
}

/**
 * A term of one to three capitalised words: English words the lexicon does not know, or a product
 * name followed by such a word ("Redis Cluster"); one in six in capitals ("COPYRIGHT HOLDERS").
 */
export function termName(random: () => number, v: Vocabulary): string {
  const size = 1 + Math.floor(random() * 3);
  const words: string[] = [];
  for (let k = 0; k < size; k++) {
    const lead = k === 0 && size > 1 ? random() : 1;
    // An acronym or a product first: "JSON Schema", "MCP SDK", "Redis Cluster".
    words.push(lead < 0.25 ? acronym(random) : lead < 0.5 ? productName(random, v) : cap(pick(random, v.termWords)));
  }
  const term = words.join(' ');
  return random() < 1 / 6 ? term.toUpperCase() : term;
}

/** Two to four capital letters: "JSX", "MCP". */
function acronym(random: () => number): string {
  let w = '';
  const size = 2 + Math.floor(random() * 3);
  for (let k = 0; k < size; k++) w += String.fromCharCode(65 + Math.floor(random() * 26));
  return w;
}

/** A given name: common (two in five), rare or one no list knows (three in ten each). */
function givenName(random: () => number, v: Vocabulary): string {
  const r = random();
  return cap(pick(random, r < 0.4 ? v.firstNames : r < 0.7 ? v.rareFirstNames : v.unknownNames));
}

/** One sentence from `template`, its person spans marked. */
function fill(template: string, random: () => number, v: Vocabulary): Synthetic {
  let text = '';
  const people: [number, number][] = [];
  let at = 0;
  for (const match of template.matchAll(/\{([PFSXLT])\}/g)) {
    text += template.slice(at, match.index);
    at = match.index + match[0].length;
    const slot = match[1]!;
    let value: string;
    if (slot === 'P') value = `${givenName(random, v)} ${cap(pick(random, v.surnames))}`;
    else if (slot === 'F') value = givenName(random, v);
    else if (slot === 'S') value = cap(pick(random, v.surnames));
    else if (slot === 'X') value = productName(random, v);
    else if (slot === 'T') value = termName(random, v);
    else value = `${cap(pick(random, v.surnames))}, ${cap(pick(random, v.surnames))} and ${cap(pick(random, v.surnames))}`;
    if (slot === 'P' || slot === 'F' || slot === 'S') people.push([text.length, text.length + value.length]);
    text += value;
  }
  text += template.slice(at);
  return { text, people };
}

/**
 * `count` sentences from every template in turn (so each kind is represented in proportion to
 * its templates), filled at random from `v`, a few of them joined into short paragraphs so that
 * a sentence start is not always the text's start.
 */
export function synthesize(count: number, random: () => number, v: Vocabulary): Synthetic[] {
  const all = Object.values(TEMPLATES).flat();
  const out: Synthetic[] = [];
  for (let k = 0; k < count; k++) {
    const first = fill(all[k % all.length]!, random, v);
    if (random() < 0.7) { out.push(first); continue; }
    // A short paragraph: another sentence before this one.
    const lead = fill(pick(random, all), random, v);
    const offset = lead.text.length + 1;
    out.push({ text: `${lead.text} ${first.text}`, people: [...lead.people, ...first.people.map(([s, e]) => [s + offset, e + offset] as [number, number])] });
  }
  return out;
}
