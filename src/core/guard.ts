import type { IncomingHttpHeaders } from 'node:http';
import type { Decision } from './decision.ts';
import type { GatewayError } from './errors.ts';
import type { Exchange, Principal, ToolCall } from './exchange.ts';
import type { Edit } from './edits.ts';

/** The upstream an exchange was routed to, as policy sees it. */
export interface ProviderInfo {
  readonly id: string;
  readonly kind: string;
  readonly flags: readonly string[];
}

/**
 * Puts back values a guard replaced by placeholders before the request went upstream, in what
 * the model sends back (see detect/transform.ts). `holdBack` says how much of a streamed text's
 * tail might be an unfinished placeholder.
 */
export interface TextRestorer {
  readonly size: number;
  restore(text: string, inJson?: boolean): string;
  holdBack(text: string): number;
}

/**
 * Masks sensitive values in model output before the agent sees it (detect/transform.ts does the
 * masking; guards/response-masking.ts decides what). `holdBack` says how much of a streamed
 * text's tail must wait for more text, so a value split across events is seen whole.
 */
export interface TextMasker {
  mask(text: string): string;
  holdBack(text: string): number;
}

/**
 * What a guard may know about the exchange beyond its content: where it came from, where it
 * goes, and where decisions are recorded. Implemented by the exchange record.
 */
export interface ExchangeContext {
  readonly clientAddress: string;
  /** The agent's request headers (guards expose only allow-listed ones to policy). */
  readonly requestHeaders: IncomingHttpHeaders;
  readonly providerInfo?: ProviderInfo;
  /** The decoded request (also set while responses are judged). */
  readonly request?: Exchange;
  /** Policy decisions taken in this exchange, in order; what the record and ledger keep. */
  readonly policy: Decision[];
  /** Session the exchange belongs to, once a guard resolved it. */
  sessionId?: string;
  /** Set when a guard tokenized values in the request: responses are restored through it. */
  restorer?: TextRestorer;
  /** Set when model output to this agent must be masked (dataProtection.responseRules). */
  responseMasker?: TextMasker;
  /** What data protection did, by entity type and action, with counts (for the ledger: no values). */
  protectedData?: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

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
  readonly context: ExchangeContext;
}

export type GuardVerdict =
  /** Nothing to say: pass the exchange on unchanged. */
  | undefined
  /** Refuse the exchange with this error, rendered in the protocol's own error shape. */
  | { readonly deny: GatewayError }
  /**
   * Rewrite the exchange; the adapter re-encodes the body only when this happens. Tool
   * definitions are removed by `ToolDefinition.messageIndex`, through the adapter, which
   * knows what else must go with them.
   */
  | { readonly edits: readonly Edit[]; readonly removeToolDefinitions?: readonly number[] };

export interface GuardDecision {
  readonly guard: string;
  readonly verdict: NonNullable<GuardVerdict>;
}

/** A proposed tool call to judge, with the response it came in. */
export interface ToolCallInput extends GuardInput {
  readonly call: ToolCall;
}

/** undefined lets the call through; a string withholds it, and is what the agent reads instead. */
export type ToolCallVerdict = string | undefined;

export interface Guard {
  readonly name: string;
  /**
   * Whether `onResponse` needs responses decoded right now (a policy reload can change it).
   * Absent: a guard with `onResponse` always does. Responses nobody inspects are not decoded.
   */
  readonly inspectsResponses?: boolean;
  /**
   * Whether `onRequest` reads the descriptions of the tools the agent offers (`tool_description`
   * parts). Requests are decoded with them only if some guard does: walking every tool's schema
   * on every request is not free.
   */
  readonly readsToolDescriptions?: boolean;
  onRequest?(input: GuardInput): GuardVerdict | Promise<GuardVerdict>;
  /**
   * Runs on a complete response. For JSON responses it runs before the agent sees anything;
   * for streams it runs when the stream ends, as observation: streamed text is already with
   * the agent. Proposed tool calls are judged one by one, before the agent sees them, by
   * `onToolCall` (in streams too: the gateway holds each call back until it is decided).
   */
  onResponse?(input: GuardInput): GuardVerdict | Promise<GuardVerdict>;
  onToolCall?(input: ToolCallInput): ToolCallVerdict | Promise<ToolCallVerdict>;
}
