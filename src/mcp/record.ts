/**
 * What the gateway keeps of one MCP request an agent made: who, which server and method, the
 * tool, what policy decided, how it ended, how long it took. Like the LLM exchange record it
 * holds identifiers, decisions, finding counts and timings; the request's params and the
 * server's result reach the ledger only as keyed digests.
 */
import type { Decision } from '../core/decision.ts';
import type { Finding, Principal } from '../core/exchange.ts';
import { decisionFields, ruleIdsOf, type RecordDraft } from '../ledger/record.ts';
import { summarizeFindings } from '../policy/findings.ts';
import type { Ledger } from '../ledger/index.ts';
import { errorResponse, INTERNAL_ERROR, REQUEST_CANCELLED, REQUEST_TIMEOUT, UPSTREAM_UNAVAILABLE, type JsonRpcResponse } from './jsonrpc.ts';
import type { PinnedTool } from './pinning.ts';

export type McpOutcome =
  /** Passed to the server and answered (a tool's own isError result included). */
  | 'forwarded'
  /** Refused by policy: the agent got a tool error (isError) naming the rule. */
  | 'denied'
  /** The tool's definition is new or changed and not approved: refused until it is. */
  | 'quarantined'
  /** Malformed, unauthenticated, or for no session: refused before reaching a server. */
  | 'rejected'
  /** The server failed, timed out or went away. */
  | 'upstream_failed'
  /** The agent cancelled it while the server worked on it; the server was told. */
  | 'cancelled';

export class McpRecord {
  readonly requestId: string;
  readonly server: string;
  readonly startedAt = Date.now();
  readonly started = performance.now();
  principal?: Principal;
  sessionId?: string;
  method = '';
  /** The agent's JSON-RPC id for the request (for traces: jsonrpc.request.id). */
  jsonRpcId?: string | number;
  /** The MCP revision the agent's session speaks, when known (for traces: mcp.protocol.version). */
  protocolVersion?: string;
  tool?: string;
  outcome: McpOutcome = 'rejected';
  /** The JSON-RPC error code when the answer was an error. */
  errorCode?: number;
  /** The tool reported a failure (`isError: true`) itself. */
  toolError?: boolean;
  readonly policy: Decision[] = [];
  findings: Finding[] = [];
  /** The request's params and the answer's result, as sent; digested by the ledger writer, never stored. */
  params?: unknown;
  result?: unknown;
  upstreamMs = 0;
  totalMs = 0;

  constructor(requestId: string, server: string) {
    this.requestId = requestId;
    this.server = server;
  }

  /** What the record is about: the agent's request (its method, id and params). */
  describe(request: { readonly id?: string | number | null; readonly method: string; readonly params?: unknown }): void {
    this.method = request.method;
    if (typeof request.id === 'string' || typeof request.id === 'number') this.jsonRpcId = request.id;
    this.params = request.params;
  }

  get gatewayMs(): number {
    return Math.max(0, this.totalMs - this.upstreamMs);
  }
}

export function mcpDraft(record: McpRecord): RecordDraft {
  const principal = record.principal;
  const fields = {
    id: record.requestId,
    server: record.server,
    method: record.method,
    ...(record.tool === undefined ? {} : { tool: record.tool }),
    ...(record.sessionId === undefined ? {} : { session: record.sessionId }),
    detail: record.outcome,
    ...(record.errorCode === undefined ? {} : { errorCode: record.errorCode }),
    ...(record.toolError ? { toolError: true } : {}),
    ...(record.policy.length === 0 ? {} : { decisions: record.policy.map(decisionFields) }),
    ...(record.findings.length === 0 ? {} : { findings: summarizeFindings(record.findings).counts }),
    latencyMs: { total: round(record.totalMs), gateway: round(record.gatewayMs), upstream: round(record.upstreamMs) },
  };
  return {
    type: 'mcp.request',
    time: record.startedAt,
    ...(principal === undefined ? {} : { principal: { id: principal.agentId, team: principal.team, keyId: principal.keyId } }),
    outcome: record.outcome === 'forwarded' && record.errorCode === undefined ? 'success' : 'failure',
    fields,
    ruleIds: ruleIdsOf(record.policy),
    content: {
      ...(record.params === undefined ? {} : { request: () => JSON.stringify(record.params) }),
      ...(record.result === undefined ? {} : { response: () => JSON.stringify(record.result) }),
    },
  };
}

/** The log line of an MCP request: identifiers, decisions and timings only. */
export function mcpLogFields(record: McpRecord): Record<string, unknown> {
  const enforced = record.policy.filter((d) => d.action !== 'allow');
  return {
    requestId: record.requestId,
    server: record.server,
    method: record.method,
    ...(record.tool === undefined ? {} : { tool: record.tool }),
    ...(record.principal === undefined ? {} : { agent: record.principal.agentId, keyId: record.principal.keyId }),
    outcome: record.outcome,
    ...(record.errorCode === undefined ? {} : { errorCode: record.errorCode }),
    ...(enforced.length === 0 ? {} : { policy: enforced.map((d) => `${d.event}:${d.action}:${d.matches.filter((m) => m.action === d.action).map((m) => m.id).join('+')}`) }),
    gatewayMs: round(record.gatewayMs),
    upstreamMs: round(record.upstreamMs),
  };
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;

/** A server offered definitions nobody approved (new, or changed: a possible rug pull). */
export function inventoryDraft(session: { readonly id: string; readonly server: { readonly id: string }; readonly principal: Principal }, tools: readonly PinnedTool[]): RecordDraft {
  return {
    type: 'mcp.inventory',
    time: Date.now(),
    principal: { id: session.principal.agentId, team: session.principal.team, keyId: session.principal.keyId },
    outcome: 'failure',
    fields: {
      server: session.server.id,
      session: session.id,
      unapproved: tools.map((t) => ({ ...(t.kind === undefined ? {} : { kind: t.kind }), name: t.name, hash: t.hash, status: t.status, ...(t.poisoning.length === 0 ? {} : { scan: [...new Set(t.poisoning.map((p) => p.type))] }) })),
    },
    ruleIds: ['tool-pinning'],
  };
}

/**
 * Completes a request's record with its answer and hands it to the listener and the ledger.
 * Resolves to what the agent gets: the answer, or, when the ledger is in sync mode and cannot
 * write, an error instead (what cannot be recorded is not done).
 */
export async function recordAnswer(
  record: McpRecord, response: JsonRpcResponse, ledger: Ledger | undefined, onRecord?: (record: McpRecord) => void,
): Promise<JsonRpcResponse> {
  const code = response.error?.code;
  if (code !== undefined) {
    record.errorCode = code;
    if (code === UPSTREAM_UNAVAILABLE || code === REQUEST_TIMEOUT) record.outcome = 'upstream_failed';
    else if (code === REQUEST_CANCELLED) record.outcome = 'cancelled';
  }
  record.result = response.result;
  record.totalMs = performance.now() - record.started;
  onRecord?.(record);
  if (ledger === undefined) return response;
  const durable = ledger.record(mcpDraft(record));
  if (!ledger.sync) {
    durable.catch(() => undefined);
    return response;
  }
  try {
    await durable;
    return response;
  } catch {
    return errorResponse(response.id, INTERNAL_ERROR, 'the audit ledger cannot record right now, so the gateway refuses work');
  }
}
