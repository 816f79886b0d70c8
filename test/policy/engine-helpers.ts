/** Shared by the engine tests: a config around a policy, an engine on the in-process store, events. */
import assert from 'node:assert/strict';
import { parseConfig } from '../../src/config/load.ts';
import type { Decision, RuleMatch } from '../../src/core/decision.ts';
import type { Principal } from '../../src/core/exchange.ts';
import { compilePolicy } from '../../src/policy/compile.ts';
import { PolicyEngine } from '../../src/policy/engine.ts';
import type { PolicyEventInput } from '../../src/policy/event.ts';
import { MemoryPolicyStore } from '../../src/policy/state/memory.ts';
import type { Awaitable } from '../../src/policy/state/types.ts';

export const HASH = (c: string) => `sha256:${c.repeat(64)}`;

export const PROVIDERS = `version: 1
providers:
  - id: openai
    kind: openai
    baseUrl: https://api.openai.com/v1
    apiKey: sk-test
    models: ["gpt-4o"]
`;

/** Two agents in different teams; `a1` may use the tools given, `a2` gets `a2Tools`. */
export function yaml(policy: string, { tools = '[get_weather]', a2Tools = '[]', catalog = '' } = {}): string {
  return `${PROVIDERS}agents:
  - id: a1
    team: t1
    env: prod
    keyHash: ${HASH('a')}
    tools: ${tools}
  - id: a2
    team: t2
    env: prod
    keyHash: ${HASH('b')}
    tools: ${a2Tools}
${catalog}${policy}`;
}

export function setup(text: string) {
  const store = new MemoryPolicyStore();
  const policy = compilePolicy(parseConfig(text, 'test.yaml', {}));
  return { store, policy, engine: new PolicyEngine(policy, { store }) };
}

export const principal = (agentId = 'a1', team = 't1'): Principal =>
  ({ agentId, team, env: 'prod', tier: 'standard', clearances: [], keyId: 'k1' });

export function call(tool: string, args: unknown = {}, extra: Partial<PolicyEventInput> = {}): PolicyEventInput {
  return { kind: 'tool.call', principal: principal(), tool: { name: tool }, argumentsText: JSON.stringify(args), now: 1_000_000, ...extra };
}

/** The memory store decides synchronously: a Promise here would be a regression. */
export function sync(decision: Awaitable<Decision>): Decision {
  assert.ok(!(decision instanceof Promise), 'the in-process store must decide synchronously');
  return decision;
}

export const ids = (matches: readonly RuleMatch[]) => matches.map((m) => m.id);
