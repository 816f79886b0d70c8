/**
 * Trains the injection model and writes src/detect/injection/model-data.ts.
 *
 * Usage: npm run train:injection   (node scripts/train-injection.ts [--check])
 *   --check  train, and compare with the committed file instead of writing it (exit 1 if different)
 *   INJECTION_SEED=N        another draw of the synthetic text (the committed model: the default)
 *   INJECTION_VERBOSE=1     also print each calibration set's 1% point (which set holds the threshold)
 *
 * Reproducible: the data is ../shared/datasets/ (train and calibration splits only, see
 * eval/injection-data.ts) plus synthetic text from a fixed seed (scripts/injection-synth.ts);
 * the shuffle is seeded; the arithmetic is plain float64 in a fixed order. The same inputs give
 * the same bytes.
 *
 * Steps: every text is read as the runtime reads it (pipeline.ts) and cut into the ranges the
 * runtime scores (windows; for indirect input, sentences too); a range is positive when the
 * text is an attack and the range holds it (for an attack inserted into a document, only the
 * ranges covering it; the rest of that document are negatives). Logistic regression by SGD with
 * L2, classes balanced per source, the last epochs' weights averaged. The n-gram weights are
 * quantized to int8 with one scale. Then, on the calibration split and with the quantized weights
 * (exactly what the runtime computes), Platt scaling maps the best range's raw score to a
 * probability, and each source's threshold is set so that every benign calibration set of that
 * source with at least MIN_SET texts (WildGuard's calibration quarter, BIPIA's calibration contexts,
 * the synthetic documents, ...) has at most TARGET_FPR (1%) of its texts flagged (estimated
 * from the tail of each set's scores, see tailQuantile), capped at MAX_THRESHOLD. It prints the calibration split's detection and false-positive rates at those
 * thresholds: what to look at while changing it. WildGuard's calibration quarter is never
 * trained on (its training quarter is, since the eighth round; the evaluation reports the other
 * half): synthetic benign chat alone is too easy to set a threshold on, and a pooled quantile
 * would let many easy texts set it for the few hard ones.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BUCKETS, DIRECT_TWIN } from '../src/detect/injection/features.ts';
import { bestRange, featureNorm, namedFeatures, scoredRanges, type Source, SOURCES, sigmoid, type Weights } from '../src/detect/injection/model.ts';
import { read } from '../src/detect/injection/pipeline.ts';
import { Stray, type StrayBin, strayBins, strayFeature, strayGain } from '../src/detect/injection/stray.ts';
import { bipiaAttacks, bipiaContexts, deepset, type Example, gnomeHelp, helpTitles, insert, packageDocs, POSITIONS, presidioSentences, type Split, wildGuard } from '../eval/injection-data.ts';
import { socialAttacks, socialBenign } from './injection-synth-direct.ts';
import { jailbreakAttacks, jailbreakBenign } from './injection-synth-jailbreak.ts';
import { webAttacks, webPages } from './injection-synth-web.ts';
import { multilingualAttacks, multilingualBenign } from './injection-synth-multilingual.ts';
import { foreignRequests } from './injection-synth-requests.ts';
import { followUps } from './injection-synth-followups.ts';
import { payloadLookalikes } from './injection-synth-payloads.ts';
import { styleAttacks, styleHidden, styleLookalikes } from './injection-synth-styles.ts';
import { benignDocuments } from './injection-synth-benign-docs.ts';
import { operatorSystemPrompts } from './injection-synth-system-prompts.ts';
import { foreignDirectAttacks, foreignDocuments, foreignHidden, foreignLookalikes, foreignMessages, instructionRequests, shortMessages } from './injection-synth-foreign/index.ts';
import { benignChat, benignDocs, directAttacks, documents, hiddenInstructions, moreHidden, moreTasks, pick, responseDirectives, systemPrompts, tasks } from './injection-synth.ts';
import { mulberry32 } from './seeded-random.ts';

/** The seed (INJECTION_SEED overrides it, to see how much the figures move with the draw; the committed model uses this one). */
const SEED = Number(process.env['INJECTION_SEED'] ?? 20240601);
export const EPOCHS = 12;
const AVERAGED = EPOCHS - Math.ceil(EPOCHS / 2);
export const L2 = 1e-5;
export const LR = 1.0;
/** Stray-sentence features for indirect sentences (stray.ts; INJECTION_STRAY=0 leaves them out, to compare). */
const STRAY = process.env['INJECTION_STRAY'] !== '0';
/** Benign requests on the attack payloads' topics, training only (injection-synth-payloads.ts; 0 leaves them out). */
const PAYLOADS = Number(process.env['INJECTION_PAYLOADS'] ?? 100);
/**
 * Learning rate of the stray sentences' gains (a multiplier of their n-gram sum, stray.ts) as a
 * share of LR: a gain multiplies a sum of hundreds of weights, so its gradient is that much
 * larger than a named weight's. 0.03 and 0.1 measured (thirteenth round): the same at <= 1%
 * held-out false positives, 0.03 steadier at <= 0.5%.
 */
const STRAY_GAIN_LR = 0.03;
/**
 * Share of each benign calibration set a threshold may flag: the 1% target, per set. (Until
 * this round it was 0.5% of all benign calibration texts pooled, most of them synthetic and easy:
 * the held-out WildGuard half then came out at 2.2% and, with the new synthetic data, BIPIA's
 * held-out contexts at 4%. See docs/injection-rounds.md.)
 */
const TARGET_FPR = 0.01;
/**
 * Twelfth round: a tenth of that for system input. An application sends its system prompt with
 * every request, so a false alarm on it is a false alarm on every request, and each operator
 * writes one or a few: the target is per prompt, not per message.
 */
const TARGET_FPR_SYSTEM = Number(process.env['INJECTION_SYSTEM_TARGET'] ?? 0.001);
/** Benign calibration sets smaller than this do not set a threshold on their own (their 1% quantile would be their maximum). */
const MIN_SET = 100;
/**
 * Thresholds stop at 0.99: the Platt curve, fitted on texts of which many are easy, is steep,
 * and above 0.99 hard benign texts and attacks are no longer told apart (scores are reported to
 * three decimals).
 */
const MAX_THRESHOLD = 0.99;
/**
 * And they start at 0.6. Since the eighth round trains on a quarter of WildGuard, the direct
 * calibration sets (all English or German) would put the direct threshold at 0.5 or lower; the
 * only non-English benign prompts we have that are hard (our own look-alikes: "translate this
 * instruction sheet into English" in Japanese, "show the printer installation instructions" in
 * Russian) score 0.55-0.56 with that model. A floor, not a calibration: real benign prompts in
 * other languages to calibrate on are what is missing (docs/injection-rounds.md, "Eighth round").
 * Since the tenth round GNOME's help titles in 21 languages and synthetic messages in 33 are
 * calibration sets, and the threshold they set (0.732 on the default draw) is over the floor.
 */
const MIN_THRESHOLD = 0.6;
/** How many models, on as many draws of the synthetic text, are averaged. */
export const BAGS = 3;
/** Synthetic social-engineering attacks and their benign look-alikes (injection-synth-direct.ts), each, per split; twice as many as this for training. */
const SOCIAL = 800;
/**
 * Fifth round, measured and not kept (docs/injection-rounds.md, "Tried, not kept"): synthetic jailbreaks
 * and their look-alikes (injection-synth-jailbreak.ts), INJECTION_JB per split, and web pages with
 * hidden injections (injection-synth-web.ts), INJECTION_WEB benign pages per split (twice as many
 * attacked). 0, the default, leaves the committed model's streams and bytes as they were.
 */
const JAILBREAK = Number(process.env['INJECTION_JB'] ?? 0);
const WEB = Number(process.env['INJECTION_WEB'] ?? 0);
/** Fifth round, kept: the third round's direct families in other languages (injection-synth-multilingual.ts), per split; twice as many for training. */
const MULTI = Number(process.env['INJECTION_MULTI'] ?? 300);
/** Tenth round: ordinary requests in 26 other languages (injection-synth-requests.ts), benign, training only. */
const FOREIGN_REQUESTS = Number(process.env['INJECTION_FOREIGN_REQUESTS'] ?? 800);
/** Eleventh round: follow-up turns of an ordinary conversation ("now write the tests for it"), benign, training only. */
const FOLLOW_UPS = Number(process.env['INJECTION_FOLLOWUPS'] ?? 800);
/**
 * Eleventh round, measured and not kept (off; docs/injection-rounds.md, "Eleventh round"): English
 * attack styles from the prompt-hacking taxonomies with their look-alikes and hidden instructions
 * (injection-synth-styles.ts; INJECTION_STYLE_SET picks styles by name, comma-separated), and
 * operators' long, rule-laden system prompts as benign text (injection-synth-system-prompts.ts).
 */
const STYLES = Number(process.env['INJECTION_STYLES'] ?? 0);
const STYLE_LOOKALIKES = Number(process.env['INJECTION_STYLE_LOOKALIKES'] ?? STYLES);
const STYLE_SET = process.env['INJECTION_STYLE_SET']?.split(',');
const OPERATOR_PROMPTS = Number(process.env['INJECTION_OPERATOR_PROMPTS'] ?? 0);
/**
 * Twelfth round: system prompts as a source of their own (model.ts, Source): this many operators'
 * prompts per split (twice as many for training), benign, and as many attacks in the system role.
 */
const SYSTEM = Number(process.env['INJECTION_SYSTEM'] ?? 600);
/** A system cell's (source, label) total weight, against 1 for a direct or indirect one (at 1, BIPIA's held-out attacks fell 69 -> 54%). */
const SYSTEM_WEIGHT = Number(process.env['INJECTION_SYSTEM_WEIGHT'] ?? 0.25);
/** Eleventh round: short chat turns in 34 languages (injection-synth-foreign/benign-short.ts), benign, training only. */
const SHORT = Number(process.env['INJECTION_SHORT'] ?? 800);
/** Eleventh round: English documents about AI assistants, with instructions for people, urgent notices (injection-synth-benign-docs.ts), benign. */
const ENGLISH_DOCS = Number(process.env['INJECTION_ENGLISH_DOCS'] ?? 600);
/**
 * Tenth round: attacks, hidden instructions, look-alikes, ordinary messages and documents in 33
 * other languages (injection-synth-foreign/): this many attacks per split (twice as many for
 * training), the rest in proportion. 0 leaves them all out.
 */
const FOREIGN = Number(process.env['INJECTION_FOREIGN'] ?? 600);
/** Tenth round: GNOME's help pages in other languages (eval/data/gnome-help.jsonl); INJECTION_HELP_PAGES=0 leaves them out. */
const HELP_PAGES = process.env['INJECTION_HELP_PAGES'] !== '0';
const TARGET = fileURLToPath(new URL('../src/detect/injection/model-data.ts', import.meta.url));

/** The texts of one split: public train/calibration data plus synthetic text (its own seed per split). */
export function examples(split: Exclude<Split, 'held-out'>, seed = SEED): Example[] {
  // Each generator draws from its own stream (seed, split, generator): a template added to one
  // changes that generator's texts, not every text drawn after it.
  let streams = 0;
  const streamAt = (k: number) => mulberry32(seed + (split === 'train' ? 0 : 1) + 7919 * k);
  const stream = () => streamAt(++streams);
  // Generators added since the tenth round draw from numbered streams of their own, so one
  // inserted in the middle does not renumber the streams of those after it.
  const ownStream = (k: number) => streamAt(1000 + k);
  // Twice as much synthetic text for training as for calibration (chosen on the calibration
  // split: more made no difference); the calibration split's quantiles set the thresholds.
  const scale = split === 'train' ? 2 : 1;
  // deepset's training attacks are not trained on (its calibration part still calibrates): a
  // noisy set (role-play requests labelled as attacks, one-off hijacks on one application's
  // topics), they taught the model deepset's own phrasing, which its test split and the other
  // sets do not share; its family of goal hijacks is in our synthetic text instead. Without them
  // the held-out direct curve rose by 5-10 points at 0.5-1% false positives over three draws
  // (docs/injection-rounds.md, "What changed").
  const out: Example[] = deepset(split).filter((e) => split !== 'train' || e.label === 0);
  const direct = (text: string, label: 0 | 1, set: string) => out.push({ text, label, source: 'direct', set });
  // BIPIA repeats a context once per question about it: each context once here.
  const contexts = [...new Set(bipiaContexts(split).map((c) => c.text))];
  const synthetic = [...benignDocs(stream(), Math.round(300 * scale)), ...documents(stream(), Math.round(800 * scale))];
  const sentences = presidioSentences(split);
  const paragraphs: string[] = [];
  for (let i = 0; i + 4 <= sentences.length; i += 4) paragraphs.push(sentences.slice(i, i + 4).join(' '));
  // Eighth round: real technical documentation (README and docs chunks of npm packages).
  const manuals = packageDocs(split);
  // Tenth round: real help pages in 21 other languages, imperatives to the reader and all.
  const help = HELP_PAGES ? gnomeHelp(split) : [];
  const helpPages = help.map((h) => h.text);
  // Tenth round: ordinary documents in 33 other languages (e-mails, tickets, recipes, policies).
  const foreignDocs = FOREIGN > 0 ? foreignDocuments(ownStream(6), Math.round((FOREIGN / 2) * scale)) : [];
  // Eleventh round: English documents about AI assistants (rollout e-mails, usage policies, news
  // about attacks), with instructions for their human readers, and urgent notices.
  const englishDocs = ENGLISH_DOCS > 0 ? benignDocuments(ownStream(13), Math.round((ENGLISH_DOCS / 2) * scale)) : [];
  // Benign documents: BIPIA contexts, synthetic documents, presidio sentences joined into paragraphs, package docs, help pages, foreign and English documents.
  const docs = [...contexts, ...synthetic, ...paragraphs, ...manuals, ...helpPages, ...foreignDocs, ...englishDocs];
  for (const text of contexts) out.push({ text, label: 0, source: 'indirect', set: 'bipia-context' });
  for (const text of synthetic) out.push({ text, label: 0, source: 'indirect', set: 'synthetic-doc' });
  for (const text of paragraphs) out.push({ text, label: 0, source: 'indirect', set: 'presidio-doc' });
  for (const text of manuals) out.push({ text, label: 0, source: 'indirect', set: 'package-doc' });
  for (const text of helpPages) out.push({ text, label: 0, source: 'indirect', set: 'gnome-help' });
  for (const text of foreignDocs) out.push({ text, label: 0, source: 'indirect', set: 'synthetic-foreign-doc' });
  for (const text of englishDocs) out.push({ text, label: 0, source: 'indirect', set: 'synthetic-english-doc' });
  // Pasted by a user, they are benign direct input too: with attacks in their languages trained
  // on and a third of them pasted, their policy texts ("users must not ...") set the direct threshold.
  if (split === 'train') for (const text of foreignDocs) direct(text, 0, 'synthetic-foreign-doc');
  // Their titles and summaries ("Wie kann ich meinen Bildschirm kalibrieren?") are benign
  // messages: in the calibration split a direct set of their own.
  for (const text of helpTitles(help)) direct(text, 0, 'gnome-help-title');
  // And their paragraphs one by one, as a user quotes a step ("Klicken Sie auf Einstellungen"):
  // with attacks in 33 languages trained on, a few pasted pages alone left the languages'
  // ordinary imperatives to the attacks.
  for (const h of help) for (const text of h.text.split('\n')) if (text.length >= 40) direct(text, 0, 'gnome-help-paragraph');
  // Users paste documents too: the same documents are benign direct input.
  for (let i = 0; i < docs.length; i += 3) direct(docs[i] as string, 0, 'pasted-doc');
  for (const text of sentences.slice(0, Math.round(600 * scale))) direct(text, 0, 'presidio');
  // Long benign messages: several requests and sentences in one, so length alone is no signal.
  const chat = benignChat(stream(), Math.round(1600 * scale));
  for (let i = 0; i + 5 <= chat.length; i += 5) direct([chat[i], sentences[i % sentences.length], chat[i + 1], chat[i + 2], sentences[(i + 1) % sentences.length], chat[i + 3]].join(' '), 0, 'long-chat');
  // Attacks inserted into documents: BIPIA's training kinds, synthetic hidden instructions and tasks.
  // (Not deepset's prompts, attacks or benign questions, as they were until the third round:
  // without them the held-out BIPIA contexts were flagged less, over three draws; docs/injection-rounds.md.)
  const attacks = [
    ...bipiaAttacks(false).filter((a) => !a.code).map((a) => a.text),
    ...hiddenInstructions(stream(), Math.round(500 * scale)),
    // A user's kind of request inside a document is an injected task (BIPIA's threat model).
    ...tasks(stream(), Math.round(300 * scale)),
    // Second round: ordinary requests of many forms, directives about the response, more hidden instructions and languages.
    ...moreTasks(stream(), Math.round(600 * scale)),
    ...responseDirectives(stream(), Math.round(400 * scale)),
    ...moreHidden(stream(), Math.round(500 * scale)),
    // Tenth round: hidden instructions written in 33 other languages.
    ...(FOREIGN > 0 ? foreignHidden(ownStream(1), Math.round(FOREIGN * scale)) : []),
    ...(STYLES > 0 ? styleHidden(ownStream(9), Math.round((STYLES / 2) * scale)) : []),
  ];
  const codeAttacks = bipiaAttacks(false).filter((a) => a.code).map((a) => a.text);
  const real = new Set(bipiaAttacks(false).map((a) => a.text));
  const realContexts = new Set(bipiaContexts(split).map((c) => c.text));
  const codeContexts = [...new Set(bipiaContexts(split).filter((c) => c.kind === 'code').map((c) => c.text))];
  const r = stream();
  for (let i = 0; i < Math.round(4000 * scale); i++) {
    const code = i % 7 === 0 && codeContexts.length > 0;
    const context = code ? pick(r, codeContexts) : pick(r, docs), attack = code ? pick(r, codeAttacks) : pick(r, attacks);
    const made = insert(context, attack, pick(r, POSITIONS));
    // Tagged by where the attack and the document come from: the calibration report's real-on-real row is the one to watch.
    out.push({ text: made.text, span: made.span, label: 1, source: 'indirect', set: `inserted:${real.has(attack) ? 'real' : 'synthetic'}:${realContexts.has(context) ? 'bipia' : 'other'}` });
  }
  for (const text of directAttacks(stream(), Math.round(1200 * scale))) direct(text, 1, 'synthetic-attack');
  for (const text of benignChat(stream(), Math.round(1200 * scale))) direct(text, 0, 'synthetic-chat');
  // A user's own request is no injection: the same requests that are injected tasks in a document.
  // Training only: as many easy texts in the calibration split would lower the direct threshold.
  const requests = moreTasks(stream(), 800);
  if (split === 'train') for (const text of requests) direct(text, 0, 'synthetic-request');
  // Eighth round: real benign requests, WildGuard's training quarter (the held-out half is never
  // trained on; its calibration quarter sets the direct threshold, see build()). Held-out direct
  // detection at <= 0.5-1% false positives rose 3-5 points on three draws (docs/injection-rounds.md).
  if (split === 'train') for (const e of wildGuard('train')) direct(e.text, 0, 'wildguard-train');
  const shortSystemPrompts = systemPrompts(stream(), Math.round(300 * scale));
  // Short system prompts stay benign direct input too (a user pastes one), and are system input below.
  for (const text of shortSystemPrompts) direct(text, 0, 'synthetic-system');
  // Third round: a user after a protected value, someone else's data or out of the rules, and the same wrappers around ordinary goals.
  for (const text of socialAttacks(stream(), Math.round(SOCIAL * scale))) direct(text, 1, 'synthetic-social-attack');
  // The benign look-alikes train only, as the synthetic requests above: the direct threshold is set on real benign prompts.
  if (split === 'train') for (const text of socialBenign(stream(), Math.round(SOCIAL * scale))) direct(text, 0, 'synthetic-social-benign');
  // Fifth round, not kept: jailbreak techniques the rounds above lacked (refusal suppression, prefix
  // injection, persona games, debug modes, fake turns, smuggling, completion, splitting), and their look-alikes.
  if (JAILBREAK > 0) {
    for (const text of jailbreakAttacks(stream(), Math.round(JAILBREAK * scale))) direct(text, 1, 'synthetic-jailbreak');
    if (split === 'train') for (const text of jailbreakBenign(stream(), Math.round(JAILBREAK * scale))) direct(text, 0, 'synthetic-jailbreak-benign');
  }
  // Fifth round, not kept: web pages, benign and with an injection in a hiding place (comment, hidden element, alt text).
  if (WEB > 0) {
    for (const text of webPages(stream(), Math.round(WEB * scale))) out.push({ text, label: 0, source: 'indirect', set: 'synthetic-web' });
    for (const made of webAttacks(stream(), attacks, Math.round(2 * WEB * scale))) out.push({ text: made.text, span: made.span, label: 1, source: 'indirect', set: 'inserted:synthetic:web' });
  }
  // Fifth round: the direct families above in twelve other languages, and benign look-alikes in them (training only).
  if (MULTI > 0) {
    for (const text of multilingualAttacks(stream(), Math.round(MULTI * scale))) direct(text, 1, 'synthetic-multilingual-attack');
    if (split === 'train') for (const text of multilingualBenign(stream(), Math.round(MULTI * scale))) direct(text, 0, 'synthetic-multilingual-benign');
  }
  // Tenth round: a user's ordinary request in another language is no attack either. Until now
  // nearly every non-English direct text trained on was an attack or a look-alike of one.
  if (FOREIGN_REQUESTS > 0 && split === 'train') for (const text of foreignRequests(ownStream(2), FOREIGN_REQUESTS)) direct(text, 0, 'synthetic-foreign-request');
  // Eleventh round: a user's next request in a conversation ("Ok, now write the unit tests for
  // it") is no goal hijack; the model had seen "now write ..." almost only in attacks.
  if (FOLLOW_UPS > 0 && split === 'train') for (const text of followUps(ownStream(8), FOLLOW_UPS)) direct(text, 0, 'synthetic-follow-up');
  // Eleventh round, not kept: the operator's system prompt is scored with every request; its rules
  // about refusals, prefixes, secrecy and untrusted content share words with attacks. Trained on,
  // they also taught that a long "You are ... Rules:" text is benign, and promptfoo's held-out
  // jailbreaks fell from 55 to 38% (docs/injection-rounds.md, "Eleventh round").
  if (OPERATOR_PROMPTS > 0 && split === 'train') for (const text of operatorSystemPrompts(ownStream(14), OPERATOR_PROMPTS)) direct(text, 0, 'synthetic-operator-prompt');
  if (SHORT > 0 && split === 'train') for (const text of shortMessages(ownStream(12), SHORT)) direct(text, 0, 'synthetic-short-message');
  // Thirteenth round: a user's own requests about the attack payloads' topics ("Write a limerick about pirates").
  if (PAYLOADS > 0 && split === 'train') for (const text of payloadLookalikes(ownStream(21), PAYLOADS)) direct(text, 0, 'synthetic-payload-lookalike');
  if (STYLES > 0) {
    for (const text of styleAttacks(ownStream(10), Math.round(STYLES * scale), STYLE_SET)) direct(text, 1, 'synthetic-style-attack');
    if (split === 'train') for (const text of styleLookalikes(ownStream(11), STYLE_LOOKALIKES)) direct(text, 0, 'synthetic-style-lookalike');
  }
  // Tenth round: the direct attacks in 33 other languages, and their look-alikes (training only).
  if (FOREIGN > 0) {
    for (const text of foreignDirectAttacks(ownStream(3), Math.round(FOREIGN * scale))) direct(text, 1, 'synthetic-foreign-attack');
    if (split === 'train') for (const text of foreignLookalikes(ownStream(4), FOREIGN)) direct(text, 0, 'synthetic-foreign-lookalike');
    if (split === 'train') for (const text of instructionRequests(ownStream(7), FOREIGN)) direct(text, 0, 'synthetic-instruction-request');
    // Ordinary messages in those languages: trained on, and a calibration set of their own, so
    // the direct threshold keeps them under 1% too (no real set of non-English requests exists here).
    const messages = foreignMessages(ownStream(5), Math.round(FOREIGN * scale));
    for (const text of messages) direct(text, 0, 'synthetic-foreign-message');
  }
  if (SYSTEM > 0) out.push(...systemRole(split, ownStream, { short: shortSystemPrompts, requests: split === 'train' ? requests : [], docs }, attacks));
  return out;
}

interface SystemBenign {
  /** The first rounds' short system prompts. */
  readonly short: readonly string[];
  /** Ordinary requests (training only): many applications put the task in the system message ("Translate the user's text into French"). */
  readonly requests: readonly string[];
  /** Benign documents: what frameworks paste into the system message as context. */
  readonly docs: readonly string[];
}
const CONTEXT_LEADS = ['Answer the question using only the context below.', 'Use the following documents to answer. If the answer is not there, say you do not know.', 'Context:', 'You are a helpful assistant. Relevant information:', 'Reference material for this conversation:', 'Here is the customer record to work with:'];

/**
 * Twelfth round: texts in the system role. Benign: operators' prompts, long and rule-laden
 * (injection-synth-system-prompts.ts), and excerpts of them; the short ones of the first rounds;
 * ordinary requests; documents pasted as context. Attacks: an
 * override or jailbreak sent as the system message (by whoever holds the API key: a user of an
 * internal LLM proxy writes the whole request), and an instruction hidden in what an agent's
 * framework pastes into its prompt (retrieved passages, memory), inserted as into a document.
 */
function systemRole(split: Exclude<Split, 'held-out'>, ownStream: (k: number) => () => number, benign: SystemBenign, hidden: readonly string[]): Example[] {
  const scale = split === 'train' ? 2 : 1;
  const out: Example[] = [];
  const system = (text: string, label: 0 | 1, set: string, span?: readonly [number, number]) => out.push({ text, label, source: 'system', set, ...(span === undefined ? {} : { span }) });
  const prompts = operatorSystemPrompts(ownStream(15), Math.round(SYSTEM * scale));
  for (const text of prompts) system(text, 0, 'synthetic-operator-prompt');
  // Most system prompts are a sentence or three ("You are a support bot for Acme. Never discuss
  // pricing."): a few consecutive lines of each prompt, or else the model learns that short is bad.
  const r0 = ownStream(19);
  for (const text of prompts) {
    const lines = text.split('\n').filter((line) => line.length >= 30 && !line.startsWith('#'));
    if (lines.length === 0) continue;
    const first = Math.floor(r0() * lines.length);
    system(lines.slice(first, first + 1 + Math.floor(r0() * 3)).join('\n'), 0, 'synthetic-operator-excerpt');
  }
  for (const text of benign.short) system(text, 0, 'synthetic-system');
  for (const text of benign.requests) system(text, 0, 'synthetic-request');
  const rc = ownStream(20);
  const contexts = Array.from({ length: Math.round((SYSTEM / 2) * scale) }, () => `${pick(rc, CONTEXT_LEADS)}\n\n${pick(rc, benign.docs)}`);
  for (const text of contexts) system(text, 0, 'context-prompt');
  for (const text of directAttacks(ownStream(16), Math.round((SYSTEM / 2) * scale))) system(text, 1, 'synthetic-attack');
  if (STYLES > 0) for (const text of styleAttacks(ownStream(17), Math.round((SYSTEM / 2) * scale), STYLE_SET)) system(text, 1, 'synthetic-style-attack');
  const r = ownStream(18);
  for (let i = 0; i < Math.round((SYSTEM / 2) * scale); i++) {
    const made = insert(pick(r, i % 2 === 0 ? prompts : contexts), pick(r, hidden), pick(r, POSITIONS));
    system(made.text, 1, 'inserted:synthetic:system', made.span);
  }
  return out;
}

export interface WindowExample {
  buckets: Int32Array; named: number[]; y: number; weight: number; source: Source;
  /** System input only: its direct features (pipeline.ts, features.ts SYSTEM_TWIN), scored but not trained on it. */
  fixedBuckets?: Int32Array; fixedNamed?: number[];
  /** A stray sentence: the named weight that is its n-gram sum's gain (scored as sum x (1 + gain)). */
  gain?: number;
}

/** A system window's features of its own (trained on it) and the direct ones it is scored with but leaves alone. */
function splitSystem(buckets: Int32Array, named: readonly string[], ids: readonly number[]): Pick<WindowExample, 'buckets' | 'named' | 'fixedBuckets' | 'fixedNamed'> {
  const own: number[] = [], fixed: number[] = [];
  for (const b of buckets) ((b & DIRECT_TWIN) !== 0 ? fixed : own).push(b & ~DIRECT_TWIN);
  const ownNamed: number[] = [], fixedNamed: number[] = [];
  named.forEach((name, i) => (name.endsWith(':system') ? ownNamed : fixedNamed).push(ids[i] as number));
  return { buckets: Int32Array.from(own), named: ownNamed, fixedBuckets: Int32Array.from(fixed), fixedNamed };
}

/** Cuts a text into the runtime's windows with their labels (see the module comment). */
export function windows(e: Example, names: Map<string, number>): WindowExample[] {
  const { normalized, features: f, hits, global } = read(e.text, e.source);
  const n = normalized.text.length;
  // The attack's span in normalized offsets: the normalized units whose origin lies inside it.
  let span: [number, number] | null = null;
  if (e.span !== undefined) {
    const [s, t] = e.span;
    let a = -1, b = -1;
    for (let i = 0; i < n; i++) {
      const o = normalized.starts === null ? i : (normalized.starts[i] as number);
      if (o >= s && o < t) { if (a < 0) a = i; b = i + 1; }
    }
    if (a >= 0) span = [a, b];
  }
  const out: WindowExample[] = [];
  // The ranges the runtime scores (windows; for indirect input, sentences too; for direct and
  // system input, the sentences with a rule hit), except a sentence that is the whole one
  // window; and no sentences of an attack whose span is unknown: they need not each be an
  // attack ("Wow, that's fantastic! Forget all previous tasks."). Taking a direct attack's
  // sentences with a rule hit as attacks was tried (twelfth round): WildGuard's held-out half
  // flagged 0.2 -> 1.0%, the direct pool at <= 1% down 5 points.
  const [windowList, sentenceList = []] = scoredRanges(normalized.text, f, e.source, hits);
  const sentencesToo = e.label === 1 && span === null ? [] : sentenceList.filter(([a, b]) => !(windowList!.length === 1 && a <= 0 && b >= n));
  // Stray-sentence bins (stray.ts) of indirect input's sentences, as the runtime computes them.
  const stray = STRAY && e.source === 'indirect' && sentencesToo.length > 0 ? strayBins(f, { spans: Int32Array.from(sentencesToo.flat()), count: sentencesToo.length }).slice(0, sentencesToo.length) : null;
  for (const ranges of [windowList!, sentencesToo]) {
    const sentence = ranges === sentencesToo;
    let k = 0, r = -1;
    for (const [start, end] of ranges) {
      r++;
      let y = e.label;
      if (span !== null) {
        // A window is an attack when it holds most of the attack (or the attack most of it); a
        // sentence only when it is most of the attack: one line of an injected code block
        // ("import os", "```") is no attack on its own.
        const inside = Math.max(0, Math.min(end, span[1]) - Math.max(start, span[0]));
        const need = (sentence ? span[1] - span[0] : Math.min(span[1] - span[0], end - start)) * 0.6;
        if (inside === 0) y = 0;
        else if (inside < need) continue; // a sliver of the attack: neither clearly one nor the other
      }
      while (k < f.count && (f.positions[k] as number) < start) k++;
      let m = k;
      while (m < f.count && (f.positions[m] as number) < end) m++;
      const families = new Set(hits.filter((h) => h.start < end && h.end > start).map((h) => h.family));
      const namedList = namedFeatures(e.source, families, global);
      const id = (name: string) => names.get(name) ?? (names.set(name, names.size), names.size - 1);
      let gain: number | undefined;
      if (sentence && stray !== null && stray[r] !== Stray.NONE) {
        namedList.push(strayFeature(stray[r] as StrayBin, e.source));
        gain = id(strayGain(stray[r] as StrayBin, e.source));
      }
      const named = namedList.map(id);
      const buckets = f.buckets.slice(k, m);
      out.push({ ...(e.source === 'system' ? splitSystem(buckets, namedList, named) : { buckets, named }), y, weight: 1, source: e.source, ...(gain === undefined ? {} : { gain }) });
    }
  }
  return out;
}

/** Balances classes within each source: each (source, label) cell weighs the same in total. */
export function balanceClasses(data: WindowExample[]): void {
  const cells = new Map<string, number>();
  for (const x of data) cells.set(`${x.source}:${x.y}`, (cells.get(`${x.source}:${x.y}`) ?? 0) + 1);
  for (const x of data) x.weight = (x.source === 'system' ? SYSTEM_WEIGHT : 1) * data.length / (4 * (cells.get(`${x.source}:${x.y}`) as number));
}

export function train(data: WindowExample[], namedCount: number, seed: number): { w: Float64Array; v: Float64Array } {
  const w = new Float64Array(BUCKETS), v = new Float64Array(namedCount);
  const wAvg = new Float64Array(BUCKETS), vAvg = new Float64Array(namedCount);
  balanceClasses(data);
  const r = mulberry32(seed);
  const order = Array.from(data.keys());
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (let i = order.length - 1; i > 0; i--) { const j = Math.floor(r() * (i + 1)); [order[i], order[j]] = [order[j] as number, order[i] as number]; }
    const lr = LR / (1 + epoch);
    for (const idx of order) {
      const x = data[idx] as WindowExample;
      const count = x.buckets.length + (x.fixedBuckets?.length ?? 0);
      const norm = featureNorm(count);
      let z = 0;
      for (const j of x.named) z += v[j] as number;
      let s = 0;
      for (let k = 0; k < x.buckets.length; k++) s += w[x.buckets[k] as number] as number;
      if (x.fixedBuckets !== undefined) {
        for (const j of x.fixedNamed!) z += v[j] as number;
        for (let k = 0; k < x.fixedBuckets.length; k++) s += w[x.fixedBuckets[k] as number] as number;
      }
      // A stray sentence's n-gram sum counts (1 + gain) times; the gain learns at its own rate,
      // and never below -0.9 (the sum keeps its sign).
      const gain = x.gain === undefined ? 0 : (v[x.gain] as number);
      z += s * norm * (1 + gain);
      const g = (sigmoid(z) - x.y) * x.weight * lr;
      for (const j of x.named) v[j] = (v[j] as number) * (1 - lr * L2) - g;
      if (x.gain !== undefined) v[x.gain] = Math.max(-0.9, (v[x.gain] as number) * (1 - lr * L2) - g * s * norm * STRAY_GAIN_LR);
      const gn = g * norm * (1 + gain);
      for (let k = 0; k < x.buckets.length; k++) { const b = x.buckets[k] as number; w[b] = (w[b] as number) * (1 - lr * L2) - gn; }
    }
    // The average of the last epochs' weights: one shuffle's luck matters less (tail averaging).
    if (epoch >= EPOCHS / 2) {
      for (let i = 0; i < w.length; i++) wAvg[i] = (wAvg[i] as number) + (w[i] as number) / AVERAGED;
      for (let i = 0; i < v.length; i++) vAvg[i] = (vAvg[i] as number) + (v[i] as number) / AVERAGED;
    }
  }
  return { w: wAvg, v: vAvg };
}

/**
 * Platt scaling: (a, b) minimizing log loss of sigmoid(a * raw + b), by Newton's method, against
 * Platt's smoothed targets ((N+ + 1) / (N+ + 2) for positives, 1 / (N- + 2) for negatives): when
 * the calibration texts of a source are all but separable, plain targets send the slope to infinity.
 */
function platt(raws: number[], labels: number[]): { a: number; b: number } {
  const positives = labels.filter((y) => y === 1).length, negatives = labels.length - positives;
  const ys = labels.map((y) => (y === 1 ? (positives + 1) / (positives + 2) : 1 / (negatives + 2)));
  const loss = (a: number, b: number) => {
    let l = 0;
    raws.forEach((x, i) => { const z = a * x + b, y = ys[i] as number; l += Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z))); });
    return l;
  };
  let a = 1, b = 0, current = loss(a, b);
  for (let iter = 0; iter < 100; iter++) {
    let ga = 0, gb = 0, haa = 1e-9, hab = 0, hbb = 1e-9;
    raws.forEach((x, i) => {
      const p = sigmoid(a * x + b), d = p - (ys[i] as number), h = p * (1 - p);
      ga += d * x; gb += d; haa += h * x * x; hab += h * x; hbb += h;
    });
    const det = haa * hbb - hab * hab;
    const da = (hbb * ga - hab * gb) / det, db = (haa * gb - hab * ga) / det;
    // Backtracking: half the Newton step until the loss goes down (Lin, Lin and Weng's Platt).
    let step = 1;
    while (step > 1e-10 && loss(a - step * da, b - step * db) >= current) step /= 2;
    if (step <= 1e-10) break;
    a -= step * da; b -= step * db;
    current = loss(a, b);
  }
  return { a: round(a), b: round(b) };
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** Lines describing the calibration split's figures at the chosen thresholds (filled by build). */
export const calibrationReport: string[] = [];

export function build(): string {
  // BAGS models, each on its own draw of the synthetic training text and its own shuffle, their
  // weights averaged (a linear model: the average of their scores): one draw's quirks (a template
  // that happens to look like a benign table row) matter less. The public data is the same in each.
  const names = new Map<string, number>();
  const w = new Float64Array(BUCKETS);
  let v = new Float64Array(0), ranges = 0, texts = 0;
  for (let bag = 0; bag < BAGS; bag++) {
    const drawn = examples('train', SEED + 101 * bag);
    const data = drawn.flatMap((e) => windows(e, names));
    const model = train(data, names.size, SEED + 101 * bag);
    for (let i = 0; i < BUCKETS; i++) w[i] = (w[i] as number) + (model.w[i] as number) / BAGS;
    const sum = new Float64Array(names.size);
    sum.set(v);
    for (let i = 0; i < model.v.length; i++) sum[i] = (sum[i] as number) + (model.v[i] as number) / BAGS;
    v = sum;
    ranges += data.length; texts += drawn.length;
  }
  let max = 0;
  for (const x of w) max = Math.max(max, Math.abs(x));
  const scale = max / 127;
  const q = new Int8Array(BUCKETS);
  for (let i = 0; i < BUCKETS; i++) q[i] = Math.round((w[i] as number) / scale);
  const named: Record<string, number> = {};
  for (const [name, j] of [...names].sort((x, y) => (x[0] < y[0] ? -1 : 1))) named[name] = round(v[j] as number);
  const weights: Weights = { ngrams: q, scale, named: new Map(Object.entries(named)) };
  // Calibration on texts never trained on, scored exactly as at run time; with a quarter of
  // WildGuard's benign prompts, so the direct threshold is set against real benign requests.
  const calibration = [...examples('calibration'), ...wildGuard('calibration')];
  const raws = calibration.map((e) => { const x = read(e.text, e.source, q); return bestRange(x.normalized.text, x.features, x.hits, e.source, x.global, weights).raw; });
  // Platt scaling per source: direct and indirect raw scores are on scales of their own (one
  // curve for both made the direct scores of hard benign prompts and of attacks all round to 1).
  const p = { direct: { a: 1, b: 0 }, indirect: { a: 1, b: 0 }, system: { a: 1, b: 0 } };
  for (const source of SOURCES) {
    const of = calibration.map((e, i) => [e, raws[i] as number] as const).filter(([e]) => e.source === source);
    p[source] = platt(of.map(([, raw]) => raw), of.map(([e]) => e.label));
  }
  const calibrated = (i: number) => sigmoid(p[calibration[i]!.source].a * (raws[i] as number) + p[calibration[i]!.source].b);
  const thresholds = { direct: 0, indirect: 0, system: 0 };
  for (const source of SOURCES) {
    // The threshold keeps each kind of benign text (each set of at least MIN_SET texts: WildGuard,
    // BIPIA's contexts, synthetic documents, ...) under TARGET_FPR, not only their pool: many easy
    // synthetic texts would otherwise set it for the hard real ones.
    const target = source === 'system' ? TARGET_FPR_SYSTEM : TARGET_FPR;
    let quantile = 0;
    const sets = new Map<string, number[]>();
    calibration.forEach((e, i) => {
      if (e.source !== source || e.label !== 0) return;
      const list = sets.get(e.set) ?? [];
      list.push(calibrated(i));
      sets.set(e.set, list);
    });
    for (const scores of sets.values()) {
      if (scores.length < MIN_SET) continue;
      scores.sort((x, y) => y - x);
      quantile = Math.max(quantile, tailQuantile(scores, target));
    }
    if (process.env['INJECTION_VERBOSE']) for (const [set, scores] of sets) if (scores.length >= MIN_SET) console.log(`  ${source} ${set} (${scores.length}): ${100 * target}% point ${tailQuantile(scores, target).toFixed(3)}`);
    thresholds[source] = Math.min(MAX_THRESHOLD, Math.max(MIN_THRESHOLD, Math.ceil((quantile + 1e-6) * 1000) / 1000));
    // What to look at while changing the training (never the held-out sets): the calibration split.
    const scored = calibration.map((e, i) => [e, calibrated(i)] as const).filter(([e]) => e.source === source);
    const rate = (label: number) => scored.filter(([e, x]) => e.label === label && x >= thresholds[source]).length / Math.max(1, scored.filter(([e]) => e.label === label).length);
    calibrationReport.push(`${source}: threshold ${thresholds[source]}, calibration detection ${(100 * rate(1)).toFixed(1)}%, false positives ${(100 * rate(0)).toFixed(1)}%`);
  }
  const bytes = Buffer.from(q.buffer);
  return [
    '// Generated by scripts/train-injection.ts (npm run train:injection). Do not edit.',
    `// Trained on ${ranges} ranges (windows and sentences) of ${texts} texts in ${BAGS} draws; calibrated on ${calibration.length} texts. Seed ${SEED}.`,
    '// ngrams: 2^18 int8 weights (base64), multiplied by `scale`; named: rule, source and whole-text feature weights.',
    `export const MODEL = {`,
    `  ngrams: '${bytes.toString('base64')}',`,
    `  scale: ${scale},`,
    `  named: ${JSON.stringify(named)} as Record<string, number>,`,
    `  platt: ${JSON.stringify(p)},`,
    `  thresholds: ${JSON.stringify(thresholds)},`,
    '};',
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const source = build();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (process.argv.includes('--check')) {
    const same = readFileSync(TARGET, 'utf8') === source;
    console.log(same ? `model-data.ts is up to date (${seconds} s)` : 'model-data.ts differs from a fresh training run');
    process.exitCode = same ? 0 : 1;
  } else {
    writeFileSync(TARGET, source);
    console.log(`wrote ${TARGET} (${(source.length / 1024).toFixed(0)} KB) in ${seconds} s`);
    for (const line of calibrationReport) console.log(`  ${line}`);
  }
}

/**
 * The (1 - p) quantile of scores (sorted high to low) from an exponential fit to the tail of
 * their logits (peaks over threshold): the top 20% of the set, their mean excess over the
 * lowest of them, extrapolated to p. It rests on dozens of texts where the order statistic
 * (the quantile itself) rests on one or two: BIPIA's 146 calibration contexts put 1% at their
 * second-highest score, and across three draws of the synthetic text the thresholds moved
 * 0.954-0.985 (indirect) and 0.729-0.894 (direct) with it, 0.960-0.971 and 0.764-0.773 with
 * this fit (seventh round, docs/injection-rounds.md).
 */
function tailQuantile(sorted: readonly number[], p: number): number {
  const logit = (x: number) => { const c = Math.min(1 - 1e-9, Math.max(1e-9, x)); return Math.log(c / (1 - c)); };
  const m = Math.max(10, Math.floor(sorted.length * 0.2));
  const u = logit(sorted[m - 1]!);
  let excess = 0;
  for (let i = 0; i < m - 1; i++) excess += logit(sorted[i]!) - u;
  const mean = excess / (m - 1);
  const q = u + mean * Math.log(m / (sorted.length * p));
  return 1 / (1 + Math.exp(-q));
}
