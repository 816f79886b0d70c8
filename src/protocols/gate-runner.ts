import type { GateOutput, ToolCallGate } from './adapter.ts';
import { SseFramer, type SseFrame } from './sse-frames.ts';

/**
 * The protocol-independent driver of a tool-call gate: framing, strict ordering around
 * asynchronous decisions, and batching of writes. Each protocol supplies a FrameHandler that
 * knows its own events (and holds calls with a CallHold, call-hold.ts). Text rewriters
 * (text-rewrite.ts) run on it too, with handlers that never wait.
 */

/** A unit of work that finished, or a promise for when it will have (a decision is pending). */
export type Step = void | Promise<void>;

/** Runs `next` after `step`, synchronously when `step` already finished. */
export function after(step: Step, next: () => Step): Step {
  return step instanceof Promise ? step.then(next) : next();
}

/** A protocol's reading of its stream. Frames arrive in order, the next only once a returned Step finished. */
export interface FrameHandler {
  onFrame(frame: SseFrame): Step;
  /** Upstream ended: settle whatever is still held. */
  onEnd(): Step;
}

/**
 * Drives a FrameHandler. Frames are queued while a decision is pending, so nothing
 * overtakes a held call; writes made during one push are sent as one. A failure (a throwing
 * handler or decider, a rejected decision) stops the output after the last complete step:
 * end() rejects with it, and the caller should cut the stream rather than let the agent see
 * a half-gated one.
 */
export class GateRunner implements ToolCallGate {
  private readonly framer: SseFramer;
  private readonly out: GateOutput;
  private readonly handler: FrameHandler;
  private queue: SseFrame[] = [];
  private head = 0;
  private waiting = false;
  private ended = false;
  private finished = false;
  private failure: { error: unknown } | undefined;
  private batch: Buffer[] = [];
  private done: { resolve: () => void; reject: (error: unknown) => void } | undefined;
  private endPromise: Promise<void> | undefined;

  /** `handler` is made with the runner as its output, so its writes are batched and ordered. */
  constructor(out: GateOutput, handler: (output: GateOutput) => FrameHandler) {
    this.out = out;
    this.framer = new SseFramer((frame) => this.queue.push(frame));
    this.handler = handler(this);
  }

  /** What handlers write with; flushed to the output when the current step ends. */
  write(bytes: string | Buffer): void {
    if (this.failure !== undefined) return;
    const buf = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
    const last = this.batch.at(-1);
    // Events passed through are views into the same upstream chunk: adjacent ones merge into
    // one view instead of being copied, so an untouched chunk goes out as it came.
    if (last !== undefined && last.buffer === buf.buffer && last.byteOffset + last.length === buf.byteOffset) {
      this.batch[this.batch.length - 1] = Buffer.from(last.buffer, last.byteOffset, last.length + buf.length);
    } else {
      this.batch.push(buf);
    }
  }

  push(chunk: Buffer): void {
    if (this.ended || this.failure !== undefined) return;
    this.framer.push(chunk);
    this.pump();
  }

  end(): Promise<void> {
    if (this.endPromise === undefined) {
      this.endPromise = new Promise<void>((resolve, reject) => {
        this.done = { resolve, reject };
      });
      if (!this.ended && this.failure === undefined) this.framer.end();
      this.ended = true;
      this.pump();
    }
    return this.endPromise;
  }

  private pump(): void {
    const handler = this.handler;
    while (!this.waiting && this.failure === undefined && this.head < this.queue.length) {
      const frame = this.queue[this.head++] as SseFrame;
      this.run(() => handler.onFrame(frame));
    }
    if (this.head === this.queue.length) {
      this.queue = [];
      this.head = 0;
    }
    if (this.ended && !this.waiting && !this.finished && this.failure === undefined && this.head === this.queue.length) {
      this.finished = true;
      this.run(() => handler.onEnd());
    }
    this.flush();
    this.settle();
  }

  private run(work: () => Step): void {
    const mark = this.batch.length;
    let step: Step;
    try {
      step = work();
    } catch (error) {
      this.batch.length = mark; // whatever the failing step began to write stays unwritten
      this.fail(error);
      return;
    }
    if (step instanceof Promise) {
      this.waiting = true;
      step.then(() => {
        this.waiting = false;
        this.pump();
      }, (error: unknown) => {
        this.waiting = false;
        this.fail(error);
        this.settle();
      });
    }
  }

  /** What went before the failure is what any chunking would have sent by then: it goes out. */
  private fail(error: unknown): void {
    this.flush();
    this.failure ??= { error };
  }

  private flush(): void {
    if (this.batch.length === 0) return;
    const bytes = this.batch.length === 1 ? (this.batch[0] as Buffer) : Buffer.concat(this.batch);
    this.batch = [];
    this.out.write(bytes);
  }

  private settle(): void {
    if (this.done === undefined) return;
    if (this.failure !== undefined) this.done.reject(this.failure.error);
    else if (this.finished && !this.waiting) this.done.resolve();
  }
}

/**
 * The input of a stream stage (a tool-call gate, a text rewriter) as another stage's output,
 * to chain them: `first = createX(..., stageInput(second))`; at the end, `await first.end()`
 * (everything it wrote has then been pushed) and then `await second.end()`.
 */
export function stageInput(stage: { push(chunk: Buffer): void }): GateOutput {
  return { write: (bytes) => stage.push(typeof bytes === 'string' ? Buffer.from(bytes) : bytes) };
}
