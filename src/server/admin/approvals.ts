/**
 * Approvals and kill switches: what people decide about agents. Approvers see a held call's
 * arguments here (they must, to decide) and nowhere else: not in logs, events or the ledger.
 */
import { z } from 'zod';
import { GatewayError } from '../../core/errors.ts';
import type { Approval, ApprovalStatus } from '../../policy/state/types.ts';
import { GLOBAL_SCOPE } from '../../policy/state/types.ts';
import { sendJson } from '../respond.ts';
import { invalid, jsonBody, parse } from './http.ts';
import type { AdminContext } from './context.ts';

const STATUSES = new Set<string>(['pending', 'approved', 'denied', 'expired']);
const noteBody = z.strictObject({ note: z.string().max(1000).optional() });
const killBody = z.strictObject({
  agent: z.string().min(1).max(64).optional(),
  engaged: z.boolean(),
  reason: z.string().min(1).max(500),
});

export async function listApprovals({ core, res, record, url }: AdminContext): Promise<void> {
  const status = url.searchParams.get('status') ?? undefined;
  if (status !== undefined && !STATUSES.has(status)) throw invalid('status must be pending, approved, denied or expired');
  const list = await core.policy.store.listApprovals(status as ApprovalStatus | undefined, Date.now());
  sendJson(res, 200, { data: list.map(view) }, record);
}

export async function getApproval({ core, res, record, params }: AdminContext): Promise<void> {
  const id = params[0] as string;
  const found = await core.policy.store.approval(id, Date.now());
  if (found === undefined) throw notFound(id);
  sendJson(res, 200, view(found), record);
}

export async function decideApproval({ core, req, res, record, params, identity }: AdminContext): Promise<void> {
  const [id, verdict] = params as [string, 'approve' | 'deny'];
  record.adminAction = `approval.${verdict}`;
  record.adminTarget = id;
  const { note } = parse(noteBody, await jsonBody(req, true), 'expected {"note"?: string}');
  const now = Date.now();
  const store = core.policy.store;
  const decided = await store.decideApproval(id, verdict === 'approve', identity.principal.agentId, note, now);
  if (decided === undefined) {
    const existing = await store.approval(id, now);
    if (existing === undefined) throw notFound(id);
    throw new GatewayError('invalid_request', 'approval_not_pending', `approval ${id} is ${existing.status}, not pending`);
  }
  sendJson(res, 200, view(decided), record);
}

export function getKillSwitches({ core, res, record }: AdminContext): void {
  const store = core.policy.store;
  const agents: Record<string, unknown> = {};
  for (const id of core.agents.ids()) {
    const state = store.killSwitch(id);
    if (state !== undefined) agents[id] = state;
  }
  sendJson(res, 200, { global: store.killSwitch(GLOBAL_SCOPE) ?? null, agents }, record);
}

export async function setKillSwitch({ core, req, res, record, identity }: AdminContext): Promise<void> {
  const request = parse(killBody, await jsonBody(req, false), 'expected {"agent"?: id, "engaged": boolean, "reason": string}');
  record.adminAction = `kill_switch.${request.engaged ? 'engage' : 'release'}`;
  record.adminTarget = request.agent ?? 'global';
  if (request.agent !== undefined && !core.agents.ids().includes(request.agent)) {
    throw new GatewayError('not_found', 'unknown_agent', `no agent '${request.agent}' is configured`);
  }
  const state = { engaged: request.engaged, by: identity.principal.agentId, reason: request.reason, at: Date.now() };
  await core.policy.store.setKillSwitch(request.agent ?? GLOBAL_SCOPE, state);
  sendJson(res, 200, { scope: request.agent ?? 'global', ...state }, record);
}

/** What an approver sees; the arguments are shown here and nowhere else (not in logs or ledger). */
function view(approval: Approval) {
  return { ...approval, expiresAt: new Date(approval.expiresAt).toISOString(), createdAt: new Date(approval.createdAt).toISOString() };
}

const notFound = (id: string) => new GatewayError('not_found', 'approval_not_found', `no approval ${id}`);
