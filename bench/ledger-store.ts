// Append throughput of the ledger stores: batches of 256 records of ~600 bytes (what the
// writer's group commit produces under load), appended back to back, records/s printed per
// backend. Leaf hashes are computed up front: this measures the store, not the writer.
//
// Usage: node bench/ledger-store.ts [seconds per case, default 3]
// PostgreSQL: PORTCULLIS_BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/test); the
// bench makes its own schema and drops it afterwards. Without a server that case is reported
// as unavailable and the others still run.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { leafHash } from '../src/ledger/merkle.ts';
import { PostgresLedgerStore } from '../src/ledger/store-postgres.ts';
import { SqliteLedgerStore } from '../src/ledger/store-sqlite.ts';
import type { LedgerEntry, LedgerStore } from '../src/ledger/types.ts';

const SECONDS = Number(process.argv[2] ?? 3);
const BATCH = 256;
const PG_URL = process.env.PORTCULLIS_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A few distinct batches, reused round robin, so building records costs nothing in the loop. */
const batches: LedgerEntry[][] = Array.from({ length: 8 }, (_, b) =>
  Array.from({ length: BATCH }, (_, i) => {
    const meta = { time: Date.now(), type: 'llm.exchange', principal: `agent-${i % 17}`, outcome: 'success', ruleIds: i % 3 === 0 ? ['pii-redact', 'budget'] : ['budget'] };
    const body = JSON.stringify({ batch: b, i, ...meta, digest: randomUUID() });
    const bytes = Buffer.from(body + ' '.repeat(600 - body.length));
    return { bytes, leafHash: leafHash(bytes), meta };
  }));

/** Records/s over `SECONDS`, with `writers` stores appending concurrently (each one batch at a time). */
async function measure(writers: readonly LedgerStore[]): Promise<number> {
  await writers[0]?.append(batches[0] as LedgerEntry[]); // warm-up: statements prepared, pages cached
  let records = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(SECONDS * 1e9));
  await Promise.all(writers.map(async (store, w) => {
    for (let n = w; process.hrtime.bigint() < deadline; n++) {
      const batch = batches[n % batches.length] as LedgerEntry[];
      await store.append(batch);
      records += batch.length;
    }
  }));
  return records / (Number(process.hrtime.bigint() - start) / 1e9);
}

function report(name: string, rate: number | string): void {
  console.log(`${name.padEnd(44)} ${typeof rate === 'number' ? `${Math.round(rate).toLocaleString('en-US')} records/s` : rate}`);
}

console.log(`ledger store append: batches of ${BATCH} records of ~600 bytes, ${SECONDS} s per case`);

const dir = mkdtempSync(join(tmpdir(), 'portcullis-ledger-bench-'));
try {
  for (const synchronous of ['full', 'normal'] as const) {
    const store = SqliteLedgerStore.open(join(dir, `${synchronous}.db`), { synchronous });
    report(`SQLite (synchronous=${synchronous.toUpperCase()})`, await measure([store]));
    await store.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const schema = `ledger_bench_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
const stores: PostgresLedgerStore[] = [];
try {
  const open = async (): Promise<PostgresLedgerStore> => {
    const store = await PostgresLedgerStore.connect({ connectionString: PG_URL, schema });
    stores.push(store);
    return store;
  };
  const first = await open();
  report('PostgreSQL (1 writer)', await measure([first]));
  // Replicas: two pools queueing on the tree row's lock; the total is what the ledger takes.
  report('PostgreSQL (2 writers, 2 pools, total)', await measure([first, await open()]));
  report('PostgreSQL (4 writers, 4 pools, total)', await measure([first, stores[1] as PostgresLedgerStore, await open(), await open()]));
} catch (err) {
  report('PostgreSQL', `unavailable: ${err instanceof Error ? err.message : String(err)}`);
} finally {
  await Promise.all(stores.map((store) => store.close()));
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect().then(
    () => admin.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`).finally(() => admin.end()),
    () => undefined,
  );
}
