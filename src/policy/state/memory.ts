/**
 * The in-process store, the default for a single gateway. Every method returns a plain value
 * so the engine decides without a microtask. Memory stays bounded without timers: expired
 * windows, idle sessions and old approvals are swept lazily (at most once per sweep interval,
 * driven by the `now` callers pass), and approvals are capped.
 */
import {
  type ApprovalRecord,
  checkCounterArgs,
  checkNewApproval,
  checkTtl,
  DEFAULT_APPROVAL_RETENTION_MS,
  DEFAULT_MAX_APPROVALS,
  deriveStatus,
  fits,
  isUseful,
  toApproval,
  windowStartOf,
} from './shared.ts';
import type { Approval, ApprovalStatus, ConsumeResult, KillScope, KillSwitch, NewApproval, PolicyStore, SessionState } from './types.ts';

export interface MemoryPolicyStoreOptions {
  /** Oldest approvals are dropped beyond this many (default 10 000). */
  readonly maxApprovals?: number;
  /** How long approvals stay listable after expiresAt (default 24 h). */
  readonly approvalRetentionMs?: number;
  /** Minimum time between sweeps of expired state (default 10 s). */
  readonly sweepIntervalMs?: number;
}

interface Counter {
  total: number;
  expiresAt: number;
}

interface Session {
  readonly taints: Set<string>;
  readonly counters: Map<string, number>;
  expiresAt: number;
}

export class MemoryPolicyStore implements PolicyStore {
  readonly #counters = new Map<string, Counter>();
  readonly #sessions = new Map<string, Session>();
  /** In creation order, so the first entry is the one to evict. */
  readonly #approvals = new Map<string, ApprovalRecord>();
  /** Approval ids per binding, oldest first. */
  readonly #byBinding = new Map<string, string[]>();
  readonly #killSwitches = new Map<KillScope, KillSwitch>();
  readonly #maxApprovals: number;
  readonly #retentionMs: number;
  readonly #sweepIntervalMs: number;
  #nextSweep = -Infinity;

  constructor(options: MemoryPolicyStoreOptions = {}) {
    this.#maxApprovals = options.maxApprovals ?? DEFAULT_MAX_APPROVALS;
    this.#retentionMs = options.approvalRetentionMs ?? DEFAULT_APPROVAL_RETENTION_MS;
    this.#sweepIntervalMs = options.sweepIntervalMs ?? 10_000;
  }

  tryConsume(key: string, amount: number, max: number, windowMs: number, now: number): ConsumeResult {
    checkCounterArgs('tryConsume', amount, windowMs, now, max);
    this.#maybeSweep(now);
    const counter = this.#counter(key, windowMs, now);
    if (!fits(counter.total, amount, max)) return { allowed: false, total: counter.total };
    counter.total += amount;
    return { allowed: true, total: counter.total };
  }

  consume(key: string, amount: number, windowMs: number, now: number): number {
    checkCounterArgs('consume', amount, windowMs, now);
    this.#maybeSweep(now);
    const counter = this.#counter(key, windowMs, now);
    counter.total += amount;
    return counter.total;
  }

  counter(key: string, windowMs: number, now: number): number {
    checkCounterArgs('counter', 0, windowMs, now);
    return this.#counters.get(`${key}:${windowStartOf(now, windowMs)}`)?.total ?? 0;
  }

  session(id: string, ttlMs: number, now: number): SessionState {
    checkTtl('session', ttlMs, now);
    const session = this.#liveSession(id, now);
    // An unknown session is not stored: reads alone (ids come from clients) must not grow memory.
    if (session === undefined) return { id, taints: [], counters: {} };
    session.expiresAt = now + ttlMs;
    return { id, taints: [...session.taints], counters: Object.fromEntries(session.counters) };
  }

  taint(id: string, labels: readonly string[], ttlMs: number, now: number): void {
    checkTtl('taint', ttlMs, now);
    const session = this.#touchSession(id, ttlMs, now);
    for (const label of labels) session.taints.add(label);
  }

  count(id: string, names: readonly string[], ttlMs: number, now: number): void {
    checkTtl('count', ttlMs, now);
    const session = this.#touchSession(id, ttlMs, now);
    for (const name of names) session.counters.set(name, (session.counters.get(name) ?? 0) + 1);
  }

  /** The live session (created if need be), its idle deadline moved on. */
  #touchSession(id: string, ttlMs: number, now: number): Session {
    this.#maybeSweep(now);
    let session = this.#liveSession(id, now);
    if (session === undefined) {
      session = { taints: new Set(), counters: new Map(), expiresAt: now + ttlMs };
      this.#sessions.set(id, session);
    }
    session.expiresAt = now + ttlMs;
    return session;
  }

  createApproval(approval: NewApproval): Approval {
    checkNewApproval(approval);
    if (this.#approvals.has(approval.id)) throw new Error('createApproval: an approval with this id already exists');
    this.#maybeSweep(approval.createdAt);
    const record: ApprovalRecord = { ...approval, ruleIds: [...approval.ruleIds], state: 'pending' };
    this.#approvals.set(record.id, record);
    const ids = this.#byBinding.get(record.binding);
    if (ids === undefined) this.#byBinding.set(record.binding, [record.id]);
    else ids.push(record.id);
    // Evicting the oldest (whatever its state) fails closed: a dropped grant must be re-requested.
    while (this.#approvals.size > this.#maxApprovals) {
      const oldest = this.#approvals.keys().next().value as string;
      this.#dropApproval(oldest);
    }
    return toApproval(record, approval.createdAt);
  }

  approval(id: string, now: number): Approval | undefined {
    const record = this.#approvals.get(id);
    return record === undefined ? undefined : toApproval(record, now);
  }

  approvalFor(binding: string, now: number): Approval | undefined {
    const ids = this.#byBinding.get(binding) ?? [];
    let newest: Approval | undefined;
    for (const id of ids) {
      const record = this.#approvals.get(id);
      if (record === undefined) continue;
      const approval = toApproval(record, now);
      // Most recent by createdAt, ties to the later-created, as in the Redis sorted set.
      if (isUseful(approval) && (newest === undefined || approval.createdAt >= newest.createdAt)) newest = approval;
    }
    return newest;
  }

  decideApproval(id: string, approve: boolean, by: string, note: string | undefined, now: number): Approval | undefined {
    const record = this.#approvals.get(id);
    if (record === undefined || deriveStatus(record, now) !== 'pending') return undefined;
    record.state = approve ? 'approved' : 'denied';
    record.decidedBy = by;
    record.decidedAt = now;
    if (note !== undefined) record.note = note;
    return toApproval(record, now);
  }

  consumeApproval(id: string, now: number): boolean {
    const record = this.#approvals.get(id);
    if (record === undefined || record.consumedAt !== undefined || deriveStatus(record, now) !== 'approved') return false;
    record.consumedAt = now;
    return true;
  }

  listApprovals(status: ApprovalStatus | undefined, now: number): Approval[] {
    const out: Approval[] = [];
    for (const record of this.#approvals.values()) {
      const approval = toApproval(record, now);
      if (status === undefined || approval.status === status) out.push(approval);
    }
    // Newest first, like the Redis listing.
    return out.sort((a, b) => b.createdAt - a.createdAt);
  }

  killSwitch(scope: KillScope): KillSwitch | undefined {
    return this.#killSwitches.get(scope);
  }

  setKillSwitch(scope: KillScope, state: KillSwitch): void {
    this.#killSwitches.set(scope, Object.freeze({ engaged: state.engaged, by: state.by, reason: state.reason, at: state.at }));
  }

  /** Entry counts, for metrics and for tests that check memory stays bounded. */
  stats(): { counters: number; sessions: number; approvals: number } {
    return { counters: this.#counters.size, sessions: this.#sessions.size, approvals: this.#approvals.size };
  }

  /** Forces a sweep of state expired at `now`. */
  sweep(now: number): void {
    for (const [key, counter] of this.#counters) if (counter.expiresAt <= now) this.#counters.delete(key);
    for (const [id, session] of this.#sessions) if (session.expiresAt <= now) this.#sessions.delete(id);
    for (const [id, record] of this.#approvals) if (record.expiresAt + this.#retentionMs <= now) this.#dropApproval(id);
    this.#nextSweep = now + this.#sweepIntervalMs;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  #maybeSweep(now: number): void {
    if (now >= this.#nextSweep) this.sweep(now);
  }

  #counter(key: string, windowMs: number, now: number): Counter {
    const start = windowStartOf(now, windowMs);
    const mapKey = `${key}:${start}`;
    let counter = this.#counters.get(mapKey);
    if (counter === undefined) {
      counter = { total: 0, expiresAt: start + windowMs };
      this.#counters.set(mapKey, counter);
    }
    return counter;
  }

  #liveSession(id: string, now: number): Session | undefined {
    const session = this.#sessions.get(id);
    if (session !== undefined && session.expiresAt <= now) {
      this.#sessions.delete(id);
      return undefined;
    }
    return session;
  }

  #dropApproval(id: string): void {
    const record = this.#approvals.get(id);
    if (record === undefined) return;
    this.#approvals.delete(id);
    const ids = this.#byBinding.get(record.binding);
    if (ids === undefined) return;
    const at = ids.indexOf(id);
    if (at >= 0) ids.splice(at, 1);
    if (ids.length === 0) this.#byBinding.delete(record.binding);
  }
}
