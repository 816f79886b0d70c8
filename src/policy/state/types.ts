/**
 * The policy engine's mutable state: windowed counters (limits and budgets), sessions
 * (taint labels), approvals and kill switches. One interface, two backends: in-process
 * (the default; every call synchronous, so deciding costs no microtask) and Redis (shared by
 * gateway replicas; calls return Promises). The engine awaits only when it gets a Promise.
 */
import type { Awaitable } from '../../core/awaitable.ts';

export type { Awaitable };

export interface ConsumeResult {
  /** Whether the amount fit under the maximum (and was therefore added). */
  readonly allowed: boolean;
  /** The window's total after this call (unchanged when not allowed). */
  readonly total: number;
}

export interface SessionState {
  readonly id: string;
  readonly taints: readonly string[];
  /** How many allowed events of each kind the session has seen (see `count`). */
  readonly counters: Readonly<Record<string, number>>;
}

export type ApprovalStatus = 'pending' | 'approved' | 'denied' | 'expired';

export interface Approval {
  readonly id: string;
  /** SHA-256 (hex) over agent, tool and canonical arguments: what exactly was approved. */
  readonly binding: string;
  readonly agentId: string;
  readonly tool: string;
  /** The arguments as the model proposed them; shown only to approvers through the admin API. */
  readonly argumentsText: string;
  readonly ruleIds: readonly string[];
  readonly reason: string;
  /**
   * The arguments whose values only a tool result, document or tool description supplied
   * (argument provenance), when any did: names only, what the approver should check first.
   */
  readonly untrustedArgs?: readonly string[];
  /** Only such content asked for the call's action (action provenance): the user asked for something else. */
  readonly untrustedAction?: boolean;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly status: ApprovalStatus;
  /** Admin id that approved or denied it. */
  readonly decidedBy?: string;
  readonly decidedAt?: number;
  readonly note?: string;
  /** An approval lets exactly one identical call through; set when that call passed. */
  readonly consumedAt?: number;
}

export type NewApproval = Omit<Approval, 'status' | 'decidedBy' | 'decidedAt' | 'note' | 'consumedAt'>;

export interface KillSwitch {
  readonly engaged: boolean;
  readonly by: string;
  readonly reason: string;
  readonly at: number;
}

/** `global` or an agent id. */
export type KillScope = string;
export const GLOBAL_SCOPE = '*';

export interface PolicyStore {
  /**
   * Adds `amount` to the counter `key` in the fixed window (aligned to the epoch) that
   * contains `now`, only if the total stays at or under `max`. Atomic across replicas.
   */
  tryConsume(key: string, amount: number, max: number, windowMs: number, now: number): Awaitable<ConsumeResult>;
  /** Adds unconditionally (e.g. tokens, known only after the response). Returns the new total. */
  consume(key: string, amount: number, windowMs: number, now: number): Awaitable<number>;
  /** The total of the window containing `now`. */
  counter(key: string, windowMs: number, now: number): Awaitable<number>;

  /** A session's state; an unknown session has no taints. Reading refreshes its idle TTL. */
  session(id: string, ttlMs: number, now: number): Awaitable<SessionState>;
  /** Adds taint labels (a set: adding twice is a no-op) and refreshes the idle TTL. */
  taint(id: string, labels: readonly string[], ttlMs: number, now: number): Awaitable<void>;
  /** Adds 1 to each named session counter and refreshes the idle TTL. */
  count(id: string, names: readonly string[], ttlMs: number, now: number): Awaitable<void>;

  createApproval(approval: NewApproval): Awaitable<Approval>;
  approval(id: string, now: number): Awaitable<Approval | undefined>;
  /**
   * The most recent approval for this binding that is still useful: pending, or approved
   * and unconsumed, or denied; expired and consumed ones are skipped. Status reflects `now`.
   */
  approvalFor(binding: string, now: number): Awaitable<Approval | undefined>;
  /** Approves or denies a pending, unexpired approval; returns undefined if it is not pending. */
  decideApproval(id: string, approve: boolean, by: string, note: string | undefined, now: number): Awaitable<Approval | undefined>;
  /** Marks an approved approval used; false if it was already used (one approval, one call). */
  consumeApproval(id: string, now: number): Awaitable<boolean>;
  listApprovals(status: ApprovalStatus | undefined, now: number): Awaitable<Approval[]>;

  /**
   * Kill switches are read on every exchange, so reads are synchronous in every backend
   * (Redis keeps a local mirror, updated by pub/sub and a periodic refresh).
   */
  killSwitch(scope: KillScope): KillSwitch | undefined;
  setKillSwitch(scope: KillScope, state: KillSwitch): Awaitable<void>;

  close(): Promise<void>;
}
