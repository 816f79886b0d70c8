/** The policy state store a config names: Redis when `state.redis` is set (shared by replicas and wrappers), else undefined (in-process). */
import type { Config } from '../../config/schema.ts';
import { RedisPolicyStore } from './redis.ts';
import type { PolicyStore } from './types.ts';

export async function openPolicyStore(config: Config, onError: (error: Error) => void): Promise<PolicyStore | undefined> {
  const redis = config.state.redis;
  if (redis === undefined) return undefined;
  return RedisPolicyStore.connect({ url: redis.url, keyPrefix: redis.keyPrefix, onError });
}
