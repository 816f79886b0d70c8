export * from './types.ts';
export { approvalBinding, canonicalJson } from './canonical.ts';
export { MemoryPolicyStore, type MemoryPolicyStoreOptions } from './memory.ts';
export { PolicyStoreError, RedisPolicyStore, type RedisPolicyStoreOptions } from './redis.ts';
