import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import type { RedisPolicyStore } from '../../src/policy/state/redis.ts';
import { startHarness, type Harness } from '../helpers/harness.ts';
import { closeAdmin, deletePrefix, newPrefix, openRedis } from '../policy/state-helpers.ts';

// Two gateway replicas sharing one Redis: limits, approvals and kill switches hold across
// them, as they must when a fleet is served by several gateways.

const TRANSFER = [{ type: 'function' as const, function: { name: 'transfer_funds', parameters: { type: 'object', properties: {} } } }];

describe('two gateway replicas sharing policy state in Redis', () => {
  const prefix = newPrefix();
  let stores: RedisPolicyStore[];
  let a: Harness;
  let b: Harness;
  before(async () => {
    stores = [await openRedis(prefix, {}, true), await openRedis(prefix, {}, true)];
    a = await startHarness({ policyStore: stores[0] });
    b = await startHarness({ policyStore: stores[1] });
  });
  after(async () => {
    await Promise.all([a.close(), b.close()]);
    await Promise.all(stores.map((s) => s.close()));
    await deletePrefix(prefix);
    closeAdmin();
  });

  const transfer = (h: Harness, amount: number, payee = 'acme') => h.openai({ agent: 'treasury-agent-prod' }).chat.completions.create({
    model: 'standin-gpt', tools: TRANSFER, messages: [{ role: 'user', content: `transfer_funds {"amount": ${amount}, "payee": "${payee}"}` }],
  });
  const passed = (c: OpenAI.Chat.Completions.ChatCompletion) => c.choices[0]?.message.tool_calls?.length === 1;

  test('a daily sum counts transfers made through either replica', async () => {
    assert.ok(passed(await transfer(a, 4000)));
    assert.ok(passed(await transfer(b, 4000)));
    const third = await transfer(a, 4000);
    assert.ok(!passed(third));
    assert.match(third.choices[0]?.message.content ?? '', /would exceed 10,000 transferred today.*pending approval apr_/s);
  });

  test('an approval requested on one replica and approved on the other lets the call through on the first', async () => {
    const held = await transfer(a, 4000, 'globex');
    const id = /pending approval (apr_[A-Za-z0-9]+)/.exec(held.choices[0]?.message.content ?? '')?.[1];
    assert.ok(id);
    const approved = await b.admin('POST', `/admin/approvals/${id}/approve`, {});
    assert.equal(approved.status, 200);
    assert.ok(passed(await transfer(a, 4000, 'globex')));
    assert.ok(!passed(await transfer(b, 4000, 'globex')), 'the approval was used once, on replica a');
  });

  test('a kill switch pulled on one replica stops the agent on the other', async () => {
    await a.admin('POST', '/admin/kill-switch', { agent: 'treasury-agent-prod', engaged: true, reason: 'fraud alert' });
    let refused = false;
    for (let i = 0; i < 100 && !refused; i++) {
      refused = await transfer(b, 1).then(() => false, (e: unknown) => e instanceof OpenAI.PermissionDeniedError);
      if (!refused) await new Promise((r) => setTimeout(r, 20));
    }
    assert.ok(refused, 'replica b refuses the agent');
    await b.admin('POST', '/admin/kill-switch', { agent: 'treasury-agent-prod', engaged: false, reason: 'cleared' });
  });

  test('when Redis cannot be reached, calls are withheld rather than decided without state', async () => {
    const store = await openRedis(newPrefix());
    const h = await startHarness({ policyStore: store });
    try {
      await store.close();
      const answer = await transfer(h, 10);
      assert.ok(!passed(answer));
      assert.match(answer.choices[0]?.message.content ?? '', /could not be checked against policy, so it was withheld/);
    } finally {
      await h.close();
    }
  });

  test('when Redis cannot be reached, a request that needs a limit is refused with 500', async () => {
    const store = await openRedis(newPrefix());
    const h = await startHarness({
      policyStore: store,
      configure(config) {
        config.policy.limits.push({ id: 'requests', on: ['llm.request'], when: 'true', per: ['agent'], window: 60_000, max: 100,
          tokens: false, action: 'deny', mode: 'enforce', reason: 'rate', severity: 'low', tags: {} } as never);
      },
    });
    try {
      await store.close();
      await assert.rejects(
        h.openai().chat.completions.create({ model: 'standin-gpt', messages: [{ role: 'user', content: 'hi' }] }),
        (e: unknown) => e instanceof OpenAI.InternalServerError);
      assert.equal(h.standin.requests.length, 0, 'nothing reached the provider');
    } finally {
      await h.close();
    }
  });
});
