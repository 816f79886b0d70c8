/**
 * Records of what happens to the gateway itself, beside the exchanges: it started (with the
 * policy version and the key ids of every agent and admin, so a key issued or revoked shows
 * as a difference between two start records), its policy was reloaded, or it stopped. A start
 * and a reload also keep the policy itself (policy/source.ts decisivePolicy), so the rules
 * behind every later decision can be read from the ledger and checked against its version.
 */
import type { Config } from '../config/schema.ts';
import type { Ledger } from '../ledger/index.ts';
import type { RecordDraft } from '../ledger/record.ts';
import { decisivePolicy } from '../policy/source.ts';

function draft(type: string, fields: Record<string, unknown>, principal?: string): RecordDraft {
  return {
    type, time: Date.now(), outcome: 'success', fields, ruleIds: [],
    ...(principal === undefined ? {} : { principal: { id: principal } }),
  };
}

/** Key ids are the first 12 hex digits of a key's hash: enough to tell keys apart, useless to an attacker. */
const keyIds = (entries: readonly { id: string; keyHash: string }[]) =>
  entries.map(({ id, keyHash }) => ({ id, keyId: keyHash.slice(7, 19) }));

export function recordStart(ledger: Ledger, config: Config, policyVersion: string): Promise<number> {
  return ledger.record(draft('gateway.start', {
    policyVersion,
    policy: decisivePolicy(config),
    agents: keyIds(config.agents),
    admins: keyIds(config.admins),
    providers: config.providers.map((p) => p.id),
    durability: ledger.config.durability,
  }));
}

export function recordPolicyReload(ledger: Ledger, config: Config, version: string, previous: string): Promise<number> {
  return ledger.record(draft('policy.reload', { policyVersion: version, previous, policy: decisivePolicy(config) }));
}

export function recordStop(ledger: Ledger, signal: string): Promise<number> {
  return ledger.record(draft('gateway.stop', { signal }));
}
