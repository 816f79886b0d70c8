/**
 * The ledger in PostgreSQL, shared by several gateway replicas. Indices come from the tree
 * row, never from a sequence: an append locks that row (SELECT ... FOR UPDATE), reads size and
 * frontier, inserts its records at size.., and writes the new frontier, all in one transaction.
 * Replicas therefore queue on the row lock, and a transaction that fails or whose connection
 * dies rolls back whole, so no index is ever skipped or taken twice.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import {
  asBuffer, checkCheckpoint, checkEntries, checkFilter, checkLimit, checkPayload, checkRange, checkSelector, decodeFrontier,
  distinctRuleIds, LedgerStoreError, querySql, RECORD_COLUMNS, SCHEMA_VERSION, toCheckpoint, toRecord, wrap,
  type CheckpointRow, type RecordRow,
} from './store-shared.ts';
import type { CompactRange } from './merkle.ts';
import type { AppendResult, LedgerEntry, LedgerStore, RecordFilter, StoredCheckpoint, StoredRecord } from './types.ts';

export interface PostgresLedgerStoreOptions {
  /** Either a connection string (the store owns and ends its pool) or a pool the caller owns. */
  readonly connectionString?: string;
  readonly pool?: pg.Pool;
  /** The schema holding the ledger's tables, created if missing. Default 'portcullis' (as in the config). */
  readonly schema?: string;
  /**
   * 'full' (default): an append whose session has synchronous_commit = off turns it on for
   * its transaction, so it is on disk when its Promise resolves whatever the server's default.
   * 'normal': the server's setting applies (with off, a crash may lose the last commits, whole).
   */
  readonly synchronous?: 'full' | 'normal';
  /**
   * How long an append waits for the tree row's lock, and how long a transaction may sit idle
   * holding it (a replica that stalls mid-append cannot block the others for longer).
   */
  readonly lockTimeoutMs?: number;
}

const BACKEND = 'PostgreSQL';

const schemaSql = (s: string): string => `
CREATE SCHEMA IF NOT EXISTS ${s};
CREATE TABLE IF NOT EXISTS ${s}.ledger_meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE IF NOT EXISTS ${s}.records (
  idx bigint PRIMARY KEY, time bigint NOT NULL, type text NOT NULL, principal text NOT NULL,
  outcome text NOT NULL, rule_ids text NOT NULL, bytes bytea NOT NULL, leaf_hash bytea NOT NULL);
CREATE INDEX IF NOT EXISTS records_principal ON ${s}.records (principal, idx);
CREATE INDEX IF NOT EXISTS records_type ON ${s}.records (type, idx);
CREATE INDEX IF NOT EXISTS records_time ON ${s}.records (time);
CREATE TABLE IF NOT EXISTS ${s}.record_rules (rule_id text NOT NULL, idx bigint NOT NULL, PRIMARY KEY (rule_id, idx));
CREATE TABLE IF NOT EXISTS ${s}.tree (id int PRIMARY KEY CHECK (id = 1), size bigint NOT NULL, nodes bytea NOT NULL);
INSERT INTO ${s}.tree (id, size, nodes) VALUES (1, 0, ''::bytea) ON CONFLICT (id) DO NOTHING;
CREATE TABLE IF NOT EXISTS ${s}.checkpoints (size bigint PRIMARY KEY, root bytea NOT NULL, note text NOT NULL, created_at bigint NOT NULL);
CREATE TABLE IF NOT EXISTS ${s}.payloads (idx bigint PRIMARY KEY, time bigint NOT NULL, sealed bytea NOT NULL);
CREATE INDEX IF NOT EXISTS payloads_time ON ${s}.payloads (time);
`;

/**
 * One statement for the whole write: fewer round trips while the tree row is locked. Record
 * bytes and leaf hashes travel as two binary bytea parameters cut up by offset server-side:
 * bytea[] parameters go as hex text, which costs the server about a third more per batch.
 */
const appendSql = (s: string): string => `
WITH batch AS (
  SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::int[])
    WITH ORDINALITY AS b(idx, time, type, principal, outcome, rule_ids, start, length, ord)
), inserted AS (
  INSERT INTO ${s}.records (${RECORD_COLUMNS})
  SELECT idx, time, type, principal, outcome, rule_ids, substring($9::bytea FROM start FOR length),
    substring($10::bytea FROM (ord::int - 1) * 32 + 1 FOR 32) FROM batch
), rules AS (
  INSERT INTO ${s}.record_rules (rule_id, idx) SELECT * FROM unnest($11::text[], $12::bigint[])
)
UPDATE ${s}.tree SET size = $13, nodes = $14 WHERE id = 1`;

/** The parameters of appendSql for entries appended to `range` (which this advances). */
function appendParams(entries: readonly LedgerEntry[], range: CompactRange): unknown[] {
  const idxs: number[] = [], times: number[] = [], types: string[] = [], principals: string[] = [], outcomes: string[] = [];
  const ruleIds: string[] = [], starts: number[] = [], lengths: number[] = [], ruleRows: string[] = [], ruleIdxs: number[] = [];
  let start = 1; // substring() counts from 1
  for (const entry of entries) {
    const idx = range.size;
    idxs.push(idx);
    times.push(entry.meta.time);
    types.push(entry.meta.type);
    principals.push(entry.meta.principal);
    outcomes.push(entry.meta.outcome);
    ruleIds.push(JSON.stringify(entry.meta.ruleIds));
    starts.push(start);
    lengths.push(entry.bytes.length);
    start += entry.bytes.length;
    for (const ruleId of distinctRuleIds(entry)) {
      ruleRows.push(ruleId);
      ruleIdxs.push(idx);
    }
    range.append(entry.leafHash);
  }
  const bytes = Buffer.concat(entries.map((entry) => entry.bytes));
  const leaves = Buffer.concat(entries.map((entry) => entry.leafHash));
  return [idxs, times, types, principals, outcomes, ruleIds, starts, lengths, bytes, leaves, ruleRows, ruleIdxs, range.size, range.toBuffer()];
}

interface TreeRow {
  size: string;
  nodes: Buffer;
}

export class PostgresLedgerStore implements LedgerStore {
  readonly schema: string;
  readonly #pool: pg.Pool;
  readonly #ownsPool: boolean;
  readonly #s: string;
  readonly #begin: string;
  readonly #appendSql: string;
  #closed = false;

  private constructor(pool: pg.Pool, ownsPool: boolean, schema: string, options: PostgresLedgerStoreOptions) {
    this.#pool = pool;
    this.#ownsPool = ownsPool;
    this.schema = schema;
    this.#s = pg.escapeIdentifier(schema);
    const timeout = Math.max(1, Math.trunc(options.lockTimeoutMs ?? 10_000));
    // Sent as one simple-protocol query: begin, session limits, lock and read in one round trip.
    this.#begin = [
      'BEGIN',
      `SET LOCAL lock_timeout = ${timeout}`,
      `SET LOCAL idle_in_transaction_session_timeout = ${timeout}`,
      // Only 'off' skips the local WAL flush; stronger settings (remote_apply...) are kept.
      ...(options.synchronous === 'normal' ? [] : ["SELECT set_config('synchronous_commit', 'on', true) WHERE current_setting('synchronous_commit') = 'off'"]),
      `SELECT size, nodes FROM ${this.#s}.tree WHERE id = 1 FOR UPDATE`,
    ].join('; ');
    this.#appendSql = appendSql(this.#s);
  }

  static async connect(options: PostgresLedgerStoreOptions): Promise<PostgresLedgerStore> {
    const schema = options.schema ?? 'portcullis';
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) throw new TypeError(`schema must be a plain SQL identifier, got ${JSON.stringify(schema)}`);
    if ((options.pool === undefined) === (options.connectionString === undefined)) {
      throw new TypeError('give exactly one of connectionString and pool');
    }
    const pool = options.pool ?? new pg.Pool({ connectionString: options.connectionString, connectionTimeoutMillis: 10_000 });
    // An idle pooled connection that dies emits 'error' on the pool; unhandled, it would crash
    // the process. The next query gets a fresh connection (or fails with its own error).
    if (options.pool === undefined) pool.on('error', () => {});
    try {
      await migrate(pool, schema);
    } catch (err) {
      if (options.pool === undefined) await pool.end().catch(() => {});
      throw wrap(BACKEND, `connect (schema ${schema})`, err);
    }
    return new PostgresLedgerStore(pool, options.pool === undefined, schema, options);
  }

  async append(entries: readonly LedgerEntry[]): Promise<AppendResult> {
    checkEntries(entries);
    if (entries.length === 0) {
      const { size, rootHash } = await this.head();
      return { first: size, size, rootHash };
    }
    return this.#transaction('append', async (client) => {
      const results = (await client.query(this.#begin)) as unknown as pg.QueryResult<TreeRow>[];
      const row = results.at(-1)?.rows[0];
      if (row === undefined) throw new Error('the tree row is missing');
      const range = decodeFrontier(Number(row.size), row.nodes);
      const first = range.size;
      await client.query(this.#appendSql, appendParams(entries, range));
      try {
        await client.query('COMMIT');
      } catch (err) {
        // An answer from the server means it rolled back; no answer (the connection died) means
        // the commit may or may not have happened.
        if (err instanceof pg.DatabaseError) throw err;
        throw new LedgerStoreError(BACKEND, 'append', `outcome unknown, the connection failed during COMMIT: ${String(err)}`, err, true);
      }
      return { first, size: range.size, rootHash: range.root() };
    });
  }

  /** Runs `work` on one pooled connection; any failure rolls back (or discards the connection). */
  async #transaction<T>(operation: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.#pool.connect();
    } catch (err) {
      throw wrap(BACKEND, operation, err);
    }
    let broken: Error | undefined;
    try {
      return await work(client);
    } catch (err) {
      // The transaction is void either way; a connection that cannot even roll back is not
      // handed to the next caller (the server rolls back when it closes).
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      });
      throw wrap(BACKEND, operation, err);
    } finally {
      client.release(broken);
    }
  }

  async #query<R extends pg.QueryResultRow>(operation: string, text: string, values: unknown[] = []): Promise<pg.QueryResult<R>> {
    try {
      return await this.#pool.query<R>(text, values);
    } catch (err) {
      throw wrap(BACKEND, operation, err);
    }
  }

  async head(): Promise<{ size: number; rootHash: Buffer }> {
    const { rows } = await this.#query<TreeRow>('head', `SELECT size, nodes FROM ${this.#s}.tree WHERE id = 1`);
    const row = rows[0];
    if (row === undefined) throw new LedgerStoreError(BACKEND, 'head', 'the tree row is missing');
    try {
      const range = decodeFrontier(Number(row.size), row.nodes);
      return { size: range.size, rootHash: range.root() };
    } catch (err) {
      throw wrap(BACKEND, 'head', err);
    }
  }

  async read(from: number, to: number): Promise<StoredRecord[]> {
    checkRange(from, to);
    const sql = `SELECT ${RECORD_COLUMNS} FROM ${this.#s}.records WHERE idx >= $1 AND idx < $2 ORDER BY idx`;
    return (await this.#query<RecordRow>('read', sql, [from, to])).rows.map(toRecord);
  }

  async leafHashes(from: number, to: number): Promise<Buffer[]> {
    checkRange(from, to);
    const sql = `SELECT leaf_hash FROM ${this.#s}.records WHERE idx >= $1 AND idx < $2 ORDER BY idx`;
    return (await this.#query<{ leaf_hash: Buffer }>('leafHashes', sql, [from, to])).rows.map((row) => asBuffer(row.leaf_hash));
  }

  async query(filter: RecordFilter, limit: number): Promise<StoredRecord[]> {
    checkFilter(filter);
    checkLimit(limit);
    const values: unknown[] = [];
    const sql = querySql((name) => `${this.#s}.${name}`, filter, limit, (value) => `$${values.push(value)}`);
    return (await this.#query<RecordRow>('query', sql, values)).rows.reverse().map(toRecord);
  }

  async saveCheckpoint(checkpoint: StoredCheckpoint): Promise<void> {
    checkCheckpoint(checkpoint);
    const { size, rootHash, note, createdAt } = checkpoint;
    const insert = `INSERT INTO ${this.#s}.checkpoints (size, root, note, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (size) DO NOTHING`;
    if ((await this.#query('saveCheckpoint', insert, [size, rootHash, note, createdAt])).rowCount !== 0) return;
    // The same tree saved twice (a retry, two replicas) is harmless; another root is a fork.
    const { rows } = await this.#query<{ root: Buffer }>('saveCheckpoint', `SELECT root FROM ${this.#s}.checkpoints WHERE size = $1`, [size]);
    if (rows[0] !== undefined && !rows[0].root.equals(rootHash)) {
      throw new LedgerStoreError(BACKEND, 'saveCheckpoint', `a checkpoint of size ${size} with a different root is already stored`);
    }
  }

  async checkpoints(): Promise<StoredCheckpoint[]> {
    const sql = `SELECT size, root, note, created_at FROM ${this.#s}.checkpoints ORDER BY size`;
    return (await this.#query<CheckpointRow>('checkpoints', sql)).rows.map(toCheckpoint);
  }

  async putPayload(index: number, sealed: Buffer, time: number): Promise<void> {
    checkPayload(index, sealed, time);
    const sql = `INSERT INTO ${this.#s}.payloads (idx, time, sealed) VALUES ($1, $2, $3)
      ON CONFLICT (idx) DO UPDATE SET time = excluded.time, sealed = excluded.sealed`;
    await this.#query('putPayload', sql, [index, time, sealed]);
  }

  async getPayload(index: number): Promise<Buffer | undefined> {
    checkRange(index, index);
    const { rows } = await this.#query<{ sealed: Buffer }>('getPayload', `SELECT sealed FROM ${this.#s}.payloads WHERE idx = $1`, [index]);
    return rows[0]?.sealed;
  }

  async deletePayloads(selector: { before?: number; indices?: readonly number[] }): Promise<number> {
    const { before, indices } = checkSelector(selector);
    const values: unknown[] = [];
    const where: string[] = [];
    if (before !== undefined) where.push(`time < $${values.push(before)}`);
    if (indices.length > 0) where.push(`idx = ANY($${values.push(indices)}::bigint[])`);
    if (where.length === 0) return 0;
    return (await this.#query('deletePayloads', `DELETE FROM ${this.#s}.payloads WHERE ${where.join(' OR ')}`, values)).rowCount ?? 0;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#ownsPool) await this.#pool.end();
  }
}

/**
 * Creates what is missing under a transaction-scoped advisory lock keyed on the schema name:
 * replicas starting together would otherwise race on CREATE ... IF NOT EXISTS (which is not
 * safe against concurrent creators in PostgreSQL) and fail with duplicate-key errors.
 */
async function migrate(pool: pg.Pool, schema: string): Promise<void> {
  const s = pg.escapeIdentifier(schema);
  const key = createHash('sha256').update(`portcullis-ledger:${schema}`).digest().readBigInt64BE(0);
  const client = await pool.connect();
  try {
    await client.query(`BEGIN; SELECT pg_advisory_xact_lock(${key}); ${schemaSql(s)}`);
    const { rows } = await client.query<{ value: string }>(`SELECT value FROM ${s}.ledger_meta WHERE key = 'schema_version'`);
    if (rows[0] === undefined) {
      await client.query(`INSERT INTO ${s}.ledger_meta (key, value) VALUES ('schema_version', $1)`, [String(SCHEMA_VERSION)]);
    } else if (Number(rows[0].value) !== SCHEMA_VERSION) {
      throw new Error(`schema version ${rows[0].value} is not the ${SCHEMA_VERSION} this build knows`);
    }
    await client.query('COMMIT');
    client.release();
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    client.release(true);
    throw err;
  }
}
