/**
 * The admin API: approvals and kill switches, for people (and the console, later) rather than
 * agents. Admins authenticate with their own keys (`admins:` in the config, hashed like agent
 * keys); an agent key is refused here. Every act names the admin who did it.
 *
 *   GET  /admin/policy                       policy version
 *   GET  /admin/approvals[?status=pending]   approval requests (with the arguments: approvers must see them)
 *   GET  /admin/approvals/{id}
 *   POST /admin/approvals/{id}/approve       body: {"note"?: string}
 *   POST /admin/approvals/{id}/deny          body: {"note"?: string}
 *   GET  /admin/kill-switch                  the global switch and every agent's
 *   POST /admin/kill-switch                  body: {"agent"?: id, "engaged": bool, "reason": string}
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { GatewayError } from '../core/errors.ts';
import { renderOpenAIError } from '../protocols/openai-errors.ts';
import type { Approval, ApprovalStatus } from '../policy/state/types.ts';
import { GLOBAL_SCOPE } from '../policy/state/types.ts';
import type { GatewayCore } from './core.ts';
import { ClientGoneError, parseJsonBody, readBody } from './read-body.ts';
import type { ExchangeRecord } from './record.ts';
import { sendError, sendJson } from './respond.ts';

const MAX_ADMIN_BODY = 16 * 1024;
const STATUSES = new Set<string>(['pending', 'approved', 'denied', 'expired']);
const noteBody = z.strictObject({ note: z.string().max(1000).optional() });
const killBody = z.strictObject({
  agent: z.string().min(1).max(64).optional(),
  engaged: z.boolean(),
  reason: z.string().min(1).max(500),
});

const errors = { renderError: renderOpenAIError };

export function handleAdmin(core: GatewayCore, req: IncomingMessage, res: ServerResponse, record: ExchangeRecord, path: string): void {
  route(core, req, res, record, path).catch((error: unknown) => {
    const failure = error instanceof GatewayError ? error : new GatewayError('internal', 'admin_failed', 'the admin action failed');
    record.outcome = 'rejected';
    sendError(res, errors, failure, record);
  });
}

async function route(core: GatewayCore, req: IncomingMessage, res: ServerResponse, record: ExchangeRecord, path: string): Promise<void> {
  const admin = core.admins.authenticate(req.headers);
  record.principal = admin;
  record.outcome = 'forwarded';
  const now = Date.now();
  const store = core.policy.store;
  const method = req.method ?? 'GET';
  const approval = /^\/admin\/approvals\/([A-Za-z0-9_-]{1,64})(?:\/(approve|deny))?$/.exec(path);

  if (path === '/admin/policy' && method === 'GET') {
    return sendJson(res, 200, { version: core.policy.current.version }, record);
  }
  if (path === '/admin/approvals' && method === 'GET') {
    const status = new URL(req.url ?? '/', 'http://admin').searchParams.get('status') ?? undefined;
    if (status !== undefined && !STATUSES.has(status)) throw invalid('status must be pending, approved, denied or expired');
    const list = await store.listApprovals(status as ApprovalStatus | undefined, now);
    return sendJson(res, 200, { data: list.map(view) }, record);
  }
  if (approval !== null && approval[2] === undefined && method === 'GET') {
    const found = await store.approval(approval[1] as string, now);
    if (found === undefined) throw notFound(approval[1] as string);
    return sendJson(res, 200, view(found), record);
  }
  if (approval !== null && approval[2] !== undefined && method === 'POST') {
    const { note } = parse(noteBody, await body(req, true), 'expected {"note"?: string}');
    const id = approval[1] as string;
    const decided = await store.decideApproval(id, approval[2] === 'approve', admin.agentId, note, now);
    if (decided === undefined) {
      const existing = await store.approval(id, now);
      if (existing === undefined) throw notFound(id);
      throw new GatewayError('invalid_request', 'approval_not_pending', `approval ${id} is ${existing.status}, not pending`);
    }
    record.adminAction = `approval.${approval[2]}`;
    record.adminTarget = id;
    return sendJson(res, 200, view(decided), record);
  }
  if (path === '/admin/kill-switch' && method === 'GET') {
    const agents: Record<string, unknown> = {};
    for (const id of core.agents.ids()) {
      const state = store.killSwitch(id);
      if (state !== undefined) agents[id] = state;
    }
    return sendJson(res, 200, { global: store.killSwitch(GLOBAL_SCOPE) ?? null, agents }, record);
  }
  if (path === '/admin/kill-switch' && method === 'POST') {
    const request = parse(killBody, await body(req, false), 'expected {"agent"?: id, "engaged": boolean, "reason": string}');
    if (request.agent !== undefined && !core.agents.ids().includes(request.agent)) {
      throw new GatewayError('not_found', 'unknown_agent', `no agent '${request.agent}' is configured`);
    }
    const state = { engaged: request.engaged, by: admin.agentId, reason: request.reason, at: now };
    await store.setKillSwitch(request.agent ?? GLOBAL_SCOPE, state);
    record.adminAction = `kill_switch.${request.engaged ? 'engage' : 'release'}`;
    record.adminTarget = request.agent ?? 'global';
    return sendJson(res, 200, { scope: request.agent ?? 'global', ...state }, record);
  }
  throw new GatewayError('not_found', 'unknown_route', `no admin route for ${method} ${path}`);
}

async function body(req: IncomingMessage, optional: boolean): Promise<unknown> {
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

/** What an approver sees; the arguments are shown here and nowhere else (not in logs or ledger). */
function view(approval: Approval) {
  return { ...approval, expiresAt: new Date(approval.expiresAt).toISOString(), createdAt: new Date(approval.createdAt).toISOString() };
}

function parse<T>(schema: z.ZodType<T>, value: unknown, expected: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue === undefined || issue.path.length === 0 ? '' : ` (${issue.path.join('.')}: ${issue.message})`;
  throw invalid(`${expected}${where}`);
}

const invalid = (message: string) => new GatewayError('invalid_request', 'invalid_request', message);
const notFound = (id: string) => new GatewayError('not_found', 'approval_not_found', `no approval ${id}`);
