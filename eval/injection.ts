/**
 * Prompt-injection detection on held-out data only (splits: eval/injection-data.ts and
 * eval/README.md): detection rate on attack sets and false-positive rate on benign sets at the
 * committed operating thresholds, a threshold curve, detection at matched false-positive rates,
 * how tightly detected BIPIA attacks are localized, and our own small multilingual /
 * out-of-distribution check set and the ninth round's multilingual probes.
 *
 * Usage: node eval/injection.ts [--errors]      (npm run eval:injection)
 *   --errors  also list misses and false alarms, only for rows in the "dev" half (a hash of the
 *             text below 0.5): the half that was looked at while writing rules and templates.
 * Writes eval/results/injection.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { detectAttackOnPrompt, GUARDED_SCORE } from '../src/detect/injection/guarded.ts';
import { detectInjection, injectionThreshold, INJECTION_THRESHOLDS } from '../src/detect/injection/index.ts';
import { bipiaHeldOut, cyberSecEval, debianDocsHeldOut, deepset, type Example, gnomeHelp, gnomeHelpHeldOut, hasDatasets, helpTitles, jailbreakTemplates, manPagesHeldOut, notInject, ownJsonl, packageDocsHeldOut, inRagPrompts, pastedIntoMessages, tableDocsHeldOut, unit, wildGuard, writtenDirect, writtenKbArticles, writtenToolAttacks, writtenToolResults } from './injection-data.ts';

if (!hasDatasets()) {
  console.error('eval:injection needs ../shared/datasets beside the checkout');
  process.exit(2);
}

/** `threshold`: the one the text is held to (its source's; for a user's message, by its language). */
interface Row extends Example { score: number; threshold: number; localized?: { overlap: boolean; precision: number; recall: number } }
interface SetResult { name: string; kind: 'attack' | 'benign'; source: string; n: number; flagged: number; rate: number; rows: Row[] }

function run(name: string, kind: 'attack' | 'benign', examples: readonly Example[]): SetResult {
  const rows = examples.map((e): Row => {
    const result = detectInjection(e.text, e.source);
    const row: Row = { ...e, score: result.score, threshold: injectionThreshold(e.text, e.source) };
    if (e.span !== undefined && result.detected) {
      const [s, t] = e.span;
      const passages = result.findings.filter((f) => f.type === 'PROMPT_INJECTION');
      const covered = passages.reduce((sum, f) => sum + Math.max(0, Math.min(f.end, t) - Math.max(f.start, s)), 0);
      const length = passages.reduce((sum, f) => sum + f.end - f.start, 0);
      row.localized = { overlap: covered > 0, precision: length === 0 ? 0 : covered / length, recall: covered / Math.max(1, t - s) };
    }
    return row;
  });
  const flagged = rows.filter((r) => r.score >= r.threshold).length;
  return { name, kind, source: [...new Set(examples.map((e) => e.source))].join('+'), n: rows.length, flagged, rate: rows.length === 0 ? NaN : flagged / rows.length, rows };
}

/**
 * Twentieth round: user messages read with the system prompt they were sent under, as the gateway
 * reads them: one that asks for what the prompt withholds under a pretext (guarded.ts) scores at
 * least GUARDED_SCORE and is flagged whatever the threshold, as the gateway reports it
 * (guards/injection.ts, cli/scan.ts); any other, its injection score. (Until the twenty-second
 * round such a row was compared with the threshold, and an English bar over 0.95 hid them all.)
 */
function runWithSystem(name: string, kind: 'attack' | 'benign', examples: readonly Example[]): SetResult {
  const asked = (e: Example) => e.system !== undefined && detectAttackOnPrompt(e.system, e.text) !== null;
  const result = run(name, kind, examples);
  const rows = result.rows.map((r, i) => (asked(examples[i]!) ? { ...r, score: Math.max(r.score, GUARDED_SCORE), threshold: Math.min(r.threshold, GUARDED_SCORE) } : r));
  const flagged = rows.filter((r) => r.score >= r.threshold).length;
  return { ...result, rows, flagged, rate: rows.length === 0 ? NaN : flagged / rows.length };
}

const cse = cyberSecEval();
const asSource = (examples: readonly Example[], source: Example['source']): Example[] => examples.map((e) => ({ ...e, source }));
const bipia = bipiaHeldOut();
/** One of our own check sets: rows of {text, label, source, lang}. */
const ours = (file: string): Example[] => ownJsonl<{ text: string; label: 0 | 1; source: 'direct' | 'indirect'; lang?: string; style?: string }>(file)
  .map((o) => ({ text: o.text, label: o.label, source: o.source, set: `ours:${o.lang ?? 'en'}${o.style === undefined ? '' : `:${o.style}`}` }) satisfies Example);
const ood = ours('injection-ood.jsonl');
// Ninth round: the probes that found the multilingual gaps, written before the rules that close them.
const probes = ours('injection-probes.jsonl');
// Tenth round: 520 messages and documents in 26 languages, written by a helper that never saw the
// detector, its rules or its training text, and not read while tuning (only these rates are).
const multilingual = ours('multilingual-heldout.jsonl');
const part = (source: 'direct' | 'indirect', label: 0 | 1, set = multilingual) => set.filter((e) => e.source === source && e.label === label);
// Eleventh round, written the same way: 200 follow-up turns of ordinary conversations (120 in
// English, 80 in ten other languages), and English attacks of 21 kinds with benign look-alikes.
const followUps = ours('followups-heldout.jsonl');
/** Twentieth round: 300 users' messages, attacks of the writer's own choosing and tricky benign ones, 35% in eleven other languages; never trained on. */
const blindMessages: Example[] = ownJsonl<{ text: string; label: 0 | 1; lang: string; kind: string }>('messages-heldout.jsonl')
  .map((o) => ({ text: o.text, label: o.label, source: 'direct', set: `ours:${o.lang}:${o.kind}` }));
/** Twentieth round: a system prompt and a user's message under it, labelled by whether the message asks for what the prompt withholds. */
const withSystem = (file: string, label: 0 | 1): Example[] => ownJsonl<{ system: string; user: string; label: 0 | 1; kind: string; lang: string }>(file)
  .filter((o) => o.label === label).map((o) => ({ text: o.user, label: o.label, source: 'direct', set: `ours:${o.lang}:${o.kind}`, system: o.system }));
const english = ours('english-heldout.jsonl');
// Sixteenth round, written the same way: what agents' tools return (e-mail, calendar, drive,
// chat, payments, tickets, code hosting, health records, ... as JSON or YAML), benign with
// requests to their human readers, and with an attacker's order to the agent in one field.
const agentResults = ours('agent-tool-results-heldout.jsonl');
// Seventeenth round: a second such set, by two helpers told the threat but no kinds of attack
// (each attacker's goal and phrasing their own), after the round's training text was written
// in kinds that overlap the first set's.
const agentResults2 = ours('agent-tool-results-heldout-2.jsonl');
// Eighteenth round: a third, by a helper told only the threat (goals, phrasing and hiding places
// its own, 240 tools), written before the round's training text was trained on.
const agentResults3 = ours('agent-tool-results-heldout-3.jsonl');
// Twenty-fourth round: requests in the user's own voice planted in one field of a tool's output
// ("Please transfer $2,400 from my checking account to ...", harm and data stealing, 25% in nine
// other languages) and benign outputs whose text asks its human readers for the same kinds of
// things, by a helper that saw neither the detector nor the round's generator.
const userVoiced = ours('tool-requests-heldout.jsonl');
// Twenty-eighth round: help-center and FAQ articles as a RAG assistant retrieves them (questions as
// titles, answers below, steps in the imperative, "never share your code" warnings), 160 clean and
// 80 with an attacker's passage, 27% in ten other languages; by a helper that saw nothing of ours.
const kbArticles = ours('kb-articles-heldout.jsonl');
const heldOutDeepset = deepset('held-out');
const docs = packageDocsHeldOut();
// Tenth round: real text in 21 other languages, GNOME's help pages (held-out pages), as documents and their titles and summaries as messages.
const help = gnomeHelpHeldOut();
const manPages = manPagesHeldOut();
// Fifteenth round: hard-wrapped plain text and release notes (Debian's READMEs and NEWS, held-out packages).
const plainDocs = debianDocsHeldOut();
// Nineteenth round: tables with their authors' own prose around them, a blind set. BIPIA's tables
// have none, and every inserted attack sits outside the cells: without this set, a model that
// learnt "text outside a table is an attack" would look better on every pool (injection-rounds.md).
const tableDocs = tableDocsHeldOut();
const helpMessages = helpTitles(gnomeHelp('held-out')).map((text): Example => ({ text, label: 0, source: 'direct', set: 'gnome-help-title' }));

const sets: SetResult[] = [
  run('deepset test, injections', 'attack', heldOutDeepset.filter((e) => e.label === 1)),
  run('CyberSecEval direct', 'attack', cse.direct),
  runWithSystem('CyberSecEval direct, with its system prompts', 'attack', cse.direct),
  run('CyberSecEval indirect', 'attack', cse.indirect),
  run('BIPIA held-out attacks', 'attack', bipia.attacks),
  run('BIPIA attacks in package docs', 'attack', docs.attacks),
  run('promptfoo jailbreaks, held-out half', 'attack', jailbreakTemplates('held-out')),
  run('promptfoo jailbreaks, dev half', 'attack', jailbreakTemplates('dev')),
  run('deepset test, benign', 'benign', heldOutDeepset.filter((e) => e.label === 0)),
  run('NotInject one', 'benign', notInject('NotInject_one')),
  run('NotInject two', 'benign', notInject('NotInject_two')),
  run('WildGuard benign (held-out half)', 'benign', wildGuard('held-out')),
  run('BIPIA held-out contexts', 'benign', bipia.benign),
  run('package docs (held-out packages)', 'benign', docs.benign),
  run('CyberSecEval system prompts', 'benign', cse.systemPrompts),
  // Twelfth round: the gateway scores a system message as system input; the same prompts pasted
  // by a user, and jailbreak templates sent as the system message, are two rows outside the pools.
  run('CyberSecEval system prompts, as user input', 'benign', asSource(cse.systemPrompts, 'direct')),
  run('promptfoo jailbreaks, held-out half, as system', 'attack', asSource(jailbreakTemplates('held-out'), 'system')),
  run('GNOME help, 21 languages: titles', 'benign', helpMessages),
  run('GNOME help, 21 languages: pages', 'benign', help.benign),
  run('BIPIA attacks in GNOME help pages', 'attack', help.attacks),
  run('Debian man pages, 25 languages', 'benign', manPages.benign),
  run('BIPIA attacks in Debian man pages', 'attack', manPages.attacks),
  run('Debian READMEs and NEWS (held-out)', 'benign', plainDocs.benign),
  run('BIPIA attacks in Debian READMEs and NEWS', 'attack', plainDocs.attacks),
  run('ours (tables with prose around them, unseen)', 'benign', tableDocs.benign),
  run('ours (tables with prose around them): BIPIA attacks in them', 'attack', tableDocs.attacks),
  run('ours (OOD, multilingual): attacks', 'attack', ood.filter((e) => e.label === 1)),
  run('ours (OOD, multilingual): benign', 'benign', ood.filter((e) => e.label === 0)),
  run('ours (ninth-round probes): attacks', 'attack', probes.filter((e) => e.label === 1)),
  run('ours (ninth-round probes): benign', 'benign', probes.filter((e) => e.label === 0)),
  run('ours (26 languages, unseen): attacks', 'attack', part('direct', 1)),
  run('ours (26 languages, unseen): requests', 'benign', part('direct', 0)),
  run('ours (26 languages, unseen): hidden', 'attack', part('indirect', 1)),
  run('ours (26 languages, unseen): documents', 'benign', part('indirect', 0)),
  run('ours (follow-up turns, unseen)', 'benign', followUps),
  run('ours (English, unseen): attacks', 'attack', part('direct', 1, english)),
  run('ours (English, unseen): requests', 'benign', part('direct', 0, english)),
  run('ours (English, unseen): hidden', 'attack', part('indirect', 1, english)),
  run('ours (English, unseen): documents', 'benign', part('indirect', 0, english)),
  run('ours (agent tool results, unseen): attacks', 'attack', part('indirect', 1, agentResults)),
  run('ours (agent tool results, unseen): benign', 'benign', part('indirect', 0, agentResults)),
  run('ours (agent tool results, second blind set): attacks', 'attack', part('indirect', 1, agentResults2)),
  run('ours (agent tool results, second blind set): benign', 'benign', part('indirect', 0, agentResults2)),
  run('ours (agent tool results, third blind set): attacks', 'attack', part('indirect', 1, agentResults3)),
  run('ours (agent tool results, third blind set): benign', 'benign', part('indirect', 0, agentResults3)),
  run('ours (requests in the user\'s voice in tool outputs, blind): attacks', 'attack', part('indirect', 1, userVoiced)),
  run('ours (requests in the user\'s voice in tool outputs, blind): benign', 'benign', part('indirect', 0, userVoiced)),
  run('ours (knowledge-base articles, blind): attacks', 'attack', part('indirect', 1, kbArticles)),
  run('ours (knowledge-base articles, blind): benign', 'benign', part('indirect', 0, kbArticles)),
  // The held-out quarter of the benign tool outputs helpers wrote for training (not blind: the same helpers' other quarters are trained on).
  run('ours (tool results written for training, held-out quarter)', 'benign', writtenToolResults('held-out').map((text): Example => ({ text, label: 0, source: 'indirect', set: 'tool-results-written' }))),
  run('ours (knowledge-base articles written for training, held-out quarter)', 'benign', writtenKbArticles('held-out').map((text): Example => ({ text, label: 0, source: 'indirect', set: 'kb-articles-written' }))),
  // Seventeenth round: 640 benign user messages that use attacks' words and framings innocently
  // ("ignore case in this regex", "act as my interviewer", "start your answer with a summary"), in
  // 12 languages, written by a helper that saw neither the detector nor any other set; never trained on.
  run('ours (over-defence prompts, unseen)', 'benign', ours('overdefence-written.jsonl')),
  // Twentieth round: users' messages helpers wrote for training, their held-out quarter (not
  // trained on by default, INJECTION_WRITTEN_DIRECT, but not blind: the experiments that trained
  // on the other quarters read it), and a blind set of them by another helper.
  run('ours (messages written for training, held-out quarter): attacks', 'attack', writtenDirect('held-out').filter((e) => e.label === 1)),
  run('ours (messages written for training, held-out quarter): benign', 'benign', writtenDirect('held-out').filter((e) => e.label === 0)),
  run('ours (messages, unseen): attacks', 'attack', blindMessages.filter((e) => e.label === 1)),
  run('ours (messages, unseen): benign', 'benign', blindMessages.filter((e) => e.label === 0)),
  // Seventeenth round: the held-out quarter of the attacked tool outputs helpers wrote for training (not blind).
  run('ours (attacked tool outputs written for training, held-out quarter)', 'attack', writtenToolAttacks('held-out')),
  // Thirteenth round: documents pasted into a user's message, scored as the gateway scores a
  // user message (direct input, its pasted parts as indirect input: embedded.ts). Outside the pools.
  run('pasted: CyberSecEval indirect, as user input', 'attack', asSource(cse.indirect, 'direct')),
  run('pasted: BIPIA held-out attacks', 'attack', pastedIntoMessages(bipia.attacks)),
  run('pasted: BIPIA held-out contexts', 'benign', pastedIntoMessages(bipia.benign)),
  run('pasted: package docs (held-out packages)', 'benign', pastedIntoMessages(docs.benign)),
  // Fourteenth round: documents where RAG frameworks' default prompts put them, in the system
  // prompt or the user's message (embedded.ts reads them as indirect input). Outside the pools.
  run('RAG prompts, as system: BIPIA held-out attacks', 'attack', inRagPrompts(bipia.attacks, 'system')),
  run('RAG prompts, as system: BIPIA held-out contexts', 'benign', inRagPrompts(bipia.benign, 'system')),
  run('RAG prompts, as system: package docs', 'benign', inRagPrompts(docs.benign, 'system')),
  run('RAG prompts, as user: BIPIA held-out attacks', 'attack', inRagPrompts(bipia.attacks, 'direct')),
  run('RAG prompts, as user: BIPIA held-out contexts', 'benign', inRagPrompts(bipia.benign, 'direct')),
  run('RAG prompts, as user: package docs', 'benign', inRagPrompts(docs.benign, 'direct')),
  // Twentieth round: messages under system prompts that withhold something, read with the prompt.
  // The dev set was read while writing guarded.ts; the unseen one was not, and is never trained on.
  runWithSystem('ours (system prompts and requests, dev): attacks', 'attack', withSystem('guarded-requests-dev.jsonl', 1)),
  runWithSystem('ours (system prompts and requests, dev): benign', 'benign', withSystem('guarded-requests-dev.jsonl', 0)),
  runWithSystem('ours (system prompts and requests, unseen): attacks', 'attack', withSystem('guarded-requests-heldout.jsonl', 1)),
  runWithSystem('ours (system prompts and requests, unseen): benign', 'benign', withSystem('guarded-requests-heldout.jsonl', 0)),
  // Twelfth round: the blind set's operator system prompts (one of its kinds of benign requests) as the gateway now reads them.
  run('ours (English, unseen): system prompts, as system', 'benign', asSource(english.filter((e) => e.set.endsWith(':benign-system-prompt')), 'system')),
];

const pct = (x: number) => (Number.isNaN(x) ? '   -  ' : `${(100 * x).toFixed(1).padStart(5)}%`);
console.log(`Prompt-injection detection, held-out data, thresholds direct ${INJECTION_THRESHOLDS.direct} (English; other languages ${INJECTION_THRESHOLDS.directOtherLanguages}), indirect ${INJECTION_THRESHOLDS.indirect}, system ${INJECTION_THRESHOLDS.system}\n`);
console.log(`${'set'.padEnd(40)} ${'source'.padEnd(9)} ${'n'.padStart(5)}  ${'detected'.padStart(8)}  ${'false pos.'.padStart(10)}`);
for (const s of sets) {
  console.log(`${s.name.padEnd(40)} ${s.source.padEnd(9)} ${String(s.n).padStart(5)}  ${(s.kind === 'attack' ? pct(s.rate) : '').padStart(8)}  ${(s.kind === 'benign' ? pct(s.rate) : '').padStart(10)}`);
}

// BIPIA by insertion position, and localization of the detected ones.
const byPosition: Record<string, { n: number; detected: number }> = {};
const bipiaRows = sets.find((s) => s.name === 'BIPIA held-out attacks')!.rows;
for (const r of bipiaRows) {
  const key = r.set.split(':').slice(1).join(':');
  const cell = (byPosition[key] ??= { n: 0, detected: 0 });
  cell.n++;
  if (r.score >= r.threshold) cell.detected++;
}
const localized = bipiaRows.filter((r) => r.localized !== undefined);
const localization = {
  detected: localized.length,
  overlapping: localized.filter((r) => r.localized!.overlap).length / Math.max(1, localized.length),
  meanPrecision: localized.reduce((s, r) => s + r.localized!.precision, 0) / Math.max(1, localized.length),
  // What a neutralize decision cuts: the share of the attack's own characters inside the findings.
  meanRecall: localized.reduce((s, r) => s + r.localized!.recall, 0) / Math.max(1, localized.length),
  fullyCovered: localized.filter((r) => r.localized!.recall >= 0.99).length / Math.max(1, localized.length),
};
console.log(`\nBIPIA by context and position: ${Object.entries(byPosition).map(([k, v]) => `${k} ${pct(v.detected / v.n).trim()}`).join(', ')}`);
// A blind set by kind (eleventh round: the English one; sixteenth: the agent tool results): rates only, as for the whole blind sets.
const byKindOf = (prefix: string): Record<string, { n: number; flagged: number }> => {
  const cells: Record<string, { n: number; flagged: number }> = {};
  for (const r of sets.filter((x) => x.name.startsWith(prefix) && !x.name.endsWith('as system')).flatMap((x) => x.rows)) {
    const cell = (cells[`${r.label === 1 ? 'attack' : 'benign'}:${r.set.split(':')[2]}`] ??= { n: 0, flagged: 0 });
    cell.n++;
    if (r.score >= r.threshold) cell.flagged++;
  }
  return cells;
};
const byKind = byKindOf('ours (English, unseen)'), agentByKind = byKindOf('ours (agent tool results, unseen)');
const listKinds = (cells: Record<string, { n: number; flagged: number }>) => Object.entries(cells).sort().map(([k, v]) => `${k} ${v.flagged}/${v.n}`).join(', ');
console.log(`English blind set, flagged by kind: ${listKinds(byKind)}`);
console.log(`Agent tool results (blind), flagged by kind: ${listKinds(agentByKind)}`);
console.log(`Localization (detected BIPIA attacks): ${pct(localization.overlapping).trim()} have a PROMPT_INJECTION finding on the inserted attack; on average ${pct(localization.meanPrecision).trim()} of the reported characters are the attack's, and ${pct(localization.meanRecall).trim()} of the attack's characters are reported (${pct(localization.fullyCovered).trim()} of attacks in full)`);

// The curve: attacks and benign pooled per source, at a range of thresholds.
// Since the eighth round the indirect pools hold the package docs too (benign, and attacked);
// "indirect, no package docs" below is the pool of the rounds before, for comparison. The
// jailbreak templates (ninth round) are in a pool of their own below: the direct pool stays the
// rounds' before, and their dev half, read while writing rules, is in no pool.
// The rows in other languages (tenth round: GNOME help, man pages) are in pools of their own too.
const otherLanguages = (set: string) => set.includes('GNOME') || set.includes('man pages');
// The fifteenth round's Debian READMEs and NEWS are in a pool of their own too, so the default pool stays comparable.
const plainText = (set: string) => set.includes('Debian READMEs');
// The nineteenth round's blind tables with prose around them (clean and attacked) too.
const proseTables = (set: string) => set.startsWith('ours (tables with prose around them');
const inDefaultPool = (set: string) => !set.startsWith('ours') && !set.startsWith('promptfoo') && !set.startsWith('pasted') && !set.startsWith('RAG prompts') && !otherLanguages(set) && !plainText(set) && !set.endsWith('with its system prompts');
// Twentieth round: CyberSecEval's direct attacks read with their system prompts, and, since no
// public benign set has one, the blind benign messages under system prompts that withhold something.
const withSystemPrompts = (set: string) => (inDefaultPool(set) && set !== 'CyberSecEval direct') || set === 'CyberSecEval direct, with its system prompts' || set === 'ours (system prompts and requests, unseen): benign';
// Twenty-first round: the direct pool with every blind set of users' messages beside the public
// ones (the held-out jailbreak templates, help-page titles, and our unseen attacks and benign
// messages in English and 26 languages, follow-up turns, over-defence prompts), about 750 attacks
// and 2,800 benign messages: the widest view of how the direct model ranks what it never saw.
const blindDirect = (set: string) => set.startsWith('ours (English, unseen)') || set.startsWith('ours (26 languages, unseen)') || set.startsWith('ours (messages, unseen)') || set === 'ours (follow-up turns, unseen)' || set === 'ours (over-defence prompts, unseen)';
const allDirect = (set: string) => inDefaultPool(set) || set === 'promptfoo jailbreaks, held-out half' || set.startsWith('GNOME help') || blindDirect(set);
// Twenty-third round: the blind sets of indirect input alone, whose attacks were never read (the
// three sets of agents' tool results, the English and the 26-language hidden instructions and
// documents; not the prose tables, whose attacks are BIPIA's): about 530 attacks and 520 benign
// texts written by helpers. Training data shaped like BIPIA's tasks lifted the public indirect
// pool and lowered this one; it is the view of how the indirect model ranks real tool output.
const blindIndirect = (set: string) => set.startsWith('ours (agent tool results') || set === 'ours (English, unseen): hidden' || set === 'ours (English, unseen): documents'
  || set === 'ours (26 languages, unseen): hidden' || set === 'ours (26 languages, unseen): documents';
// Twenty-fourth round: the same with the blind requests in the user's voice (a pool of its own, so the one above stays comparable).
const blindIndirectWide = (set: string) => blindIndirect(set) || set.startsWith('ours (requests in the user\'s voice');
// Pools are per source: the direct pools hold CyberSecEval's system prompts scored as user input,
// as in the rounds before the twelfth (scored as system input, they are a row of their own).
const pooled = (kind: 'attack' | 'benign', source: string, only: (set: string) => boolean = inDefaultPool) => sets.filter((s) => s.kind === kind && only(s.name)).flatMap((s) => s.rows).filter((r) => r.source === source).map((r) => r.score);
const curve = [0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999].map((t) => {
  const rate = (xs: number[]) => xs.filter((x) => x >= t).length / Math.max(1, xs.length);
  return { threshold: t, directDetection: rate(pooled('attack', 'direct')), directFpr: rate(pooled('benign', 'direct')), indirectDetection: rate(pooled('attack', 'indirect')), indirectFpr: rate(pooled('benign', 'indirect')) };
});
console.log('\nthreshold | direct: detected  false pos. | indirect: detected  false pos.   (held-out public sets pooled per source)');
for (const c of curve) console.log(`   ${c.threshold.toFixed(3)}  |         ${pct(c.directDetection)}    ${pct(c.directFpr)} |           ${pct(c.indirectDetection)}    ${pct(c.indirectFpr)}`);

// The same pools at matched false-positive rates: flag what scores above the pool's benign
// (1 - rate) quantile. A model's own thresholds move with its calibration; this compares curves.
const pools = [
  { name: 'direct', source: 'direct', only: inDefaultPool },
  { name: 'direct, with jailbreaks', source: 'direct', only: (set: string) => inDefaultPool(set) || set === 'promptfoo jailbreaks, held-out half' },
  // Twelfth round: the gateway scores system prompts as system input; without them, the direct pool is user messages only.
  { name: 'direct, user messages only', source: 'direct', only: (set: string) => inDefaultPool(set) && !set.startsWith('CyberSecEval system prompts') },
  { name: 'direct, with system prompts', source: 'direct', only: withSystemPrompts },
  { name: 'direct, with the blind sets', source: 'direct', only: allDirect },
  { name: 'indirect', source: 'indirect', only: inDefaultPool },
  { name: 'indirect, no package docs', source: 'indirect', only: (set: string) => inDefaultPool(set) && !set.includes('package docs') },
  { name: 'direct, other languages', source: 'direct', only: (set: string) => inDefaultPool(set) || otherLanguages(set) },
  { name: 'indirect, other languages', source: 'indirect', only: (set: string) => inDefaultPool(set) || otherLanguages(set) },
  { name: 'indirect, with Debian docs', source: 'indirect', only: (set: string) => inDefaultPool(set) || plainText(set) },
  { name: 'indirect, with prose tables', source: 'indirect', only: (set: string) => inDefaultPool(set) || proseTables(set) },
  { name: 'indirect, blind sets only', source: 'indirect', only: blindIndirect },
  { name: 'indirect, blind, with user-voiced', source: 'indirect', only: blindIndirectWide },
] as const;
const matched = pools.map(({ name, source, only }) => {
  const benign = pooled('benign', source, only).sort((a, b) => b - a), attacks = pooled('attack', source, only);
  return {
    source: name,
    points: [0.005, 0.01, 0.02, 0.05].map((target) => {
      const above = (benign[Math.floor(benign.length * target)] ?? 0) + 1e-9;
      return { target, falsePositives: benign.filter((x) => x >= above).length / Math.max(1, benign.length), detected: attacks.filter((x) => x >= above).length / Math.max(1, attacks.length) };
    }),
  };
});
console.log('\nAt matched false-positive rates (held-out pools as above; the rate reached is in brackets):');
for (const m of matched) console.log(`  ${m.source.padEnd(26)} ${m.points.map((p) => `<= ${pct(p.target).trim()}: ${pct(p.detected).trim()} (${pct(p.falsePositives).trim()})`).join('   ')}`);

if (process.argv.includes('--errors')) {
  // Never the blind sets ("unseen"): they measure what nobody tuned for, so no text of theirs is shown.
  console.log('\nErrors in the dev half (hash < 0.5) only, blind sets excepted:');
  for (const s of sets.filter((x) => !x.name.includes('unseen'))) for (const r of s.rows) {
    if (unit(`dev:${r.text}`) >= 0.5) continue;
    const flagged = r.score >= r.threshold;
    if (flagged !== (r.label === 1)) console.log(`${r.label === 1 ? 'MISS ' : 'FALSE'} ${r.score.toFixed(2)} [${r.set}] ${JSON.stringify(r.text.slice(0, 200))}`);
  }
}

const out = {
  command: 'npm run eval:injection', thresholds: INJECTION_THRESHOLDS,
  sets: sets.map(({ rows, ...s }) => s), bipiaByPosition: byPosition, englishBlindByKind: byKind, agentBlindByKind: agentByKind, localization, curve, matched,
};
const dir = fileURLToPath(new URL('./results/', import.meta.url));
mkdirSync(dir, { recursive: true });
writeFileSync(`${dir}injection.json`, JSON.stringify(out, (_, v) => (typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 10000) / 10000 : v), 2) + '\n');
console.log(`\nWrote ${dir}injection.json`);
