import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { Provider } from '../upstream/providers.ts';

/**
 * Agent headers that may travel upstream. An allow-list, not a deny-list: the agent's own
 * credentials and anything that could steer the provider account (organization, project)
 * never pass; the gateway adds the provider's credentials itself.
 */
const FORWARDED_REQUEST_HEADERS = new Set([
  'accept', 'user-agent', 'anthropic-version', 'anthropic-beta', 'openai-beta', 'idempotency-key',
]);

export function upstreamRequestHeaders(
  incoming: IncomingHttpHeaders, provider: Provider, bodyLength: number,
): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'content-length': String(bodyLength),
  };
  for (const name in incoming) {
    const value = incoming[name];
    // The SDKs' own telemetry (x-stainless-*: retry count, runtime, timeout) is harmless and helps providers.
    if (typeof value === 'string' && (FORWARDED_REQUEST_HEADERS.has(name) || name.startsWith('x-stainless-'))) {
      headers[name] = value;
    }
  }
  if (provider.kind === 'anthropic' && headers['anthropic-version'] === undefined) {
    headers['anthropic-version'] = '2023-06-01';
  }
  return Object.assign(headers, provider.headers);
}

const FORWARDED_RESPONSE_HEADERS = new Set([
  'content-type', 'retry-after', 'retry-after-ms', 'x-request-id', 'request-id', 'openai-processing-ms',
]);

/**
 * Provider headers that reach the agent: content type, request ids and rate-limit state
 * (SDK retry logic reads them). Cookies, account identifiers and hop-by-hop headers stay.
 */
export function agentResponseHeaders(upstream: IncomingHttpHeaders): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  for (const name in upstream) {
    if (FORWARDED_RESPONSE_HEADERS.has(name) || name.startsWith('x-ratelimit-') || name.startsWith('anthropic-ratelimit-')) {
      headers[name] = upstream[name];
    }
  }
  return headers;
}
