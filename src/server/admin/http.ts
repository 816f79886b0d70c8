/** Small request and response helpers the admin routes share. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { GatewayError } from '../../core/errors.ts';
import { ClientGoneError, parseJsonBody, readBody } from '../read-body.ts';
import type { ExchangeRecord } from '../record.ts';
import { UNRECORDED, whenRecorded, withGatewayHeaders } from '../respond.ts';

const MAX_ADMIN_BODY = 16 * 1024;

/** The JSON body; an empty body is `{}` when `optional`. */
export async function jsonBody(req: IncomingMessage, optional: boolean): Promise<unknown> {
  let raw: Buffer;
  try {
    raw = await readBody(req, MAX_ADMIN_BODY);
  } catch (error) {
    if (error instanceof ClientGoneError) throw new GatewayError('invalid_request', 'client_gone', 'the request body did not arrive');
    throw error;
  }
  if (raw.length === 0 && optional) return {};
  return parseJsonBody(raw, 8);
}

export function parse<T>(schema: z.ZodType<T>, value: unknown, expected: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue === undefined || issue.path.length === 0 ? '' : ` (${issue.path.join('.')}: ${issue.message})`;
  throw invalid(`${expected}${where}`);
}

export const invalid = (message: string) => new GatewayError('invalid_request', 'invalid_request', message);

/** A 204, held for the ledger like every admin answer. */
export function sendNoContent(res: ServerResponse, record: ExchangeRecord): void {
  whenRecorded(record, 204, () => {
    res.writeHead(204, withGatewayHeaders({}, record));
    res.end();
  }, () => {
    res.writeHead(503, withGatewayHeaders({ 'content-type': 'application/json' }, record));
    res.end(JSON.stringify({ error: { message: UNRECORDED.message, type: 'server_error', code: UNRECORDED.code } }));
  });
}

/** A positive integer query parameter, `fallback` when absent, at most `max`. */
export function intParam(url: URL, name: string, fallback: number, max: number): number {
  const raw = url.searchParams.get(name);
  if (raw === null) return fallback;
  if (!/^[0-9]{1,9}$/.test(raw) || Number(raw) < 1) throw invalid(`${name} must be a positive integer`);
  return Math.min(Number(raw), max);
}
