/**
 * Signs the tree now and then: after `everyRecords` new records, or `every` ms after the first
 * unsigned one, and once more at shutdown. A checkpoint commits to every record before it; a
 * copy kept outside the database (a file, syslog, anyone polling GET /ledger/checkpoint) means
 * a database administrator cannot rewrite history without the copies disagreeing.
 */
import { appendFile } from 'node:fs/promises';
import { createSocket } from 'node:dgram';
import { hostname } from 'node:os';
import { formatCheckpoint } from './checkpoint.ts';
import { signNote, type Signer } from './note.ts';
import type { LedgerStore, StoredCheckpoint } from './types.ts';

export interface CheckpointOptions {
  readonly origin: string;
  readonly signer: Signer;
  readonly everyRecords: number;
  readonly everyMs: number;
  readonly file?: string;
  readonly syslog?: { readonly host: string; readonly port: number };
  readonly onError?: (problem: string) => void;
}

export class Checkpointer {
  private readonly store: LedgerStore;
  private readonly options: CheckpointOptions;
  private signedSize = 0;
  private latestNote: StoredCheckpoint | undefined;
  private timer: NodeJS.Timeout | undefined;
  private signing: Promise<void> = Promise.resolve();
  /** The tree size after the newest committed batch this process saw. */
  private committedSize = 0;

  constructor(store: LedgerStore, options: CheckpointOptions, latest?: StoredCheckpoint) {
    this.store = store;
    this.options = options;
    this.latestNote = latest;
    this.signedSize = latest?.size ?? 0;
    this.committedSize = this.signedSize;
  }

  /** The newest signed checkpoint, for GET /ledger/checkpoint. */
  get latest(): StoredCheckpoint | undefined {
    return this.latestNote;
  }

  /** Committed records no signed checkpoint covers yet (for metrics). */
  get unsigned(): number {
    return Math.max(0, this.committedSize - (this.latestNote?.size ?? 0));
  }

  /** Called by the writer after each committed batch. */
  committed(size: number, rootHash: Buffer): void {
    this.committedSize = Math.max(this.committedSize, size);
    if (size - this.signedSize >= this.options.everyRecords) {
      this.sign(size, rootHash);
      return;
    }
    if (size > this.signedSize && this.timer === undefined) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.store.head().then((head) => this.sign(head.size, head.rootHash), (e: unknown) => this.fail(e));
      }, this.options.everyMs);
      this.timer.unref();
    }
  }

  /** Signs what is committed now, if anything is unsigned; resolves once stored and published. */
  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const head = await this.store.head();
    this.sign(head.size, head.rootHash);
    await this.signing;
  }

  private sign(size: number, rootHash: Buffer): void {
    if (size <= this.signedSize) return;
    this.signedSize = size;
    const body = formatCheckpoint({ origin: this.options.origin, size, rootHash });
    const checkpoint: StoredCheckpoint = { size, rootHash, note: signNote(body, [this.options.signer]), createdAt: Date.now() };
    // Checkpoints are stored in order, one at a time.
    this.signing = this.signing.then(async () => {
      try {
        await this.store.saveCheckpoint(checkpoint);
        if ((this.latestNote?.size ?? -1) < size) this.latestNote = checkpoint;
        await this.publish(checkpoint);
      } catch (error) {
        this.fail(error);
      }
    });
  }

  private async publish(checkpoint: StoredCheckpoint): Promise<void> {
    const { file, syslog } = this.options;
    if (file !== undefined) {
      await appendFile(file, `${JSON.stringify({ size: checkpoint.size, createdAt: new Date(checkpoint.createdAt).toISOString(), note: checkpoint.note })}\n`);
    }
    if (syslog !== undefined) await sendSyslog(syslog, checkpoint);
  }

  private fail(error: unknown): void {
    this.options.onError?.(`checkpoint: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** RFC 5424 over UDP; the signed note travels base64-encoded, so a receiver can verify it as is. */
function sendSyslog(target: { host: string; port: number }, checkpoint: StoredCheckpoint): Promise<void> {
  const message = `<134>1 ${new Date(checkpoint.createdAt).toISOString()} ${hostname()} portcullis - checkpoint - ` +
    `size=${checkpoint.size} note=${Buffer.from(checkpoint.note).toString('base64')}`;
  return new Promise((resolve, reject) => {
    const socket = createSocket(target.host.includes(':') ? 'udp6' : 'udp4');
    socket.send(message, target.port, target.host, (error) => {
      socket.close();
      if (error) reject(error);
      else resolve();
    });
  });
}
