import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import { describe, test } from 'node:test';
import { loadConfig } from '../../src/config/load.ts';
import type { Logger } from '../../src/observe/log.ts';
import { compilePolicy } from '../../src/policy/compile.ts';
import { PolicyEngine } from '../../src/policy/engine.ts';
import { MemoryPolicyStore } from '../../src/policy/state/memory.ts';
import { PolicyHistory } from '../../src/server/admin/policy.ts';
import { watchPolicy } from '../../src/server/policy-reload.ts';
import { AdminDirectory, newAgentKey } from '../../src/server/auth.ts';
import { EventFeed, FEED_SIZE, type EventDraft } from '../../src/server/admin/events.ts';
import { unifiedDiff } from '../../src/core/line-diff.ts';
import { ConsoleSessions, cookieValue, ONE_TIME_TTL_MS, SESSION_TTL_MS } from '../../src/server/admin/session.ts';
import { ActivityStats } from '../../src/server/admin/stats.ts';
import { EventStreams, MAX_BUFFERED } from '../../src/server/admin/stream.ts';

// The console's in-memory parts on their own: the event ring, the stream hub's treatment of a
// slow consumer, the minute buckets, the line diff and session expiry.

const draft = (n: number): EventDraft => ({ kind: 'llm', requestId: `r${n}`, action: 'allow', outcome: 'forwarded', rules: [], findings: [] });

/** Enough of a ServerResponse for the hub: writes are kept, the unsent buffer size is settable. */
class FakeResponse extends EventEmitter {
  written: string[] = [];
  writableLength = 0;
  destroyed = false;
  ended = false;
  write(text: string): boolean {
    this.written.push(text);
    return true;
  }
  end(): void {
    this.ended = true;
  }
  destroy(): void {
    this.destroyed = true;
    this.emit('close');
  }
}

describe('the event feed', () => {
  test('keeps the newest 1,000 in order and replays only what is still held', () => {
    const feed = new EventFeed();
    for (let i = 1; i <= FEED_SIZE + 250; i++) feed.push(draft(i));
    assert.equal(feed.last, FEED_SIZE + 250);
    const latest = feed.latest(5);
    assert.deepEqual(latest.map((e) => e.seq), [1246, 1247, 1248, 1249, 1250]);
    assert.equal(feed.latest(5000).length, FEED_SIZE);
    assert.equal(feed.latest(5000)[0]?.seq, 251, 'older events are gone');
    assert.deepEqual(feed.after(1247).map((e) => e.seq), [1248, 1249, 1250]);
    assert.equal(feed.after(3).length, FEED_SIZE, 'an id older than the ring replays what is left');
    assert.deepEqual(feed.after(1250), []);
  });

  test('a failing listener costs the others nothing', () => {
    const feed = new EventFeed();
    const seen: number[] = [];
    feed.listen(() => {
      throw new Error('boom');
    });
    feed.listen((e) => seen.push(e.seq));
    feed.push(draft(1));
    assert.deepEqual(seen, [1]);
  });
});

describe('the activity stream hub', () => {
  test('frames each event once per client, replays from Last-Event-ID, and drops a consumer that stops reading', () => {
    const feed = new EventFeed();
    const streams = new EventStreams(feed);
    feed.push(draft(1));
    feed.push(draft(2));
    const fast = new FakeResponse();
    const slow = new FakeResponse();
    streams.add(fast as unknown as ServerResponse, 1);
    streams.add(slow as unknown as ServerResponse, undefined);
    assert.equal(fast.written.length, 1, 'event 2 replayed');
    assert.match(fast.written[0] ?? '', /^id: 2\nevent: activity\ndata: \{"seq":2,.*\}\n\n$/);
    feed.push(draft(3));
    assert.equal(slow.written.length, 1);
    slow.writableLength = MAX_BUFFERED + 1;
    feed.push(draft(4));
    assert.equal(slow.destroyed, true, 'the slow consumer is cut off');
    assert.equal(streams.size, 1);
    assert.equal(fast.written.length, 3);
    streams.close();
    assert.equal(fast.ended, true);
    assert.equal(streams.size, 0);
  });
});

describe('activity stats', () => {
  test('counts per minute and forgets buckets from an earlier lap of the ring', () => {
    const stats = new ActivityStats();
    const t0 = Date.UTC(2026, 0, 1, 12, 0, 30);
    const event = (action: 'allow' | 'deny') => ({ ...draft(0), action, seq: 1, time: '' });
    stats.count(event('allow'), t0);
    stats.count(event('deny'), t0);
    stats.count(event('deny'), t0 + 60_000);
    const series = stats.series(3, t0 + 60_000);
    assert.deepEqual(series.map((b) => [b.t, b.allow, b.deny]), [
      ['2026-01-01T11:59:00.000Z', 0, 0], ['2026-01-01T12:00:00.000Z', 1, 1], ['2026-01-01T12:01:00.000Z', 0, 1],
    ]);
    // A day later the same slot is reused; the old counts must not show.
    stats.count(event('allow'), t0 + 24 * 3600_000);
    assert.deepEqual(stats.series(1, t0 + 24 * 3600_000).map((b) => [b.allow, b.deny]), [[1, 0]]);
  });
});

describe('the policy line diff', () => {
  test('a unified diff with context, and nothing for equal texts', () => {
    const lines = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`);
    const before = lines.join('\n') + '\n';
    const after = lines.map((l, i) => (i === 2 ? 'LINE 3' : l)).filter((_, i) => i !== 17).join('\n') + '\n';
    assert.equal(unifiedDiff(before, after, 'v1', 'v2'), [
      '--- v1', '+++ v2',
      '@@ -1,6 +1,6 @@', ' line 1', ' line 2', '-line 3', '+LINE 3', ' line 4', ' line 5', ' line 6',
      '@@ -15,6 +15,5 @@', ' line 15', ' line 16', ' line 17', '-line 18', ' line 19', ' line 20', '',
    ].join('\n'));
    // Changes closer than twice the context share one hunk, as in diff -u.
    assert.match(unifiedDiff('a\nb\nc\nd\ne\nf\ng\nh\n', 'A\nb\nc\nd\ne\nf\ng\nH\n', 'x', 'y'), /^--- x\n\+\+\+ y\n@@ -1,8 \+1,8 @@\n-a\n\+A\n/);
    assert.equal(unifiedDiff(before, before, 'v1', 'v1'), '');
    assert.equal(unifiedDiff('', 'x\n', 'a', 'b'), '--- a\n+++ b\n@@ -0,0 +1,1 @@\n+x\n');
  });
});

describe('console sessions', () => {
  const key = newAgentKey();
  const admins = new AdminDirectory([{ id: 'ann', keyHash: key.keyHash, role: 'approver' }]);

  test('a session lasts 8 hours; a one-time token works once, within 15 minutes', () => {
    const sessions = new ConsoleSessions(admins);
    const now = Date.now();
    const id = sessions.open('ann', now);
    const headers = { cookie: `other=1; portcullis_console=${id}` };
    assert.equal(sessions.lookup(headers, now + SESSION_TTL_MS - 1)?.role, 'approver');
    assert.equal(sessions.lookup(headers, now + SESSION_TTL_MS), undefined);
    const token = sessions.createOneTimeLogin('ann', now);
    assert.equal(sessions.redeem(token, now + ONE_TIME_TTL_MS), undefined, 'expired');
    const fresh = sessions.createOneTimeLogin('ann', now);
    assert.equal(sessions.redeem(fresh, now + 1000)?.principal.agentId, 'ann');
    assert.equal(sessions.redeem(fresh, now + 2000), undefined, 'spent');
  });

  test('cookie parsing finds the named cookie only', () => {
    assert.equal(cookieValue('a=1; portcullis_console=xyz; b=2', 'portcullis_console'), 'xyz');
    assert.equal(cookieValue('xportcullis_console=1', 'portcullis_console'), undefined);
    assert.equal(cookieValue(undefined, 'portcullis_console'), undefined);
  });

  test('roles default to admin, and keys resolve to their admin', () => {
    const other = newAgentKey();
    const directory = new AdminDirectory([{ id: 'root', keyHash: other.keyHash }]);
    assert.equal(directory.authenticateKey(other.key).role, 'admin');
    assert.throws(() => directory.authenticateKey(key.key), /not valid/);
  });
});

describe('the policy history', () => {
  test('a hot reload (policy-reload.ts) adds the new version and its source; the diff shows the edit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'portcullis-history-'));
    try {
      const file = join(dir, 'portcullis.yaml');
      const yaml = (threshold: string) => `version: 1
providers: [{ id: p, kind: openai, baseUrl: "http://127.0.0.1:9/v1", apiKey: secret-key, models: ["*"] }]
agents: [{ id: a, team: t, env: dev, keyHash: "sha256:${'1'.repeat(64)}", models: ["*"], tools: [lookup] }]
policy:
  approvals: { webhook: { url: "https://hooks.example/x?token=hook-secret" } }
  rules:
    - { id: r1, on: tool.call, when: 'args.n > ${threshold}', action: deny, reason: no }
`;
      writeFileSync(file, yaml('10.0'));
      const loaded = loadConfig(file);
      const engine = new PolicyEngine(compilePolicy(loaded), { store: new MemoryPolicyStore() });
      const history = new PolicyHistory(engine, loaded);
      const v1 = engine.current.version;
      assert.match(history.current.yaml, /when: args.n > 10.0/);
      for (const secret of ['secret-key', 'hook-secret', 'sha256:1111']) assert.ok(!history.current.yaml.includes(secret), secret);
      const logger = { info: () => undefined, warn: () => undefined } as unknown as Logger;
      const reloader = watchPolicy(file, loaded, engine, logger);
      writeFileSync(file, yaml('1.0'));
      const v2 = reloader.reload();
      reloader.close();
      assert.deepEqual(history.summary().history.map((h) => h.version), [v1, v2]);
      const diff = history.diff(history.find(v1)!, history.find(v2)!);
      assert.match(diff, /\n-\s+when: args.n > 10.0\n\+\s+when: args.n > 1.0\n/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
