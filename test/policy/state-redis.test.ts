/**
 * What only the Redis store has to get right: atomicity across replicas, kill-switch
 * propagation, bounded key lifetimes, and failing fast and clearly when Redis is gone.
 * (The behaviour both backends share is tested in state.test.ts.)
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, describe, it } from 'node:test';
import { KillSwitchMirror } from '../../src/policy/state/redis-support.ts';
import { PolicyStoreError, RedisPolicyStore } from '../../src/policy/state/redis.ts';
import { GLOBAL_SCOPE } from '../../src/policy/state/types.ts';
import { admin, closeAdmin, deletePrefix, newApproval, newPrefix, openRedis, REDIS_URL, redisUnavailable } from './state-helpers.ts';

after(closeAdmin);

/** Polls a synchronous condition with short waits, giving up after `ms`. */
async function eventually(condition: () => boolean, ms = 2_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Two stores (two replicas) on one prefix; deletes the prefix afterwards. */
async function withReplicas(
  work: (a: RedisPolicyStore, b: RedisPolicyStore, prefix: string) => Promise<void>,
  extra: { killSwitchRefreshMs?: number } = {},
): Promise<void> {
  const prefix = newPrefix();
  const a = await openRedis(prefix, extra, true);
  const b = await openRedis(prefix, extra, true);
  try {
    await work(a, b, prefix);
  } finally {
    await Promise.all([a.close(), b.close()]);
    await deletePrefix(prefix);
  }
}

/** A TCP proxy to the test Redis that can stall (stop forwarding) or drop every connection. */
async function proxy(): Promise<{ port: number; stall(): void; kill(): void }> {
  const target = new URL(REDIS_URL);
  const sockets = new Set<net.Socket>();
  let stalled = false;
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 6379), target.hostname);
    for (const [from, to] of [[client, upstream], [upstream, client]] as const) {
      sockets.add(from);
      from.on('data', (chunk) => stalled || to.write(chunk));
      from.on('error', () => to.destroy());
      from.on('close', () => to.destroy());
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    stall: () => void (stalled = true),
    kill: () => {
      server.close();
      for (const socket of sockets) socket.destroy();
    },
  };
}

describe('RedisPolicyStore specifics', { skip: redisUnavailable ?? false }, () => {
  it('never lets concurrent tryConsume calls from two replicas exceed max', () =>
    withReplicas(async (a, b) => {
      const calls = Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? a : b).tryConsume('rps', 1, 20, 60_000, 1_000));
      const results = await Promise.all(calls);
      assert.equal(results.filter((r) => r.allowed).length, 20);
      assert.ok(results.every((r) => r.total <= 20));
      assert.equal(await a.counter('rps', 60_000, 1_000), 20);
    }));

  it('lets exactly one of two concurrent deciders win, and one of two consumers', () =>
    withReplicas(async (a, b) => {
      for (let i = 0; i < 10; i++) {
        const { id } = await a.createApproval(newApproval());
        const [x, y] = await Promise.all([a.decideApproval(id, true, 'admin-a', undefined, 2_000), b.decideApproval(id, false, 'admin-b', undefined, 2_000)]);
        assert.equal([x, y].filter((d) => d !== undefined).length, 1);
        const winner = x ?? y;
        assert.equal((await b.approval(id, 2_001))?.decidedBy, winner?.decidedBy);
        if (winner?.status !== 'approved') continue;
        const used = await Promise.all([a.consumeApproval(id, 3_000), b.consumeApproval(id, 3_000)]);
        assert.deepEqual(used.sort(), [false, true]);
      }
    }));

  it('propagates a kill switch from one replica to another over pub/sub', () =>
    withReplicas(
      async (a, b) => {
        const state = { engaged: true, by: 'admin', reason: 'incident', at: 1_000 };
        await a.setKillSwitch('agent-7', state);
        await eventually(() => b.killSwitch('agent-7') !== undefined);
        assert.deepEqual(b.killSwitch('agent-7'), state);
        await b.setKillSwitch('agent-7', { ...state, engaged: false });
        await eventually(() => a.killSwitch('agent-7')?.engaged === false);
      },
      // Far beyond the test, so only pub/sub can deliver the change.
      { killSwitchRefreshMs: 600_000 },
    ));

  it('loads kill switches at connect, and a periodic refresh repairs a missed message', async () => {
    const prefix = newPrefix();
    const a = await openRedis(prefix, {}, true);
    await a.setKillSwitch(GLOBAL_SCOPE, { engaged: true, by: 'admin', reason: 'r', at: 1 });
    const b = await openRedis(prefix, { killSwitchRefreshMs: 20 }, true);
    try {
      assert.equal(b.killSwitch(GLOBAL_SCOPE)?.engaged, true);
      // Written behind the stores' backs: no message, only the snapshot can bring it.
      await admin.hset(`${prefix}kill`, 'agent-9', JSON.stringify({ engaged: true, by: 'ops', reason: 'manual', at: 2 }));
      await admin.incr(`${prefix}kill-version`);
      await eventually(() => b.killSwitch('agent-9')?.by === 'ops');
    } finally {
      await Promise.all([a.close(), b.close()]);
      await deletePrefix(prefix);
    }
  });

  it('gives every key an expiry except the bounded listing and the kill switches', async () => {
    const prefix = newPrefix();
    const store = await openRedis(prefix);
    const now = Date.now();
    await store.tryConsume('k', 1, 5, 60_000, now);
    await store.consume('t', 1, 60_000, now);
    await store.taint('s', ['pii'], 60_000, now);
    await store.createApproval(newApproval({ createdAt: now, expiresAt: now + 60_000 }));
    await store.setKillSwitch(GLOBAL_SCOPE, { engaged: false, by: 'a', reason: 'b', at: now });
    const [, keys] = await admin.scan('0', 'MATCH', `${prefix}*`, 'COUNT', 1000);
    const persistent = new Set(['approvals', 'kill', 'kill-version'].map((k) => prefix + k));
    assert.equal(keys.length, 8);
    for (const key of keys) assert.equal((await admin.pttl(key)) > 0, !persistent.has(key), key);
    await store.close();
  });

  it('wraps Redis errors without the client error or its arguments', async () => {
    const prefix = newPrefix();
    const store = await openRedis(prefix);
    await admin.hset(`${prefix}c:k:0`, 'not', 'a counter');
    const err = await store.tryConsume('k', 1, 5, 60_000, 0).then(() => assert.fail('resolved'), (e: unknown) => e);
    assert.ok(err instanceof PolicyStoreError);
    assert.match(err.message, /^policy state \(Redis\): tryConsume failed: .*WRONGTYPE/);
    assert.equal(err.cause, undefined);
    assert.equal('command' in err, false);
    await store.close();
    await assert.rejects(store.counter('k', 60_000, 0), /counter failed: the store is closed/);
  });

  it('works on an existing client, which it leaves open', async () => {
    const prefix = newPrefix();
    const client = admin.duplicate({ lazyConnect: true, enableOfflineQueue: false });
    const store = await RedisPolicyStore.connect({ client, keyPrefix: prefix });
    assert.deepEqual(await store.tryConsume('k', 1, 1, 1_000, 0), { allowed: true, total: 1 });
    await store.close();
    assert.equal(await client.ping(), 'PONG');
    client.disconnect();
    await deletePrefix(prefix);
  });
});

describe('RedisPolicyStore failures', { skip: redisUnavailable ?? false }, () => {
  it('rejects connect promptly and clearly when nothing listens', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const started = Date.now();
    await assert.rejects(
      RedisPolicyStore.connect({ url: `redis://127.0.0.1:${port}`, keyPrefix: 'x:', connectTimeoutMs: 500 }),
      new RegExp(`^PolicyStoreError: policy state \\(Redis\\): connect failed: cannot reach Redis at 127.0.0.1:${port} \\(.*ECONNREFUSED`),
    );
    assert.ok(Date.now() - started < 1_000);
  });

  it('rejects connect within the timeout when the server never answers', async () => {
    const sockets: net.Socket[] = [];
    const server = net.createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    const started = Date.now();
    await assert.rejects(RedisPolicyStore.connect({ url: `redis://127.0.0.1:${port}`, keyPrefix: 'x:', connectTimeoutMs: 300 }), /cannot reach Redis/);
    assert.ok(Date.now() - started < 1_000);
    for (const socket of sockets) socket.destroy();
    server.close();
  });

  it('rejects commands at once when the connection drops, keeping the kill-switch mirror', async () => {
    const relay = await proxy();
    const prefix = newPrefix();
    const store = await RedisPolicyStore.connect({ url: `redis://127.0.0.1:${relay.port}`, keyPrefix: prefix });
    await store.setKillSwitch(GLOBAL_SCOPE, { engaged: true, by: 'a', reason: 'b', at: 0 });
    assert.equal(store.connected, true);
    relay.kill();
    const started = Date.now();
    await assert.rejects(store.tryConsume('k', 1, 5, 60_000, 0), /^PolicyStoreError: policy state \(Redis\): tryConsume failed: not connected to Redis/);
    assert.ok(Date.now() - started < 500);
    assert.equal(store.killSwitch(GLOBAL_SCOPE)?.engaged, true);
    await eventually(() => !store.connected);
    await assert.rejects(store.approvalFor('b', 0), /approvalFor failed: not connected to Redis/);
    await store.close();
    await deletePrefix(prefix);
  });

  it('rejects a command after commandTimeoutMs when Redis stops answering', async () => {
    const relay = await proxy();
    const store = await RedisPolicyStore.connect({ url: `redis://127.0.0.1:${relay.port}`, keyPrefix: newPrefix(), commandTimeoutMs: 200 });
    relay.stall();
    const started = Date.now();
    await assert.rejects(store.consume('k', 1, 60_000, 0), /consume failed: Redis did not answer within commandTimeoutMs/);
    assert.ok(Date.now() - started < 1_000);
    await store.close();
    relay.kill();
  });
});

describe('KillSwitchMirror ordering', () => {
  const on = (by: string): string => JSON.stringify({ engaged: true, by, reason: 'r', at: 0 });

  it('ignores repeated and stale changes, and reports a skipped version', () => {
    const mirror = new KillSwitchMirror();
    assert.equal(mirror.change(1, 'a', on('v1')), false);
    assert.equal(mirror.change(1, 'a', on('again')), false);
    assert.equal(mirror.get('a')?.by, 'v1');
    assert.equal(mirror.change(3, 'b', on('v3')), true);
    assert.equal(mirror.change(2, 'c', on('late')), false);
    assert.equal(mirror.get('c'), undefined);
  });

  it('drops a snapshot overtaken by a change, but trusts one from a Redis that lost its data', () => {
    const mirror = new KillSwitchMirror();
    mirror.snapshot(4, ['a', on('snap4')], 0);
    const seen = mirror.version;
    mirror.change(5, 'b', on('v5'));
    mirror.snapshot(4, ['a', on('stale')], seen);
    assert.equal(mirror.get('a')?.by, 'snap4');
    assert.equal(mirror.get('b')?.by, 'v5');
    mirror.snapshot(0, [], mirror.version);
    assert.equal(mirror.get('a'), undefined);
    assert.equal(mirror.version, 0);
  });
});
