/**
 * Every span name and attribute name Portcullis writes, in one place. The OpenTelemetry GenAI
 * and MCP conventions are in Development status and security conventions for gateways do not
 * exist yet, so names will move: when they do, this file is the one to change (and
 * docs/observability.md, which lists the same mapping).
 *
 * Sources: OpenTelemetry semantic conventions 1.45 (the incubating gen_ai.*, mcp.*, jsonrpc.*
 * registry, as exported by @opentelemetry/semantic-conventions/incubating) and the GenAI
 * conventions' "Semantic conventions for Model Context Protocol" (MCP server and client spans).
 * Our own facts (who, which policy, what was found) live under `portcullis.*`.
 *
 * Only identifiers, types, counts and timings go into spans: never message text, tool
 * arguments or results, detected values, rule reasons or keys.
 */

/** GenAI client conventions: the inference span (the call to the model) and tool execution. */
export const GEN_AI = {
  operationName: 'gen_ai.operation.name',
  providerName: 'gen_ai.provider.name',
  /** Deprecated in favour of gen_ai.provider.name, still what many backends read: both are set. */
  system: 'gen_ai.system',
  requestModel: 'gen_ai.request.model',
  requestStream: 'gen_ai.request.stream',
  responseModel: 'gen_ai.response.model',
  responseFinishReasons: 'gen_ai.response.finish_reasons',
  inputTokens: 'gen_ai.usage.input_tokens',
  outputTokens: 'gen_ai.usage.output_tokens',
  toolName: 'gen_ai.tool.name',
} as const;

/** Values of gen_ai.operation.name. */
export const GEN_AI_OPERATION = {
  /** All three gateway APIs (Chat Completions, Responses, Messages) are chat inference. */
  chat: 'chat',
  /** An MCP tools/call. */
  executeTool: 'execute_tool',
} as const;

/** MCP conventions (server span towards the agent, client span towards the MCP server). */
export const MCP = {
  methodName: 'mcp.method.name',
  sessionId: 'mcp.session.id',
  protocolVersion: 'mcp.protocol.version',
} as const;

export const JSONRPC = {
  /** The agent's id for the request, as a string (ids may be numbers or strings). */
  requestId: 'jsonrpc.request.id',
} as const;

/** General conventions used alongside. */
export const GENERAL = {
  errorType: 'error.type',
  rpcResponseStatusCode: 'rpc.response.status_code',
  httpRoute: 'http.route',
  httpResponseStatusCode: 'http.response.status_code',
  serverAddress: 'server.address',
  serverPort: 'server.port',
} as const;

/** Portcullis' own attributes: the gateway's decisions about the exchange. */
export const PORTCULLIS = {
  requestId: 'portcullis.request.id',
  agentId: 'portcullis.agent.id',
  agentTeam: 'portcullis.agent.team',
  providerId: 'portcullis.provider.id',
  mcpServer: 'portcullis.mcp.server',
  /** forwarded, denied, rejected, upstream_failed, client_closed (MCP: quarantined too). */
  outcome: 'portcullis.outcome',
  /** The strongest policy action taken in the exchange: deny > approve > redact > neutralize > allow. */
  policyAction: 'portcullis.policy.action',
  /** Ids of the rules (and built-in checks) behind enforced decisions. */
  policyRuleIds: 'portcullis.policy.rule_ids',
  /** Ids of monitor-mode rules that matched: recorded, not enforced. */
  policyMonitoredRuleIds: 'portcullis.policy.monitored_rule_ids',
  policyVersion: 'portcullis.policy.version',
  /** On a decision event: which event was judged (llm.request, tool.call, mcp.call, ...). */
  policyEvent: 'portcullis.policy.event',
  /** Guard verdicts that changed or refused the exchange, as "guard:deny" or "guard:edit". */
  guardVerdicts: 'portcullis.guard.verdicts',
  /** Entity types detectors found (never the values). */
  findingTypes: 'portcullis.finding.types',
  findingCount: 'portcullis.finding.count',
  /** The gateway's own time (request plus response processing), in milliseconds. */
  overheadMs: 'portcullis.gateway.overhead_ms',
  toolCallCount: 'portcullis.tool_call.count',
  /** The tool reported a failure itself (MCP isError). */
  toolError: 'portcullis.tool.error',
} as const;

/** Span names that are not derived from the operation. */
export const SPAN = {
  /** The guard and policy stage of an exchange (detectors, policy, tool-call judgement). */
  guard: 'portcullis.guard',
  /** One event per policy decision, on the guard span. */
  decisionEvent: 'portcullis.policy.decision',
} as const;

/** `{gen_ai.operation.name} {gen_ai.request.model}`, the GenAI inference span name. */
export function inferenceSpanName(model: string | undefined): string {
  return model === undefined ? GEN_AI_OPERATION.chat : `${GEN_AI_OPERATION.chat} ${model}`;
}

/** `{mcp.method.name} {target}`, target being the tool for tools/call. */
export function mcpSpanName(method: string, tool: string | undefined): string {
  return tool === undefined ? method : `${method} ${tool}`;
}

/** gen_ai.provider.name for a configured provider: the well-known value where the kind has one, else the provider id. */
export function providerName(kind: string | undefined, id: string | undefined): string | undefined {
  if (kind === 'openai' || kind === 'anthropic') return kind;
  return id;
}
