/**
 * Backends for the shared ledger-store suite: each makes fresh, empty ledgers, opens more
 * stores on one ledger (other processes, other replicas), and reaches past the store into the
 * database to force failures and count rows.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import { leafHash } from '../../src/ledger/merkle.ts';
import { PostgresLedgerStore } from '../../src/ledger/store-postgres.ts';
import { SqliteLedgerStore } from '../../src/ledger/store-sqlite.ts';
import type { LedgerEntry, LedgerStore, RecordMeta } from '../../src/ledger/types.ts';

export const PG_URL = process.env.PORTCULLIS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface Ledger {
  /** The first store on the ledger. */
  readonly store: LedgerStore;
  /** Another store on the same ledger: a new connection (SQLite) or a new pool (PostgreSQL). */
  open(): Promise<LedgerStore>;
  /** From now on, inserting the record at `index` fails inside the database; undefined stops it. */
  failAt(index: number | undefined): Promise<void>;
  /** Rows in a table, counted past the store. */
  count(table: 'records' | 'record_rules'): Promise<number>;
  /** Closes every store opened on the ledger and deletes it. */
  destroy(): Promise<void>;
}

export interface Backend {
  readonly name: string;
  /** Once before the suite: fails loudly when the database is not there. */
  setup(): Promise<void>;
  teardown(): Promise<void>;
  create(): Promise<Ledger>;
}

/** Closes what `open` opened, whatever the test did with it. */
function tracker(): { track(store: LedgerStore): LedgerStore; closeAll(): Promise<void> } {
  const stores: LedgerStore[] = [];
  return {
    track: (store) => (stores.push(store), store),
    closeAll: async () => {
      await Promise.all(stores.map((store) => store.close()));
    },
  };
}

export function sqliteBackend(): Backend {
  let dir = '';
  return {
    name: 'SQLite',
    async setup() {
      dir = mkdtempSync(join(tmpdir(), 'portcullis-ledger-'));
    },
    async teardown() {
      rmSync(dir, { recursive: true, force: true });
    },
    async create() {
      const path = join(dir, `${randomUUID()}.db`);
      const stores = tracker();
      const store = stores.track(SqliteLedgerStore.open(path));
      return {
        store,
        open: async () => stores.track(SqliteLedgerStore.open(path)),
        async failAt(index) {
          const db = new DatabaseSync(path);
          try {
            db.exec('DROP TRIGGER IF EXISTS fail_at');
            if (index !== undefined) {
              db.exec(`CREATE TRIGGER fail_at BEFORE INSERT ON records WHEN NEW.idx = ${index}
                BEGIN SELECT RAISE(ABORT, 'forced failure'); END`);
            }
          } finally {
            db.close();
          }
        },
        async count(table) {
          const db = new DatabaseSync(path, { readOnly: true });
          try {
            return Number((db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n);
          } finally {
            db.close();
          }
        },
        async destroy() {
          await stores.closeAll();
          for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
        },
      };
    },
  };
}

export function postgresBackend(): Backend {
  // One prefix per run, one schema per ledger under it: runs never see each other's tables.
  const prefix = `ledger_test_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  let admin: pg.Pool | undefined;
  let serial = 0;
  const adminPool = (): pg.Pool => {
    if (admin === undefined) throw new Error('postgresBackend: setup() did not run');
    return admin;
  };
  return {
    name: 'PostgreSQL',
    async setup() {
      admin = new pg.Pool({ connectionString: PG_URL, connectionTimeoutMillis: 3_000, max: 2 });
      admin.on('error', () => {});
      try {
        await admin.query('SELECT 1');
      } catch (err) {
        await admin.end().catch(() => {});
        admin = undefined;
        const reason = err instanceof Error ? err.message || err.name : String(err);
        throw new Error(`no PostgreSQL at ${PG_URL} (${reason}): the ledger store tests need one (CI starts it; or set PORTCULLIS_TEST_PG_URL)`);
      }
    },
    async teardown() {
      if (admin === undefined) return;
      // Whatever a failed test left behind.
      const { rows } = await admin.query<{ nspname: string }>('SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1)', [prefix]);
      for (const { nspname } of rows) await admin.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(nspname)} CASCADE`);
      await admin.end();
    },
    async create() {
      const schema = `${prefix}_${serial++}`;
      const s = pg.escapeIdentifier(schema);
      const stores = tracker();
      const open = async (): Promise<LedgerStore> => stores.track(await PostgresLedgerStore.connect({ connectionString: PG_URL, schema }));
      const store = await open();
      return {
        store,
        open,
        async failAt(index) {
          await adminPool().query(`DROP TRIGGER IF EXISTS fail_at ON ${s}.records`);
          if (index === undefined) return;
          await adminPool().query(`
            CREATE OR REPLACE FUNCTION ${s}.fail_at() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF NEW.idx = ${index} THEN RAISE EXCEPTION 'forced failure at %', NEW.idx; END IF;
              RETURN NEW;
            END $$;
            CREATE TRIGGER fail_at BEFORE INSERT ON ${s}.records FOR EACH ROW EXECUTE FUNCTION ${s}.fail_at();`);
        },
        async count(table) {
          const { rows } = await adminPool().query<{ n: string }>(`SELECT count(*) AS n FROM ${s}.${table}`);
          return Number(rows[0]?.n);
        },
        async destroy() {
          await stores.closeAll();
          await adminPool().query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
        },
      };
    },
  };
}

/** A record of about 600 bytes whose bytes say who wrote it, so tests can tell records apart. */
export function makeEntry(tag: string, meta: Partial<RecordMeta> = {}): LedgerEntry {
  const full: RecordMeta = { time: 1_000, type: 'llm.exchange', principal: 'agent-1', outcome: 'success', ruleIds: [], ...meta };
  const body = JSON.stringify({ tag, ...full });
  const bytes = Buffer.from(body + ' '.repeat(Math.max(0, 600 - Buffer.byteLength(body))));
  return { bytes, leafHash: leafHash(bytes), meta: full };
}

export function makeEntries(tag: string, count: number, meta: Partial<RecordMeta> = {}): LedgerEntry[] {
  return Array.from({ length: count }, (_, i) => makeEntry(`${tag}/${i}`, meta));
}

/** The tag a makeEntry record carries. */
export function tagOf(bytes: Buffer): string {
  return (JSON.parse(bytes.toString('utf8')) as { tag: string }).tag;
}
