/**
 * The Redis store, shared by gateway replicas. Checks-and-writes are Lua scripts (atomic
 * across replicas); kill switches are mirrored locally so reads stay synchronous. Failures
 * reject promptly (no offline queue, no retries, a command timeout) so the engine can fail
 * closed instead of waiting on a dead connection; messages never carry stored values.
 */
import { Redis } from 'ioredis';
import * as lua from './redis-scripts.ts';
import { connectionOptions, detailOf, fromFlat, fromHash, KillSwitchMirror, PolicyStoreError, ready, reasonOf, shutdown, toFields } from './redis-support.ts';
import {
  type ApprovalRecord,
  checkCounterArgs,
  checkNewApproval,
  checkTtl,
  DEFAULT_APPROVAL_RETENTION_MS,
  DEFAULT_MAX_APPROVALS,
  RELATIVE_TOLERANCE,
  toApproval,
  windowStartOf,
} from './shared.ts';
import type { Approval, ApprovalStatus, ConsumeResult, KillScope, KillSwitch, NewApproval, PolicyStore, SessionState } from './types.ts';

export { PolicyStoreError };

export type RedisPolicyStoreOptions = ({ readonly url: string } | { readonly client: Redis }) & {
  /** Namespaces every key and the kill-switch channel, e.g. `portcullis:prod:`. */
  readonly keyPrefix: string;
  /** Bound on connecting in `connect()` (default 2 s). */
  readonly connectTimeoutMs?: number;
  /** Bound on each command; a hung Redis rejects after this (default 1 s). */
  readonly commandTimeoutMs?: number;
  /** Kill-switch snapshot period, in case a pub/sub message is missed (default 5 s). */
  readonly killSwitchRefreshMs?: number;
  readonly maxApprovals?: number;
  readonly approvalRetentionMs?: number;
  /** Background failures (connection errors, failed refreshes); the default ignores them. */
  readonly onError?: (error: PolicyStoreError) => void;
};

/** Keys outlive their logical deadline by this much, so clock skew between replicas never frees state early. */
const EXPIRY_MARGIN_MS = 60_000;
const MAX_PER_BINDING = 32;

type Flat = string[];
interface Scripted extends Redis {
  portcullisTryConsume(key: string, amount: number, max: number, ttl: number, tolerance: number): Promise<[number, string]>;
  portcullisConsume(key: string, amount: number, ttl: number): Promise<string>;
  portcullisSessionRead(key: string, now: number, deadline: number, ttl: number): Promise<Flat>;
  portcullisTaint(key: string, now: number, deadline: number, ttl: number, ...labels: string[]): Promise<number>;
  portcullisCount(key: string, now: number, deadline: number, ttl: number, ...names: string[]): Promise<number>;
  portcullisApprovalCreate(hash: string, index: string, list: string, ...args: (string | number)[]): Promise<number>;
  portcullisApprovalFor(index: string, approvalPrefix: string, now: number): Promise<Flat>;
  portcullisApprovalDecide(hash: string, now: number, state: string, by: string, note: string, hasNote: string): Promise<Flat>;
  portcullisApprovalConsume(hash: string, now: number): Promise<number>;
  portcullisKillSet(hash: string, version: string, scope: string, json: string, channel: string): Promise<number>;
  portcullisKillLoad(hash: string, version: string): Promise<[string, Flat]>;
}

const SCRIPTS: [keyof Scripted & string, string, number][] = [
  ['portcullisTryConsume', lua.TRY_CONSUME, 1],
  ['portcullisConsume', lua.CONSUME, 1],
  ['portcullisSessionRead', lua.SESSION_READ, 1],
  ['portcullisTaint', lua.TAINT, 1],
  ['portcullisCount', lua.COUNT, 1],
  ['portcullisApprovalCreate', lua.APPROVAL_CREATE, 3],
  ['portcullisApprovalFor', lua.APPROVAL_FOR, 1],
  ['portcullisApprovalDecide', lua.APPROVAL_DECIDE, 1],
  ['portcullisApprovalConsume', lua.APPROVAL_CONSUME, 1],
  ['portcullisKillSet', lua.KILL_SET, 2],
  ['portcullisKillLoad', lua.KILL_LOAD, 2],
];

export class RedisPolicyStore implements PolicyStore {
  readonly #client: Scripted;
  readonly #subscriber: Redis;
  readonly #ownsClient: boolean;
  readonly #prefix: string;
  readonly #channel: string;
  readonly #options: RedisPolicyStoreOptions;
  readonly #kill = new KillSwitchMirror();
  #timer: NodeJS.Timeout | undefined;
  #lastError: string | undefined;
  #closed = false;
  #started = false;
  #lastSync = 0;

  /** Prefer `connect()`: a store built here has an empty kill-switch mirror until `start()`. */
  constructor(options: RedisPolicyStoreOptions) {
    if (typeof options.keyPrefix !== 'string' || options.keyPrefix === '') throw new TypeError('RedisPolicyStore: keyPrefix must be a non-empty string');
    this.#options = options;
    this.#prefix = options.keyPrefix;
    this.#channel = `${options.keyPrefix}kill-switch`;
    const tuning = connectionOptions(options.connectTimeoutMs, options.commandTimeoutMs);
    this.#ownsClient = 'url' in options;
    const client = 'url' in options ? new Redis(options.url, tuning) : options.client;
    this.#subscriber = client.duplicate(tuning);
    for (const [name, script, numberOfKeys] of SCRIPTS) client.defineCommand(name, { lua: script, numberOfKeys });
    this.#client = client as Scripted;
    for (const connection of [client, this.#subscriber]) {
      connection.on('ready', () => (this.#lastError = undefined));
      connection.on('error', (err: unknown) => {
        this.#lastError = detailOf(err);
        this.#options.onError?.(new PolicyStoreError('connection', this.#lastError));
      });
    }
    this.#subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.#channel) this.#onKillMessage(message);
    });
  }

  /** Connects, subscribes and loads the kill switches; rejects (and closes) within connectTimeoutMs. */
  static async connect(options: RedisPolicyStoreOptions): Promise<RedisPolicyStore> {
    const store = new RedisPolicyStore(options);
    try {
      await store.start();
      return store;
    } catch (err) {
      await store.close();
      throw err;
    }
  }

  /** Date.now() of the last kill-switch snapshot: lets the engine judge how stale the mirror may be. */
  get lastKillSwitchSync(): number {
    return this.#lastSync;
  }

  /** Whether both connections are up; commands fail fast while this is false. */
  get connected(): boolean {
    return this.#client.status === 'ready' && this.#subscriber.status === 'ready';
  }

  /** What `connect()` awaits; once only. */
  async start(): Promise<void> {
    if (this.#started) throw new Error('RedisPolicyStore: already started');
    this.#started = true;
    const limit = this.#options.connectTimeoutMs ?? 2000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no connection within ${limit} ms`)), limit);
    });
    try {
      await Promise.race([timeout, Promise.all([ready(this.#client), ready(this.#subscriber)])]);
      // Subscribe before the first snapshot so no change can fall between the two.
      await Promise.race([timeout, this.#subscriber.subscribe(this.#channel)]);
      await Promise.race([timeout, this.#refresh()]);
    } catch (err) {
      const where = this.#client.options.path ?? `${this.#client.options.host ?? 'localhost'}:${this.#client.options.port ?? 6379}`;
      throw new PolicyStoreError('connect', `cannot reach Redis at ${where} (${this.#lastError ?? detailOf(err)})`);
    } finally {
      clearTimeout(timer);
    }
    // A reconnected subscriber may have missed messages while it was away.
    this.#subscriber.on('ready', () => this.#refreshInBackground());
    this.#timer = setInterval(() => this.#refreshInBackground(), this.#options.killSwitchRefreshMs ?? 5000);
    this.#timer.unref();
  }

  tryConsume(key: string, amount: number, max: number, windowMs: number, now: number): Promise<ConsumeResult> {
    return this.#run('tryConsume', async () => {
      checkCounterArgs('tryConsume', amount, windowMs, now, max);
      const [window, ttl] = this.#window(key, windowMs, now);
      const [allowed, total] = await this.#client.portcullisTryConsume(window, amount, max, ttl, RELATIVE_TOLERANCE);
      return { allowed: allowed === 1, total: Number(total) };
    });
  }

  consume(key: string, amount: number, windowMs: number, now: number): Promise<number> {
    return this.#run('consume', async () => {
      checkCounterArgs('consume', amount, windowMs, now);
      const [window, ttl] = this.#window(key, windowMs, now);
      return Number(await this.#client.portcullisConsume(window, amount, ttl));
    });
  }

  counter(key: string, windowMs: number, now: number): Promise<number> {
    return this.#run('counter', async () => {
      checkCounterArgs('counter', 0, windowMs, now);
      return Number((await this.#client.get(this.#window(key, windowMs, now)[0])) ?? 0);
    });
  }

  session(id: string, ttlMs: number, now: number): Promise<SessionState> {
    return this.#run('session', async () => {
      checkTtl('session', ttlMs, now);
      const fields = await this.#client.portcullisSessionRead(`${this.#prefix}s:${id}`, now, now + ttlMs, Math.ceil(ttlMs + EXPIRY_MARGIN_MS));
      const taints: string[] = [];
      const counters: Record<string, number> = {};
      for (let i = 0; i + 1 < fields.length; i += 2) {
        const field = fields[i] as string;
        if (field.startsWith('t:')) taints.push(field.slice(2));
        else if (field.startsWith('c:')) counters[field.slice(2)] = Number(fields[i + 1]);
      }
      return { id, taints, counters };
    });
  }

  count(id: string, names: readonly string[], ttlMs: number, now: number): Promise<void> {
    return this.#run('count', async () => {
      checkTtl('count', ttlMs, now);
      await this.#client.portcullisCount(`${this.#prefix}s:${id}`, now, now + ttlMs, Math.ceil(ttlMs + EXPIRY_MARGIN_MS), ...names);
    });
  }

  taint(id: string, labels: readonly string[], ttlMs: number, now: number): Promise<void> {
    return this.#run('taint', async () => {
      checkTtl('taint', ttlMs, now);
      await this.#client.portcullisTaint(`${this.#prefix}s:${id}`, now, now + ttlMs, Math.ceil(ttlMs + EXPIRY_MARGIN_MS), ...labels);
    });
  }

  createApproval(approval: NewApproval): Promise<Approval> {
    return this.#run('createApproval', async () => {
      checkNewApproval(approval);
      const record: ApprovalRecord = { ...approval, ruleIds: [...approval.ruleIds], state: 'pending' };
      const retention = this.#options.approvalRetentionMs ?? DEFAULT_APPROVAL_RETENTION_MS;
      const ttl = Math.max(1, Math.ceil(approval.expiresAt - approval.createdAt + retention));
      const max = this.#options.maxApprovals ?? DEFAULT_MAX_APPROVALS;
      await this.#client.portcullisApprovalCreate(
        this.#approvalKey(approval.id), `${this.#prefix}b:${approval.binding}`, `${this.#prefix}approvals`,
        approval.id, approval.createdAt, ttl, max, MAX_PER_BINDING, ...toFields(record),
      );
      return toApproval(record, approval.createdAt);
    });
  }

  approval(id: string, now: number): Promise<Approval | undefined> {
    return this.#run('approval', async () => fromHash(await this.#client.hgetall(this.#approvalKey(id)), now));
  }

  approvalFor(binding: string, now: number): Promise<Approval | undefined> {
    return this.#run('approvalFor', async () =>
      fromFlat(await this.#client.portcullisApprovalFor(`${this.#prefix}b:${binding}`, this.#approvalKey(''), now), now),
    );
  }

  decideApproval(id: string, approve: boolean, by: string, note: string | undefined, now: number): Promise<Approval | undefined> {
    return this.#run('decideApproval', async () => {
      const state = approve ? 'approved' : 'denied';
      const flat = await this.#client.portcullisApprovalDecide(this.#approvalKey(id), now, state, by, note ?? '', note === undefined ? '0' : '1');
      return fromFlat(flat, now);
    });
  }

  consumeApproval(id: string, now: number): Promise<boolean> {
    return this.#run('consumeApproval', async () => (await this.#client.portcullisApprovalConsume(this.#approvalKey(id), now)) === 1);
  }

  listApprovals(status: ApprovalStatus | undefined, now: number): Promise<Approval[]> {
    return this.#run('listApprovals', async () => {
      const ids = await this.#client.zrevrange(`${this.#prefix}approvals`, 0, -1);
      const pipeline = this.#client.pipeline();
      for (const id of ids) pipeline.hgetall(this.#approvalKey(id));
      const out: Approval[] = [];
      for (const [err, hash] of (await pipeline.exec()) ?? []) {
        if (err) throw err;
        const approval = fromHash(hash as Record<string, string>, now);
        if (approval !== undefined && (status === undefined || approval.status === status)) out.push(approval);
      }
      return out;
    });
  }

  killSwitch(scope: KillScope): KillSwitch | undefined {
    return this.#kill.get(scope);
  }

  setKillSwitch(scope: KillScope, state: KillSwitch): Promise<void> {
    return this.#run('setKillSwitch', async () => {
      const json = JSON.stringify({ engaged: state.engaged, by: state.by, reason: state.reason, at: state.at });
      const version = await this.#client.portcullisKillSet(`${this.#prefix}kill`, `${this.#prefix}kill-version`, scope, json, this.#channel);
      if (this.#kill.change(Number(version), scope, json)) this.#refreshInBackground();
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    await Promise.all([shutdown(this.#subscriber), this.#ownsClient ? shutdown(this.#client) : undefined]);
  }

  async #run<T>(operation: string, work: () => Promise<T>): Promise<T> {
    if (this.#closed) throw new PolicyStoreError(operation, 'the store is closed');
    try {
      return await work();
    } catch (err) {
      // A fresh error, never the client's: ioredis attaches the command's arguments to its errors.
      if (err instanceof TypeError) throw err;
      throw new PolicyStoreError(operation, reasonOf(err, this.#lastError));
    }
  }

  #window(key: string, windowMs: number, now: number): [string, number] {
    const start = windowStartOf(now, windowMs);
    return [`${this.#prefix}c:${key}:${start}`, Math.ceil(start + windowMs - now + EXPIRY_MARGIN_MS)];
  }

  #approvalKey(id: string): string {
    return `${this.#prefix}a:${id}`;
  }

  #refreshInBackground(): void {
    this.#refresh().catch((err: unknown) => {
      if (!this.#closed) this.#options.onError?.(new PolicyStoreError('killSwitchRefresh', reasonOf(err, this.#lastError)));
    });
  }

  async #refresh(): Promise<void> {
    const seen = this.#kill.version;
    const [version, flat] = await this.#client.portcullisKillLoad(`${this.#prefix}kill`, `${this.#prefix}kill-version`);
    this.#kill.snapshot(Number(version), flat, seen);
    this.#lastSync = Date.now();
  }

  #onKillMessage(message: string): void {
    try {
      const { v, scope, state } = JSON.parse(message) as { v: number; scope: string; state: string };
      if (this.#kill.change(v, scope, state)) this.#refreshInBackground();
    } catch {
      this.#refreshInBackground();
    }
  }
}
