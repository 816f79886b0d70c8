import type { GatewayError } from './errors.ts';
import type { Exchange, Principal } from './exchange.ts';
import type { Edit } from './edits.ts';

/**
 * A guard is one stage of the pipeline: it looks at a normalized exchange and says what
 * should happen to it. Guards never see wire formats; adapters apply what they decide.
 *
 * Guards are synchronous by default because the hot path must not pay for a microtask per
 * stage; a guard that needs I/O (shared counters in Redis, an approval) may return a Promise,
 * and the pipeline awaits only then.
 */
export interface GuardInput {
  readonly principal: Principal;
  readonly exchange: Exchange;
  readonly requestId: string;
}

export type GuardVerdict =
  /** Nothing to say: pass the exchange on unchanged. */
  | undefined
  /** Refuse the exchange with this error, rendered in the protocol's own error shape. */
  | { readonly deny: GatewayError }
  /** Rewrite parts of the exchange; the adapter re-encodes the body only when this happens. */
  | { readonly edits: readonly Edit[] };

export interface GuardDecision {
  readonly guard: string;
  readonly verdict: NonNullable<GuardVerdict>;
}

export interface Guard {
  readonly name: string;
  onRequest?(input: GuardInput): GuardVerdict | Promise<GuardVerdict>;
  /**
   * Runs on a complete response. For JSON responses it runs before the agent sees anything;
   * for streams it currently runs when the stream ends (observation), until guards that hold
   * back streamed tool calls land with the policy engine.
   */
  onResponse?(input: GuardInput): GuardVerdict | Promise<GuardVerdict>;
}
