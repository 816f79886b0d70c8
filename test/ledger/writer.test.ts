import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { rootOf } from '../../src/ledger/merkle.ts';
import type { RecordDraft } from '../../src/ledger/record.ts';
import type { AppendResult, LedgerEntry, LedgerStore } from '../../src/ledger/types.ts';
import { LedgerWriter } from '../../src/ledger/writer.ts';

/** A store in memory whose appends can be made to fail and take time, to watch the writer. */
function fakeStore() {
  const leaves: Buffer[] = [];
  const batches: number[] = [];
  let failWith: Error | undefined;
  const store = {
    async append(entries: readonly LedgerEntry[]): Promise<AppendResult> {
      await new Promise((r) => setTimeout(r, 2));
      if (failWith !== undefined) throw failWith;
      const first = leaves.length;
      leaves.push(...entries.map((e) => e.leafHash));
      batches.push(entries.length);
      return { first, size: leaves.length, rootHash: rootOf(leaves) };
    },
    async head() {
      if (failWith !== undefined) throw failWith;
      return { size: leaves.length, rootHash: rootOf(leaves) };
    },
  } as unknown as LedgerStore;
  return { store, leaves, batches, fail: (error: Error | undefined) => void (failWith = error) };
}

const draft = (i: number): RecordDraft => ({ type: 't', time: 1_000 + i, outcome: 'success', fields: { i }, ruleIds: [] });
const writer = (store: LedgerStore, retry: boolean, maxQueued = 10_000) =>
  new LedgerWriter(store, { maxQueued, batch: 100, retryFailedBatches: retry, digest: () => 'd' });

describe('LedgerWriter', () => {
  test('commits records in groups, in submission order, each resolving with its index', async () => {
    const fake = fakeStore();
    const w = writer(fake.store, false);
    const indices = await Promise.all(Array.from({ length: 1000 }, (_, i) => w.submit(draft(i))));
    assert.deepEqual(indices, [...Array(1000).keys()]);
    assert.ok(fake.batches.length <= 20, `1000 records took ${fake.batches.length} transactions`);
    assert.ok(Math.max(...fake.batches) === 100, 'batches fill up to the configured size under load');
  });

  test('sync mode: a failed batch rejects its records at once, the writer turns unhealthy, then recovers by probing', async () => {
    const fake = fakeStore();
    const w = writer(fake.store, false);
    fake.fail(new Error('disk full'));
    await assert.rejects(w.submit(draft(1)), /could not be written: disk full/);
    assert.equal(w.healthy, false);
    assert.match(w.unhealthyReason, /disk full/);
    fake.fail(undefined);
    for (let i = 0; i < 100 && !w.healthy; i++) await new Promise((r) => setTimeout(r, 20));
    assert.ok(w.healthy);
    assert.equal(await w.submit(draft(2)), 0);
  });

  test('async mode: a failed batch is kept and written once the store is back, nothing lost or doubled', async () => {
    const fake = fakeStore();
    const w = writer(fake.store, true);
    fake.fail(new Error('connection reset'));
    const pending = Array.from({ length: 50 }, (_, i) => w.submit(draft(i)));
    await new Promise((r) => setTimeout(r, 30));
    fake.fail(undefined);
    assert.deepEqual(await Promise.all(pending), [...Array(50).keys()]);
    assert.equal(fake.leaves.length, 50);
  });

  test('async mode does not retry what can never succeed, or a commit that may have landed', async () => {
    for (const error of [new TypeError('entry 0: bytes must be a Buffer'), Object.assign(new Error('COMMIT got no answer'), { indeterminate: true })]) {
      const fake = fakeStore();
      const w = writer(fake.store, true);
      fake.fail(error);
      await assert.rejects(w.submit(draft(1)), new RegExp(error.message));
    }
  });

  test('a full queue refuses new records instead of growing', async () => {
    const fake = fakeStore();
    const w = writer(fake.store, true, 5);
    fake.fail(new Error('down'));
    const accepted = Array.from({ length: 5 }, (_, i) => w.submit(draft(i)).catch(() => -1));
    await assert.rejects(w.submit(draft(99)), /queue is full/);
    assert.equal(w.healthy, false);
    fake.fail(undefined);
    await Promise.all(accepted);
  });
});
