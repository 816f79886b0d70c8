/**
 * The admin API: for people (operators, approvers, auditors, and the console they use) rather
 * than agents. A caller is an admin from `admins:`, known by their key (`Authorization: Bearer`)
 * or by the console session cookie a key or one-time token bought; an agent key is refused.
 * Each admin has a role, and routes.ts says, in one table, the least role each route needs.
 * Requests that change something with the cookie must carry `x-portcullis-csrf: 1`, a header a
 * cross-site form cannot send. Every act names the admin who did it, in the ledger.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayError } from '../../core/errors.ts';
import { renderOpenAIError } from '../../protocols/openai-errors.ts';
import { presentsKey, type AdminIdentity } from '../auth.ts';
import type { GatewayCore } from '../core.ts';
import type { ExchangeRecord } from '../record.ts';
import { sendError } from '../respond.ts';
import { findRoute, ROLE_RANK, type AdminRoute } from './routes.ts';

export { createAdminServices, type AdminServices } from './services.ts';
export { serveConsole } from './console-static.ts';

const errors = { renderError: renderOpenAIError };
const NOBODY: AdminIdentity = { principal: { agentId: '', team: '', env: '', tier: '', clearances: [], keyId: '' }, role: 'auditor' };

export function handleAdmin(core: GatewayCore, req: IncomingMessage, res: ServerResponse, record: ExchangeRecord, path: string): void {
  route(core, req, res, record, path).catch((error: unknown) => {
    const failure = error instanceof GatewayError ? error : new GatewayError('internal', 'admin_failed', 'the admin action failed');
    record.outcome = 'rejected';
    if (!(failure instanceof MethodNotAllowed)) return sendError(res, errors, failure, record);
    res.setHeader('allow', failure.allowed);
    sendError(res, { renderError: (e) => ({ ...renderOpenAIError(e), status: 405 }) }, failure, record);
  });
}

async function route(core: GatewayCore, req: IncomingMessage, res: ServerResponse, record: ExchangeRecord, path: string): Promise<void> {
  const method = req.method ?? 'GET';
  const found = findRoute(method, path);
  const target = found !== undefined && 'route' in found ? found : undefined;
  // Set first, so refused attempts at an act are recorded as acts too.
  const act = target?.route.act;
  if (act !== undefined) record.adminAction = typeof act === 'string' ? act : act(target!.params);
  const { identity, viaCookie } = target?.route.role === null ? { identity: NOBODY, viaCookie: false } : authenticate(core, req);
  if (identity !== NOBODY) record.principal = identity.principal;
  if (found === undefined) throw new GatewayError('not_found', 'unknown_route', `no admin route for ${method} ${path}`);
  if (target === undefined) throw new MethodNotAllowed((found as { allowed: string[] }).allowed);
  const { route: chosen, params } = target;
  if (chosen.role !== null) authorize(chosen, identity, viaCookie, method, req);
  if (chosen.quiet === true) record.recorded = true;
  record.outcome = 'forwarded';
  await chosen.handle({ core, req, res, record, url: new URL(req.url ?? '/', 'http://admin'), params: decoded(params), identity, viaCookie });
}

/** A key, if one is presented (an agent's is refused here); else the console cookie. */
function authenticate(core: GatewayCore, req: IncomingMessage): { identity: AdminIdentity; viaCookie: boolean } {
  if (presentsKey(req.headers)) return { identity: core.admins.authenticate(req.headers), viaCookie: false };
  const identity = core.admin.sessions.lookup(req.headers);
  if (identity === undefined) {
    throw new GatewayError('authentication', 'missing_api_key',
      'sign in: send an admin key as "Authorization: Bearer <key>", or sign in to the console (the session may have expired)');
  }
  return { identity, viaCookie: true };
}

function authorize(route: AdminRoute, identity: AdminIdentity, viaCookie: boolean, method: string, req: IncomingMessage): void {
  if (ROLE_RANK[identity.role] < ROLE_RANK[route.role as NonNullable<AdminRoute['role']>]) {
    throw new GatewayError('permission', 'forbidden_role', `role '${identity.role}' may not ${route.what}`);
  }
  if (viaCookie && method !== 'GET' && req.headers['x-portcullis-csrf'] !== '1') {
    throw new GatewayError('permission', 'csrf_required', 'requests that change something with the console cookie must send the header "x-portcullis-csrf: 1"');
  }
}

function decoded(params: readonly string[]): string[] {
  try {
    return params.map((param) => decodeURIComponent(param));
  } catch {
    throw new GatewayError('invalid_request', 'invalid_path', 'a name in the path is not valid percent-encoding');
  }
}

class MethodNotAllowed extends GatewayError {
  readonly allowed: string;
  constructor(allowed: readonly string[]) {
    super('invalid_request', 'method_not_allowed', `this route accepts ${allowed.join(', ')} only`);
    this.allowed = allowed.join(', ');
  }
}
