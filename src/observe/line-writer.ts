import { writeSync } from 'node:fs';

/**
 * Batches log lines and hands them to a stream (stdout by default) in one write per batch:
 * at 64 KiB, every `intervalMs`, on `flush()` and, synchronously, at process exit.
 *
 * Written because a write per line cost more CPU than the rest of a request, and pino's
 * own buffered destination (sonic-boom) re-measures its whole pending buffer on every
 * write, which made batching barely cheaper. What can be lost is what a crash catches in
 * the buffer, at most `intervalMs` of lines; the audit ledger, not this log, is the record
 * that must survive.
 */
export class LineWriter {
  private lines: string[] = [];
  private pendingChars = 0;
  private readonly out: { write(chunk: string): unknown };
  private readonly fd: number | undefined;
  private readonly limitChars: number;

  constructor(options: { out?: { write(chunk: string): unknown }; fd?: number; intervalMs?: number; limitChars?: number } = {}) {
    this.out = options.out ?? process.stdout;
    this.fd = options.out === undefined ? 1 : options.fd;
    this.limitChars = options.limitChars ?? 64 * 1024;
    setInterval(() => this.flush(), options.intervalMs ?? 100).unref();
    process.once('exit', () => this.flushSync());
  }

  write(line: string): void {
    this.lines.push(line);
    this.pendingChars += line.length;
    if (this.pendingChars >= this.limitChars) this.flush();
  }

  flush(): void {
    if (this.lines.length === 0) return;
    const batch = this.take();
    this.out.write(batch);
  }

  /** At exit the event loop will not run again: write what is left before returning. */
  flushSync(): void {
    if (this.lines.length === 0) return;
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

  private take(): string {
    const batch = this.lines.join('');
    this.lines = [];
    this.pendingChars = 0;
    return batch;
  }
}
