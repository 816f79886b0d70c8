import assert from 'node:assert/strict';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import { MemoryPolicyStore } from '../../src/policy/state/memory.ts';
import { GLOBAL_SCOPE, type PolicyStore } from '../../src/policy/state/types.ts';
import { closeAdmin, newApproval, openRedis, redisUnavailable } from './state-helpers.ts';

after(closeAdmin);

/**
 * One behaviour suite for every backend. `open` returns a fresh, empty store; `await` works
 * on the memory store's plain values as well as on the Redis store's Promises.
 */
function behaviour(name: string, open: () => Promise<PolicyStore>, options: { skip?: string } = {}): void {
  describe(`${name}: shared behaviour`, { skip: options.skip ?? false }, () => {
    let store: PolicyStore;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(() => store.close());

    it('tryConsume allows exactly max, refuses more and leaves the total unchanged', async () => {
      assert.deepEqual(await store.tryConsume('k', 3, 5, 60_000, 1_000), { allowed: true, total: 3 });
      assert.deepEqual(await store.tryConsume('k', 2, 5, 60_000, 1_001), { allowed: true, total: 5 });
      assert.deepEqual(await store.tryConsume('k', 1, 5, 60_000, 1_002), { allowed: false, total: 5 });
      assert.deepEqual(await store.tryConsume('k', 0, 5, 60_000, 1_003), { allowed: true, total: 5 });
      assert.equal(await store.counter('k', 60_000, 1_004), 5);
      assert.equal(await store.counter('other', 60_000, 1_004), 0);
    });

    it('windows are aligned to the epoch and roll over', async () => {
      await store.tryConsume('k', 4, 5, 1_000, 2_000);
      assert.deepEqual(await store.tryConsume('k', 2, 5, 1_000, 2_999), { allowed: false, total: 4 });
      assert.deepEqual(await store.tryConsume('k', 2, 5, 1_000, 3_000), { allowed: true, total: 2 });
      assert.equal(await store.counter('k', 1_000, 2_500), 4);
      assert.equal(await store.counter('k', 1_000, 3_999), 2);
      assert.equal(await store.counter('k', 1_000, 4_000), 0);
    });

    it('adds fractional amounts, and sums that float error puts just over max still fit', async () => {
      assert.equal((await store.tryConsume('usd', 0.5, 1, 60_000, 0)).total, 0.5);
      assert.equal((await store.tryConsume('usd', 0.25, 1, 60_000, 0)).total, 0.75);
      assert.deepEqual(await store.tryConsume('usd', 0.375, 1, 60_000, 0), { allowed: false, total: 0.75 });
      assert.deepEqual(await store.tryConsume('usd', 0.25, 1, 60_000, 0), { allowed: true, total: 1 });
      await store.tryConsume('cents', 0.1, 0.3, 60_000, 0);
      assert.equal((await store.tryConsume('cents', 0.2, 0.3, 60_000, 0)).allowed, true);
      assert.equal((await store.tryConsume('cents', 0.000001, 0.3, 60_000, 0)).allowed, false);
    });

    it('consume adds unconditionally and counter reads the window', async () => {
      assert.equal(await store.consume('tokens', 700, 60_000, 10), 700);
      assert.equal(await store.consume('tokens', 700, 60_000, 20), 1_400);
      assert.equal(await store.counter('tokens', 60_000, 30), 1_400);
      assert.deepEqual(await store.tryConsume('tokens', 1, 1_000, 60_000, 40), { allowed: false, total: 1_400 });
      assert.equal(await store.consume('tokens', 5, 60_000, 60_000), 5);
    });

    it('rejects amounts that would poison a counter', async () => {
      await assert.rejects(async () => store.tryConsume('k', Number.NaN, 5, 60_000, 0), TypeError);
      await assert.rejects(async () => store.consume('k', 1, 0, 0), TypeError);
    });

    it('session counters add up per name, live with the session, and sit beside its taints', async () => {
      await store.count('c1', ['tool.call', 'tool.call:send_email'], 1_000, 0);
      await store.count('c1', ['tool.call'], 1_000, 10);
      await store.taint('c1', ['pii'], 1_000, 20);
      assert.deepEqual(await store.session('c1', 1_000, 30), { id: 'c1', taints: ['pii'], counters: { 'tool.call': 2, 'tool.call:send_email': 1 } });
      assert.deepEqual((await store.session('c2', 1_000, 30)).counters, {});
      assert.deepEqual((await store.session('c1', 1_000, 2_100)).counters, {}, 'idle past its TTL: forgotten');
    });

    it('session taints are a set, per session', async () => {
      assert.deepEqual(await store.session('s1', 60_000, 0), { id: 's1', taints: [], counters: {} });
      await store.taint('s1', ['pii', 'web'], 60_000, 0);
      await store.taint('s1', ['web', 'secrets'], 60_000, 1);
      await store.taint('s1', [], 60_000, 2);
      assert.deepEqual([...(await store.session('s1', 60_000, 3)).taints].sort(), ['pii', 'secrets', 'web']);
      assert.deepEqual((await store.session('s2', 60_000, 3)).taints, []);
    });

    it('sessions expire after their idle TTL, and reads refresh it', async () => {
      await store.taint('s', ['pii'], 1_000, 0);
      assert.deepEqual((await store.session('s', 1_000, 999)).taints, ['pii']);
      assert.deepEqual((await store.session('s', 1_000, 1_998)).taints, ['pii']);
      assert.deepEqual((await store.session('s', 1_000, 2_998)).taints, []);
      await store.taint('s', ['web'], 1_000, 3_000);
      assert.deepEqual((await store.session('s', 1_000, 3_500)).taints, ['web']);
    });

    it('approval lifecycle: pending, approved by X, consumed exactly once', async () => {
      const created = await store.createApproval(newApproval({ id: 'a1' }));
      assert.equal(created.status, 'pending');
      assert.deepEqual(await store.approval('a1', 2_000), created);
      assert.equal(await store.consumeApproval('a1', 2_000), false);
      const decided = await store.decideApproval('a1', true, 'admin-x', 'ok once', 3_000);
      assert.deepEqual(decided, { ...created, status: 'approved', decidedBy: 'admin-x', decidedAt: 3_000, note: 'ok once' });
      assert.equal(await store.decideApproval('a1', false, 'admin-y', undefined, 3_001), undefined);
      assert.equal(await store.consumeApproval('a1', 4_000), true);
      assert.equal(await store.consumeApproval('a1', 4_001), false);
      const used = await store.approval('a1', 100_000);
      assert.equal(used?.status, 'approved');
      assert.equal(used?.consumedAt, 4_000);
      assert.equal(await store.approval('nope', 0), undefined);
      assert.equal(await store.decideApproval('nope', true, 'x', undefined, 0), undefined);
      assert.equal(await store.consumeApproval('nope', 0), false);
    });

    it('an approval keeps what provenance found of the call, through every read and decision', async () => {
      const created = await store.createApproval(newApproval({ id: 'p1', untrustedArgs: ['to', 'cc'], untrustedAction: true }));
      assert.deepEqual([created.untrustedArgs, created.untrustedAction], [['to', 'cc'], true]);
      assert.deepEqual(await store.approval('p1', 2_000), created);
      assert.deepEqual(await store.approvalFor(created.binding, 2_000), created);
      const decided = await store.decideApproval('p1', true, 'admin-x', undefined, 3_000);
      assert.deepEqual([decided?.untrustedArgs, decided?.untrustedAction], [['to', 'cc'], true]);
      assert.deepEqual((await store.listApprovals(undefined, 3_000)).find((a) => a.id === 'p1')?.untrustedArgs, ['to', 'cc']);
      // Nothing found: neither key, as before provenance.
      const plain = await store.createApproval(newApproval({ id: 'p2', untrustedArgs: [], untrustedAction: false }));
      assert.equal('untrustedArgs' in plain || 'untrustedAction' in plain, false);
      assert.equal('untrustedArgs' in ((await store.approval('p2', 2_000)) ?? {}), false);
      await assert.rejects(async () => store.createApproval(newApproval({ id: 'p3', untrustedArgs: [7 as unknown as string] })), /untrustedArgs must be a list of argument names/);
    });

    it('a denied approval cannot be consumed and stays denied', async () => {
      await store.createApproval(newApproval({ id: 'd1' }));
      const denied = await store.decideApproval('d1', false, 'admin-y', undefined, 2_000);
      assert.equal(denied?.status, 'denied');
      assert.equal(denied?.decidedBy, 'admin-y');
      assert.equal('note' in (denied ?? {}), false);
      assert.equal(await store.consumeApproval('d1', 2_001), false);
      assert.equal((await store.approval('d1', 1e9))?.status, 'denied');
    });

    it('approvals expire at expiresAt: not decidable, and an unused grant lapses', async () => {
      await store.createApproval(newApproval({ id: 'e1', expiresAt: 5_000 }));
      assert.equal((await store.approval('e1', 4_999))?.status, 'pending');
      assert.equal((await store.approval('e1', 5_000))?.status, 'expired');
      assert.equal(await store.decideApproval('e1', true, 'admin-x', undefined, 5_000), undefined);
      await store.createApproval(newApproval({ id: 'e2', expiresAt: 5_000 }));
      await store.decideApproval('e2', true, 'admin-x', undefined, 4_000);
      assert.equal((await store.approval('e2', 5_001))?.status, 'expired');
      assert.equal(await store.consumeApproval('e2', 5_001), false);
    });

    it('approvalFor returns the most recent useful approval of a binding', async () => {
      const binding = 'c'.repeat(64);
      assert.equal(await store.approvalFor(binding, 0), undefined);
      await store.createApproval(newApproval({ id: 'old', binding, createdAt: 1_000, expiresAt: 100_000 }));
      await store.createApproval(newApproval({ id: 'new', binding, createdAt: 2_000, expiresAt: 10_000 }));
      await store.createApproval(newApproval({ id: 'elsewhere', createdAt: 3_000 }));
      assert.equal((await store.approvalFor(binding, 5_000))?.id, 'new');
      // 'new' expired, so the older, still pending one is the useful one.
      assert.equal((await store.approvalFor(binding, 10_000))?.id, 'old');
      await store.decideApproval('old', true, 'admin-x', undefined, 11_000);
      assert.equal((await store.approvalFor(binding, 12_000))?.status, 'approved');
      await store.consumeApproval('old', 13_000);
      assert.equal(await store.approvalFor(binding, 14_000), undefined);
      await store.createApproval(newApproval({ id: 'no', binding, createdAt: 15_000, expiresAt: 20_000 }));
      await store.decideApproval('no', false, 'admin-y', undefined, 16_000);
      assert.equal((await store.approvalFor(binding, 1e9))?.id, 'no');
    });

    it('lists approvals newest first, filtered by derived status', async () => {
      await store.createApproval(newApproval({ id: 'p', createdAt: 1_000, expiresAt: 50_000 }));
      await store.createApproval(newApproval({ id: 'a', createdAt: 2_000, expiresAt: 50_000 }));
      await store.createApproval(newApproval({ id: 'd', createdAt: 3_000, expiresAt: 50_000 }));
      await store.createApproval(newApproval({ id: 'x', createdAt: 4_000, expiresAt: 5_000 }));
      await store.decideApproval('a', true, 'admin', undefined, 4_500);
      await store.decideApproval('d', false, 'admin', undefined, 4_500);
      const ids = async (status?: 'pending' | 'approved' | 'denied' | 'expired'): Promise<string[]> =>
        (await store.listApprovals(status, 6_000)).map((a) => a.id);
      assert.deepEqual(await ids(), ['x', 'd', 'a', 'p']);
      assert.deepEqual(await ids('pending'), ['p']);
      assert.deepEqual(await ids('approved'), ['a']);
      assert.deepEqual(await ids('denied'), ['d']);
      assert.deepEqual(await ids('expired'), ['x']);
    });

    it('refuses a second approval with the same id without echoing its contents', async () => {
      await store.createApproval(newApproval({ id: 'dup' }));
      await assert.rejects(
        async () => store.createApproval(newApproval({ id: 'dup', argumentsText: '{"secret":"hunter2"}' })),
        (err: Error) => /already exists/.test(err.message) && !err.message.includes('hunter2'),
      );
    });

    it('kill switches are set and read synchronously', async () => {
      assert.equal(store.killSwitch(GLOBAL_SCOPE), undefined);
      const engaged = { engaged: true, by: 'admin', reason: 'incident 42', at: 1_000 };
      await store.setKillSwitch(GLOBAL_SCOPE, engaged);
      await store.setKillSwitch('agent-1', { ...engaged, reason: 'rogue' });
      assert.deepEqual(store.killSwitch(GLOBAL_SCOPE), engaged);
      assert.equal(store.killSwitch('agent-1')?.reason, 'rogue');
      await store.setKillSwitch(GLOBAL_SCOPE, { ...engaged, engaged: false, at: 2_000 });
      assert.equal(store.killSwitch(GLOBAL_SCOPE)?.engaged, false);
      assert.equal(store.killSwitch('agent-2'), undefined);
    });
  });
}

behaviour('MemoryPolicyStore', async () => new MemoryPolicyStore());

behaviour('RedisPolicyStore', () => openRedis(), redisUnavailable === undefined ? {} : { skip: redisUnavailable });

describe('MemoryPolicyStore specifics', () => {
  it('answers every call with a plain value, never a Promise', () => {
    const store = new MemoryPolicyStore();
    const results = [
      store.tryConsume('k', 1, 5, 1_000, 0), store.consume('k', 1, 1_000, 0), store.counter('k', 1_000, 0),
      store.session('s', 1_000, 0), store.taint('s', ['x'], 1_000, 0), store.createApproval(newApproval({ id: 'i' })),
      store.approval('i', 0), store.approvalFor('b', 0), store.decideApproval('i', true, 'x', undefined, 2_000),
      store.consumeApproval('i', 2_000), store.listApprovals(undefined, 0),
      store.setKillSwitch('*', { engaged: true, by: 'x', reason: 'y', at: 0 }),
    ];
    for (const result of results) assert.equal(result instanceof Promise, false);
  });

  it('sweeps expired windows and idle sessions, and keeps approvals within their cap', () => {
    const store = new MemoryPolicyStore({ maxApprovals: 3, approvalRetentionMs: 1_000, sweepIntervalMs: 100 });
    for (let i = 0; i < 100; i++) store.consume(`k${i}`, 1, 1_000, 0);
    store.taint('s', ['x'], 500, 0);
    assert.deepEqual(store.stats(), { counters: 100, sessions: 1, approvals: 0 });
    store.consume('late', 1, 1_000, 5_000);
    assert.deepEqual(store.stats(), { counters: 1, sessions: 0, approvals: 0 });
    for (let i = 0; i < 5; i++) store.createApproval(newApproval({ id: `a${i}`, createdAt: 5_000 + i, expiresAt: 6_000 }));
    assert.deepEqual(store.listApprovals(undefined, 5_500).map((a) => a.id), ['a4', 'a3', 'a2']);
    store.sweep(7_000);
    assert.equal(store.stats().approvals, 0);
    assert.equal(store.approvalFor('b'.repeat(64), 5_500), undefined);
  });
});
