import type { ProtocolAdapter } from '../adapter.ts';
import { renderAnthropicError } from '../anthropic-errors.ts';
import { decodeMessagesRequest } from './request.ts';
import { decodeMessagesResponse, MessagesStreamDecoder } from './response.ts';

/** Anthropic Messages: `POST /v1/messages`. */
export const anthropicMessages: ProtocolAdapter = {
  protocol: 'anthropic-messages',
  api: 'messages',
  upstreamPath: '/v1/messages',
  decodeRequest: decodeMessagesRequest,
  decodeResponse: decodeMessagesResponse,
  createStreamDecoder: (request) => new MessagesStreamDecoder(request),
  renderError: renderAnthropicError,
};
