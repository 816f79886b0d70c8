/**
 * `/mcp/<server>` and `/mcp`: MCP's Streamable HTTP transport, served by the gateway. What sits
 * behind a path (one server, or the federation of all of them) is an `McpRoute`; this module
 * is the transport and its guard rails, the same for every route. POST carries one
 * JSON-RPC message (an `initialize` opens a session: `Mcp-Session-Id`), GET opens the
 * session's stream for messages from the server, DELETE ends the session. Every request is
 * authenticated with the agent's gateway key, and browsers are held to the configured origins
 * (and, on a loopback listener, the Host header to loopback names: DNS-rebinding protection).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { McpConfig } from '../../config/mcp-schema.ts';
import type { Principal } from '../../core/exchange.ts';
import { GatewayError } from '../../core/errors.ts';
import type { Ledger } from '../../ledger/index.ts';
import { namedSessionId } from '../../policy/session-id.ts';
import type { AgentDirectory } from '../../server/auth.ts';
import { ClientGoneError, parseJsonBody, readBody } from '../../server/read-body.ts';
import {
  envelopeProblem, errorResponse, INTERNAL_ERROR, INVALID_REQUEST, isNotification, isRequest, PARSE_ERROR,
  type JsonRpcMessage, type JsonRpcNotification, type JsonRpcRequest, type JsonRpcResponse,
} from '../jsonrpc.ts';
import type { DownstreamSink } from '../session.ts';
import { SessionEvents } from './replay.ts';
import { PostAnswer, replayFor, SessionStream } from './sinks.ts';
import { hostAllowed, originAllowed } from './origin.ts';

/** Protocol revisions whose Streamable HTTP this endpoint speaks. */
export const PROTOCOL_VERSIONS = new Set(['2025-11-25', '2025-06-18', '2025-03-26']);

/** An agent's session as the transport sees it: with one server, or with the federation. */
export interface AgentSession {
  readonly id: string;
  readonly principal: Principal;
  notify(notification: JsonRpcNotification): void;
  /** The agent's answer to a request a server sent it; false when no server asked. */
  answer(response: JsonRpcResponse): boolean;
  attachStream(sink: DownstreamSink): void;
}

/** What one request needs besides its message. */
export interface RequestContext {
  /** Names the request in its records and in the `x-portcullis-request-id` header. */
  readonly requestId: string;
  readonly clientAddress: string;
  /** The policy session: the one the agent named with its session header (shared with its LLM calls), else the MCP session. */
  readonly policySessionId: string;
  /** The session the agent named with its session header, if it did (policy/session-id.ts): the same id its model calls have. */
  readonly namedSessionId?: string;
  readonly sink: PostAnswer;
}

/** What sits behind an endpoint path. Requests are recorded by the route, which knows which servers they reached. */
export interface McpRoute<S extends AgentSession = AgentSession> {
  /** The session, if it exists, is open, and belongs to this agent and route. */
  session(id: string, principal: Principal): S | undefined;
  /** Opens a session for an `initialize` and answers it (with the session id when it opened). */
  initialize(principal: Principal, request: JsonRpcRequest, context: Omit<RequestContext, 'policySessionId' | 'namedSessionId' | 'sink'>, res: ServerResponse): Promise<void>;
  /** Answers a request on a session; resolves to what the agent gets once it is recorded. */
  request(session: S, request: JsonRpcRequest, context: RequestContext): Promise<JsonRpcResponse>;
  close(session: S): Promise<void>;
}

export interface McpEndpointOptions {
  readonly config: McpConfig;
  readonly agents: AgentDirectory;
  /** The routes by path after `/mcp/`: a server id, or '' for the federated endpoint. */
  readonly routes: ReadonlyMap<string, McpRoute>;
  readonly limits: { readonly maxBodyBytes: number; readonly maxJsonDepth: number };
  readonly listenHost: string;
  readonly ledger?: Ledger;
  /** The session header's name, read per request: the policy's (`policy.sessions.header`), which a reload may change. */
  readonly sessionHeader: () => string;
}

export class McpEndpoint {
  private readonly options: McpEndpointOptions;
  /** Each agent session's streamed events, kept for resumes; they go with the session. */
  private readonly events = new WeakMap<AgentSession, SessionEvents>();

  constructor(options: McpEndpointOptions) {
    this.options = options;
  }

  handle(req: IncomingMessage, res: ServerResponse, name: string): void {
    const route = this.options.routes.get(name);
    if (route === undefined) {
      const problem = name === '' ? 'the federated MCP endpoint /mcp is disabled (mcp.federation.enabled)' : `no MCP server '${name}' is configured`;
      return sendHttpError(res, 404, errorResponse(null, INVALID_REQUEST, problem));
    }
    if (!originAllowed(req.headers.origin, this.options.config.allowedOrigins, req.headers.host)) {
      return sendHttpError(res, 403, errorResponse(null, INVALID_REQUEST, 'this Origin may not call the MCP endpoint'));
    }
    if (!hostAllowed(req.headers.host, this.options.listenHost, this.options.config.allowedHosts)) {
      return sendHttpError(res, 403, errorResponse(null, INVALID_REQUEST, 'this Host may not call the MCP endpoint'));
    }
    const ledger = this.options.ledger;
    if (ledger !== undefined && !ledger.writer.healthy && ledger.config.onFailure === 'refuse') {
      // Fail closed: what cannot be recorded is not done.
      return sendHttpError(res, 503, errorResponse(null, INTERNAL_ERROR, 'the audit ledger cannot record right now, so the gateway refuses work'));
    }
    let principal: Principal;
    try {
      principal = this.options.agents.authenticate(req.headers);
    } catch (error) {
      res.setHeader('www-authenticate', 'Bearer realm="portcullis"');
      return sendHttpError(res, 401, errorResponse(null, INVALID_REQUEST, error instanceof GatewayError ? error.message : 'authentication failed'));
    }
    const version = req.headers['mcp-protocol-version'];
    if (typeof version === 'string' && !PROTOCOL_VERSIONS.has(version)) {
      return sendHttpError(res, 400, errorResponse(null, INVALID_REQUEST, `unsupported MCP-Protocol-Version '${version}'`));
    }
    const sessionId = req.headers['mcp-session-id'];
    if (req.method === 'POST') {
      this.post(req, res, route, principal, typeof sessionId === 'string' ? sessionId : undefined)
        .catch(() => sendHttpError(res, 500, errorResponse(null, INTERNAL_ERROR, 'the gateway failed to process the MCP request')));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'DELETE') {
      res.setHeader('allow', 'GET, POST, DELETE');
      return sendHttpError(res, 405, errorResponse(null, INVALID_REQUEST, 'the MCP endpoint accepts GET, POST and DELETE'));
    }
    const session = typeof sessionId === 'string' ? route.session(sessionId, principal) : undefined;
    if (session === undefined) return sendHttpError(res, sessionId === undefined ? 400 : 404, noSession(typeof sessionId === 'string' ? sessionId : undefined));
    if (req.method === 'DELETE') {
      route.close(session).then(() => res.writeHead(204).end(), () => res.writeHead(204).end());
      return;
    }
    const events = this.eventsOf(session);
    const lastEventId = req.headers['last-event-id'];
    if (typeof lastEventId === 'string') {
      const found = events.find(lastEventId);
      if (found === undefined) {
        return sendHttpError(res, 404, errorResponse(null, INVALID_REQUEST, 'cannot resume: no stream of this session has that event, or its events are no longer kept'));
      }
      return found.stream.resume(res, found.after, { 'mcp-session-id': session.id });
    }
    const stream = new SessionStream(res, { 'mcp-session-id': session.id }, replayFor(events, version));
    session.attachStream(stream);
    stream.onResume(() => session.attachStream(stream));
  }

  private eventsOf(session: AgentSession): SessionEvents {
    let events = this.events.get(session);
    if (events === undefined) {
      events = new SessionEvents();
      this.events.set(session, events);
    }
    return events;
  }

  private async post(req: IncomingMessage, res: ServerResponse, route: McpRoute, principal: Principal, sessionId: string | undefined): Promise<void> {
    const requestId = randomUUID();
    let message: JsonRpcMessage;
    try {
      const value = parseJsonBody(await readBody(req, this.options.limits.maxBodyBytes), this.options.limits.maxJsonDepth);
      const problem = envelopeProblem(value);
      if (problem !== undefined) return sendHttpError(res, 400, errorResponse(null, INVALID_REQUEST, problem));
      message = value as JsonRpcMessage;
    } catch (error) {
      if (error instanceof ClientGoneError) return;
      const status = error instanceof GatewayError && error.kind === 'too_large' ? 413 : 400;
      return sendHttpError(res, status, errorResponse(null, PARSE_ERROR, error instanceof GatewayError ? error.message : 'the request body could not be read'));
    }
    const clientAddress = req.socket.remoteAddress ?? '';
    if (isRequest(message) && message.method === 'initialize') {
      if (sessionId !== undefined) return sendHttpError(res, 400, errorResponse(message.id, INVALID_REQUEST, 'initialize opens a new session: send it without Mcp-Session-Id'));
      return route.initialize(principal, message, { requestId, clientAddress }, res);
    }
    const session = sessionId === undefined ? undefined : route.session(sessionId, principal);
    if (session === undefined) return sendHttpError(res, sessionId === undefined ? 400 : 404, noSession(sessionId, isRequest(message) ? message.id : null));
    if (!isRequest(message)) {
      if (isNotification(message)) session.notify(message);
      else session.answer(message as JsonRpcResponse);
      res.writeHead(202).end();
      return;
    }
    const replay = replayFor(this.eventsOf(session), req.headers['mcp-protocol-version']);
    const sink = new PostAnswer(res, { 'mcp-session-id': session.id, 'x-portcullis-request-id': requestId }, replay);
    const named = namedSessionId(session.principal.agentId, req.headers, this.options.sessionHeader());
    const sessions = named === undefined ? { policySessionId: session.id } : { policySessionId: named, namedSessionId: named };
    sink.finish(await route.request(session, message, { requestId, clientAddress, ...sessions, sink }));
  }
}

function noSession(sessionId: string | undefined, id: JsonRpcRequest['id'] | null = null): JsonRpcResponse {
  return errorResponse(id, INVALID_REQUEST, sessionId === undefined
    ? 'no Mcp-Session-Id: send initialize first, then the session id it returns'
    : 'the MCP session is unknown or has ended: initialize a new one');
}

export function sendHttpError(res: ServerResponse, status: number, body: JsonRpcResponse): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
