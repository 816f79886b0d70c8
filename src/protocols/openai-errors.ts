import type { GatewayError, GatewayErrorKind } from '../core/errors.ts';
import type { RenderedError } from './adapter.ts';

/** OpenAI's error `type` per kind; the SDK picks its error class from the HTTP status. */
const OPENAI_TYPE: Record<GatewayErrorKind, string> = {
  authentication: 'invalid_request_error',
  permission: 'permission_error',
  invalid_request: 'invalid_request_error',
  not_found: 'invalid_request_error',
  too_large: 'invalid_request_error',
  unsupported_media_type: 'invalid_request_error',
  rate_limit: 'rate_limit_error',
  upstream_unavailable: 'server_error',
  unavailable: 'server_error',
  upstream_timeout: 'server_error',
  internal: 'server_error',
};

/** `{"error":{"message","type","param","code"}}`, as api.openai.com answers. */
export function renderOpenAIError(error: GatewayError): RenderedError {
  return {
    status: error.status,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      error: { message: error.message, type: OPENAI_TYPE[error.kind], param: null, code: error.code },
    }),
  };
}
