/**
 * `/mcp/<server>`: one agent session with one configured server. Requests are answered through
 * the governor (methods.ts) and recorded under the server's id.
 */
import type { ServerResponse } from 'node:http';
import type { McpServerConfig } from '../../config/mcp-schema.ts';
import type { Principal } from '../../core/exchange.ts';
import { httpCaller, type McpGovernor } from '../governor.ts';
import { errorResponse, UPSTREAM_UNAVAILABLE, type JsonRpcRequest, type JsonRpcResponse } from '../jsonrpc.ts';
import { answerRequest } from '../methods.ts';
import { McpRecord } from '../record.ts';
import type { McpSession } from '../session.ts';
import type { McpSessions } from '../sessions.ts';
import type { McpRoute, RequestContext } from './endpoint.ts';
import { PostAnswer } from './sinks.ts';

/** Completes a record with its answer, hands it to the ledger and listeners; resolves to what the agent gets. */
export type Recorder = (record: McpRecord, response: JsonRpcResponse) => Promise<JsonRpcResponse>;

export class ServerRoute implements McpRoute<McpSession> {
  private readonly server: McpServerConfig;
  private readonly sessions: McpSessions;
  private readonly governor: McpGovernor;
  private readonly recorder: Recorder;

  constructor(server: McpServerConfig, sessions: McpSessions, governor: McpGovernor, recorder: Recorder) {
    this.server = server;
    this.sessions = sessions;
    this.governor = governor;
    this.recorder = recorder;
  }

  session(id: string, principal: Principal): McpSession | undefined {
    return this.sessions.get(id, principal, this.server.id);
  }

  close(session: McpSession): Promise<void> {
    return this.sessions.close(session.id);
  }

  async initialize(principal: Principal, request: JsonRpcRequest, context: Pick<RequestContext, 'requestId'>, res: ServerResponse): Promise<void> {
    const record = new McpRecord(context.requestId, this.server.id);
    record.principal = principal;
    record.describe(request);
    let session: McpSession;
    try {
      session = await this.sessions.open(principal, this.server);
    } catch (error) {
      record.outcome = 'upstream_failed';
      const response = errorResponse(request.id, UPSTREAM_UNAVAILABLE, error instanceof Error ? error.message : `the MCP server '${this.server.id}' could not start`);
      return new PostAnswer(res, { 'x-portcullis-request-id': record.requestId }).finish(await this.recorder(record, response));
    }
    record.sessionId = session.id;
    const answer = new PostAnswer(res, { 'mcp-session-id': session.id, 'x-portcullis-request-id': record.requestId });
    const started = performance.now();
    const response = await session.forward(request, answer);
    record.upstreamMs = performance.now() - started;
    if (session.adoptVersion(response) !== undefined) record.outcome = 'forwarded';
    else await this.sessions.close(session.id);
    answer.finish(await this.recorder(record, response));
  }

  async request(session: McpSession, request: JsonRpcRequest, context: RequestContext): Promise<JsonRpcResponse> {
    const record = new McpRecord(context.requestId, this.server.id);
    record.principal = session.principal;
    record.sessionId = session.id;
    const tools = session.tools;
    if (tools === undefined) throw new Error('an MCP session is used only once it is equipped');
    return this.recorder(record, await answerRequest(this.governor, session, httpCaller(record, context, tools), request, context.sink));
  }
}
