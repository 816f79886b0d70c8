/**
 * What the SQLite and PostgreSQL ledger stores share: input checks, the frontier's storage
 * form, row mapping and the query filter. Both keep the same tables, so the SQL differs only
 * in placeholders and types; everything that must agree byte for byte lives here once.
 */
import { CompactRange, HASH_SIZE } from './merkle.ts';
import type { LedgerEntry, RecordFilter, StoredCheckpoint, StoredRecord } from './types.ts';

export const SCHEMA_VERSION = 1;

/** Every failure of a store, with the operation that failed; the driver's error is the `cause`. */
export class LedgerStoreError extends Error {
  readonly operation: string;
  readonly backend: string;
  /**
   * True only when an append's COMMIT got no answer (PostgreSQL connection lost): the batch may
   * be in the ledger or not, so a blind retry could record it twice. Check read()/head() first.
   * Every other failed append wrote nothing.
   */
  readonly indeterminate: boolean;
  constructor(backend: string, operation: string, reason: string, cause?: unknown, indeterminate = false) {
    super(`ledger store (${backend}): ${operation} failed: ${reason}`, cause === undefined ? undefined : { cause });
    this.name = 'LedgerStoreError';
    this.operation = operation;
    this.backend = backend;
    this.indeterminate = indeterminate;
  }
}

/** Rethrows anything as a LedgerStoreError (keeping ones that already are). */
export function wrap(backend: string, operation: string, err: unknown): LedgerStoreError {
  if (err instanceof LedgerStoreError) return err;
  const reason = err instanceof Error ? err.message : String(err);
  return new LedgerStoreError(backend, operation, reason, err);
}

/**
 * Checked before any transaction starts, so a malformed entry never reaches the database and
 * fails the same way on both backends (SQLite would store a fractional time; bigint would not).
 */
export function checkEntries(entries: readonly LedgerEntry[]): void {
  entries.forEach((entry, i) => {
    const bad = (what: string): never => {
      throw new TypeError(`entry ${i}: ${what}`);
    };
    if (!Buffer.isBuffer(entry.bytes)) bad('bytes must be a Buffer');
    if (!Buffer.isBuffer(entry.leafHash) || entry.leafHash.length !== HASH_SIZE) bad('leafHash must be a 32-byte Buffer');
    const { time, type, principal, outcome, ruleIds } = entry.meta;
    if (!Number.isSafeInteger(time)) bad('meta.time must be an integer (ms since the epoch)');
    // NUL: PostgreSQL text cannot hold it, so both backends refuse it alike, up front.
    for (const [name, value] of [['type', type], ['principal', principal], ['outcome', outcome]] as const) {
      if (typeof value !== 'string' || value.includes('\0')) bad(`meta.${name} must be a string without NUL`);
    }
    if (!Array.isArray(ruleIds) || ruleIds.some((id) => typeof id !== 'string' || id.includes('\0'))) bad('meta.ruleIds must be strings without NUL');
  });
}

/** A half-open index range from callers; negative or fractional bounds are bugs, not empty. */
export function checkRange(from: number, to: number): void {
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 0 || to < 0) {
    throw new TypeError(`index range [${from}, ${to}) must be non-negative integers`);
  }
}

export function checkLimit(limit: number): void {
  if (!Number.isSafeInteger(limit) || limit < 0) throw new TypeError(`limit must be a non-negative integer, got ${limit}`);
}

/** The stored frontier (size, nodes concatenated); a node count that does not fit the size throws. */
export function decodeFrontier(size: number, nodes: Uint8Array): CompactRange {
  return CompactRange.fromBuffer(size, nodes);
}

/** node:sqlite returns BLOBs as plain Uint8Arrays; the interface promises Buffers (no copy). */
export function asBuffer(value: Uint8Array): Buffer {
  return Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}

/** Rule ids for the `record_rules` side table: one row per distinct id of a record. */
export function distinctRuleIds(entry: LedgerEntry): string[] {
  return [...new Set(entry.meta.ruleIds)];
}

/** A records row as both drivers return it (pg gives bigints as strings). */
export interface RecordRow {
  idx: number | string | bigint;
  time: number | string | bigint;
  type: string;
  principal: string;
  outcome: string;
  rule_ids: string;
  bytes: Uint8Array;
  leaf_hash: Uint8Array;
}

export function toRecord(row: RecordRow): StoredRecord {
  return {
    index: Number(row.idx),
    bytes: asBuffer(row.bytes),
    leafHash: asBuffer(row.leaf_hash),
    meta: {
      time: Number(row.time),
      type: row.type,
      principal: row.principal,
      outcome: row.outcome,
      ruleIds: JSON.parse(row.rule_ids) as string[],
    },
  };
}

export interface CheckpointRow {
  size: number | string | bigint;
  root: Uint8Array;
  note: string;
  created_at: number | string | bigint;
}

export function toCheckpoint(row: CheckpointRow): StoredCheckpoint {
  return { size: Number(row.size), rootHash: asBuffer(row.root), note: row.note, createdAt: Number(row.created_at) };
}

export function checkCheckpoint(checkpoint: StoredCheckpoint): void {
  if (!Number.isSafeInteger(checkpoint.size) || checkpoint.size < 0) throw new TypeError('checkpoint size must be a non-negative integer');
  if (!Buffer.isBuffer(checkpoint.rootHash) || checkpoint.rootHash.length !== HASH_SIZE) throw new TypeError('checkpoint rootHash must be a 32-byte Buffer');
  if (typeof checkpoint.note !== 'string') throw new TypeError('checkpoint note must be a string');
  if (!Number.isSafeInteger(checkpoint.createdAt)) throw new TypeError('checkpoint createdAt must be an integer (ms since the epoch)');
}

/**
 * The SELECT for `query`: the newest `limit` matches (index descending, so the indexes on
 * (principal, idx) and (type, idx) are walked backwards and stop early); callers reverse the
 * rows to return them newest last. `param` turns a value into the driver's placeholder.
 */
export function querySql(table: (name: string) => string, filter: RecordFilter, limit: number, param: (value: unknown) => string): string {
  const where: string[] = [];
  if (filter.principal !== undefined) where.push(`principal = ${param(filter.principal)}`);
  if (filter.type !== undefined) where.push(`type = ${param(filter.type)}`);
  if (filter.since !== undefined) where.push(`time >= ${param(filter.since)}`);
  if (filter.until !== undefined) where.push(`time < ${param(filter.until)}`);
  if (filter.from !== undefined) where.push(`idx >= ${param(filter.from)}`);
  if (filter.ruleId !== undefined) where.push(`idx IN (SELECT idx FROM ${table('record_rules')} WHERE rule_id = ${param(filter.ruleId)})`);
  const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  return `SELECT ${RECORD_COLUMNS} FROM ${table('records')} ${clause} ORDER BY idx DESC LIMIT ${param(limit)}`;
}

export const RECORD_COLUMNS = 'idx, time, type, principal, outcome, rule_ids, bytes, leaf_hash';

export function checkFilter(filter: RecordFilter): void {
  for (const key of ['since', 'until', 'from'] as const) {
    const value = filter[key];
    if (value !== undefined && !Number.isSafeInteger(value)) throw new TypeError(`filter.${key} must be an integer`);
  }
}

export function checkPayload(index: number, sealed: Buffer, time: number): void {
  checkRange(index, index);
  if (!Buffer.isBuffer(sealed)) throw new TypeError('sealed payload must be a Buffer');
  if (!Number.isSafeInteger(time)) throw new TypeError('payload time must be an integer (ms since the epoch)');
}

/** The payload selector: neither bound given means nothing to delete, never "everything". */
export function checkSelector(selector: { before?: number; indices?: readonly number[] }): { before?: number; indices: number[] } {
  if (selector.before !== undefined && !Number.isSafeInteger(selector.before)) throw new TypeError('before must be an integer (ms since the epoch)');
  const indices = [...(selector.indices ?? [])];
  if (indices.some((i) => !Number.isSafeInteger(i) || i < 0)) throw new TypeError('indices must be non-negative integers');
  return selector.before === undefined ? { indices } : { before: selector.before, indices };
}
