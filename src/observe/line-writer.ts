import { writeSync } from 'node:fs';

/** Where batches go: process.stdout by default. Each chunk handed over is never touched again. */
export interface LineSink { write(chunk: Buffer): unknown }

/**
 * Batches log lines and hands them to a stream (stdout by default) in one write per batch:
 * when the batch buffer is full, every `intervalMs`, on `flush()` and, synchronously, at
 * process exit.
 *
 * Written because a write per line cost more CPU than the rest of a request, and pino's
 * own buffered destination (sonic-boom) re-measures its whole pending buffer on every
 * write, which made batching barely cheaper. Each line is encoded into the batch buffer
 * as it arrives, so the line string dies young and the batch is never a string to join
 * and encode again (on a busy gateway the join and the encode cost as much as building
 * the lines). What can be lost is what a crash catches in the buffer, at most `intervalMs`
 * of lines; the audit ledger, not this log, is the record that must survive.
 */
export class LineWriter {
  private batch: Buffer;
  private used = 0;
  private readonly out: LineSink;
  private readonly fd: number | undefined;
  private readonly limitBytes: number;

  constructor(options: { out?: LineSink; fd?: number; intervalMs?: number; limitBytes?: number } = {}) {
    this.out = options.out ?? process.stdout;
    this.fd = options.out === undefined ? 1 : options.fd;
    this.limitBytes = options.limitBytes ?? 64 * 1024;
    this.batch = Buffer.allocUnsafe(this.limitBytes);
    setInterval(() => this.flush(), options.intervalMs ?? 100).unref();
    process.once('exit', () => this.flushSync());
  }

  write(line: string): void {
    // A UTF-16 unit takes at most 3 bytes in UTF-8 (a surrogate pair, two units, takes 4).
    if (this.used + line.length * 3 > this.limitBytes) {
      this.flush();
      if (line.length * 3 > this.limitBytes) {
        this.out.write(Buffer.from(line, 'utf8'));
        return;
      }
    }
    this.used += this.batch.write(line, this.used, 'utf8');
  }

  flush(): void {
    if (this.used === 0) return;
    this.out.write(this.take());
  }

  /** At exit the event loop will not run again: write what is left before returning. */
  flushSync(): void {
    if (this.used === 0) return;
    const batch = this.take();
    if (this.fd === undefined) {
      this.out.write(batch);
      return;
    }
    try {
      writeSync(this.fd, batch);
    } catch {
      // stdout closed or full at exit: nothing left to report to
    }
  }

  /** The pending bytes; the stream owns them from here (an asynchronous stream may still be sending them), so a fresh buffer takes over. */
  private take(): Buffer {
    const pending = this.batch.subarray(0, this.used);
    this.batch = Buffer.allocUnsafe(this.limitBytes);
    this.used = 0;
    return pending;
  }
}
