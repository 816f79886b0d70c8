/**
 * The records a report speaks about: those in the period that a signed checkpoint covers, read
 * once and decoded. Records past the checkpoint are left out (and counted), so every number in
 * the report can be proven against the checkpoint it names.
 */
import { decodeRecord } from '../ledger/record.ts';
import type { LedgerStore } from '../ledger/types.ts';

export interface Period {
  /** Inclusive, milliseconds since the epoch. */
  readonly from?: number;
  /** Exclusive. */
  readonly to?: number;
}

export interface Decision {
  readonly event: string;
  readonly action: string;
  readonly rules: readonly string[];
  readonly reason?: string;
  readonly policyVersion?: string;
  readonly tool?: string;
  readonly approval?: { readonly id: string; readonly status: string; readonly decidedBy?: string };
  readonly taints?: readonly string[];
  /** A proposed call's arguments that carry a value only untrusted content supplied (argument provenance). */
  readonly untrustedArgs?: readonly string[];
  /** A proposed call whose action only untrusted content asked for (action provenance). */
  readonly untrustedAction?: boolean;
}

export interface LedgerRecord {
  readonly index: number;
  readonly time: number;
  readonly type: string;
  readonly principal: string;
  readonly outcome: string;
  readonly body: Readonly<Record<string, unknown>>;
}

export interface PeriodRecords {
  readonly records: readonly LedgerRecord[];
  /** Records in the store but past the checkpoint the report is built from. */
  readonly uncovered: number;
  /** Earliest and latest record time in the whole covered ledger (for retention statements). */
  readonly ledgerSpan?: { readonly first: string; readonly last: string };
}

const BATCH = 2000;

export async function readPeriod(store: LedgerStore, checkpointSize: number, period: Period): Promise<PeriodRecords> {
  const { size } = await store.head();
  const records: LedgerRecord[] = [];
  let first: string | undefined;
  let last: string | undefined;
  for (let start = 0; start < checkpointSize; start += BATCH) {
    for (const stored of await store.read(start, Math.min(start + BATCH, checkpointSize))) {
      const body = decodeRecord(stored.bytes);
      const time = Date.parse(String(body['time']));
      first ??= String(body['time']);
      last = String(body['time']);
      if ((period.from !== undefined && time < period.from) || (period.to !== undefined && time >= period.to)) continue;
      records.push({
        index: stored.index, time, type: String(body['type']), outcome: String(body['outcome']),
        principal: (body['principal'] as { id?: string } | undefined)?.id ?? '', body,
      });
    }
  }
  return { records, uncovered: size - checkpointSize, ...(first === undefined || last === undefined ? {} : { ledgerSpan: { first, last } }) };
}

export function decisionsOf(record: LedgerRecord): readonly Decision[] {
  const decisions = record.body['decisions'];
  return Array.isArray(decisions) ? (decisions as Decision[]) : [];
}

/** A record's finding types with counts, of the request (`findings`) or of the response (`responseFindings`). */
function countsOf(record: LedgerRecord, field: 'findings' | 'responseFindings'): Readonly<Record<string, number>> {
  const findings = record.body[field];
  return findings !== null && typeof findings === 'object' ? (findings as Record<string, number>) : {};
}

export const findingsOf = (record: LedgerRecord) => countsOf(record, 'findings');
export const responseFindingsOf = (record: LedgerRecord) => countsOf(record, 'responseFindings');

/** What data protection did in an exchange: entity type -> action -> count (`protected` field). */
export function protectedOf(record: LedgerRecord): Readonly<Record<string, Readonly<Record<string, number>>>> {
  const value = record.body['protected'];
  return value !== null && typeof value === 'object' ? (value as Record<string, Record<string, number>>) : {};
}
