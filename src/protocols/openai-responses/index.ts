import type { ProtocolAdapter } from '../adapter.ts';
import { renderOpenAIError } from '../openai-errors.ts';
import { inputOutputUsage } from '../decode-util.ts';
import { objectAfterKey, stringAtDepth } from '../json-scan.ts';
import { decodeResponsesRequest } from './request.ts';
import { decodeResponsesResponse, ResponsesStreamDecoder } from './response.ts';
import { removeTools } from '../tool-definitions.ts';
import { createResponsesToolCallGate } from './tool-gate.ts';
import { createResponsesTextRewriteStream, rewriteResponsesResponseText } from './text-rewrite.ts';
import { responsesToolList } from './tool-list.ts';
import { withholdResponsesToolCalls } from './withhold.ts';

/** A response's id is its first member, so it is looked for in this many first bytes only. */
const RESPONSE_ID_WITHIN = 4096;
/** A JSON body's id is a member of the outermost object; a stream's, of its first event's `response`. */
const idDepth = (head: Buffer) => (head.toString('latin1', 0, 64).trimStart().startsWith('{') ? 1 : 2);

/** OpenAI Responses: `POST /v1/responses`. */
export const openAIResponses: ProtocolAdapter = {
  protocol: 'openai-responses',
  api: 'responses',
  upstreamPath: '/responses',
  decodeRequest: decodeResponsesRequest,
  toolCallMarker: '"function_call"',
  // The response object's usage; in a stream, the one in response.completed (earlier events carry null).
  summarizeUsage: (raw) => inputOutputUsage(objectAfterKey(raw, 'usage', 'last'), undefined),
  // The response object's id comes first in it; a stream's is in its first event, response.created.
  storedResponseId: (head) => stringAtDepth(head, 'id', idDepth(head), RESPONSE_ID_WITHIN),
  decodeResponse: decodeResponsesResponse,
  createStreamDecoder: (request) => new ResponsesStreamDecoder(request),
  renderError: renderOpenAIError,
  withholdToolCalls: withholdResponsesToolCalls,
  createToolCallGate: (_request, decide, out) => createResponsesToolCallGate(decide, out),
  removeToolDefinitions: (body, indices) => removeTools(body, indices, responsesToolList),
  rewriteResponseText: rewriteResponsesResponseText,
  createTextRewriteStream: (_request, rewriter, out) => createResponsesTextRewriteStream(rewriter, out),
};
