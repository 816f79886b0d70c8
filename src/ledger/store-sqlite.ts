/**
 * The ledger on one SQLite file (node:sqlite). One gateway process writes it; WAL lets readers
 * (`audit` commands in another process) run beside the writer, and BEGIN IMMEDIATE plus the
 * busy timeout keep even several writing processes correct: the frontier is read inside the
 * write lock, so indices stay consecutive whoever appends.
 *
 * node:sqlite is synchronous: each method does its work when called and returns a settled
 * Promise, so appends from one process never interleave.
 */
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import {
  asBuffer, checkCheckpoint, checkPayload, checkEntries, checkFilter, checkLimit, checkRange, checkSelector, decodeFrontier,
  distinctRuleIds, LedgerStoreError, querySql, RECORD_COLUMNS, SCHEMA_VERSION, toCheckpoint, toRecord, wrap,
  type CheckpointRow, type RecordRow,
} from './store-shared.ts';
import type { AppendResult, LedgerEntry, LedgerStore, RecordFilter, StoredCheckpoint, StoredRecord } from './types.ts';

export interface SqliteLedgerStoreOptions {
  /**
   * 'full' (default): every append is on disk when its Promise resolves (an fsync per commit).
   * 'normal': in WAL mode a power loss may drop the last commits (never corrupts, never leaves
   * a gap); a process crash still loses nothing.
   */
  readonly synchronous?: 'full' | 'normal';
  /** How long a write waits for another process's write lock before failing (SQLITE_BUSY). */
  readonly busyTimeoutMs?: number;
}

const BACKEND = 'SQLite';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS ledger_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS records (
  idx INTEGER PRIMARY KEY, time INTEGER NOT NULL, type TEXT NOT NULL, principal TEXT NOT NULL,
  outcome TEXT NOT NULL, rule_ids TEXT NOT NULL, bytes BLOB NOT NULL, leaf_hash BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS records_principal ON records (principal, idx);
CREATE INDEX IF NOT EXISTS records_type ON records (type, idx);
CREATE INDEX IF NOT EXISTS records_time ON records (time);
CREATE TABLE IF NOT EXISTS record_rules (rule_id TEXT NOT NULL, idx INTEGER NOT NULL, PRIMARY KEY (rule_id, idx)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS tree (id INTEGER PRIMARY KEY CHECK (id = 1), size INTEGER NOT NULL, nodes BLOB NOT NULL);
INSERT OR IGNORE INTO tree (id, size, nodes) VALUES (1, 0, x'');
CREATE TABLE IF NOT EXISTS checkpoints (size INTEGER PRIMARY KEY, root BLOB NOT NULL, note TEXT NOT NULL, created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS payloads (idx INTEGER PRIMARY KEY, time INTEGER NOT NULL, sealed BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS payloads_time ON payloads (time);
`;

export class SqliteLedgerStore implements LedgerStore {
  readonly path: string;
  readonly #db: DatabaseSync;
  // Prepared once: append runs hundreds of inserts per batch, and queries repeat a few shapes.
  readonly #statements = new Map<string, StatementSync>();

  private constructor(path: string, db: DatabaseSync) {
    this.path = path;
    this.#db = db;
  }

  static open(path: string, options: SqliteLedgerStoreOptions = {}): SqliteLedgerStore {
    let db: DatabaseSync | undefined;
    try {
      db = new DatabaseSync(path);
      db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5_000))}`);
      db.exec('PRAGMA journal_mode = WAL');
      db.exec(`PRAGMA synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
      migrate(db);
      return new SqliteLedgerStore(path, db);
    } catch (err) {
      db?.close();
      throw wrap(BACKEND, `open ${path}`, err);
    }
  }

  #statement(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  async append(entries: readonly LedgerEntry[]): Promise<AppendResult> {
    checkEntries(entries);
    if (entries.length === 0) {
      const { size, rootHash } = await this.head();
      return { first: size, size, rootHash };
    }
    try {
      const insertRecord = this.#statement(`INSERT INTO records (${RECORD_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
      const insertRule = this.#statement('INSERT INTO record_rules (rule_id, idx) VALUES (?, ?)');
      this.#db.exec('BEGIN IMMEDIATE');
      try {
        const range = this.#frontier();
        const first = range.size;
        for (const entry of entries) {
          const idx = range.size;
          const { time, type, principal, outcome, ruleIds } = entry.meta;
          insertRecord.run(idx, time, type, principal, outcome, JSON.stringify(ruleIds), entry.bytes, entry.leafHash);
          for (const ruleId of distinctRuleIds(entry)) insertRule.run(ruleId, idx);
          range.append(entry.leafHash);
        }
        this.#statement('UPDATE tree SET size = ?, nodes = ? WHERE id = 1').run(range.size, range.toBuffer());
        this.#db.exec('COMMIT');
        return { first, size: range.size, rootHash: range.root() };
      } catch (err) {
        rollback(this.#db);
        throw err;
      }
    } catch (err) {
      throw wrap(BACKEND, 'append', err);
    }
  }

  #frontier(): ReturnType<typeof decodeFrontier> {
    const row = this.#statement('SELECT size, nodes FROM tree WHERE id = 1').get() as { size: number; nodes: Uint8Array } | undefined;
    if (row === undefined) throw new Error('the tree row is missing');
    return decodeFrontier(row.size, row.nodes);
  }

  async head(): Promise<{ size: number; rootHash: Buffer }> {
    try {
      const range = this.#frontier();
      return { size: range.size, rootHash: range.root() };
    } catch (err) {
      throw wrap(BACKEND, 'head', err);
    }
  }

  async read(from: number, to: number): Promise<StoredRecord[]> {
    checkRange(from, to);
    return this.#run('read', () => {
      const rows = this.#statement(`SELECT ${RECORD_COLUMNS} FROM records WHERE idx >= ? AND idx < ? ORDER BY idx`).all(from, to);
      return (rows as unknown as RecordRow[]).map(toRecord);
    });
  }

  async leafHashes(from: number, to: number): Promise<Buffer[]> {
    checkRange(from, to);
    return this.#run('leafHashes', () => {
      const rows = this.#statement('SELECT leaf_hash FROM records WHERE idx >= ? AND idx < ? ORDER BY idx').all(from, to);
      return (rows as unknown as { leaf_hash: Uint8Array }[]).map((row) => asBuffer(row.leaf_hash));
    });
  }

  async query(filter: RecordFilter, limit: number): Promise<StoredRecord[]> {
    checkFilter(filter);
    checkLimit(limit);
    return this.#run('query', () => {
      const values: SQLInputValue[] = [];
      const sql = querySql((name) => name, filter, limit, (value) => {
        values.push(value as SQLInputValue);
        return '?';
      });
      const rows = this.#statement(sql).all(...values) as unknown as RecordRow[];
      return rows.reverse().map(toRecord);
    });
  }

  async saveCheckpoint(checkpoint: StoredCheckpoint): Promise<void> {
    checkCheckpoint(checkpoint);
    this.#run('saveCheckpoint', () => {
      const { size, rootHash, note, createdAt } = checkpoint;
      const insert = this.#statement('INSERT INTO checkpoints (size, root, note, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (size) DO NOTHING');
      if (insert.run(size, rootHash, note, createdAt).changes !== 0) return;
      // Saving the same tree twice (a retry, two signers) is harmless; a different root at the
      // same size would be a fork and must never be papered over.
      const existing = this.#statement('SELECT root FROM checkpoints WHERE size = ?').get(size) as { root: Uint8Array } | undefined;
      if (existing !== undefined && !asBuffer(existing.root).equals(rootHash)) {
        throw new LedgerStoreError(BACKEND, 'saveCheckpoint', `a checkpoint of size ${size} with a different root is already stored`);
      }
    });
  }

  async checkpoints(): Promise<StoredCheckpoint[]> {
    return this.#run('checkpoints', () => {
      const rows = this.#statement('SELECT size, root, note, created_at FROM checkpoints ORDER BY size').all();
      return (rows as unknown as CheckpointRow[]).map(toCheckpoint);
    });
  }

  async putPayload(index: number, sealed: Buffer, time: number): Promise<void> {
    checkPayload(index, sealed, time);
    this.#run('putPayload', () => {
      this.#statement('INSERT INTO payloads (idx, time, sealed) VALUES (?, ?, ?) ON CONFLICT (idx) DO UPDATE SET time = excluded.time, sealed = excluded.sealed')
        .run(index, time, sealed);
    });
  }

  async getPayload(index: number): Promise<Buffer | undefined> {
    checkRange(index, index);
    return this.#run('getPayload', () => {
      const row = this.#statement('SELECT sealed FROM payloads WHERE idx = ?').get(index) as { sealed: Uint8Array } | undefined;
      return row === undefined ? undefined : asBuffer(row.sealed);
    });
  }

  async deletePayloads(selector: { before?: number; indices?: readonly number[] }): Promise<number> {
    const { before, indices } = checkSelector(selector);
    return this.#run('deletePayloads', () => {
      const where: string[] = [];
      const values: SQLInputValue[] = [];
      if (before !== undefined) {
        where.push('time < ?');
        values.push(before);
      }
      if (indices.length > 0) {
        // json_each: any number of indices in one bound parameter, no SQLITE_MAX_VARIABLE_NUMBER.
        where.push('idx IN (SELECT value FROM json_each(?))');
        values.push(JSON.stringify(indices));
      }
      if (where.length === 0) return 0;
      return Number(this.#statement(`DELETE FROM payloads WHERE ${where.join(' OR ')}`).run(...values).changes);
    });
  }

  async close(): Promise<void> {
    if (this.#db.isOpen) this.#db.close();
  }

  #run<T>(operation: string, work: () => T): T {
    try {
      return work();
    } catch (err) {
      throw wrap(BACKEND, operation, err);
    }
  }
}

/** Creates what is missing, in one write transaction so two processes opening a new file agree. */
function migrate(db: DatabaseSync): void {
  db.exec('BEGIN IMMEDIATE');
  try {
    db.exec(SCHEMA);
    const row = db.prepare("SELECT value FROM ledger_meta WHERE key = 'schema_version'").get() as { value: string } | undefined;
    if (row === undefined) {
      db.prepare("INSERT INTO ledger_meta (key, value) VALUES ('schema_version', ?)").run(String(SCHEMA_VERSION));
    } else if (Number(row.value) !== SCHEMA_VERSION) {
      throw new Error(`schema version ${row.value} is not the ${SCHEMA_VERSION} this build knows`);
    }
    db.exec('COMMIT');
  } catch (err) {
    rollback(db);
    throw err;
  }
}

/** Ends a failed transaction; a failing ROLLBACK must not hide the error that caused it. */
function rollback(db: DatabaseSync): void {
  try {
    if (db.isTransaction) db.exec('ROLLBACK');
  } catch {
    // SQLite rolls back by itself when the connection closes.
  }
}
