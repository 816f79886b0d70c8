/**
 * `/mcp/<server>`: MCP's Streamable HTTP transport, served by the gateway. POST carries one
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
import type { AgentDirectory } from '../../server/auth.ts';
import { ClientGoneError, parseJsonBody, readBody } from '../../server/read-body.ts';
import type { McpGovernor } from '../governor.ts';
import {
  envelopeProblem, errorResponse, INTERNAL_ERROR, INVALID_REQUEST, isNotification, isRequest, PARSE_ERROR, UPSTREAM_UNAVAILABLE,
  type JsonRpcMessage, type JsonRpcRequest, type JsonRpcResponse,
} from '../jsonrpc.ts';
import { answerRequest } from '../methods.ts';
import { McpRecord, recordAnswer } from '../record.ts';
import type { McpSession } from '../session.ts';
import type { McpSessions } from '../sessions.ts';
import { PostAnswer, SessionStream } from './sinks.ts';
import { hostAllowed, originAllowed } from './origin.ts';

/** Protocol revisions whose Streamable HTTP this endpoint speaks. */
export const PROTOCOL_VERSIONS = new Set(['2025-11-25', '2025-06-18', '2025-03-26']);

export interface McpEndpointOptions {
  readonly config: McpConfig;
  readonly agents: AgentDirectory;
  readonly governor: McpGovernor;
  readonly sessions: McpSessions;
  readonly limits: { readonly maxBodyBytes: number; readonly maxJsonDepth: number };
  readonly listenHost: string;
  readonly ledger?: Ledger;
  readonly onRecord?: (record: McpRecord) => void;
}

export class McpEndpoint {
  private readonly options: McpEndpointOptions;
  private readonly servers: Map<string, McpConfig['servers'][number]>;

  constructor(options: McpEndpointOptions) {
    this.options = options;
    this.servers = new Map(options.config.servers.map((server) => [server.id, server]));
  }

  handle(req: IncomingMessage, res: ServerResponse, serverId: string): void {
    const server = this.servers.get(serverId);
    if (server === undefined) return sendHttpError(res, 404, errorResponse(null, INVALID_REQUEST, `no MCP server '${serverId}' is configured`));
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
      this.post(req, res, server, principal, typeof sessionId === 'string' ? sessionId : undefined)
        .catch(() => sendHttpError(res, 500, errorResponse(null, INTERNAL_ERROR, 'the gateway failed to process the MCP request')));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'DELETE') {
      res.setHeader('allow', 'GET, POST, DELETE');
      return sendHttpError(res, 405, errorResponse(null, INVALID_REQUEST, 'the MCP endpoint accepts GET, POST and DELETE'));
    }
    const session = typeof sessionId === 'string' ? this.options.sessions.get(sessionId, principal, server.id) : undefined;
    if (session === undefined) return sendHttpError(res, sessionId === undefined ? 400 : 404, noSession(typeof sessionId === 'string' ? sessionId : undefined));
    if (req.method === 'DELETE') {
      this.options.sessions.close(session.id).then(() => res.writeHead(204).end(), () => res.writeHead(204).end());
      return;
    }
    session.attachStream(new SessionStream(res, { 'mcp-session-id': session.id }));
  }

  private async post(req: IncomingMessage, res: ServerResponse, server: McpConfig['servers'][number], principal: Principal, sessionId: string | undefined): Promise<void> {
    const record = new McpRecord(randomUUID(), server.id);
    record.principal = principal;
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
    let session: McpSession | undefined;
    if (isRequest(message) && message.method === 'initialize') {
      if (sessionId !== undefined) return sendHttpError(res, 400, errorResponse(message.id, INVALID_REQUEST, 'initialize opens a new session: send it without Mcp-Session-Id'));
      return this.initialize(res, server, principal, message, record);
    }
    if (sessionId !== undefined) session = this.options.sessions.get(sessionId, principal, server.id);
    if (session === undefined) return sendHttpError(res, sessionId === undefined ? 400 : 404, noSession(sessionId, isRequest(message) ? message.id : null));
    if (!isRequest(message)) {
      if (isNotification(message)) session.notify(message);
      else session.answer(message as JsonRpcResponse);
      res.writeHead(202).end();
      return;
    }
    record.sessionId = session.id;
    const answer = new PostAnswer(res, { 'mcp-session-id': session.id, 'x-portcullis-request-id': record.requestId });
    const tools = session.tools;
    if (tools === undefined) throw new Error('an MCP session is used only once it is equipped');
    const caller = { record, clientAddress: req.socket.remoteAddress ?? '', sessionId: policySession(req, session), tools };
    const response = await answerRequest(this.options.governor, session, caller, message, answer);
    await this.finish(record, response, answer);
  }

  private async initialize(res: ServerResponse, server: McpConfig['servers'][number], principal: Principal, request: JsonRpcRequest, record: McpRecord): Promise<void> {
    record.method = 'initialize';
    record.params = request.params;
    let session: McpSession;
    try {
      session = await this.options.sessions.open(principal, server);
    } catch (error) {
      record.outcome = 'upstream_failed';
      const response = errorResponse(request.id, UPSTREAM_UNAVAILABLE, error instanceof Error ? error.message : `the MCP server '${server.id}' could not start`);
      return this.finish(record, response, new PostAnswer(res, { 'x-portcullis-request-id': record.requestId }));
    }
    record.sessionId = session.id;
    const answer = new PostAnswer(res, { 'mcp-session-id': session.id, 'x-portcullis-request-id': record.requestId });
    const started = performance.now();
    const response = await session.forward(request, answer);
    record.upstreamMs = performance.now() - started;
    const version = response.result?.['protocolVersion'];
    if (typeof version === 'string') {
      session.setProtocolVersion(version);
      record.outcome = 'forwarded';
    } else await this.options.sessions.close(session.id);
    await this.finish(record, response, answer);
  }

  /** Records the request (in sync mode, durably first) and answers it. */
  private async finish(record: McpRecord, response: JsonRpcResponse, answer: PostAnswer): Promise<void> {
    answer.finish(await recordAnswer(record, response, this.options.ledger, this.options.onRecord));
  }
}

/** The policy session: the agent's own session header when it sends one (shared with its LLM calls), else the MCP session. */
function policySession(req: IncomingMessage, session: McpSession): string {
  const named = req.headers['x-portcullis-session'];
  return typeof named === 'string' && named.length > 0 && named.length <= 200 ? `${session.principal.agentId}:${named}` : session.id;
}

function noSession(sessionId: string | undefined, id: JsonRpcRequest['id'] | null = null): JsonRpcResponse {
  return errorResponse(id, INVALID_REQUEST, sessionId === undefined
    ? 'no Mcp-Session-Id: send initialize first, then the session id it returns'
    : 'the MCP session is unknown or has ended: initialize a new one');
}

function sendHttpError(res: ServerResponse, status: number, body: JsonRpcResponse): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
