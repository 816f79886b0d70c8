import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Config } from '../config/schema.ts';
import { GatewayError } from '../core/errors.ts';
import type { Guard } from '../core/guard.ts';
import { ModelAllowlistGuard } from '../guards/model-allowlist.ts';
import { createMcpGateway } from '../mcp/index.ts';
import type { McpRecord } from '../mcp/record.ts';
import type { MetricsEndpoint } from '../observe/metrics.ts';
import { detectorGuards } from '../guards/from-config.ts';
import { AgentProvenance, type ProvenanceMemory } from '../guards/agent-provenance.ts';
import { PolicyGuard } from '../guards/policy.ts';
import { RequestLimitsGuard } from '../guards/request-limits.ts';
import { compilePolicy } from '../policy/compile.ts';
import { PolicyEngine, type PolicyEngineOptions } from '../policy/engine.ts';
import { MemoryPolicyStore } from '../policy/state/memory.ts';
import type { PolicyStore } from '../policy/state/types.ts';
import type { ProtocolAdapter } from '../protocols/adapter.ts';
import { anthropicMessages } from '../protocols/anthropic-messages/index.ts';
import { openAIChat } from '../protocols/openai-chat/index.ts';
import { renderOpenAIError } from '../protocols/openai-errors.ts';
import { openAIResponses } from '../protocols/openai-responses/index.ts';
import { ProviderRegistry } from '../upstream/providers.ts';
import { AdminDirectory, AgentDirectory } from './auth.ts';
import type { GatewayCore } from './core.ts';
import type { Ledger } from '../ledger/index.ts';
import { createAdminServices, handleAdmin, serveConsole } from './admin/index.ts';
import type { McpGateway } from '../mcp/index.ts';
import { exchangeDraft } from './exchange-draft.ts';
import { handleLlmExchange } from './llm-exchange.ts';
import { handleModels } from './models.ts';
import { ExchangeRecord, type ExchangeObserver } from './record.ts';
import { sendError, sendJson, sendUnrecordedError } from './respond.ts';

const LLM_ROUTES = new Map<string, ProtocolAdapter>([
  ['/v1/chat/completions', openAIChat],
  ['/v1/responses', openAIResponses],
  ['/v1/messages', anthropicMessages],
]);

const INTERNAL_ERROR_BODY = JSON.stringify({
  error: { message: 'the gateway failed to process the request', type: 'server_error', param: null, code: 'internal_error' },
});

export interface GatewayOptions {
  readonly config: Config;
  /** Stages run after the built-in guards (the seam where detectors and policy plug in). */
  readonly guards?: readonly Guard[];
  readonly observers?: readonly ExchangeObserver[];
  /** Where policy state lives; in-process by default (pass a RedisPolicyStore to share it). */
  readonly policyStore?: PolicyStore;
  /** Provenance memory shared with other replicas (guards/shared-provenance.ts); absent: this process's own. */
  readonly provenance?: ProvenanceMemory;
  readonly onApprovalRequested?: PolicyEngineOptions['onApprovalRequested'];
  /** The audit ledger every exchange and admin act is recorded in (opened by the caller). */
  readonly ledger?: Ledger;
  /** Told about records that could not be written (never their content). */
  readonly onUnrecorded?: (requestId: string, problem: string) => void;
  /** Told about every MCP request once it is answered (for the log). */
  readonly onMcpRecord?: (record: McpRecord) => void;
  /** Serves Prometheus metrics (see src/observe); absent: no metrics route. */
  readonly metrics?: MetricsEndpoint | undefined;
}

export interface Gateway {
  readonly server: Server;
  readonly core: GatewayCore;
  readonly policy: PolicyEngine;
  /** Starts listening on the configured host and port; resolves to the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
  /** A console login token for an admin: usable once, within 15 minutes (the demo prints one). */
  createOneTimeLogin(adminId: string): string;
}

export function createGateway(options: GatewayOptions): Gateway {
  const { config } = options;
  const modelAccess = new ModelAllowlistGuard(config.agents);
  const store = options.policyStore ?? new MemoryPolicyStore();
  const policy = new PolicyEngine(compilePolicy(config), {
    store,
    ...(options.onApprovalRequested === undefined ? {} : { onApprovalRequested: options.onApprovalRequested }),
  });
  // Detectors run before policy, so rules see what they found.
  const { data: dataGuard, injection: injectionGuard, links: linkGuard } = detectorGuards(config);
  // What the LLM door learns of who supplied an agent's values, the MCP door uses for its calls
  // (shared by replicas when the caller opened a shared memory: cli/start.ts).
  // Without an MCP door, nothing looks up the calls the LLM door lets through: none are kept.
  const provenance = options.provenance ?? new AgentProvenance(config.mcp === undefined ? { maxProposedPerAgent: 0 } : {});
  const policyGuard = new PolicyGuard(policy, {
    provenance,
    ...(dataGuard === undefined ? {} : { scan: (text: string) => dataGuard.scan(text) }),
    ...(config.injection === undefined ? {} : { neutralize: config.injection.neutralize }),
  });
  // Data protection first: the link guard chains its remover after the response masker it sets.
  const detectors: Guard[] = [dataGuard, injectionGuard, linkGuard].filter((guard) => guard !== undefined);
  const guards: Guard[] = [modelAccess, new RequestLimitsGuard(config.server.limits), ...detectors, policyGuard, ...(options.guards ?? [])];
  const admins = new AdminDirectory(config.admins);
  let mcp: McpGateway | undefined;
  const admin = createAdminServices({ config, admins, engine: policy, mcp: () => mcp, ...(options.ledger === undefined ? {} : { ledger: options.ledger.store }) });
  const consoleFed = config.admins.length > 0;
  const core: GatewayCore = {
    limits: config.server.limits,
    agents: new AgentDirectory(config.agents),
    admins,
    admin,
    providers: new ProviderRegistry(config.providers),
    modelAccess,
    policy,
    guards,
    get inspectsResponses() {
      return guards.some((guard) => guard.onResponse !== undefined && guard.inspectsResponses !== false);
    },
    judgesToolCalls: guards.some((guard) => guard.onToolCall !== undefined),
    decode: { toolDescriptions: guards.some((guard) => guard.readsToolDescriptions === true) },
    ledger: options.ledger,
    onUnrecorded: options.onUnrecorded ?? (() => undefined),
    // The console's feed only where someone can sign in to read it: every exchange pays for it.
    observers: [chargeTokens(policyGuard), rememberStoredTurn(policyGuard), ...(consoleFed ? admin.observers : []), ...(options.observers ?? [])],
    metrics: options.metrics,
  };
  const given = options.onMcpRecord;
  const onMcpRecord = !consoleFed ? given : given === undefined ? admin.onMcpRecord : (record: McpRecord) => {
    admin.onMcpRecord(record);
    given(record);
  };
  mcp = createMcpGateway({
    config, agents: core.agents, engine: policy, provenance,
    ...(dataGuard === undefined ? {} : { data: dataGuard }),
    ...(injectionGuard === undefined ? {} : { injection: injectionGuard }),
    ...(options.ledger === undefined ? {} : { ledger: options.ledger }),
    ...(onMcpRecord === undefined ? {} : { onRecord: onMcpRecord }),
  });
  const clientTimeout = config.server.timeouts.headersMs;
  const server = createServer(
    {
      requestTimeout: clientTimeout,
      headersTimeout: clientTimeout,
      // Node checks those timeouts on this sweep (default 30 s): sweep often enough to honour them.
      connectionsCheckingInterval: Math.min(Math.max(clientTimeout / 4, 100), 5_000),
      keepAliveTimeout: 5_000,
    },
    (req, res) => {
      try {
        if (mcp?.handle(req, res, pathOf(req)) !== true) handle(core, req, res);
      } catch {
        // A bug on one request must cost that request only, never the gateway.
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(INTERNAL_ERROR_BODY);
      }
    },
  );
  return {
    server,
    core,
    policy,
    createOneTimeLogin: (adminId) => admin.sessions.createOneTimeLogin(adminId),
    listen: () => new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.server.port, config.server.host, () => {
        server.off('error', reject);
        const address = server.address() as AddressInfo;
        const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
        resolve(`http://${host}:${address.port}`);
      });
    }),
    close: async () => {
      // Stop accepting, let in-flight exchanges finish (a stream can run for minutes), and
      // after the drain period cut what is left so shutdown always ends. Console activity
      // streams never finish on their own: they end now.
      admin.close();
      const drained = new Promise<void>((resolve) => server.close(() => resolve()));
      // Connections whose exchange ends during the drain go idle, and idle ones are not
      // closed by server.close() itself: sweep them as they appear.
      server.closeIdleConnections();
      const sweep = setInterval(() => server.closeIdleConnections(), 25);
      let deadline: NodeJS.Timeout | undefined;
      const cut = new Promise<void>((resolve) => {
        deadline = setTimeout(() => {
          server.closeAllConnections();
          resolve();
        }, config.server.timeouts.drainMs);
      });
      await Promise.race([drained, cut]);
      clearTimeout(deadline);
      clearInterval(sweep);
      await Promise.all([core.providers.close(), mcp?.close()]);
      if (options.policyStore === undefined) await store.close();
    },
  };
}

function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

function handle(core: GatewayCore, req: IncomingMessage, res: ServerResponse): void {
  const path = pathOf(req);
  if (path === core.metrics?.path) return core.metrics.serve(req, res, core.admins);
  const started = performance.now();
  const record = new ExchangeRecord(randomUUID(), path, req.socket.remoteAddress ?? '');
  record.started = started;
  res.on('close', () => complete(core, record, res, started));
  if (path === '/healthz') return sendHealth(core, res, record);
  if (path === '/ledger/checkpoint') return sendCheckpoint(core, res, record);
  if (path === '/console' || path.startsWith('/console/')) {
    // Static files are not acts (no ledger record), and stay available while the ledger is down.
    record.recorded = true;
    return serveConsole(req, res, path, record.requestId);
  }
  const ledger = core.ledger;
  if (ledger !== undefined) {
    if (!ledger.writer.healthy && ledger.config.onFailure === 'refuse') {
      // Fail closed: what cannot be recorded is not done.
      const error = new GatewayError('unavailable', 'ledger_unavailable', `the audit ledger cannot record right now (${ledger.writer.unhealthyReason}), so the gateway refuses work`);
      return sendUnrecordedError(res, LLM_ROUTES.get(path) ?? { renderError: renderOpenAIError }, error, record);
    }
    if (ledger.sync) record.commit = (status) => recordExchange(core, record, status);
  }
  const adapter = LLM_ROUTES.get(path);
  if (adapter !== undefined) {
    if (req.method !== 'POST') return methodNotAllowed(res, record, 'POST');
    handleLlmExchange(core, adapter, req, res, record).catch(() => {
      sendError(res, adapter, new GatewayError('internal', 'internal_error', 'the gateway failed to process the request'), record);
    });
    return;
  }
  if (path.startsWith('/admin/')) return handleAdmin(core, req, res, record, path);
  if (path === '/v1/models' || path.startsWith('/v1/models/')) {
    if (req.method !== 'GET') return methodNotAllowed(res, record, 'GET');
    let id: string | undefined;
    try {
      id = path.length > '/v1/models/'.length ? decodeURIComponent(path.slice('/v1/models/'.length)) : undefined;
    } catch {
      const error = new GatewayError('invalid_request', 'invalid_path', 'the model id in the path is not valid percent-encoding');
      return sendError(res, { renderError: renderOpenAIError }, error, record);
    }
    return handleModels(core, req, res, record, id);
  }
  sendError(res, { renderError: renderOpenAIError }, new GatewayError('not_found', 'unknown_route', `no route for ${req.method} ${path}`), record);
}

/** Token budgets learn a response's usage once the exchange is over. */
function chargeTokens(guard: PolicyGuard): ExchangeObserver {
  return (record) => {
    const tokens = (record.usage?.inputTokens ?? 0) + (record.usage?.outputTokens ?? 0);
    if (tokens === 0 || record.principal === undefined) return;
    const charged = guard.chargeTokens({ principal: record.principal, context: record, tokens });
    // A shared store that fails here loses one charge; the next request's check still runs.
    if (charged instanceof Promise) charged.catch(() => undefined);
  };
}

/** A turn the provider stored (a Responses API response) is remembered for the turn that continues it. */
function rememberStoredTurn(guard: PolicyGuard): ExchangeObserver {
  return (record) => {
    const status = record.upstreamStatus ?? 0;
    if (record.principal === undefined || status < 200 || status >= 300) return;
    guard.storedTurnEnded(record, record.principal.agentId, record.storedResponseId);
  };
}

function methodNotAllowed(res: ServerResponse, record: ExchangeRecord, allowed: string): void {
  res.setHeader('allow', allowed);
  const error = new GatewayError('invalid_request', 'method_not_allowed', `this route accepts ${allowed} only`);
  sendError(res, { renderError: (e) => ({ ...renderOpenAIError(e), status: 405 }) }, error, record);
}

/**
 * Hands the exchange to the ledger, once. In sync mode this runs just before the response's
 * last write, which waits for it; otherwise when the exchange is over.
 */
function recordExchange(core: GatewayCore, record: ExchangeRecord, status: number): Promise<unknown> | undefined {
  const ledger = core.ledger;
  if (ledger === undefined || record.recorded) return undefined;
  record.recorded = true;
  const durable = ledger.record(exchangeDraft(record, status, performance.now() - record.started));
  durable.catch((error: unknown) => core.onUnrecorded(record.requestId, error instanceof Error ? error.message : String(error)));
  return durable;
}

/** 503 while the gateway cannot do its job safely (its ledger cannot write), so balancers route around it. */
function sendHealth(core: GatewayCore, res: ServerResponse, record: ExchangeRecord): void {
  const writer = core.ledger?.writer;
  if (writer === undefined || writer.healthy) return sendJson(res, 200, { status: 'ok' }, record);
  sendJson(res, 503, { status: 'degraded', ledger: writer.unhealthyReason }, record);
}

/** The newest signed checkpoint, as its signed note: public, like a transparency log's. */
function sendCheckpoint(core: GatewayCore, res: ServerResponse, record: ExchangeRecord): void {
  const latest = core.ledger?.checkpoints.latest;
  if (latest === undefined) {
    return sendUnrecordedError(res, { renderError: renderOpenAIError }, new GatewayError('not_found', 'no_checkpoint', 'no signed checkpoint yet'), record);
  }
  res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'x-portcullis-request-id': record.requestId });
  res.end(latest.note);
}

function complete(core: GatewayCore, record: ExchangeRecord, res: ServerResponse, started: number): void {
  record.status = res.statusCode;
  record.totalMs = performance.now() - started;
  // A response cut short by the gateway (upstream failure) was not the client's doing. A client
  // that closes once it has read everything (an SDK done with a stream) may do so before node
  // has flushed the last write, or while the stream's end waits for its ledger record: the
  // gateway having ended the response, or relayed all of a stream, is what counts.
  if (!res.writableEnded && !record.relayed && record.outcome !== 'upstream_failed') record.outcome = 'client_closed';
  // Health checks and checkpoint reads are not acts worth a record.
  if (record.route !== '/healthz' && record.route !== '/ledger/checkpoint') recordExchange(core, record, record.status);
  for (const observe of core.observers) {
    try {
      observe(record);
    } catch {
      // An observer failing must never take the gateway down with it.
    }
  }
}
