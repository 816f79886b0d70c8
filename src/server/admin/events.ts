/**
 * The activity feed the console shows: one small event per LLM exchange, MCP request and admin
 * act, kept in a ring of the last 1,000 and handed to listeners (the SSE hub, the per-minute
 * stats, the per-agent counters). An event holds identifiers, the action, rule ids and finding
 * TYPES only: never prompt text, arguments, keys or the values a detector found.
 *
 * Built after the response has gone (from the exchange observer and the MCP record hook), so
 * it costs the agent nothing; building one is a handful of field copies.
 */
import type { Decision } from '../../core/decision.ts';
import type { Finding } from '../../core/exchange.ts';
import type { GuardDecision } from '../../core/guard.ts';
import type { McpRecord } from '../../mcp/record.ts';
import type { ExchangeRecord } from '../record.ts';

export type EventAction = 'allow' | 'deny' | 'redact' | 'neutralize' | 'approve' | 'error';
export const EVENT_ACTIONS: readonly EventAction[] = ['allow', 'deny', 'redact', 'neutralize', 'approve', 'error'];

export interface ActivityEvent {
  readonly seq: number;
  readonly time: string;
  readonly kind: 'llm' | 'mcp' | 'admin';
  readonly requestId: string;
  readonly agent?: string;
  readonly route?: string;
  readonly model?: string;
  readonly server?: string;
  readonly method?: string;
  readonly tool?: string;
  readonly action: EventAction;
  readonly outcome: string;
  readonly status?: number;
  readonly rules: readonly string[];
  readonly reason?: string;
  readonly findings: readonly string[];
  readonly overheadMs?: number;
}

/** An event before the feed numbers it. */
export type EventDraft = Omit<ActivityEvent, 'seq' | 'time'>;
export type EventListener = (event: ActivityEvent) => void;

export const FEED_SIZE = 1_000;
/** Routes whose requests are LLM exchanges (refused ones included: a bad key is activity too). */
const LLM_ROUTES = new Set(['/v1/chat/completions', '/v1/responses', '/v1/messages']);

/** Stronger actions win when an exchange had several decisions (a redacted prompt, then a denied call). */
const RANK: Readonly<Record<string, number>> = { allow: 0, neutralize: 1, redact: 2, approve: 3, deny: 4 };

export class EventFeed {
  private readonly ring: (ActivityEvent | undefined)[] = new Array(FEED_SIZE);
  private seq = 0;
  private readonly listeners: EventListener[] = [];

  /** The sequence number of the newest event (0 before any). */
  get last(): number {
    return this.seq;
  }

  listen(listener: EventListener): void {
    this.listeners.push(listener);
  }

  push(draft: EventDraft, time = Date.now()): ActivityEvent {
    const event: ActivityEvent = { seq: ++this.seq, time: new Date(time).toISOString(), ...draft };
    this.ring[event.seq % FEED_SIZE] = event;
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // One listener's failure must not cost the others (or the exchange) anything.
      }
    }
    return event;
  }

  /** The newest `limit` events still held, oldest first. */
  latest(limit: number): ActivityEvent[] {
    return this.after(Math.max(0, this.seq - Math.min(limit, FEED_SIZE)));
  }

  /** Events newer than `seq` still in the ring, oldest first (for Last-Event-ID replay). */
  after(seq: number): ActivityEvent[] {
    const from = Math.max(seq + 1, this.seq - FEED_SIZE + 1, 1);
    const events: ActivityEvent[] = [];
    for (let i = from; i <= this.seq; i++) {
      const event = this.ring[i % FEED_SIZE];
      if (event !== undefined && event.seq === i) events.push(event);
    }
    return events;
  }

  /** The exchange observer: LLM exchanges and admin acts (admin reads and other routes are not activity). */
  readonly observeExchange = (record: ExchangeRecord): void => {
    const draft = record.adminAction !== undefined ? adminEvent(record) : LLM_ROUTES.has(record.route) ? llmEvent(record) : undefined;
    if (draft !== undefined) this.push(draft);
  };

  readonly observeMcp = (record: McpRecord): void => {
    this.push(mcpEvent(record));
  };
}

function llmEvent(record: ExchangeRecord): EventDraft {
  const deciding = decidingOf(record.policy);
  const rewrote = rewritingGuard(record.decisions);
  const byPolicy = deciding?.action ?? 'allow';
  const action: EventAction = record.outcome === 'denied' ? 'deny'
    : record.outcome !== 'forwarded' || record.status >= 500 ? 'error'
    : rewrote !== undefined && RANK[rewrote.action]! > RANK[byPolicy]! ? rewrote.action : byPolicy;
  const reason = action === 'allow' ? undefined : deciding?.action === action ? deciding.reason : rewrote?.action === action ? rewrote.reason : record.errorCode;
  const rules = ruleIds(record.policy);
  if (rewrote !== undefined) rules.push(rewrote.guard);
  return {
    kind: 'llm',
    requestId: record.requestId,
    ...(record.principal === undefined ? {} : { agent: record.principal.agentId }),
    route: record.route,
    ...(record.model === undefined ? {} : { model: record.model }),
    action,
    outcome: record.outcome,
    status: record.status,
    rules,
    ...(reason === undefined ? {} : { reason }),
    findings: findingTypes(record.request?.findings),
    overheadMs: round(record.overheadMs),
  };
}

function mcpEvent(record: McpRecord): EventDraft {
  const deciding = decidingOf(record.policy);
  const action: EventAction = record.outcome === 'denied' || record.outcome === 'quarantined' ? 'deny'
    : record.outcome !== 'forwarded' ? 'error'
    : (deciding?.action ?? 'allow');
  const reason = action === 'allow' ? undefined
    : deciding?.reason ?? (record.outcome === 'quarantined' ? 'tool definition not approved' : record.errorCode === undefined ? undefined : `JSON-RPC error ${record.errorCode}`);
  return {
    kind: 'mcp',
    requestId: record.requestId,
    ...(record.principal === undefined ? {} : { agent: record.principal.agentId }),
    server: record.server,
    method: record.method,
    ...(record.tool === undefined ? {} : { tool: record.tool }),
    action,
    outcome: record.outcome,
    rules: record.outcome === 'quarantined' ? ['tool-pinning', ...ruleIds(record.policy)] : ruleIds(record.policy),
    ...(reason === undefined ? {} : { reason }),
    findings: findingTypes(record.findings),
    overheadMs: round(record.gatewayMs),
  };
}

/** An admin act: `method` names it (e.g. "approval.approve"), `reason` its target. */
function adminEvent(record: ExchangeRecord): EventDraft {
  const status = record.status;
  return {
    kind: 'admin',
    requestId: record.requestId,
    ...(record.principal === undefined ? {} : { agent: record.principal.agentId }),
    route: record.route,
    method: record.adminAction as string,
    action: status < 400 ? 'allow' : status === 401 || status === 403 ? 'deny' : 'error',
    outcome: record.errorCode ?? record.outcome,
    status,
    rules: [],
    ...(record.adminTarget === undefined ? {} : { reason: record.adminTarget }),
    findings: [],
  };
}

/** The decision that shaped the outcome most: the strongest non-allow one, else none. */
function decidingOf(decisions: readonly Decision[]): Decision | undefined {
  let best: Decision | undefined;
  for (const decision of decisions) {
    if (decision.action === 'allow') continue;
    if (best === undefined || (RANK[decision.action] ?? 0) > (RANK[best.action] ?? 0)) best = decision;
  }
  return best;
}

/** Detectors rewrite content as guards (not policy decisions): data protection redacts, injection neutralizes. */
const REWRITES: Readonly<Record<string, { action: 'redact' | 'neutralize'; reason: string }>> = {
  'data-protection': { action: 'redact', reason: 'sensitive data rewritten by data protection' },
  injection: { action: 'neutralize', reason: 'suspected prompt injection neutralized' },
};

function rewritingGuard(decisions: readonly GuardDecision[]): { guard: string; action: 'redact' | 'neutralize'; reason: string } | undefined {
  let found: { guard: string; action: 'redact' | 'neutralize'; reason: string } | undefined;
  for (const { guard, verdict } of decisions) {
    const rewrite = REWRITES[guard];
    if (rewrite === undefined || !('edits' in verdict)) continue;
    if (found === undefined || RANK[rewrite.action]! > RANK[found.action]!) found = { guard, ...rewrite };
  }
  return found;
}

function ruleIds(decisions: readonly Decision[]): string[] {
  if (decisions.length === 0) return [];
  const ids = new Set<string>();
  for (const decision of decisions) {
    for (const match of decision.matches) ids.add(match.id);
    for (const match of decision.monitored) ids.add(match.id);
  }
  return [...ids];
}

/** Finding types only (US_SSN, PROMPT_INJECTION...): never where or what was found. */
function findingTypes(findings: readonly Finding[] | undefined): string[] {
  if (findings === undefined || findings.length === 0) return [];
  return [...new Set(findings.map((finding) => finding.type))];
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;
