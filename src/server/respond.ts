import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { GatewayError } from '../core/errors.ts';
import type { ProtocolAdapter } from '../protocols/adapter.ts';
import type { ExchangeRecord } from './record.ts';

/** Adds the headers every gateway answer carries to `headers`, and returns it. */
export function withGatewayHeaders<T extends OutgoingHttpHeaders>(headers: T, record: ExchangeRecord): T {
  (headers as OutgoingHttpHeaders)['x-portcullis-request-id'] = record.requestId;
  (headers as OutgoingHttpHeaders)['x-portcullis-overhead-ms'] = record.overheadMs.toFixed(3);
  return headers;
}

/**
 * Runs `write` (the last write of a response) once the exchange's record is durable, when the
 * ledger is in sync mode; at once otherwise. If the record cannot be written, the response is
 * withheld: `unrecorded` answers instead (an error, or a cut stream).
 */
export function whenRecorded(record: ExchangeRecord, status: number, write: () => void, unrecorded: () => void): void {
  const durable = record.commit?.(status);
  if (durable === undefined) return write();
  durable.then(write, unrecorded);
}

/** What the agent gets instead of an answer whose record could not be written (sync ledger). */
export const UNRECORDED = new GatewayError('unavailable', 'ledger_unavailable',
  'the gateway could not record this exchange in its audit ledger, so it withheld the answer');

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
  whenRecorded(record, rendered.status, () => writeRendered(res, rendered, record), () => {
    record.errorCode = UNRECORDED.code;
    writeRendered(res, protocol.renderError(UNRECORDED, record.requestId), record);
  });
}

function writeRendered(res: ServerResponse, rendered: { status: number; headers: Record<string, string>; body: string }, record: ExchangeRecord): void {
  if (res.headersSent || res.destroyed) return;
  const headers = withGatewayHeaders<OutgoingHttpHeaders>({ ...rendered.headers }, record);
  // A body left unread (too large, or refused before reading) must not be parsed as the next request.
  if (!res.req.complete) headers['connection'] = 'close';
  endWith(res, rendered.status, headers, rendered.body);
}

/** Ends the response with a whole body whose length is known (sent as content-length, not in chunks). */
function endWith(res: ServerResponse, status: number, headers: OutgoingHttpHeaders, body: string): void {
  headers['content-length'] = Buffer.byteLength(body);
  res.writeHead(status, headers);
  res.end(body);
}

/** A gateway refusal that is never held for the ledger: for when the ledger itself is the problem. */
export function sendUnrecordedError(res: ServerResponse, protocol: Pick<ProtocolAdapter, 'renderError'>, error: GatewayError, record: ExchangeRecord): void {
  record.errorCode = error.code;
  writeRendered(res, protocol.renderError(error, record.requestId), record);
}

export function sendJson(res: ServerResponse, status: number, value: unknown, record: ExchangeRecord): void {
  whenRecorded(record, status, () => {
    endWith(res, status, withGatewayHeaders<OutgoingHttpHeaders>({ 'content-type': 'application/json' }, record), JSON.stringify(value));
  }, () => {
    const body = JSON.stringify({ error: { message: UNRECORDED.message, type: 'server_error', code: UNRECORDED.code } });
    endWith(res, 503, withGatewayHeaders<OutgoingHttpHeaders>({ 'content-type': 'application/json' }, record), body);
  });
}
