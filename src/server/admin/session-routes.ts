/**
 * Signing in and out of the console, who am I, and the live activity stream: the routes that
 * deal with the browser's session rather than with agents.
 */
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { GatewayError } from '../../core/errors.ts';
import type { AdminIdentity } from '../auth.ts';
import { sendJson, withGatewayHeaders } from '../respond.ts';
import type { AdminContext } from './context.ts';
import { jsonBody, parse, sendNoContent } from './http.ts';
import { clearedCookie, sessionCookie } from './session.ts';

const loginBody = z.union([
  z.strictObject({ key: z.string().min(1).max(512) }),
  z.strictObject({ oneTimeToken: z.string().min(1).max(128) }),
]);

/** `POST /admin/session`: a key or a one-time token for a session cookie. Neither is ever recorded. */
export async function login({ core, req, res, record }: AdminContext): Promise<void> {
  const body = parse(loginBody, await jsonBody(req, false), 'expected {"key": string} or {"oneTimeToken": string}');
  let identity: AdminIdentity | undefined;
  if ('key' in body) {
    record.adminTarget = 'key';
    try {
      identity = core.admins.authenticateKey(body.key);
    } catch {
      identity = undefined;
    }
  } else {
    record.adminTarget = 'one_time_token';
    identity = core.admin.sessions.redeem(body.oneTimeToken);
  }
  if (identity === undefined) {
    throw new GatewayError('authentication', 'invalid_credentials', 'the admin key or login token is not valid (a login token works once, within 15 minutes)');
  }
  record.principal = identity.principal;
  const id = core.admin.sessions.open(identity.principal.agentId);
  res.setHeader('set-cookie', sessionCookie(id, secure(req)));
  sendJson(res, 200, { id: identity.principal.agentId, role: identity.role }, record);
}

/** `DELETE /admin/session`: ends the cookie's session (a key caller has none: nothing to end). */
export function logout({ core, req, res, record, identity }: AdminContext): void {
  record.adminTarget = identity.principal.agentId;
  core.admin.sessions.close(req.headers);
  res.setHeader('set-cookie', clearedCookie(secure(req)));
  sendNoContent(res, record);
}

export function whoami({ res, record, identity }: AdminContext): void {
  sendJson(res, 200, { id: identity.principal.agentId, role: identity.role }, record);
}

/** `GET /admin/events/stream`: server-sent events, replaying from Last-Event-ID when given. */
export function openStream({ core, req, res, record }: AdminContext): void {
  const streams = core.admin.streams;
  if (streams.full) throw new GatewayError('rate_limit', 'too_many_streams', 'too many activity streams are open; close one and retry');
  const header = req.headers['last-event-id'];
  const last = typeof header === 'string' && /^[0-9]{1,15}$/.test(header.trim()) ? Number(header.trim()) : undefined;
  res.writeHead(200, withGatewayHeaders({
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    // Reverse proxies (nginx) would otherwise hold events back to fill a buffer.
    'x-accel-buffering': 'no',
  }, record));
  // Tells EventSource how soon to reconnect, and gets the headers through proxies at once.
  res.write('retry: 3000\n\n');
  record.outcome = 'forwarded';
  streams.add(res, last);
}

/** Whether the console is served over HTTPS (directly, or behind a proxy that says so). */
function secure(req: IncomingMessage): boolean {
  return (req.socket as { encrypted?: boolean }).encrypted === true || req.headers['x-forwarded-proto'] === 'https';
}
