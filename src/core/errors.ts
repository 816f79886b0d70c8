/**
 * A refusal the gateway itself produces. Adapters render it in their protocol's native error
 * shape so official SDKs raise their usual typed errors (401 → AuthenticationError, ...).
 */
export type GatewayErrorKind =
  | 'authentication'
  | 'permission'
  | 'invalid_request'
  | 'not_found'
  | 'too_large'
  | 'unsupported_media_type'
  | 'rate_limit'
  | 'upstream_unavailable'
  /** The gateway itself cannot serve safely right now (e.g. its audit ledger cannot write). */
  | 'unavailable'
  | 'upstream_timeout'
  | 'internal';

const STATUS: Record<GatewayErrorKind, number> = {
  authentication: 401,
  permission: 403,
  invalid_request: 400,
  not_found: 404,
  too_large: 413,
  unsupported_media_type: 415,
  rate_limit: 429,
  upstream_unavailable: 502,
  unavailable: 503,
  upstream_timeout: 504,
  internal: 500,
};

export class GatewayError extends Error {
  readonly kind: GatewayErrorKind;
  /** A stable machine-readable code, e.g. "model_not_allowed". */
  readonly code: string;
  readonly status: number;

  constructor(kind: GatewayErrorKind, code: string, message: string) {
    super(message);
    this.kind = kind;
    this.code = code;
    this.status = STATUS[kind];
  }
}
