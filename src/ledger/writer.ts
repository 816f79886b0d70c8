/**
 * Gets records into the ledger without putting the database on the request's critical path
 * and without losing them: a bounded queue drained by one writer loop that commits whatever
 * has accumulated as one transaction (group commit). While one batch commits, the next
 * accumulates, so throughput grows with load instead of latency.
 *
 * `submit` costs the request a push and (in sync mode) a Promise that settles when the
 * record's batch is durable. Encoding, digests and hashing happen in the loop. A full queue
 * or a failing store makes the writer unhealthy: the gateway then refuses new work (fail
 * closed) unless configured to continue, and says so.
 */
import { leafHash } from './merkle.ts';
import { encodeRecord, type Content, type RecordDraft } from './record.ts';
import type { LedgerEntry, LedgerStore } from './types.ts';

export interface WriterOptions {
  readonly maxQueued: number;
  /**
   * Sync mode: a batch that fails is rejected at once, so the requests waiting on it are
   * refused (they cannot be answered without their record). Async mode: nobody waits, so the
   * batch is retried until the store recovers or the queue overflows.
   */
  readonly retryFailedBatches: boolean;
  readonly batch: number;
  readonly digest: (content: Content) => string;
  /** Called after every committed batch with the new tree head (checkpoints hang off this). */
  readonly onCommit?: (size: number, rootHash: Buffer) => void;
  /** Called when writing fails or recovers; the message never carries record content. */
  readonly onHealth?: (healthy: boolean, problem: string | undefined) => void;
  /** Payload capture: given the committed index, seals and stores what the draft carried. */
  readonly capture?: (index: number, draft: RecordDraft) => Promise<void>;
}

interface Pending {
  readonly draft: RecordDraft;
  readonly resolve: (index: number) => void;
  readonly reject: (error: Error) => void;
}

export class LedgerUnavailableError extends Error {}

/** After a failed commit the loop retries with this pause, so a dead database is not hammered. */
const RETRY_MS = 250;
/** Batches handed to the store and not yet committed: one committing, one waiting behind it. */
const MAX_IN_FLIGHT = 2;

export class LedgerWriter {
  private readonly store: LedgerStore;
  private readonly options: WriterOptions;
  private queue: Pending[] = [];
  private writing = false;
  private closed = false;
  private problem: string | undefined;
  /** No new batch goes to the store before this time (after a failure). */
  private retryAt = 0;
  private drained: (() => void)[] = [];

  constructor(store: LedgerStore, options: WriterOptions) {
    this.store = store;
    this.options = options;
  }

  /** False while the store fails or the queue is full: new work should be refused. */
  get healthy(): boolean {
    return this.problem === undefined && this.queue.length < this.options.maxQueued;
  }

  /** Why the ledger is not healthy, for the error the agent gets. */
  get unhealthyReason(): string {
    return this.problem ?? (this.queue.length >= this.options.maxQueued ? 'the ledger write queue is full' : '');
  }

  /** Records waiting to be written (for metrics); batches being committed are not counted. */
  get queued(): number {
    return this.queue.length;
  }

  /** Queues a record; resolves with its index once durable, rejects if it cannot be written. */
  submit(draft: RecordDraft): Promise<number> {
    if (this.closed) return Promise.reject(new LedgerUnavailableError('the ledger is closed'));
    if (this.queue.length >= this.options.maxQueued) {
      return Promise.reject(new LedgerUnavailableError('the ledger write queue is full'));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ draft, resolve, reject });
      if (!this.writing) {
        this.writing = true;
        // Let the rest of this tick's records join the batch.
        setImmediate(() => void this.loop());
      }
    });
  }

  /** Resolves once everything queued so far is written (or failed). */
  flush(): Promise<void> {
    if (!this.writing && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.drained.push(resolve));
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }

  /**
   * Encodes batches and hands them to the store, keeping up to two appends in flight: the
   * store (a worker thread, or PostgreSQL) commits one batch while the next is encoded here.
   * Appends reach the store in order, so indices follow the queue.
   */
  private async loop(): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    while (this.queue.length > 0 || inFlight.size > 0) {
      if (this.queue.length === 0 || inFlight.size >= MAX_IN_FLIGHT || this.retryAt > Date.now()) {
        if (inFlight.size > 0) await Promise.race(inFlight);
        else await new Promise((resolve) => setTimeout(resolve, Math.max(0, this.retryAt - Date.now())));
        if (this.closed && this.problem !== undefined) break;
        continue;
      }
      const batch = this.queue.splice(0, this.options.batch);
      const entries = this.encode(batch);
      if (entries === undefined) continue;
      const committing = this.commit(batch, entries).finally(() => inFlight.delete(committing));
      inFlight.add(committing);
      // Let requests run between batches: encoding a batch takes milliseconds.
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.writing = false;
    for (const done of this.drained.splice(0)) done();
    if (this.problem !== undefined && !this.closed) this.probeLater();
  }

  private encode(batch: readonly Pending[]): LedgerEntry[] | undefined {
    try {
      return batch.map(({ draft }) => {
        const { bytes, meta } = encodeRecord(draft, this.options.digest);
        return { bytes, leafHash: leafHash(bytes), meta };
      });
    } catch (error) {
      // A record that cannot be encoded is a bug; it must not take the batch down with it.
      this.failEach(batch, error);
      return undefined;
    }
  }

  private async commit(batch: readonly Pending[], entries: readonly LedgerEntry[]): Promise<void> {
    try {
      const result = await this.store.append(entries);
      this.setHealth(undefined);
      this.options.onCommit?.(result.size, result.rootHash);
      for (let i = 0; i < batch.length; i++) this.settle(batch[i] as Pending, result.first + i);
    } catch (error) {
      this.setHealth(`the ledger store failed: ${error instanceof Error ? error.message : String(error)}`);
      // Invalid input never succeeds on retry, and a commit whose outcome is unknown may have
      // landed: retrying either could loop forever or record the batch twice.
      const retryable = this.options.retryFailedBatches && !(error instanceof TypeError) &&
        (error as { indeterminate?: boolean }).indeterminate !== true;
      if (!retryable) {
        this.failEach(batch, error);
      } else {
        // Nothing of the batch was written (one transaction): it goes back to the front.
        this.queue.unshift(...batch);
        if (this.queue.length > this.options.maxQueued) this.failEach(this.queue.splice(this.options.maxQueued), error);
      }
      this.retryAt = Date.now() + RETRY_MS;
    }
  }

  /**
   * While unhealthy, new work is refused, so no write would ever show the store is back:
   * probe it instead, until it answers.
   */
  private probeLater(): void {
    const timer = setTimeout(() => {
      if (this.writing || this.closed) return;
      this.store.head().then(() => this.setHealth(undefined), () => this.probeLater());
    }, RETRY_MS);
    timer.unref();
  }

  private settle(pending: Pending, index: number): void {
    pending.resolve(index);
    const capture = this.options.capture;
    if (capture !== undefined) capture(index, pending.draft).catch(() => undefined);
  }

  private failEach(batch: readonly Pending[], error: unknown): void {
    const failure = new LedgerUnavailableError(`the record could not be written: ${error instanceof Error ? error.message : String(error)}`);
    for (const pending of batch) pending.reject(failure);
  }

  private setHealth(problem: string | undefined): void {
    if (problem === this.problem) return;
    this.problem = problem;
    this.options.onHealth?.(problem === undefined, problem);
  }
}
