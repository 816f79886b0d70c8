import type { ProtocolAdapter } from '../adapter.ts';
import { renderOpenAIError } from '../openai-errors.ts';
import { decodeChatRequest } from './request.ts';
import { objectAfterKey } from '../json-scan.ts';
import { ChatStreamDecoder, decodeChatResponse, usageOf } from './response.ts';
import { removeTools } from '../tool-definitions.ts';
import { createChatToolCallGate } from './tool-gate.ts';
import { createChatTextRewriteStream, rewriteChatResponseText } from './text-rewrite.ts';
import { chatToolList } from './tool-list.ts';
import { withholdChatToolCalls } from './withhold.ts';

/** OpenAI Chat Completions: `POST /v1/chat/completions`. */
export const openAIChat: ProtocolAdapter = {
  protocol: 'openai-chat',
  api: 'chat',
  upstreamPath: '/chat/completions',
  decodeRequest: decodeChatRequest,
  toolCallMarker: '"tool_calls"',
  // The last usage object: a JSON body has one; a stream's is in its final chunk (include_usage).
  summarizeUsage: (raw) => usageOf(objectAfterKey(raw, 'usage', 'last')),
  decodeResponse: decodeChatResponse,
  createStreamDecoder: (request) => new ChatStreamDecoder(request),
  renderError: renderOpenAIError,
  withholdToolCalls: withholdChatToolCalls,
  createToolCallGate: (_request, decide, out) => createChatToolCallGate(decide, out),
  removeToolDefinitions: (body, indices) => removeTools(body, indices, chatToolList),
  rewriteResponseText: rewriteChatResponseText,
  createTextRewriteStream: (_request, rewriter, out) => createChatTextRewriteStream(rewriter, out),
};
