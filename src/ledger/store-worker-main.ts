/**
 * The worker side of WorkerLedgerStore: opens the SQLite store and answers calls in order.
 * One message at a time: the store is synchronous, so calls are serialized as in one thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteLedgerStore, type SqliteLedgerStoreOptions } from './store-sqlite.ts';

const { path, options } = workerData as { path: string; options: SqliteLedgerStoreOptions };
const port = parentPort;
if (port === null) throw new Error('store-worker-main runs as a worker thread');

let store: SqliteLedgerStore | undefined;
let opening: Error | undefined;
try {
  store = SqliteLedgerStore.open(path, options);
} catch (error) {
  opening = error instanceof Error ? error : new Error(String(error));
}

/** Buffers arrive as plain Uint8Arrays after the structured clone; the store expects Buffers. */
function buffers(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (Array.isArray(value)) return value.map(buffers);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = buffers(item);
    return out;
  }
  return value;
}

port.on('message', async (message: { id: number; method: string; args: unknown[] }) => {
  try {
    if (store === undefined) throw opening ?? new Error('the ledger store is not open');
    const method = (store as unknown as Record<string, (...args: unknown[]) => unknown>)[message.method];
    if (typeof method !== 'function') throw new Error(`no store method ${message.method}`);
    const value = await method.apply(store, message.args.map(buffers));
    port.postMessage({ id: message.id, ok: true, value });
    if (message.method === 'close') port.close();
  } catch (error) {
    port.postMessage({ id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) });
  }
});
