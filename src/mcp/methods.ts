/**
 * What the gateway does with each request an agent sends a server. Most pass through as
 * they are; the ones the gateway governs are read and answered through the governor:
 * `tools/list` (least privilege), `tools/call` (policy before, detectors and policy after),
 * and the pinned definitions of prompts and resource templates (`prompts/list`, `prompts/get`,
 * `resources/templates/list`): what is not approved is hidden and refused, as tools are, and an
 * approved prompt's messages are inspected as a tool's result (tool `prompts.get`); and
 * resources: `resources/read` is judged as a call of `resources.read` (its contents then as a
 * tool's result), and an agent that may not read a server's resources is not shown them.
 */
import { andThen, type Awaitable } from '../core/awaitable.ts';
import { WithheldRead, type McpGovernor, type McpCaller, type CallResult } from './governor.ts';
import { errorResponse, INVALID_PARAMS, resultResponse, type JsonRpcRequest, type JsonRpcResponse } from './jsonrpc.ts';
import { RESOURCE_READ } from './result-parts.ts';
import type { DownstreamSink, McpSession } from './session.ts';

export async function answerRequest(
  governor: McpGovernor, session: McpSession, caller: McpCaller, request: JsonRpcRequest, sink: DownstreamSink,
): Promise<JsonRpcResponse> {
  const { record } = caller;
  record.describe(request);
  record.protocolVersion = session.protocolVersion;
  switch (request.method) {
    case 'tools/list': {
      const response = await timed(caller, () => session.forward(request, sink));
      if (response.result === undefined) return response;
      const complete = request.params?.['cursor'] === undefined && typeof response.result['nextCursor'] !== 'string';
      return resultResponse(request.id, governor.filterTools(caller, response.result, complete));
    }
    case 'tools/call': {
      const name = request.params?.['name'];
      if (typeof name !== 'string' || name === '') return errorResponse(request.id, INVALID_PARAMS, 'tools/call needs params.name, the tool to call');
      record.tool = name;
      const args = request.params?.['arguments'];
      if (caller.tools.get(name) === undefined || caller.tools.stale) await caller.tools.refresh().catch(() => undefined);
      const quarantined = governor.pinRefusal(caller, name);
      if (quarantined !== undefined) {
        if (caller.record.outcome !== 'quarantined') caller.record.outcome = 'denied';
        return resultResponse(request.id, quarantined);
      }
      let refusal = governor.judgeCall(caller, name, args);
      if (refusal instanceof Promise) refusal = await refusal;
      if (refusal !== undefined) {
        record.outcome = 'denied';
        return resultResponse(request.id, refusal);
      }
      const response = await timed(caller, () => session.forward(request, sink));
      if (response.result === undefined) return response;
      record.toolError = response.result['isError'] === true;
      let inspected = andThen(governor.inspectResult(caller, name, args, response.result as CallResult), (result) => resultResponse(request.id, result));
      if (inspected instanceof Promise) inspected = await inspected;
      return inspected;
    }
    case 'prompts/list':
    case 'resources/templates/list': {
      const list = request.method === 'prompts/list' ? session.prompts : session.templates;
      const response = await timed(caller, () => session.forward(request, sink));
      if (response.result === undefined || list === undefined) return response;
      const complete = request.params?.['cursor'] === undefined && typeof response.result['nextCursor'] !== 'string';
      const listed = governor.filterListed(caller, list, response.result, complete);
      return resultResponse(request.id, list.kind === 'prompt' ? listed : governor.filterResources(caller, listed, 'resourceTemplates'));
    }
    case 'resources/list': {
      const response = await timed(caller, () => session.forward(request, sink));
      if (response.result === undefined) return response;
      return resultResponse(request.id, governor.filterResources(caller, response.result, 'resources'));
    }
    case 'prompts/get': {
      const name = request.params?.['name'];
      const prompts = session.prompts;
      if (typeof name !== 'string' || name === '' || prompts === undefined) return timed(caller, () => session.forward(request, sink));
      if (prompts.get(name) === undefined || prompts.stale) await prompts.refresh().catch(() => undefined);
      const refused = governor.promptRefusal(caller, prompts, name);
      if (refused !== undefined) return errorResponse(request.id, INVALID_PARAMS, refused);
      const response = await timed(caller, () => session.forward(request, sink));
      return response.result === undefined ? response : inspected(caller, request, governor.inspectPrompt(caller, name, request.params?.['arguments'], response.result));
    }
    case 'resources/read': {
      const uri = request.params?.['uri'];
      if (typeof uri !== 'string' || uri === '') return errorResponse(request.id, INVALID_PARAMS, 'resources/read needs params.uri, the resource to read');
      record.tool = RESOURCE_READ;
      let refusal = governor.judgeRead(caller, uri);
      if (refusal instanceof Promise) refusal = await refusal;
      if (refusal !== undefined) {
        record.outcome = 'denied';
        return errorResponse(request.id, INVALID_PARAMS, refusal);
      }
      const response = await timed(caller, () => session.forward(request, sink));
      return response.result === undefined ? response : inspected(caller, request, governor.inspectResource(caller, uri, response.result));
    }
    default:
      return timed(caller, () => session.forward(request, sink));
  }
}

/** A read's result as the governor let it through, or its refusal as a JSON-RPC error. */
async function inspected(caller: McpCaller, request: JsonRpcRequest, verdict: Awaitable<CallResult | WithheldRead>): Promise<JsonRpcResponse> {
  const result = verdict instanceof Promise ? await verdict : verdict;
  if (result instanceof WithheldRead) {
    caller.record.outcome = 'denied';
    return errorResponse(request.id, INVALID_PARAMS, result.reason);
  }
  return resultResponse(request.id, result);
}

/** Time spent waiting for the server, so the record can tell the gateway's share from it. */
async function timed(caller: McpCaller, call: () => Promise<JsonRpcResponse>): Promise<JsonRpcResponse> {
  const started = performance.now();
  const response = await call();
  caller.record.upstreamMs += performance.now() - started;
  caller.record.outcome = 'forwarded';
  return response;
}
