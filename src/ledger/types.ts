/**
 * The ledger's vocabulary. A ledger is an append-only sequence of records, each a canonical
 * byte string (see record.ts), with an RFC 6962 Merkle tree over them and signed checkpoints
 * of that tree. Stores (SQLite, PostgreSQL) keep records, leaf hashes, the tree's frontier and
 * checkpoints; they never interpret record bytes beyond the few columns kept for queries.
 */

/** Columns kept beside each record so `audit show/tail` can filter without decoding every record. */
export interface RecordMeta {
  /** Milliseconds since the epoch. */
  readonly time: number;
  /** e.g. "llm.exchange", "admin.approval", "admin.kill_switch", "policy.reload". */
  readonly type: string;
  /** Agent or admin id ('' when unauthenticated). */
  readonly principal: string;
  /** success | failure (and for exchanges the finer outcome lives in the record). */
  readonly outcome: string;
  /** Rule ids that took part in the record's decisions (for filtering by rule). */
  readonly ruleIds: readonly string[];
}

export interface LedgerEntry {
  /** The record in canonical form: what the leaf hash covers. */
  readonly bytes: Buffer;
  /** SHA-256(0x00 || bytes). */
  readonly leafHash: Buffer;
  readonly meta: RecordMeta;
}

export interface StoredRecord {
  readonly index: number;
  readonly bytes: Buffer;
  readonly leafHash: Buffer;
  readonly meta: RecordMeta;
}

/** A signed checkpoint as kept by a store: the tree at `size` and its signed note text. */
export interface StoredCheckpoint {
  readonly size: number;
  readonly rootHash: Buffer;
  /** The full signed note (C2SP tlog-checkpoint body + signature lines). */
  readonly note: string;
  readonly createdAt: number;
}

export interface AppendResult {
  /** Index of the first appended entry. */
  readonly first: number;
  /** Tree size after the append. */
  readonly size: number;
  /** Merkle root after the append. */
  readonly rootHash: Buffer;
}

export interface RecordFilter {
  readonly principal?: string;
  readonly ruleId?: string;
  readonly type?: string;
  /** Inclusive, milliseconds since the epoch. */
  readonly since?: number;
  /** Exclusive. */
  readonly until?: number;
  /** Only records with index >= from. */
  readonly from?: number;
}

export interface LedgerStore {
  /**
   * Appends entries in order with consecutive indices, durably, in one transaction, and
   * updates the stored tree frontier with them. With several writers (PostgreSQL replicas),
   * appends are serialized by the database: no gaps, no duplicates, whoever commits first
   * gets the lower indices.
   */
  append(entries: readonly LedgerEntry[]): Promise<AppendResult>;
  /** Current tree size and root (of what is committed). */
  head(): Promise<{ size: number; rootHash: Buffer }>;
  /** Records with from <= index < to, in index order. */
  read(from: number, to: number): Promise<StoredRecord[]>;
  /** Leaf hashes with from <= index < to (as stored: verify recomputes them from the bytes). */
  leafHashes(from: number, to: number): Promise<Buffer[]>;
  /** Records matching the filter, newest last, at most `limit`. */
  query(filter: RecordFilter, limit: number): Promise<StoredRecord[]>;

  saveCheckpoint(checkpoint: StoredCheckpoint): Promise<void>;
  /** Every checkpoint, by size ascending. */
  checkpoints(): Promise<StoredCheckpoint[]>;

  /** Encrypted payload capture, keyed by record index; deletable without touching records. */
  putPayload(index: number, sealed: Buffer, time: number): Promise<void>;
  getPayload(index: number): Promise<Buffer | undefined>;
  /** Deletes payloads older than `before` (retention) or of the given indices (erasure); returns how many. */
  deletePayloads(selector: { before?: number; indices?: readonly number[] }): Promise<number>;

  close(): Promise<void>;
}
