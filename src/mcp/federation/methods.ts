/**
 * What the federated endpoint does with each request. Lists fan out to every server that
 * declared the capability (all pages each) and are merged, tools and prompts renamed
 * `<server>__<name>`; a request about one tool, prompt or resource is routed to its server
 * with the real name. Both go through `answerRequest`, the per-server endpoint's own path,
 * with a record naming the real server: the governor cannot tell the two endpoints apart.
 */
import type { Recorder } from '../http/server-route.ts';
import type { RequestContext } from '../http/endpoint.ts';
import { httpCaller, type McpCaller, type McpGovernor } from '../governor.ts';
import { errorResponse, INVALID_PARAMS, METHOD_NOT_FOUND, resultResponse, type JsonRpcRequest, type JsonRpcResponse } from '../jsonrpc.ts';
import { answerRequest } from '../methods.ts';
import { McpRecord } from '../record.ts';
import { federatedName, splitName } from './names.ts';
import type { FederatedSession, Member } from './session.ts';

/** The server named in records of requests the federation answers itself (ping, an unknown tool). */
export const FEDERATION = '*';
const MAX_PAGES = 100;

export interface FederatedRequest {
  readonly governor: McpGovernor;
  readonly recorder: Recorder;
  readonly session: FederatedSession;
  readonly context: RequestContext;
}

type Item = Record<string, unknown>;

const LISTS: Record<string, { capability: string; field: string; adapt: (call: FederatedRequest, server: string, items: Item[]) => Item[] }> = {
  'tools/list': { capability: 'tools', field: 'tools', adapt: (_, server, tools) => renamed(server, tools) },
  'prompts/list': {
    capability: 'prompts', field: 'prompts',
    adapt: (call, server, prompts) => {
      call.session.listedPrompts(server, prompts as { name: string }[]);
      return renamed(server, prompts);
    },
  },
  'resources/list': {
    capability: 'resources', field: 'resources',
    adapt: (call, server, resources) => {
      for (const r of resources) if (typeof r['uri'] === 'string') call.session.sawResource(server, r['uri']);
      return resources;
    },
  },
  'resources/templates/list': {
    capability: 'resources', field: 'resourceTemplates',
    adapt: (call, server, templates) => {
      call.session.listedTemplates(server, templates.map((t) => t['uriTemplate']).filter((t): t is string => typeof t === 'string'));
      return templates;
    },
  },
};

export async function answerFederated(call: FederatedRequest, request: JsonRpcRequest): Promise<JsonRpcResponse> {
  const { session } = call;
  const params = request.params ?? {};
  const list = LISTS[request.method];
  if (list !== undefined) {
    if (params['cursor'] !== undefined) return local(call, request, errorResponse(request.id, INVALID_PARAMS, 'the federated endpoint returns whole lists: there is no next page'));
    return fanOut(call, request, list.capability, list.field, list.adapt);
  }
  switch (request.method) {
    case 'ping':
      return local(call, request, resultResponse(request.id, {}));
    case 'tools/call': {
      const name = params['name'];
      if (typeof name !== 'string' || name === '') return local(call, request, errorResponse(request.id, INVALID_PARAMS, 'tools/call needs params.name, the tool to call'));
      let target = session.tool(name);
      if (target === undefined) return unknownTool(call, request, name);
      if (!target.known) {
        // Not listed in this session yet (or cut and hashed): the server's current list decides.
        await target.member.session.tools?.refresh().catch(() => undefined);
        target = session.tool(name) ?? target;
      }
      const response = await routed(call, { ...request, params: { ...params, name: target.name } }, target.server, target.member);
      rememberLinks(session, target.server, response.result);
      return response;
    }
    case 'prompts/get': {
      const target = typeof params['name'] === 'string' ? session.prompt(params['name']) : undefined;
      if (target === undefined) return local(call, request, errorResponse(request.id, INVALID_PARAMS, `no server behind this endpoint offers the prompt ${JSON.stringify(params['name'] ?? null)}`));
      return routed(call, { ...request, params: { ...params, name: target.name } }, target.server, target.member);
    }
    case 'resources/read':
    case 'resources/subscribe':
    case 'resources/unsubscribe': {
      const target = typeof params['uri'] === 'string' ? session.resource(params['uri']) : undefined;
      if (target === undefined) return local(call, request, errorResponse(request.id, INVALID_PARAMS, 'no server behind this endpoint is known to offer this resource: list resources (or templates) first'));
      return routed(call, request, target.server, target.member);
    }
    case 'completion/complete':
      return complete(call, request);
    case 'logging/setLevel': {
      // Each server's answer is in its own record; the agent asked for a level, and every server that logs got it.
      await Promise.all(session.having('logging').map(([server, member]) => routed(call, request, server, member)));
      return resultResponse(request.id, {});
    }
    default:
      return local(call, request, errorResponse(request.id, METHOD_NOT_FOUND, `the federated MCP endpoint does not route '${request.method}'; use /mcp/<server> for it`));
  }
}

/** One server's answer, through the per-server path, recorded under its id. */
async function routed(call: FederatedRequest, request: JsonRpcRequest, server: string, member: Member): Promise<JsonRpcResponse> {
  const caller = callerFor(call, server, member);
  return call.recorder(caller.record, await answerRequest(call.governor, member.session, caller, request, call.context.sink));
}

/** Every page of a list from each server that has it, merged; a server that fails is left out of the answer. */
async function fanOut(call: FederatedRequest, request: JsonRpcRequest, capability: string, field: string, adapt: (call: FederatedRequest, server: string, items: Item[]) => Item[]): Promise<JsonRpcResponse> {
  const perServer = await Promise.all(call.session.having(capability).map(async ([server, member]) => {
    const caller = callerFor(call, server, member);
    const items: Item[] = [];
    let response: JsonRpcResponse | undefined;
    let cursor: unknown;
    for (let page = 0; page < MAX_PAGES; page++) {
      const params = { ...request.params, ...(cursor === undefined ? {} : { cursor }) };
      response = await answerRequest(call.governor, member.session, caller, { ...request, params }, call.context.sink);
      const result = response.result;
      if (result === undefined) break;
      if (Array.isArray(result[field])) items.push(...(result[field] as unknown[]).filter((i): i is Item => typeof i === 'object' && i !== null));
      cursor = typeof result['nextCursor'] === 'string' ? result['nextCursor'] : undefined;
      if (cursor === undefined) break;
    }
    const answered = response ?? errorResponse(request.id, INVALID_PARAMS, 'no page');
    const recorded = await call.recorder(caller.record, answered);
    // The ledger in sync mode could not record: what cannot be recorded is not done.
    if (recorded.error !== undefined && answered.error === undefined) return { refused: recorded };
    return { items: answered.error === undefined ? adapt(call, server, items) : [] };
  }));
  const refused = perServer.find((p) => p.refused !== undefined)?.refused;
  if (refused !== undefined) return refused;
  return resultResponse(request.id, { [field]: perServer.flatMap((p) => p.items ?? []) });
}

/** completion/complete names a prompt (federated name) or a resource template (URI): routed like them. */
function complete(call: FederatedRequest, request: JsonRpcRequest): Promise<JsonRpcResponse> {
  const ref = request.params?.['ref'] as { type?: unknown; name?: unknown; uri?: unknown } | undefined;
  if (ref?.type === 'ref/prompt' && typeof ref.name === 'string') {
    const target = call.session.prompt(ref.name);
    if (target !== undefined) return routed(call, { ...request, params: { ...request.params, ref: { ...ref, name: target.name } } }, target.server, target.member);
  }
  if (ref?.type === 'ref/resource' && typeof ref.uri === 'string') {
    const target = call.session.resource(ref.uri);
    if (target !== undefined) return routed(call, request, target.server, target.member);
  }
  return local(call, request, errorResponse(request.id, INVALID_PARAMS, 'completion/complete names no prompt or resource template a server behind this endpoint offers'));
}

/** A tool no member offers under that name: refused as a tool error, as the per-server endpoint refuses an unlisted tool. */
function unknownTool(call: FederatedRequest, request: JsonRpcRequest, name: string): Promise<JsonRpcResponse> {
  const server = splitName(name)?.server ?? '';
  const why = call.session.failed.has(server)
    ? `the server '${server}' is not available in this session`
    : 'no server behind this endpoint offers it (tools are named <server>__<tool>)';
  const text = `[Portcullis] The call to tool '${name}' was refused: ${why}.`;
  return local(call, request, resultResponse(request.id, { content: [{ type: 'text', text }], isError: true }), name);
}

/** A request the federation answers itself, recorded under '*'. */
function local(call: FederatedRequest, request: JsonRpcRequest, response: JsonRpcResponse, tool?: string): Promise<JsonRpcResponse> {
  const record = new McpRecord(call.context.requestId, FEDERATION);
  record.principal = call.session.principal;
  record.sessionId = call.session.id;
  record.describe(request);
  if (tool !== undefined) record.tool = tool;
  // Answered here, not by a server: 'forwarded' when it is an answer, 'rejected' when it refuses.
  record.outcome = response.error === undefined && response.result?.['isError'] !== true ? 'forwarded' : 'rejected';
  return call.recorder(record, response);
}

function callerFor(call: FederatedRequest, server: string, member: Member): McpCaller {
  const record = new McpRecord(call.context.requestId, server);
  record.principal = call.session.principal;
  record.sessionId = call.session.id;
  const tools = member.session.tools;
  if (tools === undefined) throw new Error('an MCP session is used only once it is equipped');
  return httpCaller(record, call.context, tools);
}

function renamed(server: string, items: Item[]): Item[] {
  return items.filter((i) => typeof i['name'] === 'string').map((i) => ({ ...i, name: federatedName(server, i['name'] as string) }));
}

/** Resources a tool result links to are read from the server that returned them. */
function rememberLinks(session: FederatedSession, server: string, result: Record<string, unknown> | undefined): void {
  const content = result?.['content'];
  if (!Array.isArray(content)) return;
  for (const block of content as { type?: unknown; uri?: unknown; resource?: { uri?: unknown } }[]) {
    if (block?.type === 'resource_link' && typeof block.uri === 'string') session.sawResource(server, block.uri);
    if (block?.type === 'resource' && typeof block.resource?.uri === 'string') session.sawResource(server, block.resource.uri);
  }
}
