/**
 * One behaviour suite for both ledger stores. The PostgreSQL half runs against a real server
 * (PORTCULLIS_TEST_PG_URL, default postgres://postgres@127.0.0.1:5432/test) and fails, never
 * skips, when there is none.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { leafHash, rootOf } from '../../src/ledger/merkle.ts';
import { LedgerStoreError } from '../../src/ledger/store-shared.ts';
import type { LedgerStore, StoredRecord } from '../../src/ledger/types.ts';
import { makeEntries, makeEntry, postgresBackend, sqliteBackend, tagOf, type Backend, type Ledger } from './store-helpers.ts';

const indices = (records: readonly StoredRecord[]): number[] => records.map((record) => record.index);

/** The stored frontier's root must be the root of every leaf, recomputed from the record bytes. */
async function assertConsistent(store: LedgerStore, size: number): Promise<void> {
  const head = await store.head();
  assert.equal(head.size, size);
  const records = await store.read(0, size);
  assert.deepEqual(indices(records), Array.from({ length: size }, (_, i) => i), 'indices 0..size-1, no gap, no duplicate');
  const leaves = records.map((record) => leafHash(record.bytes));
  assert.deepEqual(await store.leafHashes(0, size), leaves);
  assert.deepEqual(head.rootHash, rootOf(leaves));
}

function behaviour(backend: Backend): void {
  describe(`${backend.name} ledger store`, () => {
    let ledger: Ledger;
    let store: LedgerStore;
    before(() => backend.setup());
    after(() => backend.teardown());
    beforeEach(async () => {
      ledger = await backend.create();
      store = ledger.store;
    });
    afterEach(() => ledger.destroy());

    it('assigns consecutive indices across appends and reports the new head', async () => {
      assert.deepEqual(await store.head(), { size: 0, rootHash: rootOf([]) });
      const first = await store.append(makeEntries('a', 3));
      assert.equal(first.first, 0);
      assert.equal(first.size, 3);
      const second = await store.append(makeEntries('b', 1));
      assert.deepEqual([second.first, second.size], [3, 4]);
      const third = await store.append(makeEntries('c', 5));
      assert.deepEqual([third.first, third.size], [4, 9]);
      assert.deepEqual(await store.head(), { size: 9, rootHash: third.rootHash });
      const empty = await store.append([]);
      assert.deepEqual(empty, { first: 9, size: 9, rootHash: third.rootHash });
      assert.deepEqual((await store.read(0, 9)).map((record) => tagOf(record.bytes)),
        ['a/0', 'a/1', 'a/2', 'b/0', 'c/0', 'c/1', 'c/2', 'c/3', 'c/4']);
    });

    it('keeps head().rootHash equal to rootOf all leaf hashes at every size', async () => {
      const leaves: Buffer[] = [];
      for (const count of [1, 1, 2, 3, 1, 8, 13]) {
        const entries = makeEntries(`n${leaves.length}`, count);
        leaves.push(...entries.map((entry) => entry.leafHash));
        const result = await store.append(entries);
        assert.deepEqual(result.rootHash, rootOf(leaves), `root after ${leaves.length} leaves`);
        assert.deepEqual((await store.head()).rootHash, rootOf(leaves));
      }
      await assertConsistent(store, leaves.length);
    });

    it('reads records and leaf hashes by half-open index range', async () => {
      const entries = makeEntries('r', 10, { principal: 'p', outcome: 'failure', ruleIds: ['x', 'y'], time: 42 });
      await store.append(entries);
      const middle = await store.read(3, 6);
      assert.deepEqual(indices(middle), [3, 4, 5]);
      const [third] = middle;
      assert.deepEqual(third?.bytes, entries[3]?.bytes);
      assert.deepEqual(third?.leafHash, entries[3]?.leafHash);
      assert.deepEqual(third?.meta, entries[3]?.meta);
      assert.ok(Buffer.isBuffer(third?.bytes) && Buffer.isBuffer(third.leafHash));
      assert.deepEqual(await store.leafHashes(3, 6), entries.slice(3, 6).map((entry) => entry.leafHash));
      assert.deepEqual(indices(await store.read(8, 100)), [8, 9], 'a range past the end stops at the end');
      assert.deepEqual(await store.read(5, 5), []);
      assert.deepEqual(await store.leafHashes(20, 30), []);
      await assert.rejects(store.read(-1, 2), TypeError);
    });

    it('queries by principal, rule id, type, time range and from: the newest `limit` matches, newest last', async () => {
      await store.append([
        makeEntry('0', { time: 1_000, type: 'llm.exchange', principal: 'alice', ruleIds: ['r1'] }),
        makeEntry('1', { time: 2_000, type: 'admin.approval', principal: 'bob', ruleIds: ['r2'] }),
        makeEntry('2', { time: 3_000, type: 'llm.exchange', principal: 'alice', ruleIds: ['r1', 'r2', 'r1'] }),
        makeEntry('3', { time: 4_000, type: 'llm.exchange', principal: 'bob', ruleIds: [] }),
      ]);
      await store.append([
        makeEntry('4', { time: 5_000, type: 'policy.reload', principal: '', ruleIds: ['a,b%_'] }),
        makeEntry('5', { time: 6_000, type: 'llm.exchange', principal: 'alice', ruleIds: ['r2'] }),
      ]);
      const q = async (filter: Parameters<LedgerStore['query']>[0], limit = 100): Promise<number[]> => indices(await store.query(filter, limit));
      assert.deepEqual(await q({ principal: 'alice' }), [0, 2, 5]);
      assert.deepEqual(await q({ principal: 'alice' }, 2), [2, 5]);
      assert.deepEqual(await q({ principal: '' }), [4]);
      assert.deepEqual(await q({ ruleId: 'r2' }), [1, 2, 5]);
      assert.deepEqual(await q({ ruleId: 'r1' }), [0, 2], 'a rule id repeated in one record matches it once');
      assert.deepEqual(await q({ ruleId: 'r' }), [], 'rule ids match exactly, never as a prefix');
      assert.deepEqual(await q({ ruleId: 'a,b%_' }), [4]);
      assert.deepEqual(await q({ ruleId: 'a' }), []);
      assert.deepEqual(await q({ type: 'llm.exchange' }), [0, 2, 3, 5]);
      assert.deepEqual(await q({ since: 2_000, until: 5_000 }), [1, 2, 3], 'since inclusive, until exclusive');
      assert.deepEqual(await q({ from: 3 }), [3, 4, 5]);
      assert.deepEqual(await q({ from: 3 }, 2), [4, 5]);
      assert.deepEqual(await q({ principal: 'alice', ruleId: 'r2', since: 2_500 }), [2, 5]);
      assert.deepEqual(await q({}, 3), [3, 4, 5]);
      assert.deepEqual(await q({}, 0), []);
      assert.deepEqual(await q({ principal: 'nobody' }), []);
      const [record] = await store.query({ ruleId: 'r1', until: 2_000 }, 10);
      assert.deepEqual(record?.meta, { time: 1_000, type: 'llm.exchange', principal: 'alice', outcome: 'success', ruleIds: ['r1'] });
      assert.equal(tagOf(record.bytes), '0');
    });

    it('saves checkpoints and lists them by size; the same size twice must have the same root', async () => {
      const root5 = Buffer.alloc(32, 5);
      await store.saveCheckpoint({ size: 5, rootHash: root5, note: 'note 5\n', createdAt: 50 });
      await store.saveCheckpoint({ size: 2, rootHash: Buffer.alloc(32, 2), note: 'note 2\n', createdAt: 60 });
      await store.saveCheckpoint({ size: 5, rootHash: root5, note: 'another signer\n', createdAt: 70 });
      await assert.rejects(store.saveCheckpoint({ size: 5, rootHash: Buffer.alloc(32, 9), note: 'fork\n', createdAt: 80 }),
        (err: unknown) => err instanceof LedgerStoreError && /different root/.test(err.message));
      assert.deepEqual(await store.checkpoints(), [
        { size: 2, rootHash: Buffer.alloc(32, 2), note: 'note 2\n', createdAt: 60 },
        { size: 5, rootHash: root5, note: 'note 5\n', createdAt: 50 },
      ]);
    });

    it('puts, gets and deletes payloads by indices and by time, without touching records', async () => {
      await store.append(makeEntries('p', 5));
      for (let i = 0; i < 5; i++) await store.putPayload(i, Buffer.from(`sealed ${i}`), i * 100);
      assert.deepEqual(await store.getPayload(2), Buffer.from('sealed 2'));
      assert.equal(await store.getPayload(99), undefined);
      await store.putPayload(2, Buffer.from('resealed'), 200);
      assert.deepEqual(await store.getPayload(2), Buffer.from('resealed'));
      assert.equal(await store.deletePayloads({}), 0, 'no selector deletes nothing');
      assert.equal(await store.deletePayloads({ indices: [] }), 0);
      assert.equal(await store.deletePayloads({ indices: [1, 3, 77] }), 2);
      assert.equal(await store.getPayload(1), undefined);
      assert.equal(await store.deletePayloads({ before: 300 }), 2, 'times 0 and 200; 300 is not before 300');
      assert.deepEqual([await store.getPayload(0), await store.getPayload(2)], [undefined, undefined]);
      assert.deepEqual(await store.getPayload(4), Buffer.from('sealed 4'));
      assert.equal(await store.deletePayloads({ before: 0, indices: [4] }), 1);
      await assertConsistent(store, 5);
    });

    it('keeps records, frontier, checkpoints and payloads across a reopen and goes on appending', async () => {
      await store.append(makeEntries('x', 7, { principal: 'keep', ruleIds: ['k'] }));
      await store.saveCheckpoint({ size: 7, rootHash: (await store.head()).rootHash, note: 'n\n', createdAt: 1 });
      await store.putPayload(6, Buffer.from('payload'), 10);
      const before = await store.head();
      await store.close();
      await store.close();
      const reopened = await ledger.open();
      assert.deepEqual(await reopened.head(), before);
      assert.deepEqual(indices(await reopened.query({ ruleId: 'k' }, 100)), [0, 1, 2, 3, 4, 5, 6]);
      assert.equal((await reopened.checkpoints()).length, 1);
      assert.deepEqual(await reopened.getPayload(6), Buffer.from('payload'));
      assert.equal((await reopened.append(makeEntries('y', 2))).first, 7);
      await assertConsistent(reopened, 9);
    });

    it('serializes concurrent appends from two stores: no gap, no duplicate, one consistent tree', async () => {
      const other = await ledger.open();
      const batchesEach = 50;
      const run = (writer: LedgerStore, name: string) =>
        Promise.all(Array.from({ length: batchesEach }, (_, b) => writer.append(makeEntries(`${name}/${b}`, 1 + ((b * 7) % 13)))));
      const results = (await Promise.all([run(store, 'a'), run(other, 'b')])).flat();
      const total = results.reduce((sum, result) => sum + (result.size - result.first), 0);
      const claimed = results.flatMap((result) => Array.from({ length: result.size - result.first }, (_, i) => result.first + i));
      assert.deepEqual(claimed.sort((x, y) => x - y), Array.from({ length: total }, (_, i) => i), 'each index claimed once');
      await assertConsistent(other, total);
      // Every batch landed contiguously, at the indices its append reported.
      const records = await store.read(0, total);
      for (const result of results) {
        const tags = records.slice(result.first, result.size).map((record) => tagOf(record.bytes));
        const batch = tags[0]?.replace(/\/\d+$/, '');
        assert.deepEqual(tags, tags.map((_, i) => `${batch}/${i}`));
      }
    });

    it('leaves no partial rows and no gap when an append fails midway', async () => {
      await store.append(makeEntries('ok', 5, { ruleIds: ['r'] }));
      const before = await store.head();
      await ledger.failAt(7);
      await assert.rejects(store.append(makeEntries('doomed', 5, { ruleIds: ['r'] })), (err: unknown) => {
        assert.ok(err instanceof LedgerStoreError, String(err));
        assert.equal(err.operation, 'append');
        assert.match(err.message, /forced failure/);
        return true;
      });
      assert.deepEqual(await store.head(), before);
      assert.equal(await ledger.count('records'), 5);
      assert.equal(await ledger.count('record_rules'), 5);
      assert.deepEqual(indices(await store.read(0, 100)), [0, 1, 2, 3, 4]);
      await ledger.failAt(undefined);
      assert.equal((await store.append(makeEntries('after', 3))).first, 5);
      await assertConsistent(store, 8);
    });

    it('refuses malformed entries before touching the database', async () => {
      const good = makeEntry('g');
      const bad = [
        { ...good, leafHash: Buffer.alloc(31) },
        { ...good, meta: { ...good.meta, time: 1.5 } },
        { ...good, meta: { ...good.meta, principal: 'nul\0' } },
      ];
      for (const entry of bad) await assert.rejects(store.append([good, entry]), TypeError);
      assert.equal((await store.head()).size, 0);
      assert.equal(await ledger.count('records'), 0);
    });
  });
}

behaviour(sqliteBackend());
behaviour(postgresBackend());
