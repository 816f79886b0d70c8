/** Shared by the policy-state tests: a Redis to test against, per-test key prefixes, fixtures. */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { RedisPolicyStore, type RedisPolicyStoreOptions } from '../../src/policy/state/redis.ts';
import type { NewApproval } from '../../src/policy/state/types.ts';

export const REDIS_URL = process.env.PORTCULLIS_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A plain client for setup, inspection and cleanup. */
export const admin = new Redis(REDIS_URL, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, connectTimeout: 1000 });
admin.on('error', () => {});

/**
 * The Redis suites need a real Redis (`.ci/run` starts one): an unreachable server fails
 * them loudly instead of skipping them. Always undefined once this module has loaded.
 */
export const redisUnavailable: string | undefined = await admin.connect().then(
  () => undefined,
  () => {
    throw new Error(`no Redis at ${REDIS_URL}: the policy state tests need one (.ci/run starts it; or set PORTCULLIS_TEST_REDIS_URL)`);
  },
);

export function closeAdmin(): void {
  admin.disconnect();
}

export function newPrefix(): string {
  return `portcullis-test:${randomUUID()}:`;
}

/** Deletes every key under a test prefix (SCAN, never KEYS, in case the server is shared). */
export async function deletePrefix(prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await admin.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    if (keys.length > 0) await admin.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

/** A connected store; closing it also deletes its keys (pass `keep` when several share a prefix). */
export async function openRedis(
  prefix = newPrefix(),
  extra: Partial<RedisPolicyStoreOptions> = {},
  keep = false,
): Promise<RedisPolicyStore> {
  const store = await RedisPolicyStore.connect({ url: REDIS_URL, keyPrefix: prefix, ...extra });
  const close = store.close.bind(store);
  store.close = async () => {
    await close();
    if (!keep) await deletePrefix(prefix);
  };
  return store;
}

export function newApproval(overrides: Partial<NewApproval> = {}): NewApproval {
  return {
    id: randomUUID(),
    binding: 'b'.repeat(64),
    agentId: 'agent-1',
    tool: 'send_email',
    argumentsText: '{"to":"ceo@example.com","body":"ü ✓"}',
    ruleIds: ['approve-email'],
    reason: 'emails need a human',
    createdAt: 1_000,
    expiresAt: 61_000,
    ...overrides,
  };
}
