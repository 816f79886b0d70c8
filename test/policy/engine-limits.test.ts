/**
 * Limits through the engine: call counts per fixed window, separate counters per dimension,
 * sums with their exact boundary, limits that ask for approval, monitor-mode limits and token
 * budgets; and the same decisions on the Redis store.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { parseConfig } from '../../src/config/load.ts';
import type { Decision } from '../../src/core/decision.ts';
import type { Principal } from '../../src/core/exchange.ts';
import { compilePolicy, type CompiledPolicy } from '../../src/policy/compile.ts';
import { PolicyEngine } from '../../src/policy/engine.ts';
import type { PolicyEventInput } from '../../src/policy/event.ts';
import { limitKey } from '../../src/policy/limits.ts';
import { MemoryPolicyStore } from '../../src/policy/state/memory.ts';
import type { Awaitable, PolicyStore } from '../../src/policy/state/types.ts';
import { closeAdmin, openRedis, redisUnavailable } from './state-helpers.ts';

after(closeAdmin);

const MINUTE = 60_000;
/** The start of a one-minute window (aligned to the epoch), and of the one after. */
const W = 1_000 * MINUTE;
const NEXT = W + MINUTE;

function yaml(policy: string): string {
  return `version: 1
providers:
  - { id: openai, kind: openai, baseUrl: "https://api.openai.com/v1", apiKey: sk-test, models: ["gpt-4o"] }
agents:
  - { id: a1, team: t1, env: prod, keyHash: "sha256:${'a'.repeat(64)}", tools: [get_weather, get_time, transfer] }
  - { id: a2, team: t1, env: prod, keyHash: "sha256:${'b'.repeat(64)}", tools: [get_weather, get_time, transfer] }
policy:
${policy}`;
}

function setup(policyYaml: string, store: PolicyStore = new MemoryPolicyStore()) {
  const policy = compilePolicy(parseConfig(yaml(policyYaml), 'test.yaml', {}));
  return { store, policy, engine: new PolicyEngine(policy, { store }) };
}

const principal = (agentId = 'a1'): Principal => ({ agentId, team: 't1', env: 'prod', tier: 'standard', clearances: [], keyId: 'k' });

function call(tool: string, args: unknown, now: number, agentId = 'a1'): PolicyEventInput {
  return { kind: 'tool.call', principal: principal(agentId), tool: { name: tool }, argumentsText: JSON.stringify(args), now };
}

function sync<T>(value: Awaitable<T>): T {
  assert.ok(!(value instanceof Promise), 'the in-process store must decide synchronously');
  return value;
}

/** The counter of the first limit of an event, as the engine keys it for this event. */
function counter(store: PolicyStore, policy: CompiledPolicy, event: PolicyEventInput, index = 0): Awaitable<number> {
  const limit = policy.limits.get(event.kind)?.[index];
  assert.ok(limit !== undefined);
  return store.counter(limitKey(limit, event), limit.window, event.now ?? 0);
}

const RATE = `  limits:
    - { id: rate, window: 1m, max: 3, reason: slow down, severity: low }
`;

describe('call counts', () => {
  test('max calls per fixed window aligned to the epoch; a refused call is not counted', () => {
    const { engine, store, policy } = setup(RATE);
    const late = W + 50_000;
    for (let i = 0; i < 3; i++) assert.equal(sync(engine.decide(call('get_weather', {}, late))).action, 'allow');
    const refused = sync(engine.decide(call('get_weather', {}, late)));
    assert.equal(refused.action, 'deny');
    assert.equal(refused.matches[0]?.id, 'rate');
    assert.equal(refused.matches[0]?.source, 'limit');
    assert.equal(refused.matches[0]?.severity, 'low');
    assert.equal(refused.reason, 'slow down');
    assert.equal(sync(engine.decide(call('get_weather', {}, NEXT - 1))).action, 'deny', 'last millisecond of the window');
    assert.equal(sync(counter(store, policy, call('get_weather', {}, late))), 3, 'refused calls left no trace');
    // Ten seconds after the first calls, but in the next epoch-aligned window: not a sliding window.
    assert.equal(sync(engine.decide(call('get_weather', {}, NEXT))).action, 'allow');
    assert.equal(sync(counter(store, policy, call('get_weather', {}, NEXT))), 1);
  });

  test('only events admitted by policy count: a denied call uses no budget', () => {
    const { engine, store, policy } = setup(`  rules:
    - { id: no-time, on: tool.call, when: 'tool.name == "get_time"', action: deny, reason: no }
${RATE}`);
    for (let i = 0; i < 5; i++) assert.equal(sync(engine.decide(call('get_time', {}, W))).action, 'deny');
    for (let i = 0; i < 5; i++) assert.equal(sync(engine.decide(call('not_allowed', {}, W))).action, 'deny');
    assert.equal(sync(counter(store, policy, call('get_weather', {}, W))), 0);
    for (let i = 0; i < 3; i++) assert.equal(sync(engine.decide(call('get_weather', {}, W))).action, 'allow');
  });

  test('per: [agent] (the default) keeps a counter per agent; when narrows what counts', () => {
    const { engine } = setup(`  limits:
    - { id: weather, window: 1m, max: 1, when: 'tool.name == "get_weather"', reason: once a minute }
`);
    assert.equal(sync(engine.decide(call('get_weather', {}, W))).action, 'allow');
    assert.equal(sync(engine.decide(call('get_weather', {}, W))).action, 'deny');
    assert.equal(sync(engine.decide(call('get_weather', {}, W, 'a2'))).action, 'allow');
    assert.equal(sync(engine.decide(call('get_time', {}, W))).action, 'allow');
    assert.equal(sync(engine.decide(call('get_time', {}, W))).action, 'allow');
  });

  test('per: [agent, tool] keeps one counter per agent and tool', () => {
    const { engine } = setup(`  limits:
    - { id: each, window: 1m, max: 1, per: [agent, tool], reason: once per tool }
`);
    const action = (tool: string, agent = 'a1') => sync(engine.decide(call(tool, {}, W, agent))).action;
    assert.equal(action('get_weather'), 'allow');
    assert.equal(action('get_time'), 'allow');
    assert.equal(action('get_weather'), 'deny');
    assert.equal(action('get_time'), 'deny');
    assert.equal(action('get_weather', 'a2'), 'allow');
  });

  test('a limit whose condition cannot be evaluated still counts (fail closed)', () => {
    const { engine } = setup(`  limits:
    - { id: web, window: 1m, max: 2, when: 'args.source == "web"', reason: web calls are rationed }
`);
    assert.equal(sync(engine.decide(call('get_weather', { source: 'db' }, W))).action, 'allow');
    assert.equal(sync(engine.decide(call('get_weather', { source: 'db' }, W))).action, 'allow');
    assert.equal(sync(engine.decide(call('get_weather', {}, W))).action, 'allow');
    assert.equal(sync(engine.decide(call('get_weather', {}, W))).action, 'allow');
    assert.equal(sync(engine.decide(call('get_weather', {}, W))).matches[0]?.id, 'web');
  });

  test('limits on llm.request count requests', () => {
    const { engine } = setup(`  limits:
    - { id: rpm, on: llm.request, window: 1m, max: 2, reason: too many requests }
`);
    const request: PolicyEventInput = { kind: 'llm.request', principal: principal(), now: W };
    assert.equal(sync(engine.decide(request)).action, 'allow');
    assert.equal(sync(engine.decide(request)).action, 'allow');
    assert.equal(sync(engine.decide(request)).matches[0]?.id, 'rpm');
  });
});

describe('sums', () => {
  const SUM = `  limits:
    - { id: spend, window: 1m, max: 100, sum: args.amount, when: 'tool.name == "transfer"', reason: spending cap }
`;
  test('exactly max is allowed; one more is refused and does not count', () => {
    const { engine, store, policy } = setup(SUM);
    const pay = (amount: unknown) => sync(engine.decide(call('transfer', { amount }, W)));
    assert.equal(pay(60).action, 'allow');
    const over = pay(50);
    assert.equal(over.action, 'deny');
    assert.equal(over.matches[0]?.id, 'spend');
    assert.equal(pay(40).action, 'allow', 'the refused 50 was not added: 60 + 40 = 100 fits exactly');
    assert.equal(sync(counter(store, policy, call('transfer', {}, W))), 100);
    assert.equal(pay(1).action, 'deny');
    assert.equal(pay(0.001).action, 'deny');
    assert.equal(pay(0).action, 'allow');
    assert.equal(sync(engine.decide(call('transfer', { amount: 100 }, NEXT))).action, 'allow', 'a new window');
  });

  test('fractional sums reach their max despite binary rounding', () => {
    const { engine } = setup(SUM.replace('max: 100', 'max: 0.3'));
    assert.equal(sync(engine.decide(call('transfer', { amount: 0.1 }, W))).action, 'allow');
    assert.equal(sync(engine.decide(call('transfer', { amount: 0.2 }, W))).action, 'allow');
    assert.equal(sync(engine.decide(call('transfer', { amount: 0.01 }, W))).action, 'deny');
  });

  test('an amount that is missing, negative or not a number fails closed', () => {
    const { engine, store, policy } = setup(SUM);
    for (const args of [{}, { amount: -50 }, { amount: '50' }, { amount: null }]) {
      const d = sync(engine.decide(call('transfer', args, W)));
      assert.equal(d.action, 'deny', JSON.stringify(args));
      assert.equal(d.matches[0]?.id, 'spend');
      assert.equal(typeof d.matches[0]?.error, 'string');
    }
    assert.equal(sync(counter(store, policy, call('transfer', {}, W))), 0, 'a negative amount did not lower the total');
  });

  test('an event refused by a later limit is given back to the earlier ones', () => {
    const { engine, store, policy } = setup(`  limits:
    - { id: calls, window: 1m, max: 10, reason: too many calls }
    - { id: spend, window: 1m, max: 100, sum: args.amount, when: 'tool.name == "transfer"', reason: spending cap }
`);
    const d = sync(engine.decide(call('transfer', { amount: 500 }, W)));
    assert.equal(d.action, 'deny');
    assert.equal(d.matches[0]?.id, 'spend');
    assert.equal(sync(counter(store, policy, call('transfer', {}, W), 0)), 0);
    assert.equal(sync(engine.decide(call('transfer', { amount: 100 }, W))).action, 'allow');
    assert.equal(sync(counter(store, policy, call('transfer', {}, W), 0)), 1);
  });
});

describe('limit actions and modes', () => {
  test('action: approve holds an over-limit call for a human; once approved it passes (and counts)', () => {
    const { engine, store, policy } = setup(`  limits:
    - { id: spend, window: 1m, max: 100, sum: args.amount, action: approve, reason: over the cap needs approval }
`);
    assert.equal(sync(engine.decide(call('transfer', { amount: 90 }, W))).action, 'allow');
    const held = sync(engine.decide(call('transfer', { amount: 20 }, W)));
    assert.equal(held.action, 'approve');
    assert.equal(held.approval?.status, 'pending');
    assert.equal(held.matches[0]?.id, 'spend', 'the limit that holds the call decides');
    assert.ok(held.matches.some((m) => m.id === `approval:${held.approval?.id}` && m.source === 'approval'));
    assert.match(held.reason, /over the cap needs approval/);
    assert.equal(sync(counter(store, policy, call('transfer', {}, W))), 90, 'a held call is not counted');
    assert.ok(sync(store.decideApproval(held.approval!.id, true, 'alice', undefined, W + 1)));
    const passed = sync(engine.decide(call('transfer', { amount: 20 }, W + 2)));
    assert.equal(passed.action, 'allow');
    assert.match(passed.reason, /alice/);
    assert.equal(sync(counter(store, policy, call('transfer', {}, W))), 110);
    assert.equal(sync(engine.decide(call('transfer', { amount: 20 }, W + 3))).action, 'approve', 'the approval was used up');
  });

  test('a deny limit beats an approve rule: no request is raised for a call the limit refuses', () => {
    const { engine, store } = setup(`  rules:
    - { id: big, on: tool.call, when: 'args.amount > 0.15', action: approve, reason: big ones need a human }
  limits:
    - { id: spend, window: 1m, max: 0.3, sum: args.amount, reason: spending cap }
`);
    assert.equal(sync(engine.decide(call('transfer', { amount: 0.1 }, W))).action, 'allow');
    const over = sync(engine.decide(call('transfer', { amount: 0.25 }, W)));
    assert.equal(over.action, 'deny');
    assert.equal(over.matches[0]?.id, 'spend');
    assert.equal(over.approval, undefined);
    assert.deepEqual(sync(store.listApprovals(undefined, W)), []);
    // 0.1 + 0.2 is 0.30000000000000004 in binary: it fits the cap (as it would without the approve rule).
    const held = sync(engine.decide(call('transfer', { amount: 0.2 }, W)));
    assert.equal(held.action, 'approve');
    assert.ok(sync(store.decideApproval(held.approval!.id, true, 'alice', undefined, W + 1)));
    assert.equal(sync(engine.decide(call('transfer', { amount: 0.2 }, W + 2))).action, 'allow');
    assert.equal(sync(engine.decide(call('transfer', { amount: 0.01 }, W + 3))).action, 'deny', 'the approved call counted');
  });

  test('a monitor-mode limit records the overrun and enforces nothing', () => {
    const { engine } = setup(`  limits:
    - { id: rate, window: 1m, max: 1, mode: monitor, reason: would slow down }
`);
    const first = sync(engine.decide(call('get_weather', {}, W)));
    assert.equal(first.action, 'allow');
    assert.deepEqual(first.monitored, []);
    const second = sync(engine.decide(call('get_weather', {}, W)));
    assert.equal(second.action, 'allow');
    assert.deepEqual(second.monitored.map((m) => m.id), ['rate']);
    assert.equal(second.monitored[0]?.source, 'limit');
    assert.ok(!second.matches.some((m) => m.id === 'rate'));
  });
});

describe('token budgets', () => {
  const BUDGET = `  limits:
    - { id: tokens, on: llm.request, tokens: true, window: 1m, max: 1000, reason: token budget spent }
`;
  const request = (now: number, agentId = 'a1'): PolicyEventInput => ({ kind: 'llm.request', principal: principal(agentId), model: 'gpt-4o', now });

  test('a request passes while the budget is not spent; chargeTokens spends it', () => {
    const { engine } = setup(BUDGET);
    assert.equal(sync(engine.decide(request(W))).action, 'allow');
    assert.equal(sync(engine.decide(request(W))).action, 'allow', 'checking costs no tokens');
    sync(engine.chargeTokens(request(W), 600));
    assert.equal(sync(engine.decide(request(W))).action, 'allow', '600 of 1000');
    sync(engine.chargeTokens(request(W), 399));
    assert.equal(sync(engine.decide(request(W))).action, 'allow', '999 of 1000');
    sync(engine.chargeTokens(request(W), 1));
    const spent = sync(engine.decide(request(W)));
    assert.equal(spent.action, 'deny');
    assert.equal(spent.matches[0]?.id, 'tokens');
    assert.equal(spent.reason, 'token budget spent');
    assert.equal(sync(engine.decide(request(W, 'a2'))).action, 'allow', 'per agent');
    assert.equal(sync(engine.decide(request(NEXT))).action, 'allow', 'a new window');
  });

  test('charging nothing, or a negative count, changes nothing', () => {
    const { engine, store, policy } = setup(BUDGET);
    sync(engine.chargeTokens(request(W), 0));
    sync(engine.chargeTokens(request(W), -5));
    sync(engine.chargeTokens(request(W), Number.NaN));
    assert.equal(sync(counter(store, policy, request(W))), 0);
  });
});

describe('on Redis', { skip: redisUnavailable ?? false }, () => {
  const POLICY = `  limits:
    - { id: calls, window: 1m, max: 3, per: [agent, tool], reason: slow down }
    - { id: spend, window: 1m, max: 100, sum: args.amount, when: 'tool.name == "transfer"', reason: spending cap }
    - { id: tokens, on: llm.request, tokens: true, window: 1m, max: 10, reason: budget }
`;
  const steps: PolicyEventInput[] = [
    call('transfer', { amount: 60 }, W), call('transfer', { amount: 50 }, W), call('transfer', { amount: 40 }, W),
    call('transfer', { amount: 1 }, W), call('get_weather', {}, W), call('get_weather', {}, W), call('get_weather', {}, W),
    call('get_weather', {}, W), call('get_weather', {}, W, 'a2'), call('transfer', {}, W), call('transfer', { amount: 5 }, NEXT),
    { kind: 'llm.request', principal: principal(), now: W },
  ];

  async function run(engine: PolicyEngine, store: PolicyStore, policy: CompiledPolicy, async: boolean) {
    const out: string[] = [];
    const decide = async (event: PolicyEventInput) => {
      const pending = engine.decide(event);
      assert.equal(pending instanceof Promise, async);
      const d: Decision = await pending;
      out.push(`${d.action}:${d.matches.map((m) => m.id).join(',')}`);
    };
    for (const event of steps) await decide(event);
    await engine.chargeTokens({ kind: 'llm.request', principal: principal(), now: W }, 10);
    await decide({ kind: 'llm.request', principal: principal(), now: W });
    out.push(`spent:${await counter(store, policy, call('transfer', {}, NEXT), 1)}`);
    return out;
  }

  test('gives the same decisions as the in-process store for a limit sequence', async () => {
    const memory = setup(POLICY);
    const expected = await run(memory.engine, memory.store, memory.policy, false);
    assert.deepEqual(expected.slice(0, 5), [
      'allow:allowlist:transfer', 'deny:spend,allowlist:transfer', 'allow:allowlist:transfer',
      'deny:spend,allowlist:transfer', 'allow:allowlist:get_weather',
    ]);
    const store = await openRedis();
    try {
      const redis = setup(POLICY, store);
      assert.deepEqual(await run(redis.engine, store, redis.policy, true), expected);
    } finally {
      await store.close();
    }
  });
});
