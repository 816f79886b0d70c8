import type { Exchange, Principal } from '../core/exchange.ts';
import type { GuardDecision } from '../core/guard.ts';

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
 */
export interface ExchangeRecord {
  readonly requestId: string;
  readonly route: string;
  readonly clientAddress: string;
  readonly startedAt: number;
  principal?: Principal;
  model?: string;
  provider?: string;
  stream: boolean;
  status: number;
  outcome: Outcome;
  errorCode?: string;
  decisions: GuardDecision[];
  request?: Exchange;
  response?: Exchange;
  upstreamStatus?: number;
  /** Set when a streamed response could not be decoded: it reached the agent unobserved. */
  unobserved?: boolean;
  /** Time the gateway itself spent (request processing + response processing), in ms. */
  overheadMs: number;
  /** Time from dispatch upstream to the end of the upstream response, in ms. */
  upstreamMs: number;
  totalMs: number;
}

/** Called once per exchange, after the agent has its answer. Must not throw or block. */
export type ExchangeObserver = (record: ExchangeRecord) => void;
