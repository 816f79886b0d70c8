/**
 * Rules both backends must agree on, kept in one place so the in-process and Redis stores
 * cannot drift: window alignment, the float tolerance of budgets, and how an approval's
 * status derives from what is stored plus the clock.
 */
import type { Approval, ApprovalStatus, KillSwitch, NewApproval } from './types.ts';

/** An approval as stored: `state` is what was decided; `status` is derived when read. */
export interface ApprovalRecord extends NewApproval {
  state: 'pending' | 'approved' | 'denied';
  decidedBy?: string;
  decidedAt?: number;
  note?: string;
  consumedAt?: number;
}

export const DEFAULT_MAX_APPROVALS = 10_000;
/** Expired, consumed and denied approvals stay listable this long after they expire. */
export const DEFAULT_APPROVAL_RETENTION_MS = 24 * 60 * 60 * 1000;

/**
 * Budgets are often fractional (dollars), and 0.1 + 0.2 > 0.3 in binary floating point; a
 * relative tolerance this small lets such sums reach their max without a meaningful overrun.
 * The Redis script applies the same formula.
 */
export const RELATIVE_TOLERANCE = 1e-9;

export function fits(current: number, amount: number, max: number): boolean {
  return current + amount <= max + Math.abs(max) * RELATIVE_TOLERANCE;
}

/** Fixed windows aligned to the epoch, so every replica agrees on the window of a `now`. */
export function windowStartOf(now: number, windowMs: number): number {
  return Math.floor(now / windowMs) * windowMs;
}

/** Rejects inputs that would corrupt a counter (NaN poisons every later comparison). */
export function checkCounterArgs(operation: string, amount: number, windowMs: number, now: number, max = 0): void {
  if (!Number.isFinite(amount) || !Number.isFinite(max)) throw new TypeError(`${operation}: amount and max must be finite numbers`);
  if (!Number.isFinite(windowMs) || windowMs <= 0) throw new TypeError(`${operation}: windowMs must be a positive number`);
  if (!Number.isFinite(now)) throw new TypeError(`${operation}: now must be a finite number`);
}

export function checkTtl(operation: string, ttlMs: number, now: number): void {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0 || !Number.isFinite(now)) {
    throw new TypeError(`${operation}: ttlMs must be a positive number and now finite`);
  }
}

export function checkNewApproval(approval: NewApproval): void {
  if (typeof approval.id !== 'string' || approval.id === '') throw new TypeError('createApproval: id must be a non-empty string');
  if (!Number.isFinite(approval.createdAt) || !Number.isFinite(approval.expiresAt)) {
    throw new TypeError('createApproval: createdAt and expiresAt must be finite numbers');
  }
  if (approval.untrustedArgs !== undefined && (!Array.isArray(approval.untrustedArgs) || approval.untrustedArgs.some((name) => typeof name !== 'string'))) {
    throw new TypeError('createApproval: untrustedArgs must be a list of argument names');
  }
}

/**
 * A denial stands until it is swept; a consumed approval stays approved (history); anything
 * else lapses at expiresAt, including an approved but unused one: a grant is time-limited.
 */
export function deriveStatus(record: ApprovalRecord, now: number): ApprovalStatus {
  if (record.state === 'denied') return 'denied';
  if (record.consumedAt !== undefined) return 'approved';
  if (now >= record.expiresAt) return 'expired';
  return record.state;
}

/** What approvalFor may return: pending, approved and unused, or denied. */
export function isUseful(approval: Approval): boolean {
  return approval.status === 'pending' || approval.status === 'denied' || (approval.status === 'approved' && approval.consumedAt === undefined);
}

/** A fresh object (callers cannot mutate the store through it) without absent optional keys. */
export function toApproval(record: ApprovalRecord, now: number): Approval {
  const approval: { -readonly [K in keyof Approval]: Approval[K] } = {
    id: record.id,
    binding: record.binding,
    agentId: record.agentId,
    tool: record.tool,
    argumentsText: record.argumentsText,
    ruleIds: [...record.ruleIds],
    reason: record.reason,
    createdAt: record.createdAt,
    expiresAt: record.expiresAt,
    status: deriveStatus(record, now),
  };
  if (record.untrustedArgs !== undefined && record.untrustedArgs.length > 0) approval.untrustedArgs = [...record.untrustedArgs];
  if (record.untrustedAction === true) approval.untrustedAction = true;
  if (record.decidedBy !== undefined) approval.decidedBy = record.decidedBy;
  if (record.decidedAt !== undefined) approval.decidedAt = record.decidedAt;
  if (record.note !== undefined) approval.note = record.note;
  if (record.consumedAt !== undefined) approval.consumedAt = record.consumedAt;
  return approval;
}

/** Parses a stored or published kill switch, or undefined if it is malformed. */
export function parseKillSwitch(text: string): KillSwitch | undefined {
  try {
    const v = JSON.parse(text) as Partial<KillSwitch>;
    if (typeof v.engaged !== 'boolean' || typeof v.by !== 'string' || typeof v.reason !== 'string' || typeof v.at !== 'number') return undefined;
    return Object.freeze({ engaged: v.engaged, by: v.by, reason: v.reason, at: v.at });
  } catch {
    return undefined;
  }
}
