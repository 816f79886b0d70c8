/**
 * One agent's MCP session with one server: the gateway's end of the conversation. Request ids
 * are the gateway's on the upstream side (so its own requests, such as re-listing tools, never
 * collide with the agent's), mapped back on the way down. Messages the server sends on its
 * own (progress, sampling, elicitation, roots) go to the agent's stream for them: the request
 * a progress token belongs to, else the session's GET stream, else the newest open request.
 */
import { randomUUID } from 'node:crypto';
import type { Principal } from '../core/exchange.ts';
import type { McpServerConfig } from '../config/mcp-schema.ts';
import {
  errorResponse, isNotification, isRequest, REQUEST_CANCELLED, REQUEST_TIMEOUT, UPSTREAM_UNAVAILABLE,
  type JsonRpcMessage, type JsonRpcNotification, type JsonRpcRequest, type JsonRpcResponse, type RequestId,
} from './jsonrpc.ts';
import type { SessionTools } from './session-tools.ts';
import type { UpstreamTransport } from './upstream/transport.ts';

/** Where messages for the agent go: a POST's response (JSON or SSE) or the session's GET stream. */
export interface DownstreamSink {
  send(message: JsonRpcMessage): void;
  readonly closed: boolean;
}

interface InFlight {
  readonly method: string;
  readonly downstreamId?: RequestId;
  readonly sink?: DownstreamSink;
  readonly progressToken?: string | number;
  readonly settle: (response: JsonRpcResponse) => void;
  readonly timer: NodeJS.Timeout;
}

/** How long the server may take: to answer `initialize` (it may have just started), and any other request. */
export interface SessionTimeouts {
  readonly startMs: number;
  readonly requestMs: number;
}

/** Server notifications the session acts on before the agent sees them (e.g. tools/list_changed). */
export type NotificationHook = (notification: JsonRpcNotification) => Promise<void> | void;

export class McpSession {
  readonly id = randomUUID();
  readonly principal: Principal;
  readonly server: McpServerConfig;
  lastActive = Date.now();
  /** Negotiated in initialize: what the agent and the server agreed to speak. */
  protocolVersion?: string;
  onNotification?: NotificationHook;
  /** The session's pinned view of its server's tools (attached when the session opens). */
  tools?: SessionTools;
  /** The same for its prompts and resource templates (pinned like tools). */
  prompts?: SessionTools;
  templates?: SessionTools;
  /** Called once when the upstream connection ends (the session is then over). */
  onEnd?: (reason: string) => void;
  private readonly upstream: UpstreamTransport;
  private readonly timeouts: SessionTimeouts;
  private nextId = 1;
  private readonly inflight = new Map<number, InFlight>();
  /** Server-to-agent requests: the id the agent sees → the server's own id. */
  private readonly toAgent = new Map<string, RequestId>();
  private standalone: DownstreamSink | undefined;
  private backlog: JsonRpcMessage[] = [];
  private ended: string | undefined;

  constructor(principal: Principal, server: McpServerConfig, upstream: UpstreamTransport, timeouts: SessionTimeouts) {
    this.principal = principal;
    this.server = server;
    this.upstream = upstream;
    this.timeouts = timeouts;
    upstream.onmessage = (message) => this.fromServer(message);
    upstream.onclose = (reason) => this.end(reason);
  }

  get isOpen(): boolean {
    return this.ended === undefined;
  }

  /** Whether a request to the server is awaiting its answer. */
  get busy(): boolean {
    return this.inflight.size > 0;
  }

  start(): Promise<void> {
    return this.upstream.start();
  }

  setProtocolVersion(version: string): void {
    this.protocolVersion = version;
    this.upstream.setProtocolVersion?.(version);
  }

  /** Adopts the protocol version a server answered `initialize` with; undefined when it named none. */
  adoptVersion(response: JsonRpcResponse): string | undefined {
    const version = response.result?.['protocolVersion'];
    if (typeof version !== 'string') return undefined;
    this.setProtocolVersion(version);
    return version;
  }

  /** Forwards an agent's request; resolves with the server's response, its id the agent's again. */
  forward(request: JsonRpcRequest, sink: DownstreamSink): Promise<JsonRpcResponse> {
    const token = (request.params?.['_meta'] as { progressToken?: string | number } | undefined)?.progressToken;
    return this.send(request.method, request.params, { downstreamId: request.id, sink, ...(token === undefined ? {} : { progressToken: token }) });
  }

  /** The gateway's own request to the server (e.g. tools/list before judging a call). */
  request(method: string, params?: Record<string, unknown>): Promise<JsonRpcResponse> {
    return this.send(method, params, {});
  }

  /**
   * A notification from the agent. A cancellation names the request by the server's id, and
   * settles it here at once: the agent has stopped waiting, a server need not answer a
   * cancelled request at all, and the record should not wait out the request timeout.
   */
  notify(notification: JsonRpcNotification): void {
    if (notification.method !== 'notifications/cancelled') {
      this.upstream.send(notification).catch(() => undefined);
      return;
    }
    const id = notification.params?.['requestId'];
    const found = [...this.inflight].find(([, f]) => f.downstreamId === id);
    if (found === undefined) return; // already answered, or never sent: nothing to cancel
    const [upstreamId, inflight] = found;
    this.upstream.send({ ...notification, params: { ...notification.params, requestId: upstreamId } }).catch(() => undefined);
    // The agent's reason goes to the server only: it is the agent's text, not the gateway's to repeat.
    inflight.settle(errorResponse(upstreamId, REQUEST_CANCELLED, 'cancelled by the agent'));
  }

  /** The agent's answer to a request the server sent it (sampling, elicitation, roots). */
  answer(response: JsonRpcResponse): boolean {
    const key = String(response.id);
    const serverId = this.toAgent.get(key);
    if (serverId === undefined) return false;
    this.toAgent.delete(key);
    this.upstream.send({ ...response, id: serverId }).catch(() => undefined);
    return true;
  }

  /** The session's GET stream: server messages unrelated to a request arrive here. */
  attachStream(sink: DownstreamSink): void {
    this.standalone = sink;
    const waiting = this.backlog;
    this.backlog = [];
    for (const message of waiting) sink.send(message);
  }

  async close(reason = 'was closed by the agent'): Promise<void> {
    this.end(reason);
    await this.upstream.close();
  }

  private send(method: string, params: Record<string, unknown> | undefined, via: Pick<InFlight, 'downstreamId' | 'sink' | 'progressToken'>): Promise<JsonRpcResponse> {
    if (this.ended !== undefined) return Promise.resolve(errorResponse(via.downstreamId ?? null, UPSTREAM_UNAVAILABLE, `the MCP server '${this.server.id}' ${this.ended}`));
    this.lastActive = Date.now();
    const id = this.nextId++;
    // A server that was just started may still be loading: initialize gets the start timeout.
    const timeoutMs = method === 'initialize' ? Math.max(this.timeouts.startMs, this.timeouts.requestMs) : this.timeouts.requestMs;
    return new Promise((resolve) => {
      const settle = (response: JsonRpcResponse) => {
        clearTimeout(timer);
        this.inflight.delete(id);
        resolve({ ...response, id: via.downstreamId ?? id });
      };
      const timer = setTimeout(() => {
        this.upstream.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: id, reason: 'timed out at the gateway' } }).catch(() => undefined);
        settle(errorResponse(id, REQUEST_TIMEOUT, `the MCP server '${this.server.id}' did not answer ${method} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.inflight.set(id, { method, ...via, settle, timer });
      const message: JsonRpcRequest = params === undefined ? { jsonrpc: '2.0', id, method } : { jsonrpc: '2.0', id, method, params };
      this.upstream.send(message).catch((error: unknown) =>
        settle(errorResponse(id, UPSTREAM_UNAVAILABLE, `the MCP server '${this.server.id}' could not be reached: ${error instanceof Error ? error.message : String(error)}`)));
    });
  }

  private fromServer(message: JsonRpcMessage): void {
    this.lastActive = Date.now();
    if (isRequest(message)) {
      const agentId = `s${randomUUID()}`;
      this.toAgent.set(agentId, message.id);
      return this.toAgentStream({ ...message, id: agentId });
    }
    if (isNotification(message)) {
      const hook = this.onNotification?.(message);
      if (hook instanceof Promise) {
        hook.then(() => this.routeNotification(message), () => this.routeNotification(message));
      } else this.routeNotification(message);
      return;
    }
    const id = message.id;
    const flight = typeof id === 'number' ? this.inflight.get(id) : undefined;
    flight?.settle(message);
  }

  private routeNotification(notification: JsonRpcNotification): void {
    const token = notification.params?.['progressToken'];
    if (notification.method === 'notifications/progress' && token !== undefined) {
      const flight = [...this.inflight.values()].find((f) => f.progressToken === token);
      if (flight?.sink !== undefined && !flight.sink.closed) return flight.sink.send(notification);
    }
    if (notification.method === 'notifications/cancelled') {
      // The server gave up on a request it sent the agent: name it by the agent's id.
      const serverId = notification.params?.['requestId'];
      const agentId = [...this.toAgent].find(([, s]) => s === serverId)?.[0];
      if (agentId === undefined) return;
      this.toAgent.delete(agentId);
      return this.toAgentStream({ ...notification, params: { ...notification.params, requestId: agentId } });
    }
    this.toAgentStream(notification);
  }

  private toAgentStream(message: JsonRpcMessage): void {
    if (this.standalone !== undefined && !this.standalone.closed) return this.standalone.send(message);
    const open = [...this.inflight.values()].reverse().find((f) => f.sink !== undefined && !f.sink.closed);
    if (open?.sink !== undefined) return open.sink.send(message);
    if (this.backlog.length < 100) this.backlog.push(message);
  }

  private end(reason: string): void {
    if (this.ended !== undefined) return;
    this.ended = reason;
    for (const flight of [...this.inflight.values()]) {
      flight.settle(errorResponse(null, UPSTREAM_UNAVAILABLE, `the MCP server '${this.server.id}' ${reason}`));
    }
    this.onEnd?.(reason);
  }
}
