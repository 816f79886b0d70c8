import type { GatewayError } from '../core/errors.ts';
import type { Exchange, Protocol, Usage } from '../core/exchange.ts';

/** The gateway APIs a provider can serve; a route lands only on a provider that serves its API. */
export type GatewayApi = 'chat' | 'responses' | 'messages';

/** An error body in a protocol's native shape, ready to write. */
export interface RenderedError {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Consumes one server-sent event of a response stream and accumulates the response. */
export interface StreamDecoder {
  /** `data` is the event's data field; `event` its event name ('' when absent). */
  onEvent(event: string, data: string): void;
  /** The response assembled so far (complete once the stream has ended). */
  result(): Exchange;
}

/**
 * A protocol adapter is the only code that knows a wire format. It turns a decoded JSON
 * body into an Exchange, renders gateway errors the way that protocol's SDKs expect, and
 * says where on the provider the request goes.
 */
export interface ProtocolAdapter {
  readonly protocol: Protocol;
  readonly api: GatewayApi;
  /** Path appended to the provider's base URL (which follows the protocol SDK's convention). */
  readonly upstreamPath: string;
  /** Throws GatewayError('invalid_request') when the body is not a request of this protocol. */
  decodeRequest(body: unknown): Exchange;
  /**
   * Text that occurs in every response (JSON or stream) carrying a tool call, so a response
   * without it can be recorded without decoding. False positives only cost a decode.
   */
  readonly toolCallMarker: string;
  /** Usage read from a raw response (a JSON body, or a whole SSE stream's text) without decoding it. */
  summarizeUsage(raw: string): Usage | undefined;
  decodeResponse(body: unknown, request: Exchange): Exchange;
  createStreamDecoder(request: Exchange): StreamDecoder;
  renderError(error: GatewayError, requestId: string): RenderedError;
}
