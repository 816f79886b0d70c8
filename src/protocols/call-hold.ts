import type { ToolCall } from '../core/exchange.ts';
import type { ToolCallDecider } from './adapter.ts';
import type { Step } from './gate-runner.ts';

/** One frame held back, and whether it belongs to the call (rather than merely following it). */
export interface HeldFrame<F> {
  readonly frame: F;
  readonly own: boolean;
}

/** How one call was decided. */
export interface Verdict {
  /** The call's ToolCall.index. */
  readonly index: number;
  /** The notice when withheld; undefined when let through. */
  readonly notice: string | undefined;
  /** Let-through calls only: its index among the calls let through so far (for renumbering). */
  readonly keptIndex: number;
}

/**
 * Holds the events of the one call that is open (protocols stream calls one after another)
 * and everything behind it, asks the decider once the call is complete, and hands the held
 * frames back in order with the verdict.
 */
export class CallHold<F> {
  private readonly decide: ToolCallDecider;
  private readonly emit: (frame: F) => void;
  private readonly release: (held: readonly HeldFrame<F>[], verdict: Verdict) => void;
  private held: HeldFrame<F>[] = [];
  private opened = false;
  /** Calls seen so far: the next call's ToolCall.index. */
  private count = 0;
  /** Calls decided so far, by outcome (finish/stop reasons depend on whether any call is left). */
  kept = 0;
  withheld = 0;

  constructor(
    decide: ToolCallDecider, emit: (frame: F) => void,
    release: (held: readonly HeldFrame<F>[], verdict: Verdict) => void,
  ) {
    this.decide = decide;
    this.emit = emit;
    this.release = release;
  }

  /** A call starts; returns its ToolCall.index. */
  open(): number {
    this.opened = true;
    return this.count++;
  }

  /** A frame of the open call. */
  hold(frame: F): void {
    this.held.push({ frame, own: true });
  }

  /** A frame that is not the open call's: waits behind it, or goes out now. */
  place(frame: F): void {
    if (this.opened) this.held.push({ frame, own: false });
    else this.emit(frame);
  }

  /** The open call is complete: decide it, then release what was held. */
  close(call: ToolCall): Step {
    this.opened = false;
    const verdict = this.decide(call);
    const apply = (notice: string | undefined): void => {
      const held = this.held;
      this.held = [];
      if (notice === undefined) this.kept++;
      else this.withheld++;
      this.release(held, { index: call.index, notice, keptIndex: notice === undefined ? this.kept - 1 : -1 });
    };
    if (verdict instanceof Promise) return verdict.then(apply);
    return apply(verdict);
  }
}

/**
 * Releases a withheld call's frames: its own frames give way to `replace` (written where the
 * first of them was), frames that merely waited behind it go out in their order.
 */
export function releaseReplaced<F>(held: readonly HeldFrame<F>[], replace: () => void, emit: (frame: F) => void): void {
  let replaced = false;
  for (const { frame, own } of held) {
    if (!own) emit(frame);
    else if (!replaced) {
      replaced = true;
      replace();
    }
  }
}
