/**
 * What an evidence query returns: a headline number, its breakdown, and for every number the
 * ledger indices it was computed from, so a reader can follow it back with `portcullis audit
 * show` and `portcullis audit proof`.
 */
import type { EvidenceQueryId } from './query-ids.ts';
import type { LedgerRecord } from './records.ts';

export interface Breakdown {
  readonly label: string;
  readonly count: number;
  /** Records behind this count (a record can hold several counted items). */
  readonly indices: readonly number[];
}

export interface Figure {
  readonly label: string;
  readonly value: string;
}

export interface EvidenceResult {
  readonly id: EvidenceQueryId;
  readonly title: string;
  /** What `total` counts: records, decisions, acts, tools... */
  readonly unit: string;
  readonly total: number;
  /** Records behind the total, ascending. */
  readonly indices: readonly number[];
  readonly breakdown: readonly Breakdown[];
  readonly figures: readonly Figure[];
  /** A few of `indices`, shown with their inclusion proofs. */
  readonly samples: readonly number[];
  /** How the records were selected, in words; and an `audit show` filter where one selects them. */
  readonly selection: string;
  readonly show?: { readonly type?: string; readonly rule?: string };
  /** ledger: computed from records; configuration: from the config (tool risk register); verification. */
  readonly source: 'ledger' | 'configuration' | 'verification';
}

/** Counts items under labels and remembers which records they came from. */
export class Tally {
  private readonly counts = new Map<string, { count: number; indices: Set<number> }>();

  add(label: string, index: number, count = 1): void {
    const entry = this.counts.get(label) ?? { count: 0, indices: new Set<number>() };
    entry.count += count;
    entry.indices.add(index);
    this.counts.set(label, entry);
  }

  rows(): Breakdown[] {
    return [...this.counts].map(([label, { count, indices }]) => ({ label, count, indices: [...indices].sort((a, b) => a - b) }))
      .sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : 1));
  }

  total(): number {
    let total = 0;
    for (const { count } of this.counts.values()) total += count;
    return total;
  }

  indices(): number[] {
    const all = new Set<number>();
    for (const { indices } of this.counts.values()) for (const i of indices) all.add(i);
    return [...all].sort((a, b) => a - b);
  }
}

/** First, middle and last: spread across the period rather than bunched at its start. */
export function pickSamples(indices: readonly number[], max = 3): number[] {
  if (indices.length <= max) return [...indices];
  const picks = new Set<number>();
  for (let k = 0; k < max; k++) picks.add(indices[Math.round((k * (indices.length - 1)) / (max - 1))] as number);
  return [...picks].sort((a, b) => a - b);
}

export type RecordQuery = (records: readonly LedgerRecord[], context: QueryContext) => Omit<EvidenceResult, 'samples' | 'source'>;

/** What queries need beyond the records: the current policy's rules (severity and tags are not in the ledger). */
export interface QueryContext {
  readonly rules: ReadonlyMap<string, { readonly severity: string; readonly tags: Readonly<Record<string, readonly string[]>> }>;
}

export function result(
  id: EvidenceQueryId, title: string, unit: string, tally: Tally, selection: string,
  extra: { figures?: Figure[]; show?: EvidenceResult['show']; total?: number; indices?: number[] } = {},
): Omit<EvidenceResult, 'samples' | 'source'> {
  return {
    id, title, unit, total: extra.total ?? tally.total(), indices: extra.indices ?? tally.indices(), breakdown: tally.rows(),
    figures: extra.figures ?? [], selection, ...(extra.show === undefined ? {} : { show: extra.show }),
  };
}
