/**
 * What the mentions of one text say about each other, after names.ts has classified each on its
 * own: the same name seen again, the items of a list, a transcript's speakers, a firm named
 * after its partners.
 */
import { L_AMBIGUOUS_FIRST, L_FIRST, L_LAST, lex } from './lexicon.ts';
import { lowerOf, type Tokens } from './tokens.ts';
import { type Chain, isCommon, isWord, listed, wordBefore } from './words.ts';

/** Singular verbs after a list of names that make the list one firm's name ("... and Coleman is a design agency"). */
const FIRM_VERBS = new Set(['is', 'was', 'has', 'provides', 'offers']);
/** Words before a list of names that make the list one firm's name ("a year at ...", "is from ..."). */
const FIRM_BEFORE = new Set(['at', 'from', 'for']);

/**
 * What one mention says about another in the same text: a word of a confident full name
 * ("Asya Godina") mentioned alone ("Asya spent a year") is that person again; a chain listed
 * with a person ("Kónya, Becker and Vasquez") is a person too.
 */
export function relate(t: Tokens, chains: Chain[]): void {
  // A word that only its spelling made a name ("Deno"), listed beside something that is no
  // confident name ("Cloudflare Workers, Deno, and Bun"): an item of a list of things.
  for (let k = 0; k < chains.length; k++) {
    const c = chains[k]!;
    if (c.spelling === 0) continue;
    const prev = chains[k - 1], next = chains[k + 1];
    const thingBefore = prev !== undefined && listed(t, prev.last, c.first) && !confidentPerson(prev);
    const thingAfter = next !== undefined && listed(t, c.last, next.first) && !confidentPerson(next);
    if (thingBefore || thingAfter) { c.score -= c.spelling; c.spelling = 0; }
  }
  const known = new Set<string>();
  for (const c of chains) if (c.type === 'PERSON' && c.score >= 0.6 && (c.words.length >= 2 || c.score >= 0.85)) for (const w of c.words) known.add(w);
  for (const c of chains) {
    if (c.score >= 0.8 || c.type === 'ORGANIZATION' || c.words.length === 0) continue;
    if (c.words.every((w) => known.has(w))) { c.type = 'PERSON'; c.score = 0.8; }
  }
  // "Kónya, Becker and Vasquez": three or more capitalised words in a list, two of them known names.
  for (let k = 0; k < chains.length; k++) {
    let end = k;
    while (end + 1 < chains.length && chains[end + 1]!.type === 'PERSON' && listed(t, chains[end]!.last, chains[end + 1]!.first)) end++;
    if (end - k < 2 || chains[k]!.type !== 'PERSON') continue;
    // "a year at Jones, Mitchell and Williams", "is from Hawkins, Richardson and Santana", "works
    // for ...", "Lopez, Santos and Coleman is an agency": a firm named after its partners, one
    // organisation (people are not where one is "at" or "from"); "founded by Becker, Kowalski and Vasquez": people.
    const before = wordBefore(t, chains[k]!.first);
    const after = chains[end]!.last + 1;
    if ((before >= 0 && FIRM_BEFORE.has(lowerOf(t, before))) || (isWord(t, after) && FIRM_VERBS.has(lowerOf(t, after)))) {
      chains[k] = { type: 'ORGANIZATION', first: chains[k]!.first, last: chains[end]!.last, score: 0.6, words: [], speaker: false, spelling: 0 };
      for (let m = k + 1; m <= end; m++) chains[m]!.score = 0;
      k = end;
      continue;
    }
    let names = 0;
    for (let m = k; m <= end; m++) if ((lex(t, chains[m]!.first) & (L_FIRST | L_LAST | L_AMBIGUOUS_FIRST)) !== 0 || confidentPerson(chains[m]!)) names++;
    if (names >= 2) for (let m = k; m <= end; m++) chains[m]!.score = Math.max(chains[m]!.score, 0.6);
    k = end;
  }
  // A transcript: where two or more lines open with a person's name and a colon, the other
  // speakers are people too ("Ubul: What a wife.\nNicole: Remember me, Mary?\nJohn: ...").
  let speakers = 0;
  for (const c of chains) if (c.speaker === true && c.type === 'PERSON' && c.score >= 0.5) speakers++;
  if (speakers >= 2) for (const c of chains) if (c.speaker === true && c.type === 'PERSON') c.score = Math.max(c.score, 0.6);
  for (let round = 0; round < 2; round++) {
    for (let k = 0; k < chains.length; k++) {
      const c = chains[k]!;
      // An ordinary word needs more than one neighbour to be a name (the three-item rule above).
      if (c.type !== 'PERSON' || c.score >= 0.5 || (c.first === c.last && isCommon(t, c.first))) continue;
      const prev = chains[k - 1], next = chains[k + 1];
      if ((prev !== undefined && confidentPerson(prev) && listed(t, prev.last, c.first))
        || (next !== undefined && confidentPerson(next) && listed(t, c.last, next.first))) c.score = 0.6;
    }
  }
}

/**
 * A person without the help of its spelling: what a list's other items may be judged by. A word
 * that only its spelling made a name ("Deno") says nothing about its neighbours.
 */
function confidentPerson(c: Chain): boolean {
  return c.type === 'PERSON' && c.score - c.spelling >= 0.5;
}
