/** Tables and timing for eval/pii.ts. */
import { scanText } from '../src/detect/scan.ts';
import type { Recognizer } from '../src/detect/types.ts';
import type { Scores } from './metrics.ts';

interface Result { perType: Record<string, Scores>; pii: { precision: number; recall: number; f2: number; annotated: number; predicted: number } }

const f = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? '  -  ' : x.toFixed(2).padStart(5));

/** Per-type rows: overlap P/R/F1 and exact P/R/F1 for each system, then the PII-level line. */
export function formatTable(ours: Result, theirs: Result): string {
  const types = [...new Set([...Object.keys(ours.perType), ...Object.keys(theirs.perType)])]
    .filter((t) => (ours.perType[t]?.gold ?? 0) > 0)
    .sort((a, b) => (ours.perType[b]?.gold ?? 0) - (ours.perType[a]?.gold ?? 0));
  const head1 = `${''.padEnd(16)} ${''.padStart(5)} | ${'Portcullis: overlap'.padEnd(17)} | ${'exact'.padEnd(17)} | ${'redact-pii: overlap'.padEnd(17)} | ${'exact'.padEnd(17)}`;
  const head2 = `${'entity'.padEnd(16)} ${'gold'.padStart(5)} | ${'  P     R     F1 '} | ${'  P     R     F1 '} | ${'  P     R     F1 '} | ${'  P     R     F1 '}`;
  const rows = types.map((type) => {
    const a = ours.perType[type], b = theirs.perType[type];
    const cells = (s: Scores | undefined, exact: boolean) =>
      s === undefined || s.predicted === 0 ? `${f(undefined)} ${f(0)} ${f(undefined)}`
        : exact ? `${f(s.exactPrecision)} ${f(s.exactRecall)} ${f(s.exactF1)}` : `${f(s.precision)} ${f(s.recall)} ${f(s.f1)}`;
    return `${type.padEnd(16)} ${String(a?.gold ?? 0).padStart(5)} | ${cells(a, false)} | ${cells(a, true)} | ${cells(b, false)} | ${cells(b, true)}`;
  });
  const pii = (r: Result) => `P ${f(r.pii.precision)}  R ${f(r.pii.recall)}  F2 ${f(r.pii.f2)}`;
  return [
    head1, head2, '-'.repeat(head2.length), ...rows, '-'.repeat(head2.length),
    `PII-level, token-level (presidio-research rules; ${ours.pii.annotated} gold PII tokens): Portcullis ${pii(ours)}   redact-pii ${pii(theirs)}`,
  ].join('\n');
}

/** Builds ~2 KB messages by joining samples, so the timing reflects realistic, mixed text. */
export function messages2k(texts: readonly string[]): string[] {
  const out: string[] = [];
  let current = '';
  for (const text of texts) {
    current += (current === '' ? '' : '\n') + text;
    if (current.length >= 2048) { out.push(current.slice(0, 2048)); current = ''; }
  }
  return out;
}

/**
 * A 2 KB message as an agent might send one: prose with a few identifiers. The data set's
 * samples joined together are far denser in names and addresses than that, so both are timed.
 */
const PROSE = `Hi team, I need help summarising the claim history for a patient before tomorrow's review. The patient, Maria Gonzalez, was admitted on 03/14/2024 with chest pain and discharged two days later. Her primary care physician is Dr. Alan Whitfield at Riverside Medical Group in Springfield. She lives at 4821 Maple Avenue, Apt 3B, Springfield, IL 62704, and her phone number on file is (217) 555-0143. Please draft a short letter explaining which procedures were covered under her plan and which were denied, and list the codes we used. Keep the tone friendly but precise; the letter will be reviewed by our compliance officer before it goes out. Also, can you check whether the prior authorization for the MRI was submitted in time? The request was sent by the scheduling desk on March 2nd, and the insurer says they never received it. If the authorization is missing, suggest the next steps we should take and who we should contact at the insurer. Finally, summarise the three most common reasons for denial we have seen this quarter, based on the notes below, and propose changes to our intake checklist that would prevent them. Notes: incomplete referral forms, missing diagnosis codes, and out-of-network labs were the main issues. We also had a few cases where the member ID was mistyped. Thanks in advance for your help with this, it is much appreciated by the whole billing team here. Let me know if anything in the request is unclear or if you need more context about the account or the plan documents. `;
const prose2k = (): string => JSON.parse(JSON.stringify(PROSE.repeat(2).slice(0, 2048))) as string;

/** Mean µs per scan of `msgs`, the best of 5 runs (the machine is shared: the best run is the least disturbed). */
function micros(msgs: readonly string[], set: readonly Recognizer[]): number {
  const perRun = Math.max(1, Math.ceil(2000 / msgs.length));
  for (let round = 0; round < perRun; round++) for (const m of msgs) scanText(m, set);
  let best = Infinity;
  for (let run = 0; run < 5; run++) {
    const start = process.hrtime.bigint();
    for (let round = 0; round < perRun; round++) for (const m of msgs) scanText(m, set);
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e3 / (perRun * msgs.length));
  }
  return best;
}

export interface Timing { proseNer: number; proseAll: number; denseNer: number; denseAll: number; denseMessages: number }

/** µs per 2 KB message, for the NER recognizers alone and for the whole set, on prose and on dense samples. */
export function timeRecognizers(texts: readonly string[], all: readonly Recognizer[], ner: readonly Recognizer[]): Timing {
  const dense = messages2k(texts).map((m) => JSON.parse(JSON.stringify(m)) as string);
  const prose = [prose2k()];
  return { proseNer: micros(prose, ner), proseAll: micros(prose, all), denseNer: micros(dense, ner), denseAll: micros(dense, all), denseMessages: dense.length };
}
