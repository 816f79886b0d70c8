import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import { GatewayError } from '../core/errors.ts';
import type { Provider } from './providers.ts';

/** What the gateway wants to hear about an upstream exchange. */
export interface UpstreamListener {
  onStart(status: number, headers: IncomingHttpHeaders): void;
  /** Return false to ask for backpressure; call `resume` on the handle when ready. */
  onData(chunk: Buffer): boolean;
  onEnd(): void;
  onError(error: GatewayError): void;
}

export interface UpstreamCall {
  abort(): void;
  resume(): void;
}

/**
 * Sends one request upstream through the provider's undici pool, using the dispatcher
 * handler API directly: no fetch, no web streams, no intermediate Readable, so bytes move
 * from the upstream socket to the agent's socket with as little work as possible.
 */
export function forward(
  provider: Provider, path: string, headers: Record<string, string>, body: Buffer, listener: UpstreamListener,
): UpstreamCall {
  let controller: Dispatcher.DispatchController | undefined;
  let abortedEarly = false;
  let settled = false;
  const handler: Dispatcher.DispatchHandler = {
    onRequestStart(ctrl) {
      controller = ctrl;
      if (abortedEarly) ctrl.abort(new Error('client went away'));
    },
    onResponseStart(_ctrl, status, responseHeaders) {
      if (status < 200) return; // 1xx informational
      listener.onStart(status, responseHeaders);
    },
    onResponseData(ctrl, chunk) {
      if (!listener.onData(chunk)) ctrl.pause();
    },
    onResponseEnd() {
      settled = true;
      listener.onEnd();
    },
    onResponseError(_ctrl, error) {
      if (settled) return;
      settled = true;
      listener.onError(toGatewayError(error, provider.id));
    },
  };
  provider.pool.dispatch(
    {
      origin: undefined,
      path,
      method: 'POST',
      headers,
      body,
      headersTimeout: provider.headersTimeoutMs,
      bodyTimeout: provider.bodyTimeoutMs,
    } as Dispatcher.DispatchOptions,
    handler,
  );
  return {
    abort() {
      // The caller chose to stop: no error to report back for it.
      settled = true;
      if (controller) controller.abort(new Error('client went away'));
      else abortedEarly = true;
    },
    resume() {
      controller?.resume();
    },
  };
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/** Upstream failures become errors that name the provider and the cause, never a stack trace. */
function toGatewayError(error: Error, providerId: string): GatewayError {
  const code = (error as { code?: string }).code ?? '';
  if (TIMEOUT_CODES.has(code)) {
    const what = code === 'UND_ERR_CONNECT_TIMEOUT' ? 'connecting to' : code === 'UND_ERR_BODY_TIMEOUT'
      ? 'waiting for more of the response from' : 'waiting for a response from';
    return new GatewayError('upstream_timeout', 'upstream_timeout', `timed out ${what} provider '${providerId}'`);
  }
  return new GatewayError(
    'upstream_unavailable', 'upstream_unavailable',
    `provider '${providerId}' could not be reached (${code || error.name})`,
  );
}
