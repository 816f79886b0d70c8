/**
 * Human approval of a held call. The approval is bound to a hash of the agent, the tool (and
 * its MCP server) and the exact arguments: what a human approved is that call and nothing
 * else. A model's response cannot wait for a human, so the first attempt creates a pending
 * approval and the agent is told its id; once an approver allows it, the identical call
 * passes, once. A denied approval denies the identical call; an expired one counts as a
 * denial, and a later attempt asks again.
 */
import type { ApprovalRef, DecisionAction } from '../core/decision.ts';
import { andThen } from '../core/awaitable.ts';
import { approvalBinding } from './state/canonical.ts';
import type { Approval, Awaitable, PolicyStore } from './state/types.ts';

export interface HeldCall {
  readonly agentId: string;
  readonly tool: string;
  /** The MCP server of the tool (absent at the LLM layer): the same name elsewhere is another tool. */
  readonly server?: string | undefined;
  readonly argumentsText: string;
  readonly ruleIds: readonly string[];
  readonly reason: string;
  /** What provenance found of the call (PolicyEvent.untrustedArgs, untrustedAction), shown to the approver. */
  readonly untrustedArgs?: readonly string[] | undefined;
  readonly untrustedAction?: boolean | undefined;
}

export interface ApprovalOutcome {
  readonly action: Extract<DecisionAction, 'allow' | 'deny' | 'approve'>;
  readonly reason: string;
  readonly approval: ApprovalRef;
}

export type ApprovalListener = (approval: Approval) => void;

export function ref(approval: Approval): ApprovalRef {
  const base = { id: approval.id, status: approval.status, expiresAt: approval.expiresAt };
  return approval.decidedBy === undefined ? base : { ...base, decidedBy: approval.decidedBy };
}

export function resolveHeldCall(
  store: PolicyStore, call: HeldCall, ttlMs: number, now: number, created?: ApprovalListener,
): Awaitable<ApprovalOutcome> {
  const tool = call.server === undefined ? call.tool : `mcp:${JSON.stringify([call.server, call.tool])}`;
  const binding = approvalBinding(call.agentId, tool, call.argumentsText);
  return andThen(store.approvalFor(binding, now), (existing): Awaitable<ApprovalOutcome> => {
    if (existing?.status === 'approved') {
      return andThen(store.consumeApproval(existing.id, now), (first): Awaitable<ApprovalOutcome> => (first
        ? { action: 'allow', reason: `approved by ${existing.decidedBy ?? 'an approver'} (approval ${existing.id})`, approval: ref(existing) }
        // Another replica used it in the meantime: ask again rather than let a second call through.
        : requestApproval(store, call, binding, ttlMs, now, created)));
    }
    if (existing?.status === 'denied') {
      return { action: 'deny', reason: `approval ${existing.id} was denied by ${existing.decidedBy ?? 'an approver'}`, approval: ref(existing) };
    }
    if (existing?.status === 'pending') return pending(existing);
    return requestApproval(store, call, binding, ttlMs, now, created);
  });
}

function requestApproval(
  store: PolicyStore, call: HeldCall, binding: string, ttlMs: number, now: number, created?: ApprovalListener,
): Awaitable<ApprovalOutcome> {
  const approval = store.createApproval({
    id: `apr_${crypto.randomUUID().replaceAll('-', '').slice(0, 20)}`,
    binding,
    agentId: call.agentId,
    tool: call.tool,
    argumentsText: call.argumentsText,
    ruleIds: call.ruleIds,
    reason: call.reason,
    ...(call.untrustedArgs === undefined || call.untrustedArgs.length === 0 ? {} : { untrustedArgs: call.untrustedArgs }),
    ...(call.untrustedAction === true ? { untrustedAction: true } : {}),
    createdAt: now,
    expiresAt: now + ttlMs,
  });
  return andThen(approval, (stored) => {
    try {
      created?.(stored);
    } catch {
      // A notifier's failure must not turn a held call into an error; the approval stands.
    }
    return pending(stored);
  });
}

function pending(approval: Approval): ApprovalOutcome {
  return { action: 'approve', reason: `pending approval ${approval.id}`, approval: ref(approval) };
}
