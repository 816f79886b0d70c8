import type { ProtocolAdapter } from '../adapter.ts';
import { renderAnthropicError } from '../anthropic-errors.ts';
import { inputOutputUsage } from '../decode-util.ts';
import { objectAfterKey } from '../json-scan.ts';
import { decodeMessagesRequest } from './request.ts';
import { decodeMessagesResponse, MessagesStreamDecoder } from './response.ts';
import { removeTools } from '../tool-definitions.ts';
import { createMessagesToolCallGate } from './tool-gate.ts';
import { createMessagesTextRewriteStream, rewriteMessagesResponseText } from './text-rewrite.ts';
import { messagesToolList } from './tool-list.ts';
import { withholdMessagesToolCalls } from './withhold.ts';

/** Anthropic Messages: `POST /v1/messages`. */
export const anthropicMessages: ProtocolAdapter = {
  protocol: 'anthropic-messages',
  api: 'messages',
  upstreamPath: '/v1/messages',
  decodeRequest: decodeMessagesRequest,
  toolCallMarker: '"tool_use"',
  // A JSON message has one usage; a stream reports input tokens in message_start (the first)
  // and the final output tokens in message_delta (the last).
  summarizeUsage: (raw) => inputOutputUsage(objectAfterKey(raw, 'usage', 'first'), objectAfterKey(raw, 'usage', 'last')),
  decodeResponse: decodeMessagesResponse,
  createStreamDecoder: (request) => new MessagesStreamDecoder(request),
  renderError: renderAnthropicError,
  withholdToolCalls: withholdMessagesToolCalls,
  createToolCallGate: (_request, decide, out) => createMessagesToolCallGate(decide, out),
  removeToolDefinitions: (body, indices) => removeTools(body, indices, messagesToolList),
  rewriteResponseText: rewriteMessagesResponseText,
  createTextRewriteStream: (_request, rewriter, out) => createMessagesTextRewriteStream(rewriter, out),
};
