/** The state a config shares through `state.redis` (by replicas and wrappers): the policy store, and the provenance memory. */
import type { Config } from '../../config/schema.ts';
import { SharedProvenance } from '../../guards/shared-provenance.ts';
import { RedisPolicyStore } from './redis.ts';
import type { PolicyStore } from './types.ts';

/** The policy state store a config names: Redis when `state.redis` is set, else undefined (in-process). */
export async function openPolicyStore(config: Config, onError: (error: Error) => void): Promise<PolicyStore | undefined> {
  const redis = config.state.redis;
  if (redis === undefined) return undefined;
  return RedisPolicyStore.connect({ url: redis.url, keyPrefix: redis.keyPrefix, onError });
}

/** How often one kind of failure of the shared provenance memory is reported while it lasts. */
const REPORT_EVERY_MS = 10_000;

/**
 * Provenance memory shared by replicas when `state.redis` is set, else undefined (each process
 * judges by what it saw). A failure is reported once per REPORT_EVERY_MS while it lasts: each
 * call that meets it would report it again, and the calls go on either way.
 */
export async function openSharedProvenance(config: Config, onError: (error: Error) => void): Promise<SharedProvenance | undefined> {
  const redis = config.state.redis;
  if (redis === undefined) return undefined;
  const reported = new Map<string, number>();
  return SharedProvenance.connect({
    url: redis.url, keyPrefix: redis.keyPrefix,
    onError(error) {
      const now = Date.now();
      if (now - (reported.get(error.message) ?? -Infinity) < REPORT_EVERY_MS) return;
      reported.set(error.message, now);
      onError(error);
    },
  });
}
