import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { GatewayError } from '../core/errors.ts';
import type { ProtocolAdapter } from '../protocols/adapter.ts';
import type { ExchangeRecord } from './record.ts';

/** Adds the headers every gateway answer carries to `headers`, and returns it. */
export function withGatewayHeaders<T extends OutgoingHttpHeaders>(headers: T, record: ExchangeRecord): T {
  (headers as OutgoingHttpHeaders)['x-portcullis-request-id'] = record.requestId;
  (headers as OutgoingHttpHeaders)['x-portcullis-overhead-ms'] = record.overheadMs.toFixed(3);
  return headers;
}

/** Writes a gateway refusal in the protocol's native error shape. */
export function sendError(
  res: ServerResponse, protocol: Pick<ProtocolAdapter, 'renderError'>, error: GatewayError, record: ExchangeRecord,
): void {
  record.errorCode = error.code;
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const rendered = protocol.renderError(error, record.requestId);
  const headers = withGatewayHeaders<OutgoingHttpHeaders>({ ...rendered.headers }, record);
  // A body left unread (too large, or refused before reading) must not be parsed as the next request.
  if (!res.req.complete) headers['connection'] = 'close';
  res.writeHead(rendered.status, headers);
  res.end(rendered.body);
}

export function sendJson(res: ServerResponse, status: number, value: unknown, record: ExchangeRecord): void {
  res.writeHead(status, withGatewayHeaders({ 'content-type': 'application/json' }, record));
  res.end(JSON.stringify(value));
}
