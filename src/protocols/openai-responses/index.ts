import type { ProtocolAdapter } from '../adapter.ts';
import { renderOpenAIError } from '../openai-errors.ts';
import { inputOutputUsage } from '../decode-util.ts';
import { objectAfterKey } from '../json-scan.ts';
import { decodeResponsesRequest } from './request.ts';
import { decodeResponsesResponse, ResponsesStreamDecoder } from './response.ts';
import { removeTools } from '../tool-definitions.ts';
import { createResponsesToolCallGate } from './tool-gate.ts';
import { createResponsesTextRewriteStream, rewriteResponsesResponseText } from './text-rewrite.ts';
import { responsesToolList } from './tool-list.ts';
import { withholdResponsesToolCalls } from './withhold.ts';

/** OpenAI Responses: `POST /v1/responses`. */
export const openAIResponses: ProtocolAdapter = {
  protocol: 'openai-responses',
  api: 'responses',
  upstreamPath: '/responses',
  decodeRequest: decodeResponsesRequest,
  toolCallMarker: '"function_call"',
  // The response object's usage; in a stream, the one in response.completed (earlier events carry null).
  summarizeUsage: (raw) => inputOutputUsage(objectAfterKey(raw, 'usage', 'last'), undefined),
  decodeResponse: decodeResponsesResponse,
  createStreamDecoder: (request) => new ResponsesStreamDecoder(request),
  renderError: renderOpenAIError,
  withholdToolCalls: withholdResponsesToolCalls,
  createToolCallGate: (_request, decide, out) => createResponsesToolCallGate(decide, out),
  removeToolDefinitions: (body, indices) => removeTools(body, indices, responsesToolList),
  rewriteResponseText: rewriteResponsesResponseText,
  createTextRewriteStream: (_request, rewriter, out) => createResponsesTextRewriteStream(rewriter, out),
};
