/**
 * `/mcp`: the federated endpoint. One agent session, every configured server behind it, each
 * server's tools and prompts as `<server>__<name>`. `initialize` opens a member session with
 * each server (a server that fails is recorded and left out); what the agent is told it can
 * do is the union of what the servers that started declared.
 */
import type { ServerResponse } from 'node:http';
import type { Principal } from '../../core/exchange.ts';
import type { McpRoute, RequestContext } from '../http/endpoint.ts';
import { PROTOCOL_VERSIONS } from '../http/endpoint.ts';
import type { Recorder } from '../http/server-route.ts';
import { PostAnswer } from '../http/sinks.ts';
import type { McpGovernor } from '../governor.ts';
import { errorResponse, resultResponse, UPSTREAM_UNAVAILABLE, type JsonRpcRequest, type JsonRpcResponse } from '../jsonrpc.ts';
import { McpRecord } from '../record.ts';
import { answerFederated, FEDERATION } from './methods.ts';
import { SEPARATOR } from './names.ts';
import type { FederatedSession } from './session.ts';
import type { FederatedSessions, MemberStart } from './sessions.ts';

const LATEST = '2025-11-25';

export class FederatedRoute implements McpRoute<FederatedSession> {
  private readonly sessions: FederatedSessions;
  private readonly governor: McpGovernor;
  private readonly recorder: Recorder;

  constructor(sessions: FederatedSessions, governor: McpGovernor, recorder: Recorder) {
    this.sessions = sessions;
    this.governor = governor;
    this.recorder = recorder;
  }

  session(id: string, principal: Principal): FederatedSession | undefined {
    return this.sessions.get(id, principal);
  }

  close(session: FederatedSession): Promise<void> {
    return this.sessions.close(session.id);
  }

  async initialize(principal: Principal, request: JsonRpcRequest, context: Pick<RequestContext, 'requestId'>, res: ServerResponse): Promise<void> {
    const record = new McpRecord(context.requestId, FEDERATION);
    record.principal = principal;
    record.describe(request);
    let opened: Awaited<ReturnType<FederatedSessions['open']>>;
    try {
      opened = await this.sessions.open(principal, request.params);
    } catch (error) {
      record.outcome = 'upstream_failed';
      const response = errorResponse(request.id, UPSTREAM_UNAVAILABLE, error instanceof Error ? error.message : 'the federated session could not open');
      return new PostAnswer(res, { 'x-portcullis-request-id': record.requestId }).finish(await this.recorder(record, response));
    }
    const { session, starts } = opened;
    // Each server that could not join is on the record under its own id, so an operator sees which and why.
    await Promise.all(starts.filter((s) => s.error !== undefined).map((s) => {
      const failed = new McpRecord(context.requestId, s.server);
      failed.principal = principal;
      failed.sessionId = session.id;
      failed.method = 'initialize';
      failed.upstreamMs = s.upstreamMs;
      return this.recorder(failed, errorResponse(request.id, UPSTREAM_UNAVAILABLE, s.error as string));
    }));
    record.sessionId = session.id;
    record.upstreamMs = Math.max(0, ...starts.map((s) => s.upstreamMs));
    record.outcome = 'forwarded';
    const answer = new PostAnswer(res, { 'mcp-session-id': session.id, 'x-portcullis-request-id': record.requestId });
    answer.finish(await this.recorder(record, resultResponse(request.id, initializeResult(request.params, session, starts))));
  }

  async request(session: FederatedSession, request: JsonRpcRequest, context: RequestContext): Promise<JsonRpcResponse> {
    const done = session.track(context.sink);
    try {
      return await answerFederated({ governor: this.governor, recorder: this.recorder, session, context }, request);
    } finally {
      done();
    }
  }
}

/** The gateway's own initialize answer: the agent's version when spoken here, and the union of the servers' capabilities. */
function initializeResult(params: Record<string, unknown> | undefined, session: FederatedSession, starts: readonly MemberStart[]): Record<string, unknown> {
  const asked = params?.['protocolVersion'];
  const declared = [...session.members.values()].map((m) => m.capabilities);
  const some = (capability: string, flag?: string) => declared.some((c) => {
    const value = c[capability];
    return flag === undefined ? value !== undefined : typeof value === 'object' && value !== null && (value as Record<string, unknown>)[flag] === true;
  });
  const capabilities: Record<string, unknown> = {
    // Always tools, and always listChanged: the gateway itself announces a server that drops out.
    tools: { listChanged: true },
    ...(some('prompts') ? { prompts: { listChanged: some('prompts', 'listChanged') } } : {}),
    ...(some('resources') ? { resources: { subscribe: some('resources', 'subscribe'), listChanged: some('resources', 'listChanged') } } : {}),
    ...(some('logging') ? { logging: {} } : {}),
    ...(some('completions') ? { completions: {} } : {}),
  };
  const joined = starts.filter((s) => s.error === undefined);
  const instructions = joined.flatMap((s) => {
    const text = s.result?.['instructions'];
    return typeof text === 'string' && text.trim() !== '' ? [`Server '${s.server}' (its tools and prompts are named ${s.server}${SEPARATOR}<name>):\n${text.trim()}`] : [];
  });
  return {
    protocolVersion: typeof asked === 'string' && PROTOCOL_VERSIONS.has(asked) ? asked : LATEST,
    capabilities,
    serverInfo: { name: 'portcullis-federation', title: 'Portcullis (all MCP servers)', version: '1.0.0' },
    ...(instructions.length === 0 ? {} : { instructions: instructions.join('\n\n') }),
  };
}
