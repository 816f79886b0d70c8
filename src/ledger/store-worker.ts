/**
 * The SQLite store, run in a worker thread. node:sqlite is synchronous: inserts and, above
 * all, the fsync of every commit (synchronous=FULL) would otherwise stop the gateway's event
 * loop for milliseconds at a time, delaying every request in flight. In a worker they overlap
 * with request handling and record encoding, on the other core.
 *
 * A thin RPC: each LedgerStore call is a message with an id; the worker answers with the
 * result or an error message. Buffers are copied (structured clone), about a microsecond per
 * record.
 */
import { Worker } from 'node:worker_threads';
import type { SqliteLedgerStoreOptions } from './store-sqlite.ts';
import type {
  AppendResult, LedgerEntry, LedgerStore, RecordFilter, StoredCheckpoint, StoredRecord,
} from './types.ts';

interface Reply {
  readonly id: number;
  readonly ok: boolean;
  readonly value?: unknown;
  readonly error?: string;
}

// Tests and `node src/...` run the TypeScript sources; the installed package runs dist/.
const WORKER_FILE = new URL(import.meta.url.endsWith('.ts') ? './store-worker-main.ts' : './store-worker-main.js', import.meta.url);

export class WorkerLedgerStore implements LedgerStore {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private nextId = 0;
  private failure: Error | undefined;

  private constructor(worker: Worker) {
    this.worker = worker;
    worker.on('message', (reply: Reply) => {
      const waiting = this.pending.get(reply.id);
      if (waiting === undefined) return;
      this.pending.delete(reply.id);
      if (reply.ok) waiting.resolve(reply.value);
      else waiting.reject(new Error(reply.error));
    });
    const fail = (error: Error) => {
      this.failure = error;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the ledger store worker exited (code ${code})`)));
  }

  /** Opens the SQLite file in a worker; rejects with the store's own error if it cannot. */
  static async open(path: string, options: SqliteLedgerStoreOptions = {}): Promise<WorkerLedgerStore> {
    const store = new WorkerLedgerStore(new Worker(WORKER_FILE, { workerData: { path, options } }));
    await store.call('head', []);
    return store;
  }

  private call<T>(method: string, args: readonly unknown[]): Promise<T> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.worker.postMessage({ id, method, args });
    });
  }

  append(entries: readonly LedgerEntry[]): Promise<AppendResult> {
    return this.call<AppendResult>('append', [entries]).then((r) => ({ ...r, rootHash: Buffer.from(r.rootHash) }));
  }

  head(): Promise<{ size: number; rootHash: Buffer }> {
    return this.call<{ size: number; rootHash: Uint8Array }>('head', []).then((r) => ({ size: r.size, rootHash: Buffer.from(r.rootHash) }));
  }

  read(from: number, to: number): Promise<StoredRecord[]> {
    return this.call<StoredRecord[]>('read', [from, to]).then((rows) => rows.map(revive));
  }

  leafHashes(from: number, to: number): Promise<Buffer[]> {
    return this.call<Uint8Array[]>('leafHashes', [from, to]).then((hashes) => hashes.map((h) => Buffer.from(h)));
  }

  query(filter: RecordFilter, limit: number): Promise<StoredRecord[]> {
    return this.call<StoredRecord[]>('query', [filter, limit]).then((rows) => rows.map(revive));
  }

  saveCheckpoint(checkpoint: StoredCheckpoint): Promise<void> {
    return this.call('saveCheckpoint', [checkpoint]);
  }

  checkpoints(): Promise<StoredCheckpoint[]> {
    return this.call<StoredCheckpoint[]>('checkpoints', []).then((list) => list.map((c) => ({ ...c, rootHash: Buffer.from(c.rootHash) })));
  }

  putPayload(index: number, sealed: Buffer, time: number): Promise<void> {
    return this.call('putPayload', [index, sealed, time]);
  }

  getPayload(index: number): Promise<Buffer | undefined> {
    return this.call<Uint8Array | undefined>('getPayload', [index]).then((p) => (p === undefined ? undefined : Buffer.from(p)));
  }

  deletePayloads(selector: { before?: number; indices?: readonly number[] }): Promise<number> {
    return this.call('deletePayloads', [selector]);
  }

  async close(): Promise<void> {
    if (this.failure === undefined) await this.call('close', []).catch(() => undefined);
    await this.worker.terminate();
  }
}

/** Buffers arrive as plain Uint8Arrays after the structured clone. */
function revive(row: StoredRecord): StoredRecord {
  return { ...row, bytes: Buffer.from(row.bytes), leafHash: Buffer.from(row.leafHash) };
}
