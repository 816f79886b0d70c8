import type { ProtocolAdapter } from '../adapter.ts';
import { renderOpenAIError } from '../openai-errors.ts';
import { decodeChatRequest } from './request.ts';
import { ChatStreamDecoder, decodeChatResponse } from './response.ts';

/** OpenAI Chat Completions: `POST /v1/chat/completions`. */
export const openAIChat: ProtocolAdapter = {
  protocol: 'openai-chat',
  api: 'chat',
  upstreamPath: '/chat/completions',
  decodeRequest: decodeChatRequest,
  decodeResponse: decodeChatResponse,
  createStreamDecoder: (request) => new ChatStreamDecoder(request),
  renderError: renderOpenAIError,
};
