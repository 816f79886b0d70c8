import type { GatewayError, GatewayErrorKind } from '../core/errors.ts';
import type { RenderedError } from './adapter.ts';

/** Anthropic's documented error types per HTTP status. */
const ANTHROPIC_TYPE: Record<GatewayErrorKind, string> = {
  authentication: 'authentication_error',
  permission: 'permission_error',
  invalid_request: 'invalid_request_error',
  not_found: 'not_found_error',
  too_large: 'request_too_large',
  unsupported_media_type: 'invalid_request_error',
  rate_limit: 'rate_limit_error',
  upstream_unavailable: 'api_error',
  unavailable: 'overloaded_error',
  upstream_timeout: 'timeout_error',
  internal: 'api_error',
};

/** `{"type":"error","error":{"type","message"}}` plus `request-id`, as api.anthropic.com answers. */
export function renderAnthropicError(error: GatewayError, requestId: string): RenderedError {
  return {
    status: error.status,
    headers: { 'content-type': 'application/json', 'request-id': requestId },
    body: JSON.stringify({
      type: 'error',
      error: { type: ANTHROPIC_TYPE[error.kind], message: `${error.message} (${error.code})` },
    }),
  };
}
