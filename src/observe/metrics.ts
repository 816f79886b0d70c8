/**
 * Prometheus metrics (prom-client, text exposition format) at `GET /metrics`.
 *
 * Updated after the fact: an exchange observer (runs once the agent has its answer) and the
 * MCP record hook, never inline in the pipeline. Counters are kept in plain cells on that
 * path (a Map lookup and an add) and handed to prom-client only when Prometheus scrapes;
 * histograms likewise keep bucket counts in cells, exported at scrape time. Gauges that need
 * I/O (pending approvals in Redis) are read in prom-client `collect()` callbacks, at scrape
 * time too.
 *
 * Label values come only from bounded sets: configured agent, admin, provider, model and MCP
 * server ids, the gateway's own routes, outcomes and MCP methods, and the rule ids, entity
 * types and error codes the gateway's code and config produce (capped, in case). A value a
 * request controls (an unknown model name, a made-up MCP method) is counted as "other".
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { Config } from '../config/schema.ts';
import type { Decision } from '../core/decision.ts';
import type { Finding } from '../core/exchange.ts';
import type { Ledger } from '../ledger/index.ts';
import type { McpRecord } from '../mcp/record.ts';
import type { PolicyStore } from '../policy/state/types.ts';
import type { ExchangeRecord } from '../server/record.ts';
import { isObserved, routeLabel } from './routes.ts';

/** The label value of anything outside a label's bounded set. */
export const OTHER = 'other';
/** The label value when there is nothing to name (no agent yet, no provider chosen). */
export const NONE = 'none';

const SAFE_VALUE = /^[\w.:@/*-]{1,128}$/;

/**
 * The values one label may take. Closed sets know every value up front; open sets admit new
 * values (produced by code or config, never by a request) up to a cap, then answer "other".
 */
class LabelValues {
  private readonly seen: Set<string>;
  private readonly open: number;

  constructor(known: Iterable<string>, open = 0) {
    this.seen = new Set(known);
    this.open = open;
  }

  of(value: string | undefined): string {
    if (value === undefined || value === '') return NONE;
    if (this.seen.has(value)) return value;
    if (this.open === 0 || this.seen.size >= this.open || !SAFE_VALUE.test(value)) return OTHER;
    this.seen.add(value);
    return value;
  }
}

/**
 * The series of one metric, found by label values through nested Maps: no key string is
 * built and nothing is allocated once a series exists (this runs for every exchange).
 */
class Series<T> {
  private readonly root = new Map<string, unknown>();
  private readonly names: readonly string[];
  private readonly make: (labels: Record<string, string>) => T;
  readonly all: T[] = [];

  constructor(names: readonly string[], make: (labels: Record<string, string>) => T) {
    this.names = names;
    this.make = make;
  }

  at(a: string, b = '', c = '', d = '', e = ''): T {
    const depth = this.names.length;
    let node = this.root;
    let key = a;
    if (depth > 1) {
      node = child(node, a);
      key = b;
    }
    if (depth > 2) {
      node = child(node, b);
      key = c;
    }
    if (depth > 3) {
      node = child(node, c);
      key = d;
    }
    if (depth > 4) {
      node = child(node, d);
      key = e;
    }
    let leaf = node.get(key) as T | undefined;
    if (leaf === undefined) {
      const values = [a, b, c, d, e];
      const labels: Record<string, string> = {};
      this.names.forEach((name, i) => (labels[name] = values[i] as string));
      leaf = this.make(labels);
      node.set(key, leaf);
      this.all.push(leaf);
    }
    return leaf;
  }
}

function child(node: Map<string, unknown>, key: string): Map<string, unknown> {
  let next = node.get(key) as Map<string, unknown> | undefined;
  if (next === undefined) {
    next = new Map();
    node.set(key, next);
  }
  return next;
}

interface Cell {
  readonly labels: Record<string, string>;
  value: number;
}

/** A counter whose hot path is a few Map lookups and an add; prom-client sees the totals at scrape time. */
class CounterCells {
  private readonly cells: Series<Cell>;

  constructor(registry: Registry, name: string, help: string, labelNames: readonly string[]) {
    const cells = new Series<Cell>(labelNames, (labels) => ({ labels, value: 0 }));
    this.cells = cells;
    new Counter({
      name, help, labelNames, registers: [registry],
      collect(this: Counter) {
        this.reset();
        for (const cell of cells.all) this.inc(cell.labels, cell.value);
      },
    });
  }

  inc(amount: number, a: string, b?: string, c?: string, d?: string, e?: string): void {
    this.cells.at(a, b, c, d, e).value += amount;
  }
}

interface HistogramCell {
  readonly labels: Record<string, string>;
  /** Observations per bucket, not cumulative: index i counts values in (bounds[i-1], bounds[i]]; the last, above every bound. */
  readonly counts: Float64Array;
  sum: number;
  count: number;
}

/**
 * A histogram kept in plain cells, like CounterCells: an observation is a few Map lookups, a
 * short bucket scan and three adds. prom-client's own Histogram builds a closure and a label
 * hash string per observation (about 0.5 µs, three times per exchange); this one is handed to
 * the registry as a metric whose values are built only when Prometheus scrapes.
 */
export class HistogramCells {
  private readonly cells: Series<HistogramCell>;
  private readonly bounds: readonly number[];

  constructor(registry: Registry, name: string, help: string, labelNames: readonly string[], bounds: readonly number[]) {
    this.bounds = bounds;
    const cells = new Series<HistogramCell>(labelNames, (labels) => ({
      labels, counts: new Float64Array(bounds.length + 1), sum: 0, count: 0,
    }));
    this.cells = cells;
    const metric = {
      name, help, type: 'histogram', aggregator: 'sum',
      reset(): void {
        for (const cell of cells.all) {
          cell.counts.fill(0);
          cell.sum = 0;
          cell.count = 0;
        }
      },
      get: async () => ({ name, help, type: 'histogram', aggregator: 'sum', values: exportHistogram(name, bounds, cells.all) }),
    };
    // registerMetric is typed for prom-client's own classes; the registry only calls get() and reset().
    registry.registerMetric(metric as unknown as Parameters<Registry['registerMetric']>[0]);
  }

  observe(value: number, a: string, b?: string): void {
    const cell = this.cells.at(a, b);
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && value > (bounds[i] as number)) i++;
    cell.counts[i]! += 1;
    cell.sum += value;
    cell.count += 1;
  }
}

/** Prometheus' histogram series: cumulative `_bucket{le}` per bound and +Inf, then `_sum` and `_count`. */
function exportHistogram(name: string, bounds: readonly number[], cells: readonly HistogramCell[]) {
  const values: { metricName: string; labels: Record<string, string | number>; value: number }[] = [];
  for (const cell of cells) {
    let cumulative = 0;
    bounds.forEach((bound, i) => {
      cumulative += cell.counts[i] as number;
      values.push({ metricName: `${name}_bucket`, labels: { le: bound, ...cell.labels }, value: cumulative });
    });
    values.push({ metricName: `${name}_bucket`, labels: { le: '+Inf', ...cell.labels }, value: cell.count });
    values.push({ metricName: `${name}_sum`, labels: cell.labels, value: cell.sum });
    values.push({ metricName: `${name}_count`, labels: cell.labels, value: cell.count });
  }
  return values;
}

/** The gateway's own time: tens of µs to tens of ms. */
const OVERHEAD_BUCKETS = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];
/** Model calls and whole exchanges: a refusal takes a millisecond, a long stream minutes. */
const LATENCY_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

const MCP_METHODS = [
  'initialize', 'ping', 'tools/list', 'tools/call', 'resources/list', 'resources/read', 'resources/templates/list',
  'resources/subscribe', 'resources/unsubscribe', 'prompts/list', 'prompts/get', 'completion/complete', 'logging/setLevel',
  'tasks/get', 'tasks/list', 'tasks/result', 'tasks/cancel',
];

export interface MetricsSources {
  readonly ledger?: Ledger | undefined;
  /** Where pending approvals are counted; a function when the store exists only once the gateway does. */
  readonly policyStore?: PolicyStore | (() => PolicyStore | undefined) | undefined;
  /** Provenance memory shared by replicas (guards/shared-provenance.ts), when configured. */
  readonly provenance?: { readonly sharing: boolean; readonly failures: number } | undefined;
}

/** What the gateway needs to serve the metrics route (see GatewayCore.metrics). */
export interface MetricsEndpoint {
  readonly path: string;
  serve(req: IncomingMessage, res: ServerResponse, admins: { authenticate(headers: IncomingMessage['headers']): unknown }): void;
}

export class GatewayMetrics implements MetricsEndpoint {
  readonly registry = new Registry();
  readonly path: string;
  private readonly auth: 'none' | 'admin';

  private readonly agents: LabelValues;
  private readonly providers: LabelValues;
  private readonly models: LabelValues;
  private readonly servers: LabelValues;
  private readonly methods = new LabelValues(MCP_METHODS);
  private readonly rules = new LabelValues([], 256);
  private readonly types = new LabelValues([], 128);
  private readonly codes = new LabelValues([], 64);
  private readonly guards = new LabelValues([], 32);

  private readonly requests: CounterCells;
  private readonly tokens: CounterCells;
  private readonly decisions: CounterCells;
  private readonly monitored: CounterCells;
  private readonly guardVerdicts: CounterCells;
  private readonly findings: CounterCells;
  private readonly upstreamErrors: CounterCells;
  private readonly mcpRequests: CounterCells;
  private readonly mcpToolCalls: CounterCells;
  private readonly duration: HistogramCells;
  private readonly overhead: HistogramCells;
  private readonly upstream: HistogramCells;
  private readonly mcpDuration: HistogramCells;
  private readonly mcpOverhead: HistogramCells;

  constructor(config: Config, sources: MetricsSources = {}) {
    const { metrics } = config.observability;
    this.path = metrics.path;
    this.auth = metrics.auth;
    this.agents = new LabelValues([...config.agents.map((a) => a.id), ...config.admins.map((a) => a.id)]);
    this.providers = new LabelValues(config.providers.map((p) => p.id));
    // Exact model names only: a glob would admit any name a request makes up.
    const models = [...config.providers.flatMap((p) => p.models), ...config.agents.flatMap((a) => a.models)];
    this.models = new LabelValues(models.filter((m) => !m.includes('*')));
    this.servers = new LabelValues((config.mcp?.servers ?? []).map((s) => s.id));

    const r = this.registry;
    this.requests = new CounterCells(r, 'portcullis_requests_total',
      'Requests the gateway answered, by route, agent, upstream provider, model and outcome',
      ['route', 'agent', 'provider', 'model', 'outcome']);
    this.tokens = new CounterCells(r, 'portcullis_tokens_total',
      'Tokens the providers reported, by agent, provider and type (input, output)', ['agent', 'provider', 'type']);
    this.decisions = new CounterCells(r, 'portcullis_policy_decisions_total',
      'Policy decisions, by event, action and deciding rule ("none": the default applied)', ['event', 'action', 'rule']);
    this.monitored = new CounterCells(r, 'portcullis_policy_monitored_total',
      'Monitor-mode rule matches (recorded, not enforced), by event and rule', ['event', 'rule']);
    this.guardVerdicts = new CounterCells(r, 'portcullis_guard_verdicts_total',
      'Guard verdicts that refused (deny) or rewrote (edit) an exchange, by guard', ['guard', 'verdict']);
    this.findings = new CounterCells(r, 'portcullis_findings_total',
      'Detector findings by entity type (never values), in LLM exchanges and MCP tool calls', ['type', 'source']);
    this.upstreamErrors = new CounterCells(r, 'portcullis_upstream_errors_total',
      'Failed upstream calls, by provider and code (the gateway\'s error code, or http_<status> for a provider error status)',
      ['provider', 'code']);
    this.mcpRequests = new CounterCells(r, 'portcullis_mcp_requests_total',
      'MCP requests, by server, method, agent and outcome', ['server', 'method', 'agent', 'outcome']);
    this.mcpToolCalls = new CounterCells(r, 'portcullis_mcp_tool_calls_total',
      'MCP tools/call requests by server and decision (the policy action, or quarantined)', ['server', 'decision']);
    this.duration = new HistogramCells(r, 'portcullis_request_duration_seconds',
      'Whole exchange, from the request\'s arrival to the end of the response', ['route', 'provider'], LATENCY_BUCKETS);
    this.overhead = new HistogramCells(r, 'portcullis_gateway_overhead_seconds',
      'The gateway\'s own time in an exchange (request and response processing), upstream time excluded', ['route', 'provider'], OVERHEAD_BUCKETS);
    this.upstream = new HistogramCells(r, 'portcullis_upstream_duration_seconds',
      'From dispatch to the provider to the end of its response', ['provider'], LATENCY_BUCKETS);
    this.mcpDuration = new HistogramCells(r, 'portcullis_mcp_request_duration_seconds',
      'MCP requests, arrival to answer', ['server', 'method'], LATENCY_BUCKETS);
    this.mcpOverhead = new HistogramCells(r, 'portcullis_mcp_gateway_overhead_seconds',
      'The gateway\'s own time in an MCP request, server time excluded', ['server'], OVERHEAD_BUCKETS);

    this.ledgerGauges(sources.ledger);
    this.approvalGauge(sources.policyStore);
    this.provenanceGauges(sources.provenance);
    collectDefaultMetrics({ register: r });
  }

  /** The exchange observer: a few Map lookups and adds per exchange. */
  readonly observeExchange = (record: ExchangeRecord): void => {
    if (!isObserved(record.route)) return;
    const route = routeLabel(record.route);
    const principal = record.principal;
    const agent = this.agents.of(principal?.agentId);
    const provider = this.providers.of(record.provider);
    this.requests.inc(1, route, agent, provider, this.models.of(record.model), record.outcome);
    this.duration.observe(record.totalMs / 1000, route, provider);
    this.overhead.observe(record.overheadMs / 1000, route, provider);
    const status = record.upstreamStatus;
    if (status !== undefined || record.outcome === 'upstream_failed') {
      this.upstream.observe(record.upstreamMs / 1000, provider);
      if (record.outcome === 'upstream_failed') this.upstreamErrors.inc(1, provider, this.codes.of(record.errorCode));
      else if (status !== undefined && status >= 400) this.upstreamErrors.inc(1, provider, `http_${status}`);
    }
    const usage = record.usage;
    if (usage !== undefined) {
      if (usage.inputTokens > 0) this.tokens.inc(usage.inputTokens, agent, provider, 'input');
      if (usage.outputTokens > 0) this.tokens.inc(usage.outputTokens, agent, provider, 'output');
    }
    if (record.policy.length > 0) this.countDecisions(record.policy);
    for (const decision of record.decisions) {
      this.guardVerdicts.inc(1, this.guards.of(decision.guard), 'deny' in decision.verdict ? 'deny' : 'edit');
    }
    const findings = record.request?.findings;
    if (findings !== undefined) this.countFindings(findings, 'llm');
    const response = record.decodedResponse?.findings;
    if (response !== undefined) this.countFindings(response, 'llm');
  };

  /** The MCP record hook. */
  readonly observeMcp = (record: McpRecord): void => {
    const server = this.servers.of(record.server);
    const method = this.methods.of(record.method);
    this.mcpRequests.inc(1, server, method, this.agents.of(record.principal?.agentId), record.outcome);
    this.mcpDuration.observe(record.totalMs / 1000, server, method);
    this.mcpOverhead.observe(record.gatewayMs / 1000, server);
    if (record.method === 'tools/call') {
      const call = record.policy.find((d) => d.event === 'mcp.call');
      const decision = record.outcome === 'quarantined' ? 'quarantined' : call?.action ?? NONE;
      this.mcpToolCalls.inc(1, server, decision);
    }
    if (record.policy.length > 0) this.countDecisions(record.policy);
    if (record.findings.length > 0) this.countFindings(record.findings, 'mcp');
  };

  serve(req: IncomingMessage, res: ServerResponse, admins: { authenticate(headers: IncomingMessage['headers']): unknown }): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendProblem(res, 405, 'method_not_allowed', 'the metrics route accepts GET only', { allow: 'GET, HEAD' });
    }
    if (this.auth === 'admin') {
      try {
        admins.authenticate(req.headers);
      } catch {
        return sendProblem(res, 401, 'invalid_api_key', 'metrics need an admin key: "Authorization: Bearer <admin key>"',
          { 'www-authenticate': 'Bearer realm="portcullis-metrics"' });
      }
    }
    this.registry.metrics().then((text) => {
      res.writeHead(200, { 'content-type': this.registry.contentType, 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : text);
    }, () => sendProblem(res, 500, 'metrics_failed', 'the metrics could not be collected'));
  }

  private countDecisions(decisions: readonly Decision[]): void {
    for (const decision of decisions) {
      const deciding = decision.matches[0];
      const rule = deciding === undefined ? NONE : this.rules.of(deciding.source === 'approval' ? 'approval' : deciding.id);
      this.decisions.inc(1, decision.event, decision.action, rule);
      for (const match of decision.monitored) this.monitored.inc(1, decision.event, this.rules.of(match.id));
    }
  }

  private countFindings(findings: readonly Finding[], source: string): void {
    for (const finding of findings) this.findings.inc(1, this.types.of(finding.type), source);
  }

  private ledgerGauges(ledger: Ledger | undefined): void {
    if (ledger === undefined) return;
    const registers = [this.registry];
    const started = Date.now();
    new Gauge({
      name: 'portcullis_ledger_queue_depth', help: 'Records waiting to be written to the audit ledger', registers,
      collect(this: Gauge) {
        this.set(ledger.writer.queued);
      },
    });
    new Gauge({
      name: 'portcullis_ledger_healthy', help: '1 while the audit ledger writes, 0 while it cannot (new work is then refused unless onFailure: continue)', registers,
      collect(this: Gauge) {
        this.set(ledger.writer.healthy ? 1 : 0);
      },
    });
    new Gauge({
      name: 'portcullis_ledger_checkpoint_age_seconds',
      help: 'Seconds since the newest signed checkpoint (since the gateway started, when none is signed yet)', registers,
      collect(this: Gauge) {
        this.set((Date.now() - (ledger.checkpoints.latest?.createdAt ?? started)) / 1000);
      },
    });
    new Gauge({
      name: 'portcullis_ledger_unsigned_records', help: 'Committed records no signed checkpoint covers yet', registers,
      collect(this: Gauge) {
        this.set(ledger.checkpoints.unsigned);
      },
    });
  }

  private provenanceGauges(provenance: MetricsSources['provenance']): void {
    if (provenance === undefined) return;
    const registers = [this.registry];
    new Gauge({
      name: 'portcullis_provenance_shared',
      help: '1 while provenance memory is shared with the other replicas through Redis, 0 while this replica judges by its own (Redis unreachable, or its hash seed lost)',
      registers,
      collect(this: Gauge) {
        this.set(provenance.sharing ? 1 : 0);
      },
    });
    new Counter({
      name: 'portcullis_provenance_shared_failures_total', help: 'Reads and writes of the shared provenance memory that failed (the calls were judged by this replica\'s memory)', registers,
      collect(this: Counter) {
        this.reset();
        this.inc(provenance.failures);
      },
    });
  }

  private approvalGauge(source: MetricsSources['policyStore']): void {
    if (source === undefined) return;
    new Gauge({
      name: 'portcullis_approvals_pending', help: 'Tool calls held for a human decision', registers: [this.registry],
      async collect(this: Gauge) {
        const store = typeof source === 'function' ? source() : source;
        if (store === undefined) return;
        // A slow or failing shared store must not hang the scrape: the last value stays.
        const pending = await withTimeout(Promise.resolve(store.listApprovals('pending', Date.now())), 1_000).catch(() => undefined);
        if (pending !== undefined) this.set(pending.length);
      },
    });
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function sendProblem(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) return void res.destroy();
  const type = status === 401 ? 'authentication_error' : status >= 500 ? 'server_error' : 'invalid_request_error';
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify({ error: { message, type, param: null, code } }));
}
