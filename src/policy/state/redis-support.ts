/**
 * Plumbing for the Redis store: its error type, connection lifecycle helpers and the
 * approval hash layout (one field per Approval field; ruleIds as JSON; numbers as strings).
 */
import type { Redis, RedisOptions } from 'ioredis';
import { type ApprovalRecord, parseKillSwitch, toApproval } from './shared.ts';
import type { Approval, KillScope, KillSwitch } from './types.ts';

/** What every failed Redis call rejects with: the operation and a reason, never a stored value. */
export class PolicyStoreError extends Error {
  readonly operation: string;
  constructor(operation: string, reason: string) {
    super(`policy state (Redis): ${operation} failed: ${reason}`);
    this.name = 'PolicyStoreError';
    this.operation = operation;
  }
}

/** ioredis' wordings for "the connection is not there" (offline queue off, retries 0, socket errors). */
const DISCONNECTED = /Stream isn't writeable|Connection is closed|max retries per request|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH/;

/** Why a command failed, in the store's words where ioredis' would puzzle an operator. */
export function reasonOf(err: unknown, lastConnectionError?: string): string {
  const detail = detailOf(err);
  if (detail.includes('Command timed out')) return 'Redis did not answer within commandTimeoutMs';
  if (DISCONNECTED.test(detail)) return `not connected to Redis${lastConnectionError === undefined ? '' : ` (${lastConnectionError})`}`;
  return detail;
}

/** Only the first line, with quoted parts removed: Redis quotes offending arguments in some errors. */
export function detailOf(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const line = (message.split('\n')[0] ?? '').replace(/^PORTCULLIS /, '').replace(/'[^']*'|"[^"]*"/g, '…');
  return line.slice(0, 200) || 'unknown error';
}

/**
 * How every gateway connection to Redis behaves: fail now rather than queue while disconnected,
 * and never resend (a resent tryConsume whose reply was lost would count twice); a bounded
 * connect and command time, so callers can fail closed (or fall back) instead of waiting.
 */
export function connectionOptions(connectTimeoutMs = 2000, commandTimeoutMs = 1000): RedisOptions & { disconnectTimeout: number } {
  return {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: connectTimeoutMs,
    commandTimeout: commandTimeoutMs,
    // Undocumented: ioredis arms this timer even for a socket that already closed (a refused
    // connect), which would keep the process alive for its default 2 s after close().
    disconnectTimeout: 100,
  };
}

export function ready(connection: Redis): Promise<void> {
  if (connection.status === 'ready') return Promise.resolve();
  if (connection.status === 'wait') return connection.connect();
  return new Promise((resolve, reject) => {
    const onReady = (): void => {
      connection.off('end', onEnd);
      resolve();
    };
    const onEnd = (): void => {
      connection.off('ready', onReady);
      reject(new Error('connection ended'));
    };
    connection.once('ready', onReady);
    connection.once('end', onEnd);
  });
}

export async function shutdown(connection: Redis): Promise<void> {
  if (connection.status === 'end') return;
  if (connection.status !== 'ready') return connection.disconnect();
  try {
    await connection.quit();
  } catch {
    connection.disconnect();
  }
}

export function toFields(record: ApprovalRecord): string[] {
  const { id, binding, agentId, tool, argumentsText, ruleIds, reason, createdAt, expiresAt, state, untrustedArgs, untrustedAction } = record;
  return ['id', id, 'binding', binding, 'agentId', agentId, 'tool', tool, 'argumentsText', argumentsText,
    'ruleIds', JSON.stringify(ruleIds), 'reason', reason, 'createdAt', String(createdAt), 'expiresAt', String(expiresAt), 'state', state,
    ...(untrustedArgs === undefined || untrustedArgs.length === 0 ? [] : ['untrustedArgs', JSON.stringify(untrustedArgs)]),
    ...(untrustedAction === true ? ['untrustedAction', '1'] : [])];
}

export function fromFlat(flat: string[], now: number): Approval | undefined {
  const hash: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) hash[flat[i] as string] = flat[i + 1] as string;
  return fromHash(hash, now);
}

export function fromHash(h: Record<string, string>, now: number): Approval | undefined {
  const { id, binding, agentId, tool, argumentsText, ruleIds, reason, createdAt, expiresAt, state } = h;
  if (id === undefined || binding === undefined || agentId === undefined || tool === undefined || argumentsText === undefined
    || ruleIds === undefined || reason === undefined || createdAt === undefined || expiresAt === undefined
    || (state !== 'pending' && state !== 'approved' && state !== 'denied')) return undefined;
  const record: ApprovalRecord = {
    id, binding, agentId, tool, argumentsText, reason, state,
    ruleIds: JSON.parse(ruleIds) as string[], createdAt: Number(createdAt), expiresAt: Number(expiresAt),
    ...(h.untrustedArgs === undefined ? {} : { untrustedArgs: JSON.parse(h.untrustedArgs) as string[] }),
    ...(h.untrustedAction === '1' ? { untrustedAction: true } : {}),
  };
  if (h.decidedBy !== undefined) record.decidedBy = h.decidedBy;
  if (h.decidedAt !== undefined) record.decidedAt = Number(h.decidedAt);
  if (h.note !== undefined) record.note = h.note;
  if (h.consumedAt !== undefined) record.consumedAt = Number(h.consumedAt);
  return toApproval(record, now);
}

/**
 * The local copy of the kill switches, ordered by the version Redis bumps (atomically) with
 * every change: a change arrives by pub/sub, a snapshot by the periodic refresh, and the two
 * race on separate connections, so neither may overwrite what the other already made newer.
 */
export class KillSwitchMirror {
  readonly #states = new Map<KillScope, KillSwitch>();
  #version = 0;

  get version(): number {
    return this.#version;
  }

  get(scope: KillScope): KillSwitch | undefined {
    return this.#states.get(scope);
  }

  /** Applies one change unless already seen; true when versions were skipped (a missed message: refresh). */
  change(version: number, scope: KillScope, json: string): boolean {
    if (!(version > this.#version)) return false;
    const state = parseKillSwitch(json);
    if (state !== undefined) this.#states.set(scope, state);
    const missed = version > this.#version + 1;
    this.#version = version;
    return missed;
  }

  /**
   * Replaces everything, unless a change newer than the snapshot arrived while it was in
   * flight. A snapshot older than `seen` (the version when it was requested) can only mean
   * Redis lost its data, so it is trusted.
   */
  snapshot(version: number, flat: readonly string[], seen: number): void {
    if (version < this.#version && version >= seen) return;
    this.#states.clear();
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const state = parseKillSwitch(flat[i + 1] as string);
      if (state !== undefined) this.#states.set(flat[i] as string, state);
    }
    this.#version = version;
  }
}
