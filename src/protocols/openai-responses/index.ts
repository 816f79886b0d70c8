import type { ProtocolAdapter } from '../adapter.ts';
import { renderOpenAIError } from '../openai-errors.ts';
import { decodeResponsesRequest } from './request.ts';
import { decodeResponsesResponse, ResponsesStreamDecoder } from './response.ts';

/** OpenAI Responses: `POST /v1/responses`. */
export const openAIResponses: ProtocolAdapter = {
  protocol: 'openai-responses',
  api: 'responses',
  upstreamPath: '/responses',
  decodeRequest: decodeResponsesRequest,
  decodeResponse: decodeResponsesResponse,
  createStreamDecoder: (request) => new ResponsesStreamDecoder(request),
  renderError: renderOpenAIError,
};
