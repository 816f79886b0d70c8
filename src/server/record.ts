import type { IncomingHttpHeaders } from 'node:http';
import type { Decision } from '../core/decision.ts';
import type { Exchange, Principal, Usage } from '../core/exchange.ts';
import type { ExchangeContext, GuardDecision, ProviderInfo, TextMasker, TextRestorer } from '../core/guard.ts';

export type Outcome =
  /** Answered by the provider and passed to the agent (whatever the provider's status). */
  | 'forwarded'
  /** Refused by a guard. */
  | 'denied'
  /** Refused before any guard could run: bad credentials, malformed or oversized input. */
  | 'rejected'
  /** The provider could not be reached, timed out, or broke its response. */
  | 'upstream_failed'
  /** The agent went away before the exchange finished; the upstream call was aborted. */
  | 'client_closed';

/**
 * Everything known about one exchange once it is over: what the logger writes now and what
 * the ledger will record. It never holds raw content beyond the decoded exchanges, which
 * observers must reduce to digests, types and counts before anything leaves the process.
 *
 * The response is decoded on demand. When no guard inspects responses and the provider
 * proposed no tool call, the gateway records only the usage and keeps the raw response;
 * reading `response` decodes it then (see relay.ts). Decoding every response eagerly was
 * the largest cost the gateway added to an exchange.
 */
export class ExchangeRecord implements ExchangeContext {
  readonly requestId: string;
  readonly route: string;
  readonly clientAddress: string;
  readonly startedAt = Date.now();
  principal?: Principal;
  provider?: string;
  status = 0;
  outcome: Outcome = 'rejected';
  errorCode?: string;
  decisions: GuardDecision[] = [];
  /** Every policy decision taken in this exchange (allows included), in order. */
  readonly policy: Decision[] = [];
  sessionId?: string;
  /** The agent's request headers; read by guards, never logged or recorded. */
  requestHeaders: IncomingHttpHeaders = {};
  providerInfo?: ProviderInfo;
  restorer?: TextRestorer;
  responseMasker?: TextMasker;
  protectedData?: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** For admin API calls: what was done (e.g. "approval.approve"). */
  adminAction?: string;
  /** What the admin act was about: an approval id, an agent id, or "global". */
  adminTarget?: string;
  /** The request body as received, kept only while a ledger needs to digest it. */
  requestBody?: Buffer;
  /** performance.now() when the request arrived. */
  started = 0;
  /**
   * Set by the gateway when the ledger is in sync mode: records the exchange, ending with
   * `status`, and resolves once that record is durable. Responses end only after it.
   */
  commit?: (status: number) => Promise<unknown> | undefined;
  /** Whether the exchange was handed to the ledger already. */
  recorded = false;
  /** A stream whose every event reached the agent, only its end still waiting (for the record). */
  relayed = false;
  request?: Exchange;
  upstreamStatus?: number;
  /** Set when a response could not be decoded: it reached the agent unobserved. */
  unobserved?: boolean;
  /** Token usage the provider reported, known even when the response is not decoded. */
  usage?: Usage;
  /** The id the provider stored the response under, when the request's turn is kept (Exchange.stored): what a later turn continues. */
  storedResponseId?: string;
  /** Tool calls the model proposed (exact: a response with any is always decoded). */
  toolCallCount?: number;
  /** Time the gateway itself spent (request processing + response processing), in ms. */
  overheadMs = 0;
  /** Time from dispatch upstream to the end of the upstream response, in ms. */
  upstreamMs = 0;
  totalMs = 0;
  #response: Exchange | undefined;
  #decode: (() => Exchange) | undefined;

  constructor(requestId: string, route: string, clientAddress: string) {
    this.requestId = requestId;
    this.route = route;
    this.clientAddress = clientAddress;
  }

  /** The W3C trace id the agent sent (traceparent), else the request id: what ties logs, traces and the ledger. */
  get traceId(): string {
    const traceparent = this.requestHeaders['traceparent'];
    const match = typeof traceparent === 'string' ? /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/.exec(traceparent) : null;
    return match?.[1] ?? this.requestId;
  }

  /** The model the agent asked for (known once the request decoded). */
  get model(): string | undefined {
    return this.request?.model;
  }

  get stream(): boolean {
    return this.request?.stream ?? false;
  }

  /** The decoded response: decoded now if it was deferred; undefined if there is none. */
  get response(): Exchange | undefined {
    const decode = this.#decode;
    if (decode !== undefined) {
      this.#decode = undefined;
      try {
        this.#response = decode();
      } catch {
        this.unobserved = true;
      }
    }
    return this.#response;
  }

  /** The response if it is decoded already; never decodes a deferred one (for observers that must stay cheap). */
  get decodedResponse(): Exchange | undefined {
    return this.#decode === undefined ? this.#response : undefined;
  }

  /** Records a decoded response and the summary it implies. */
  setResponse(response: Exchange | undefined): void {
    this.#decode = undefined;
    this.#response = response;
    this.usage = response?.usage;
    this.toolCallCount = response?.toolCalls.length;
  }

  /** Records a response known by its usage only, to be decoded if anyone reads `response`. */
  deferResponse(usage: Usage | undefined, decode: () => Exchange): void {
    this.#response = undefined;
    this.#decode = decode;
    this.usage = usage;
    this.toolCallCount = 0;
  }
}

/** Called once per exchange, after the agent has its answer. Must not throw or block. */
export type ExchangeObserver = (record: ExchangeRecord) => void;
