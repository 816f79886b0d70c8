/**
 * OpenTelemetry traces, built after the fact from each exchange's record: once the agent has
 * its answer, an observer turns the record's timings into a server span for the exchange with
 * child spans for the guard and policy stage and for the upstream call (the GenAI inference
 * span, or the MCP client span), and hands them to a batch processor that exports over
 * OTLP/HTTP (JSON). Nothing runs on the request path; with tracing not configured this module
 * is never even loaded (see index.ts).
 *
 * The child spans are laid out from recorded durations, not measured start times: the
 * gateway's share of the exchange (request and response processing together) is one guard
 * span placed before the upstream call, which ends when the exchange does.
 *
 * A W3C `traceparent` from the agent (LLM: the request header; MCP: `params._meta`, as the MCP
 * conventions propagate it) is the parent of the exchange's span. Without one, the trace id is
 * the request id (x-portcullis-request-id, the ledger's record id) without its dashes, so a
 * trace, a log line and a ledger record are found from one another.
 *
 * Attribute names come from semconv.ts only. Spans carry identifiers, types, counts and
 * timings: never message text, tool arguments or results, or detected values.
 */
import { performance } from 'node:perf_hooks';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span, type SpanContext, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, ParentBasedSampler, RandomIdGenerator, TraceIdRatioBasedSampler, TracerProvider, type IdGenerator } from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { Config } from '../config/schema.ts';
import type { Decision } from '../core/decision.ts';
import type { Finding } from '../core/exchange.ts';
import type { McpRecord } from '../mcp/record.ts';
import type { ExchangeRecord } from '../server/record.ts';
import { enforcedRuleIds, findingTypes, monitoredRuleIds, strongestAction } from './decisions.ts';
import { ReportingExporter, type ExportFailure } from './export-failures.ts';
import { isLlmRoute, isObserved, routeLabel } from './routes.ts';
import { GEN_AI, GEN_AI_OPERATION, GENERAL, inferenceSpanName, JSONRPC, MCP, mcpSpanName, PORTCULLIS, providerName, SPAN } from './semconv.ts';

type TracingConfig = NonNullable<Config['observability']['tracing']>;

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(?:-.*)?$/;
/** Longest attribute value exported: ids and model names fit, anything pasted into one does not. */
const MAX_ATTRIBUTE_LENGTH = 256;

/**
 * Random ids, except a root span's trace id, which the observer sets just before starting it
 * (synchronously, so no other span can take it).
 */
class RecordIds implements IdGenerator {
  next: string | undefined;
  private readonly random = new RandomIdGenerator();

  generateTraceId(): string {
    const id = this.next;
    this.next = undefined;
    return id ?? this.random.generateTraceId();
  }

  generateSpanId(): string {
    return this.random.generateSpanId();
  }
}

interface Upstream {
  readonly address: string;
  readonly port: number;
}

export class Tracing {
  private readonly provider: TracerProvider;
  private readonly tracer: Tracer;
  private readonly ids = new RecordIds();
  private readonly upstreams = new Map<string, Upstream>();

  /** `onExportFailure` hears of spans that could not be delivered (at most once a minute). */
  constructor(config: Config, tracing: TracingConfig, onExportFailure: (failure: ExportFailure) => void = () => undefined) {
    const exporter = new ReportingExporter(new OTLPTraceExporter({ url: tracing.endpoint, headers: tracing.headers }), onExportFailure);
    this.provider = new TracerProvider({
      resource: defaultResource().merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: tracing.serviceName })),
      // The agent's sampling decision stands for its own trace; new traces keep sampleRatio of them.
      sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(tracing.sampleRatio) }),
      idGenerator: this.ids,
      spanLimits: { attributeValueLengthLimit: MAX_ATTRIBUTE_LENGTH },
      spanProcessors: [new BatchSpanProcessor({ exporter })],
    });
    this.tracer = this.provider.getTracer('portcullis');
    for (const provider of config.providers) {
      const url = new URL(provider.baseUrl);
      this.upstreams.set(provider.id, { address: url.hostname, port: Number(url.port) || (url.protocol === 'https:' ? 443 : 80) });
    }
  }

  /** The exchange observer. */
  readonly observeExchange = (record: ExchangeRecord): void => {
    const route = routeLabel(record.route);
    // Unknown paths (404s) are counted in metrics, not traced.
    if (!isObserved(record.route) || route === 'other') return;
    const start = performance.timeOrigin + record.started;
    const end = start + record.totalMs;
    const principal = record.principal;
    const llm = isLlmRoute(record.route);
    const failed = record.status >= 500 || record.outcome === 'upstream_failed';
    const root = this.startRoot(llm ? `POST ${route}` : route, SpanKind.SERVER, start, {
      [PORTCULLIS.requestId]: record.requestId,
      [GENERAL.httpRoute]: route,
      [GENERAL.httpResponseStatusCode]: record.status,
      [PORTCULLIS.outcome]: record.outcome,
      [PORTCULLIS.agentId]: principal?.agentId,
      [PORTCULLIS.agentTeam]: principal?.team,
      [PORTCULLIS.providerId]: record.provider,
      [GEN_AI.requestModel]: record.model,
      [PORTCULLIS.policyAction]: strongestAction(record.policy),
      [PORTCULLIS.overheadMs]: round(record.overheadMs),
      [GENERAL.errorType]: failed ? record.errorCode ?? String(record.status) : undefined,
    }, parentOf(record.requestHeaders['traceparent']), record.requestId);
    if (!root.isRecording()) return;
    if (failed) root.setStatus({ code: SpanStatusCode.ERROR });

    const parent = trace.setSpan(ROOT_CONTEXT, root);
    const upstreamCalled = record.upstreamStatus !== undefined || record.outcome === 'upstream_failed';
    const upstreamStart = upstreamCalled ? end - record.upstreamMs : end;
    const response = record.decodedResponse;
    if (record.request !== undefined || record.policy.length > 0) {
      const findings = findingTypes(record.request?.findings, response?.findings);
      this.guardSpan(parent, Math.max(start, upstreamStart - record.overheadMs), upstreamStart, record.policy, findings,
        countOf(record.request?.findings) + countOf(response?.findings), {
          [PORTCULLIS.guardVerdicts]: record.decisions.length === 0 ? undefined : record.decisions.map((d) => `${d.guard}:${'deny' in d.verdict ? 'deny' : 'edit'}`),
          [PORTCULLIS.toolCallCount]: record.toolCallCount,
        });
    }
    if (upstreamCalled) {
      const upstreamFailed = record.outcome === 'upstream_failed' || (record.upstreamStatus ?? 0) >= 400;
      const name = providerName(record.providerInfo?.kind, record.provider);
      const upstream = record.provider === undefined ? undefined : this.upstreams.get(record.provider);
      const span = this.tracer.startSpan(inferenceSpanName(record.model), {
        kind: SpanKind.CLIENT,
        startTime: upstreamStart,
        attributes: defined({
          [GEN_AI.operationName]: GEN_AI_OPERATION.chat,
          [GEN_AI.providerName]: name,
          [GEN_AI.system]: name,
          [GEN_AI.requestModel]: record.model,
          [GEN_AI.requestStream]: record.stream,
          [GEN_AI.responseModel]: response?.model,
          [GEN_AI.responseFinishReasons]: response?.stopReason === undefined ? undefined : [response.stopReason],
          [GEN_AI.inputTokens]: record.usage?.inputTokens,
          [GEN_AI.outputTokens]: record.usage?.outputTokens,
          [PORTCULLIS.providerId]: record.provider,
          [GENERAL.serverAddress]: upstream?.address,
          [GENERAL.serverPort]: upstream?.port,
          [GENERAL.httpResponseStatusCode]: record.upstreamStatus,
          [GENERAL.errorType]: upstreamFailed ? (record.outcome === 'upstream_failed' ? record.errorCode : undefined) ?? String(record.upstreamStatus) : undefined,
        }),
      }, parent);
      if (upstreamFailed) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end(end);
    }
    root.end(end);
  };

  /** The MCP record hook. */
  readonly observeMcp = (record: McpRecord): void => {
    const start = performance.timeOrigin + record.started;
    const end = start + record.totalMs;
    const method = record.method === '' ? 'unknown' : record.method;
    const isCall = record.method === 'tools/call';
    const errorType = record.errorCode !== undefined ? String(record.errorCode) : record.toolError ? 'tool_error' : undefined;
    const mcp = {
      [MCP.methodName]: method,
      [MCP.sessionId]: record.sessionId,
      [MCP.protocolVersion]: record.protocolVersion,
      [JSONRPC.requestId]: record.jsonRpcId === undefined ? undefined : String(record.jsonRpcId),
      [GEN_AI.toolName]: record.tool,
      [GEN_AI.operationName]: isCall ? GEN_AI_OPERATION.executeTool : undefined,
      [PORTCULLIS.mcpServer]: record.server,
      [GENERAL.errorType]: errorType,
      [GENERAL.rpcResponseStatusCode]: record.errorCode === undefined ? undefined : String(record.errorCode),
    };
    const name = mcpSpanName(method, record.tool);
    const root = this.startRoot(name, SpanKind.SERVER, start, {
      ...mcp,
      [PORTCULLIS.requestId]: record.requestId,
      [PORTCULLIS.outcome]: record.outcome,
      [PORTCULLIS.agentId]: record.principal?.agentId,
      [PORTCULLIS.agentTeam]: record.principal?.team,
      [PORTCULLIS.policyAction]: strongestAction(record.policy),
      [PORTCULLIS.toolError]: record.toolError,
      [PORTCULLIS.overheadMs]: round(record.gatewayMs),
    }, parentOf(metaTraceparent(record.params)), record.requestId);
    if (!root.isRecording()) return;
    if (errorType !== undefined) root.setStatus({ code: SpanStatusCode.ERROR });
    const parent = trace.setSpan(ROOT_CONTEXT, root);
    const upstreamStart = end - record.upstreamMs;
    if (record.policy.length > 0 || record.findings.length > 0) {
      this.guardSpan(parent, Math.max(start, upstreamStart - record.gatewayMs), upstreamStart, record.policy, findingTypes(record.findings), record.findings.length, {});
    }
    if (record.upstreamMs > 0) {
      const span = this.tracer.startSpan(name, { kind: SpanKind.CLIENT, startTime: upstreamStart, attributes: defined(mcp) }, parent);
      if (errorType !== undefined) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end(end);
    }
    root.end(end);
  };

  /** Exports what is queued now. */
  flush(): Promise<void> {
    return this.provider.forceFlush();
  }

  /** Exports what is queued and stops. */
  close(): Promise<void> {
    return this.provider.shutdown();
  }

  private startRoot(name: string, kind: SpanKind, start: number, attributes: Attributes, remote: SpanContext | undefined, requestId: string): Span {
    let context: Context = ROOT_CONTEXT;
    if (remote !== undefined) context = trace.setSpanContext(ROOT_CONTEXT, remote);
    else this.ids.next = traceIdOf(requestId);
    try {
      return this.tracer.startSpan(name, { kind, startTime: start, attributes: defined(attributes) }, context);
    } finally {
      this.ids.next = undefined;
    }
  }

  private guardSpan(
    parent: Context, start: number, end: number, decisions: readonly Decision[], findings: readonly string[], findingCount: number, extra: Attributes,
  ): void {
    const span = this.tracer.startSpan(SPAN.guard, {
      kind: SpanKind.INTERNAL,
      startTime: start,
      attributes: defined({
        [PORTCULLIS.policyAction]: strongestAction(decisions),
        [PORTCULLIS.policyRuleIds]: nonEmpty(enforcedRuleIds(decisions)),
        [PORTCULLIS.policyMonitoredRuleIds]: nonEmpty(monitoredRuleIds(decisions)),
        [PORTCULLIS.policyVersion]: decisions[0]?.policyVersion,
        [PORTCULLIS.findingTypes]: nonEmpty(findings),
        [PORTCULLIS.findingCount]: findingCount === 0 ? undefined : findingCount,
        ...extra,
      }),
    }, parent);
    for (const decision of decisions) {
      span.addEvent(SPAN.decisionEvent, defined({
        [PORTCULLIS.policyEvent]: decision.event,
        [PORTCULLIS.policyAction]: decision.action,
        [PORTCULLIS.policyRuleIds]: nonEmpty(enforcedRuleIds([decision])),
        [GEN_AI.toolName]: decision.tool,
      }), end);
    }
    span.end(end);
  }
}

/** A remote parent from a W3C traceparent, or undefined when it is absent or malformed. */
export function parentOf(traceparent: unknown): SpanContext | undefined {
  if (typeof traceparent !== 'string') return undefined;
  const match = TRACEPARENT.exec(traceparent);
  if (match === null) return undefined;
  const [, version, traceId, spanId, flags] = match as unknown as [string, string, string, string, string];
  if (version === 'ff' || (version === '00' && traceparent.length !== 55) || /^0+$/.test(traceId) || /^0+$/.test(spanId)) return undefined;
  return { traceId, spanId, traceFlags: Number.parseInt(flags, 16) & 1, isRemote: true };
}

/** The traceparent an MCP request carries in params._meta (the MCP conventions' propagation). */
function metaTraceparent(params: unknown): unknown {
  if (typeof params !== 'object' || params === null) return undefined;
  const meta = (params as { _meta?: unknown })._meta;
  return typeof meta === 'object' && meta !== null ? (meta as { traceparent?: unknown }).traceparent : undefined;
}

function traceIdOf(requestId: string): string | undefined {
  const hex = requestId.replaceAll('-', '');
  return /^[0-9a-f]{32}$/.test(hex) && !/^0+$/.test(hex) ? hex : undefined;
}

/** Attributes without the undefined ones. */
function defined(attributes: Record<string, Attributes[string]>): Attributes {
  const out: Attributes = {};
  for (const key in attributes) {
    const value = attributes[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

function nonEmpty(values: readonly string[]): string[] | undefined {
  return values.length === 0 ? undefined : [...values];
}

function countOf(findings: readonly Finding[] | undefined): number {
  return findings?.length ?? 0;
}

const round = (ms: number): number => Math.round(ms * 1000) / 1000;
