/**
 * The text of a policy: what decides, its version, and how it reads. The version of a policy
 * (compile.ts policyVersion) is the hash of `decisivePolicy`, and the ledger keeps that object
 * at every gateway start and policy reload, so the rules behind any recorded decision can be
 * read back and checked against the version the decision names.
 */
import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import type { Config } from '../config/schema.ts';
import { stableJson } from './stable-json.ts';

/**
 * Everything that decides, and nothing else: the policy section, the tool catalog, each agent's
 * grants and each provider's kind and flags. Keys, URLs and the approval webhook (a URL and
 * usually a token; it only notifies) are left out. Keys in a stable order.
 */
export function decisivePolicy(config: Config): Record<string, unknown> {
  const { webhook: _notifies, ...approvals } = config.policy.approvals;
  return JSON.parse(stableJson({
    policy: { ...config.policy, approvals },
    tools: config.tools,
    agents: config.agents.map(({ id, team, env, tier, clearances, models, tools }) => ({ id, team, env, tier, clearances, models, tools })),
    providers: config.providers.map(({ id, kind, flags }) => ({ id, kind, flags })),
  })) as Record<string, unknown>;
}

/** The version of a decisive policy (`sha256:<hex>` of its canonical JSON). */
export function versionOf(decisive: unknown): string {
  return `sha256:${createHash('sha256').update(stableJson(decisive)).digest('hex')}`;
}

/** A decisive policy as YAML, for people: the console's source view, diffs between versions. */
export function policyYaml(decisive: unknown): string {
  return stringify(decisive, { lineWidth: 0 });
}
