/**
 * Opens the ledger a config describes: the store, the keys, the writer and the checkpointer,
 * wired together. The gateway holds one `Ledger`; the audit CLI opens the store alone.
 */
import type { LedgerConfig } from '../config/ledger-schema.ts';
import { Checkpointer } from './checkpointer.ts';
import type { RecordDraft } from './record.ts';
import { loadSecrets, type LedgerSecrets } from './secrets.ts';
import { PostgresLedgerStore } from './store-postgres.ts';
import { SqliteLedgerStore } from './store-sqlite.ts';
import { WorkerLedgerStore } from './store-worker.ts';
import type { LedgerStore } from './types.ts';
import { LedgerWriter } from './writer.ts';

export interface Ledger {
  readonly config: LedgerConfig;
  readonly store: LedgerStore;
  readonly writer: LedgerWriter;
  readonly checkpoints: Checkpointer;
  readonly secrets: LedgerSecrets;
  /** True when requests wait for their record to be durable. */
  readonly sync: boolean;
  /** Records a draft; in sync mode callers await it before answering. */
  record(draft: RecordDraft): Promise<number>;
  close(): Promise<void>;
}

export interface LedgerEvents {
  /** Health changes and background failures; messages never carry record content. */
  readonly onProblem?: (problem: string) => void;
  readonly onRecovered?: () => void;
}

/**
 * The configured store. A serving gateway runs SQLite in a worker thread (`inWorker`), so
 * commits and their fsyncs never stall its event loop; the CLI reads it directly.
 */
export async function openStore(config: LedgerConfig, { inWorker = false } = {}): Promise<LedgerStore> {
  if (config.store === 'postgres') {
    const postgres = config.postgres as NonNullable<LedgerConfig['postgres']>;
    return PostgresLedgerStore.connect({ connectionString: postgres.url, schema: postgres.schema });
  }
  return inWorker ? WorkerLedgerStore.open(config.path) : SqliteLedgerStore.open(config.path);
}

export async function openLedger(config: LedgerConfig, events: LedgerEvents = {}): Promise<Ledger> {
  const secrets = loadSecrets(config);
  const store = await openStore(config, { inWorker: true });
  const existing = await store.checkpoints();
  const checkpoints = new Checkpointer(store, {
    origin: config.origin,
    signer: secrets.signer,
    everyRecords: config.checkpoints.everyRecords,
    everyMs: config.checkpoints.every,
    ...(config.checkpoints.file === undefined ? {} : { file: config.checkpoints.file }),
    ...(config.checkpoints.syslog === undefined ? {} : { syslog: config.checkpoints.syslog }),
    ...(events.onProblem === undefined ? {} : { onError: events.onProblem }),
  }, existing.at(-1));
  const sealer = secrets.sealer;
  const writer = new LedgerWriter(store, {
    maxQueued: config.queue.maxRecords,
    batch: config.queue.batch,
    retryFailedBatches: config.durability === 'async',
    digest: (content) => secrets.digest.of(content),
    onCommit: (size, root) => checkpoints.committed(size, root),
    onHealth: (healthy, problem) => (healthy ? events.onRecovered?.() : events.onProblem?.(problem ?? 'unknown')),
    ...(sealer === undefined ? {} : {
      capture: async (index: number, draft: RecordDraft) => {
        const payload = draft.payload?.();
        if (payload !== undefined) await store.putPayload(index, sealer.seal(payload, `record:${index}`), draft.time);
      },
    }),
  });
  const retention = config.payloads.capture ? config.payloads.retention : undefined;
  const pruner = retention === undefined ? undefined : setInterval(() => {
    // Records stay (and verify); only the captured payloads past retention go.
    store.deletePayloads({ before: Date.now() - retention }).catch((e: unknown) => events.onProblem?.(`payload retention: ${String(e)}`));
  }, Math.min(Math.max(retention / 10, 1_000), 3_600_000));
  pruner?.unref();
  return {
    config,
    store,
    writer,
    checkpoints,
    secrets,
    sync: config.durability === 'sync',
    record: (draft) => writer.submit(draft),
    async close() {
      clearInterval(pruner);
      await writer.close();
      await checkpoints.close();
      await store.close();
    },
  };
}
