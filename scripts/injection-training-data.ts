/**
 * The texts the injection model is trained and calibrated on (scripts/train-injection.ts trains
 * on them): the public train and calibration splits of ../shared/datasets/ and eval/data/, and
 * synthetic text from seeded generators (scripts/injection-synth*.ts), each drawing from its own
 * stream so that a template added to one does not reshuffle the others. The INJECTION_* knobs
 * below size the synthetic families (docs/injection-rounds.md says which were measured and kept).
 */
import { bipiaAttacks, bipiaContexts, debianDocChunks, deepset, type Example, gnomeHelp, helpTitles, insert, packageDocs, POSITIONS, presidioSentences, type Split, wildGuard, writtenDirect, writtenKbArticles, writtenToolAttacks, writtenToolResults } from '../eval/injection-data.ts';
import { socialAttacks, socialBenign } from './injection-synth-direct.ts';
import { jailbreakAttacks, jailbreakBenign } from './injection-synth-jailbreak.ts';
import { toolHijacks, plantedToolResults, toolResults } from './injection-synth-tool-results.ts';
import { REQUEST_KINDS, userAsides, userRequests } from './injection-synth-tool-requests.ts';
import { webAttacks, webPages } from './injection-synth-web.ts';
import { multilingualAttacks, multilingualBenign } from './injection-synth-multilingual.ts';
import { foreignRequests } from './injection-synth-requests.ts';
import { followUps } from './injection-synth-followups.ts';
import { payloadLookalikes } from './injection-synth-payloads.ts';
import { ragUserPrompts } from './injection-synth-rag.ts';
import { styleAttacks, styleHidden, styleLookalikes } from './injection-synth-styles.ts';
import { benignDocuments } from './injection-synth-benign-docs.ts';
import { operatorSystemPrompts } from './injection-synth-system-prompts.ts';
import { foreignDirectAttacks, foreignDocuments, foreignHidden, foreignLookalikes, foreignMessages, instructionRequests, shortMessages } from './injection-synth-foreign/index.ts';
import { benignChat, benignDocs, directAttacks, documents, hiddenInstructions, moreHidden, moreTasks, pick, responseDirectives, systemPrompts, tasks } from './injection-synth.ts';
import { mulberry32 } from './seeded-random.ts';

/** The seed (INJECTION_SEED overrides it, to see how much the figures move with the draw; the committed model uses this one). */
export const SEED = Number(process.env['INJECTION_SEED'] ?? 20240601);
/** Benign requests on the attack payloads' topics, training only (injection-synth-payloads.ts; 0 leaves them out). */
const PAYLOADS = Number(process.env['INJECTION_PAYLOADS'] ?? 100);
/**
 * Single-message RAG prompts (instructions, documents, question) as a user's message, benign,
 * training only (injection-synth-rag.ts). Measured and not kept in the fourteenth round; on since
 * the twenty-first: the written attacks lifted the instructions of a RAG prompt ("Given the
 * following information, answer the question.") over the system threshold, and these bring them
 * back (docs/injection-rounds.md, "Twenty-first round"). 0 leaves them out.
 */
const RAG_PROMPTS = Number(process.env['INJECTION_RAG'] ?? 300);
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
/**
 * Sixteenth round: what agents' tools return, records rendered as JSON or YAML
 * (injection-synth-tool-results.ts): INJECTION_TOOL_RESULTS benign results per split (twice as
 * many for training) and as many with an injection in one field, a share of them (INJECTION_HIJACK_SHARE)
 * orders to act on the user's tools (pay, forward, share, invite, run), drawn from as many of them.
 */
const TOOL_RESULTS = Number(process.env['INJECTION_TOOL_RESULTS'] ?? 400);
/**
 * Twenty-fourth round: requests in the user's own voice planted in a record ("Please transfer
 * $3,000 from my checking account to ...", injection-synth-tool-requests.ts), INJECTION_TOOL_REQUESTS
 * per split (twice as many for training), and INJECTION_TOOL_ASIDES times as many records with
 * first-person asides on the same topics (training only). 300 and 2 were measured against 200
 * and 1, 2 or 3 over three draws (docs/injection-rounds.md, "Twenty-fourth round").
 */
const TOOL_REQUESTS = Number(process.env['INJECTION_TOOL_REQUESTS'] ?? 300);
const ASIDES = Number(process.env['INJECTION_TOOL_ASIDES'] ?? 2);
/** The share of the injections in tool results that are orders to act (the rest: the documents' attacks). */
const HIJACK_SHARE = Number(process.env['INJECTION_HIJACK_SHARE'] ?? 0.4);
/**
 * The share of the records' free-text fields that hold an excerpt of the benign documents instead
 * of the records' own texts (0.6; a third flagged a little more real documentation, over three draws).
 */
const TOOL_FILLER = Number(process.env['INJECTION_TOOL_FILLER'] ?? 0.6);
/**
 * Sixteenth round: real-looking benign tool outputs written by helpers (eval/data/tool-results-written.jsonl; 440 more in the seventeenth, 871 in the eighteenth),
 * trained on as benign indirect text ("train", the default: their training half only). "1" also
 * makes their calibration quarter a calibration set: it holds the indirect threshold at its cap
 * (0.99) on every draw, so it does not by default (docs/injection-rounds.md, "Sixteenth round");
 * "docs" also makes them documents (contexts for inserted attacks, the records' filler); "0" leaves them out.
 */
const WRITTEN_TOOLS = process.env['INJECTION_WRITTEN_TOOLS'] ?? 'train';
/**
 * Twenty-eighth round: help-center and FAQ articles written by a helper
 * (eval/data/kb-articles-written.jsonl), as benign documents and as documents attacks are
 * inserted into. A blind set of such articles (kb-articles-heldout.jsonl) had 17% flagged: a
 * question titling a document, answered below it, read as the ordinary tasks BIPIA inserts.
 * "train" (the default): their training half; "calibrate": their calibration quarter too, as a
 * set the indirect threshold holds to 1%; "0": left out.
 */
const KB_ARTICLES = process.env['INJECTION_KB'] ?? 'train';
/**
 * Seventeenth round: tool outputs with an attacker's passage planted in one field, written by
 * helpers (eval/data/tool-attacks-written.jsonl; 680 more in the eighteenth), their training half trained on;
 * INJECTION_WRITTEN_ATTACKS=0 leaves them out (docs/injection-rounds.md, "Seventeenth round").
 */
const WRITTEN_ATTACKS = process.env['INJECTION_WRITTEN_ATTACKS'] !== '0';
/**
 * Twenty-first round: users' messages written by helpers (eval/data/direct-written.jsonl), attacks
 * and benign look-alikes, their training half, without the users' corrections of their own
 * requests ("no-corrections", the default: "forget what I said, make it shorter" taught that an
 * override is benign in any language, and overrides in languages the n-grams barely know, read
 * through their rule hit, lost up to 0.8 of their score). =all trains on every row, =english on
 * the English ones, =benign on the look-alikes only, =no-quoting without the look-alikes that
 * quote attacks, =no-framing without those and the attacks by framing alone, =0 on none.
 * Measured alone (twentieth round), every variant with the attacks raised the direct threshold
 * from 0.74-0.82 to 0.95-0.99, held by WildGuard's jailbreak-shaped benign prompts; with
 * WildGuard's training quarter emphasized (WILDGUARD_EMPHASIS) it stays near 0.9
 * (docs/injection-rounds.md, "Twenty-first round").
 */
const WRITTEN_DIRECT = process.env['INJECTION_WRITTEN_DIRECT'] ?? 'no-corrections';
/**
 * How many times each of WildGuard's training-quarter prompts counts among the direct benign
 * texts (twenty-first round; 1 is the rounds before). They are the only real requests among
 * thousands of synthetic ones, and the only ones that wrap a harmless request in a jailbreak.
 */
const WILDGUARD_EMPHASIS = Number(process.env['INJECTION_WILDGUARD_EMPHASIS'] ?? 5);
/** Benign messages that quote or discuss attacks ("is 'ignore previous instructions' a known attack?"). */
const QUOTING = /:(?:quoting|discussing)-attacks$/;
/** Attacks by framing alone (a persona, a story, feelings, no refusals), the shape of WildGuard's adversarial benign prompts. */
const FRAMING = /:(?:persona|fiction-framing|emotional|refusal-suppression)$/;
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
/** Fifteenth round: Debian's README and NEWS files (eval/data/debian-docs.jsonl); INJECTION_DEBIAN_DOCS=0 leaves them out. */
const DEBIAN_DOCS = process.env['INJECTION_DEBIAN_DOCS'] !== '0';
/** Tenth round: GNOME's help pages in other languages (eval/data/gnome-help.jsonl); INJECTION_HELP_PAGES=0 leaves them out. */
const HELP_PAGES = process.env['INJECTION_HELP_PAGES'] !== '0';

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
  const direct = (text: string, label: 0 | 1, set: string, emphasis?: number) => out.push({ text, label, source: 'direct', set, ...(emphasis === undefined ? {} : { emphasis }) });
  // BIPIA repeats a context once per question about it: each context once here.
  const contexts = [...new Set(bipiaContexts(split).map((c) => c.text))];
  const synthetic = [...benignDocs(stream(), Math.round(300 * scale)), ...documents(stream(), Math.round(800 * scale))];
  const sentences = presidioSentences(split);
  const paragraphs: string[] = [];
  for (let i = 0; i + 4 <= sentences.length; i += 4) paragraphs.push(sentences.slice(i, i + 4).join(' '));
  // Eighth round: real technical documentation (README and docs chunks of npm packages).
  const manuals = packageDocs(split);
  // Fifteenth round: real plain-text documentation, hard-wrapped, and release notes (Debian's READMEs and NEWS).
  const plainDocs = DEBIAN_DOCS ? debianDocChunks(split) : [];
  // Tenth round: real help pages in 21 other languages, imperatives to the reader and all.
  const help = HELP_PAGES ? gnomeHelp(split) : [];
  const helpPages = help.map((h) => h.text);
  // Tenth round: ordinary documents in 33 other languages (e-mails, tickets, recipes, policies).
  const foreignDocs = FOREIGN > 0 ? foreignDocuments(ownStream(6), Math.round((FOREIGN / 2) * scale)) : [];
  // Eleventh round: English documents about AI assistants (rollout e-mails, usage policies, news
  // about attacks), with instructions for their human readers, and urgent notices.
  const englishDocs = ENGLISH_DOCS > 0 ? benignDocuments(ownStream(13), Math.round((ENGLISH_DOCS / 2) * scale)) : [];
  // Benign documents: BIPIA contexts, synthetic documents, presidio sentences joined into paragraphs, package docs, Debian docs, help pages, foreign and English documents.
  const written = WRITTEN_TOOLS === '0' || (WRITTEN_TOOLS === 'train' && split !== 'train') ? [] : writtenToolResults(split);
  const kbArticles = KB_ARTICLES === '0' || (KB_ARTICLES === 'train' && split !== 'train') ? [] : writtenKbArticles(split);
  const docs = [...contexts, ...synthetic, ...paragraphs, ...manuals, ...plainDocs, ...helpPages, ...foreignDocs, ...englishDocs, ...kbArticles, ...(WRITTEN_TOOLS === 'docs' ? written : [])];
  for (const text of contexts) out.push({ text, label: 0, source: 'indirect', set: 'bipia-context' });
  for (const text of synthetic) out.push({ text, label: 0, source: 'indirect', set: 'synthetic-doc' });
  for (const text of paragraphs) out.push({ text, label: 0, source: 'indirect', set: 'presidio-doc' });
  for (const text of manuals) out.push({ text, label: 0, source: 'indirect', set: 'package-doc' });
  for (const text of plainDocs) out.push({ text, label: 0, source: 'indirect', set: 'debian-doc' });
  for (const text of helpPages) out.push({ text, label: 0, source: 'indirect', set: 'gnome-help' });
  for (const text of foreignDocs) out.push({ text, label: 0, source: 'indirect', set: 'synthetic-foreign-doc' });
  for (const text of englishDocs) out.push({ text, label: 0, source: 'indirect', set: 'synthetic-english-doc' });
  for (const text of written) out.push({ text, label: 0, source: 'indirect', set: 'written-tool-result' });
  for (const text of kbArticles) out.push({ text, label: 0, source: 'indirect', set: 'written-kb-article' });
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
  // Twenty-first round: each counts WILDGUARD_EMPHASIS times, so the written jailbreaks below
  // teach what sets an attack apart from a harmless request in a role-play or a story.
  if (split === 'train') for (const e of wildGuard('train')) direct(e.text, 0, 'wildguard-train', WILDGUARD_EMPHASIS);
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
  // Sixteenth round: tool results (records as JSON or YAML), benign and with an injection in one field.
  // The orders to act on the user's tools go into tool results only: a README's "run this
  // command" or "add a collaborator" is what a README says, and as attacks in documents of every
  // kind they raised false alarms on real documentation.
  if (TOOL_RESULTS > 0) {
    const hijacks = toolHijacks(ownStream(23), Math.round(TOOL_RESULTS * scale));
    for (const text of toolResults(ownStream(24), Math.round(TOOL_RESULTS * scale), docs, TOOL_FILLER)) out.push({ text, label: 0, source: 'indirect', set: 'synthetic-tool-result' });
    // An order to act, or one of the documents' attacks (hidden instructions, injected tasks).
    const attackOf = (r: () => number) => pick(r, hijacks.length > 0 && r() < HIJACK_SHARE ? hijacks : attacks);
    for (const made of plantedToolResults(ownStream(25), attackOf, Math.round(TOOL_RESULTS * scale), docs, TOOL_FILLER)) out.push({ text: made.text, span: made.span, label: 1, source: 'indirect', set: 'inserted:synthetic:tool-result' });
  }
  if (TOOL_REQUESTS > 0) {
    const n = Math.round(TOOL_REQUESTS * scale);
    const requests = userRequests(ownStream(41), n);
    for (const made of plantedToolResults(ownStream(42), (r) => pick(r, requests), n, docs, TOOL_FILLER, REQUEST_KINDS)) out.push({ text: made.text, span: made.span, label: 1, source: 'indirect', set: 'inserted:synthetic:tool-request' });
    if (split === 'train') {
      // The same records with benign asides planted: the records around a request are not what marks it.
      const asides = userAsides(ownStream(43), n);
      for (const made of plantedToolResults(ownStream(44), (r) => pick(r, asides), Math.round(ASIDES * n), docs, TOOL_FILLER, REQUEST_KINDS)) out.push({ text: made.text, label: 0, source: 'indirect', set: 'synthetic-tool-aside' });
    }
  }
  // Seventeenth round: real-looking tool outputs with an attacker's passage in one field, the
  // passage positive and the rest of the output benign (their training half).
  if (WRITTEN_ATTACKS && split === 'train') out.push(...writtenToolAttacks(split));
  if (WRITTEN_DIRECT !== '0' && split === 'train') {
    for (const e of writtenDirect(split)) {
      if (WRITTEN_DIRECT === 'benign' && e.label === 1) continue;
      if (WRITTEN_DIRECT === 'no-framing' && (QUOTING.test(e.set) || FRAMING.test(e.set))) continue;
      if (WRITTEN_DIRECT === 'no-quoting' && QUOTING.test(e.set)) continue;
      if (WRITTEN_DIRECT === 'english' && !e.set.startsWith('direct-written:en:')) continue;
      if (WRITTEN_DIRECT === 'no-corrections' && /:corrections?$/.test(e.set)) continue;
      direct(e.text, e.label, e.set);
    }
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
  // Fourteenth round, not kept: an application's whole prompt sent as the user's message
  // ("answer only from the documents below; if they do not say, tell the user you do not know").
  if (RAG_PROMPTS > 0 && split === 'train') for (const text of ragUserPrompts(ownStream(22), RAG_PROMPTS, docs)) direct(text, 0, 'synthetic-rag-prompt');
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
