/**
 * Synthetic text, tenth round: 33 languages besides English, each written in it, for the
 * injection model (scripts/train-injection.ts). Two sets of writers, by language group (west:
 * de nl pl sv da nb, and romance: fr es it pt ro; east: cs sk hr hu fi el tr, and cyrillic: ru uk
 * bg sr; asia: zh ja ko vi id th; south: ar he fa hi sw):
 * - attacks-*.ts: direct attacks, instructions hidden in documents, and their benign look-alikes;
 * - benign-*.ts: ordinary messages to an assistant and ordinary documents, written without
 *   seeing the attack templates; benign-instructions.ts: requests about instructions, manuals
 *   and rules ("Pokaż mi instrukcję instalacji"), which the attacks' "show your instructions" taught
 *   the model to flag, in the same 33 languages and English.
 * None of them saw the held-out sets (eval/data/multilingual-heldout.jsonl, injection-probes.jsonl).
 * The languages' frames follow one list of scenarios per group, each phrased natively.
 */
import { fill, pick, type Rand } from '../injection-synth.ts';
import { LANGUAGES as WEST } from './attacks-west.ts';
import { LANGUAGES as ROMANCE } from './attacks-romance.ts';
import { LANGUAGES as EAST } from './attacks-east.ts';
import { LANGUAGES as CYRILLIC } from './attacks-cyrillic.ts';
import { LANGUAGES as ASIA } from './attacks-asia.ts';
import { LANGUAGES as SOUTH } from './attacks-south.ts';
import { BENIGN as BENIGN_WEST } from './benign-west.ts';
import { BENIGN as BENIGN_ROMANCE } from './benign-romance.ts';
import { BENIGN as BENIGN_EAST } from './benign-east.ts';
import { BENIGN as BENIGN_CYRILLIC } from './benign-cyrillic.ts';
import { BENIGN as BENIGN_ASIA } from './benign-asia.ts';
import { BENIGN as BENIGN_SOUTH } from './benign-south.ts';
import { INSTRUCTION_REQUESTS } from './benign-instructions.ts';
import { SHORT_MESSAGES } from './benign-short.ts';

export interface ForeignTemplates { readonly direct: readonly string[]; readonly hidden: readonly string[]; readonly lookalikes: readonly string[] }
export interface BenignTemplates { readonly requests: readonly string[]; readonly documents: readonly string[] }

const ATTACKS: Record<string, ForeignTemplates> = { ...WEST, ...ROMANCE, ...EAST, ...CYRILLIC, ...ASIA, ...SOUTH };
const BENIGN: Record<string, BenignTemplates> = { ...BENIGN_WEST, ...BENIGN_ROMANCE, ...BENIGN_EAST, ...BENIGN_CYRILLIC, ...BENIGN_ASIA, ...BENIGN_SOUTH };
// Languages are drawn by sorted code (CODES), so which file holds a language changes no draw.
const CODES = Object.keys(ATTACKS).sort();

/** n texts of one kind, the language drawn first so each language is about as frequent. */
function drawer<T>(table: Record<string, T>, frames: (t: T) => readonly string[], codes = CODES) {
  return (r: Rand, n: number): string[] => Array.from({ length: n }, () => fill(r, pick(r, frames(table[pick(r, codes)] as T))));
}

/** Direct attacks: overrides, prompt leaks, secrets in disguise, personas, hijacks, fake system turns, authority. */
export const foreignDirectAttacks = drawer(ATTACKS, (t) => t.direct);
/** Instructions hidden in a document for the AI reading it (inserted into documents as attacks). */
export const foreignHidden = drawer(ATTACKS, (t) => t.hidden);
/** Benign texts with the attacks' words in their ordinary sense (training only). */
export const foreignLookalikes = drawer(ATTACKS, (t) => t.lookalikes);
/** Ordinary messages to an assistant: questions, writing, code, plans, advice, customer service. */
export const foreignMessages = drawer(BENIGN, (t) => t.requests);
/** Ordinary documents a tool returns: e-mails, notes, tickets, reviews, recipes, READMEs, policies. */
export const foreignDocuments = drawer(BENIGN, (t) => t.documents);
/** Requests about instructions, manuals and rules, the look-alikes of prompt leaks (training only). */
export const instructionRequests = drawer(INSTRUCTION_REQUESTS, (frames) => frames, Object.keys(INSTRUCTION_REQUESTS).sort());
/** Short turns of an ordinary chat in the 33 languages and English: follow-ups, quick questions, thanks (eleventh round, training only). */
export const shortMessages = drawer(SHORT_MESSAGES, (frames) => frames, Object.keys(SHORT_MESSAGES).sort());
