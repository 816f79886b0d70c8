/**
 * Human approval through the engine: an approve rule holds a call; the identical call (the
 * same agent, tool and arguments, in any key order) finds the same request; once approved it
 * passes exactly once; a denial denies; an expired request is asked again. And the same round
 * trip on the Redis store.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { parseConfig } from '../../src/config/load.ts';
import type { Decision } from '../../src/core/decision.ts';
import type { Principal } from '../../src/core/exchange.ts';
import { compilePolicy } from '../../src/policy/compile.ts';
import { PolicyEngine } from '../../src/policy/engine.ts';
import type { PolicyEventInput } from '../../src/policy/event.ts';
import { MemoryPolicyStore } from '../../src/policy/state/memory.ts';
import type { Approval, Awaitable, PolicyStore } from '../../src/policy/state/types.ts';
import { closeAdmin, openRedis, redisUnavailable } from './state-helpers.ts';

after(closeAdmin);

const T0 = 1_700_000_000_000;
const TTL = 10 * 60_000;

const YAML = `version: 1
providers:
  - { id: openai, kind: openai, baseUrl: "https://api.openai.com/v1", apiKey: sk-test, models: ["gpt-4o"] }
agents:
  - { id: a1, team: t1, env: prod, keyHash: "sha256:${'a'.repeat(64)}", tools: [transfer, get_weather, read_record] }
  - { id: a2, team: t1, env: prod, keyHash: "sha256:${'b'.repeat(64)}", tools: [transfer] }
policy:
  rules:
    - { id: big-transfer, on: [tool.call, mcp.call], when: 'tool.name == "transfer" && args.amount > 1000', action: approve, reason: large transfers need a human }
    - { id: phi-then-transfer, on: tool.call, when: '"phi" in session.taints && tool.name == "transfer"', action: deny, reason: not after phi }
  sessions:
    taints:
      - { label: moved_money, on: tool.call, when: 'tool.name == "transfer"' }
  approvals:
    ttl: 10m
`;

function setup<S extends PolicyStore>(store: S) {
  const requested: Approval[] = [];
  const policy = compilePolicy(parseConfig(YAML, 'test.yaml', {}));
  const engine = new PolicyEngine(policy, { store, onApprovalRequested: (approval) => requested.push(approval) });
  return { engine, store, requested };
}

const principal = (agentId = 'a1'): Principal => ({ agentId, team: 't1', env: 'prod', tier: 'standard', clearances: [], keyId: 'k' });

function transfer(argumentsText: string, now = T0, agentId = 'a1'): PolicyEventInput {
  return { kind: 'tool.call', principal: principal(agentId), tool: { name: 'transfer' }, argumentsText, now, sessionId: `${agentId}:s` };
}

const BIG = '{"amount": 5000, "to": "acme"}';
const BIG_REORDERED = '{ "to":"acme",\n  "amount":5000 }';

function sync(value: Awaitable<Decision>): Decision {
  assert.ok(!(value instanceof Promise), 'the in-process store must decide synchronously');
  return value;
}

function pending(d: Decision): string {
  assert.equal(d.action, 'approve');
  assert.equal(d.approval?.status, 'pending');
  return d.approval.id;
}

describe('approvals', () => {
  test('an approve rule holds the call, names the rule and the request, and notifies once', () => {
    const { engine, store, requested } = setup(new MemoryPolicyStore());
    const d = sync(engine.decide(transfer(BIG)));
    const id = pending(d);
    assert.equal(d.approval?.expiresAt, T0 + TTL);
    assert.equal(d.matches[0]?.id, 'big-transfer', 'the rule that holds the call decides');
    const match = d.matches.find((m) => m.id === `approval:${id}`);
    assert.equal(match?.source, 'approval');
    assert.match(d.reason, /large transfers need a human/);
    assert.match(d.reason, new RegExp(id));
    assert.equal(d.taints, undefined, 'a held call taints nothing');
    assert.equal(requested.length, 1);
    assert.equal(requested[0]?.id, id);
    assert.deepEqual(requested[0]?.ruleIds, ['big-transfer']);
    assert.equal(requested[0]?.tool, 'transfer');
    assert.equal(requested[0]?.agentId, 'a1');
    assert.deepEqual(store.listApprovals('pending', T0).map((a) => a.id), [id]);
  });

  test('the request carries what provenance found of the call, for the approver; a call it found nothing in carries neither', () => {
    const { engine, requested } = setup(new MemoryPolicyStore());
    pending(sync(engine.decide({ ...transfer(BIG), untrustedArgs: ['to'], untrustedAction: true })));
    assert.deepEqual([requested[0]?.untrustedArgs, requested[0]?.untrustedAction], [['to'], true]);
    pending(sync(engine.decide(transfer('{"amount": 7000, "to": "acme"}'))));
    assert.equal('untrustedArgs' in requested[1]! || 'untrustedAction' in requested[1]!, false);
  });

  test('the identical call, in any key order, finds the same pending request; other calls do not', () => {
    const { engine, requested } = setup(new MemoryPolicyStore());
    const id = pending(sync(engine.decide(transfer(BIG))));
    assert.equal(pending(sync(engine.decide(transfer(BIG_REORDERED, T0 + 1)))), id);
    assert.equal(requested.length, 1, 'no second notification');
    const other = pending(sync(engine.decide(transfer('{"amount": 5001, "to": "acme"}'))));
    assert.notEqual(other, id, 'different arguments');
    const otherAgent = pending(sync(engine.decide(transfer(BIG, T0, 'a2'))));
    assert.notEqual(otherAgent, id, 'another agent');
    assert.notEqual(otherAgent, other);
    assert.equal(requested.length, 3);
    assert.equal(sync(engine.decide(transfer('{"amount": 10, "to": "acme"}'))).action, 'allow', 'below the threshold');
  });

  test("an approval binds to the MCP server: approving bank-a's transfer does not pass bank-b's, nor the LLM-layer call", () => {
    const { engine, store } = setup(new MemoryPolicyStore());
    const on = (server: string | undefined, now: number): PolicyEventInput =>
      ({ ...transfer(BIG, now), kind: server === undefined ? 'tool.call' : 'mcp.call', tool: server === undefined ? { name: 'transfer' } : { name: 'transfer', server } });
    const a = pending(sync(engine.decide(on('bank-a', T0))));
    assert.ok(store.decideApproval(a, true, 'alice', undefined, T0 + 1));
    const b = pending(sync(engine.decide(on('bank-b', T0 + 2))));
    assert.notEqual(b, a);
    assert.notEqual(pending(sync(engine.decide(on(undefined, T0 + 3)))), a);
    const passed = sync(engine.decide(on('bank-a', T0 + 4)));
    assert.equal(passed.action, 'allow');
    assert.equal(passed.approval?.id, a);
  });

  test('once approved, the identical call passes exactly once; the next asks again', () => {
    const { engine, store, requested } = setup(new MemoryPolicyStore());
    const id = pending(sync(engine.decide(transfer(BIG))));
    const decided = store.decideApproval(id, true, 'alice', 'ok for acme', T0 + 1000);
    assert.equal(decided?.status, 'approved');

    assert.equal(pending(sync(engine.decide(transfer('{"amount": 5000, "to": "evil"}', T0 + 2000)))) !== id, true,
      'the approval covers those arguments only');
    const passed = sync(engine.decide(transfer(BIG_REORDERED, T0 + 2000)));
    assert.equal(passed.action, 'allow');
    assert.match(passed.reason, /alice/);
    assert.equal(passed.approval?.id, id);
    assert.equal(passed.approval?.status, 'approved');
    assert.equal(passed.approval?.decidedBy, 'alice');
    assert.equal(passed.matches[0]?.id, `approval:${id}`);
    assert.deepEqual(passed.taints, ['moved_money'], 'an approved call is allowed like any other');

    const again = sync(engine.decide(transfer(BIG, T0 + 3000)));
    const next = pending(again);
    assert.notEqual(next, id);
    assert.equal(requested.length, 3);
  });

  test('a denied request denies the identical call, naming who denied it', () => {
    const { engine, store, requested } = setup(new MemoryPolicyStore());
    const id = pending(sync(engine.decide(transfer(BIG))));
    assert.equal(store.decideApproval(id, false, 'bob', undefined, T0 + 1)?.status, 'denied');
    for (const at of [T0 + 2, T0 + TTL + 1]) {
      const d = sync(engine.decide(transfer(BIG_REORDERED, at)));
      assert.equal(d.action, 'deny');
      assert.match(d.reason, /bob/);
      assert.equal(d.approval?.id, id);
      assert.equal(d.approval?.status, 'denied');
      assert.equal(d.matches[0]?.id, `approval:${id}`);
    }
    assert.equal(requested.length, 1);
  });

  test('an expired request (pending, or approved and unused) is asked again', () => {
    const { engine, store, requested } = setup(new MemoryPolicyStore());
    const first = pending(sync(engine.decide(transfer(BIG))));
    assert.equal(pending(sync(engine.decide(transfer(BIG, T0 + TTL - 1)))), first, 'still waiting');
    const second = pending(sync(engine.decide(transfer(BIG, T0 + TTL))));
    assert.notEqual(second, first);
    assert.equal(store.decideApproval(first, true, 'alice', undefined, T0 + TTL + 1), undefined, 'an expired request cannot be approved');

    assert.ok(store.decideApproval(second, true, 'alice', undefined, T0 + TTL + 1));
    const third = pending(sync(engine.decide(transfer(BIG, T0 + 2 * TTL))));
    assert.notEqual(third, second, 'a grant not used in time lapses');
    assert.equal(requested.length, 3);
  });

  test('a call that policy denies is never held, nor does an approval override a deny rule', () => {
    const { engine, store } = setup(new MemoryPolicyStore());
    const tainted = { ...transfer(BIG), sessionId: 'phi-session' };
    store.taint('phi-session', ['phi'], 60_000, T0);
    const d = sync(engine.decide(tainted));
    assert.equal(d.action, 'deny');
    assert.equal(d.matches[0]?.id, 'phi-then-transfer');
    assert.equal(d.approval, undefined);
    const unlisted = sync(engine.decide({ ...transfer(BIG), tool: { name: 'wire' } }));
    assert.equal(unlisted.action, 'deny');
    assert.deepEqual(store.listApprovals(undefined, T0), []);

    // Approved in a clean session, the identical call in the tainted one is still denied.
    const id = pending(sync(engine.decide(transfer(BIG))));
    store.decideApproval(id, true, 'alice', undefined, T0 + 1);
    assert.equal(sync(engine.decide({ ...tainted, now: T0 + 2 })).action, 'deny');
    assert.equal(sync(engine.decide(transfer(BIG, T0 + 3))).action, 'allow', 'and the approval was not used up by the denied call');
  });
});

describe('approvals on Redis', { skip: redisUnavailable ?? false }, () => {
  test('the same round trip: pending, same request again, approved once, then asked again', async () => {
    const store = await openRedis();
    try {
      const { engine, requested } = setup(store);
      const decide = async (event: PolicyEventInput) => {
        const result = engine.decide(event);
        assert.ok(result instanceof Promise, 'the Redis store decides asynchronously');
        return result;
      };
      const id = pending(await decide(transfer(BIG)));
      assert.equal(pending(await decide(transfer(BIG_REORDERED, T0 + 1))), id);
      assert.equal(requested.length, 1);
      assert.equal((await store.decideApproval(id, true, 'alice', undefined, T0 + 2))?.status, 'approved');
      const passed = await decide(transfer(BIG, T0 + 3));
      assert.equal(passed.action, 'allow');
      assert.match(passed.reason, /alice/);
      assert.deepEqual(passed.taints, ['moved_money']);
      const next = pending(await decide(transfer(BIG, T0 + 4)));
      assert.notEqual(next, id);
      assert.equal((await store.decideApproval(next, false, 'bob', undefined, T0 + 5))?.status, 'denied');
      const denied = await decide(transfer(BIG, T0 + 6));
      assert.equal(denied.action, 'deny');
      assert.match(denied.reason, /bob/);
      assert.notEqual(pending(await decide(transfer(BIG, T0 + 7, 'a2'))), next);
      assert.equal(requested.length, 3);
    } finally {
      await store.close();
    }
  });
});
