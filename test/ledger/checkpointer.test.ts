import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { Checkpointer } from '../../src/ledger/checkpointer.ts';
import { leafHash, rootOf } from '../../src/ledger/merkle.ts';
import { generateKeys, openNote, parseSigner } from '../../src/ledger/note.ts';
import { SqliteLedgerStore } from '../../src/ledger/store-sqlite.ts';

const dir = mkdtempSync(join(tmpdir(), 'portcullis-checkpointer-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('Checkpointer', () => {
  test('signs every N records, stores the note, and publishes it to a file and to syslog', async () => {
    const store = SqliteLedgerStore.open(join(dir, 'l.sqlite'));
    const keys = generateKeys('test.example/ledger');
    const syslog = createSocket('udp4');
    const datagrams: string[] = [];
    syslog.on('message', (m) => datagrams.push(m.toString()));
    await new Promise<void>((r) => syslog.bind(0, '127.0.0.1', r));
    const file = join(dir, 'checkpoints.jsonl');
    const checkpoints = new Checkpointer(store, {
      origin: 'test.example/ledger', signer: parseSigner(keys.privateKey), everyRecords: 3, everyMs: 60_000,
      file, syslog: { host: '127.0.0.1', port: (syslog.address() as AddressInfo).port },
    });
    const leaves: Buffer[] = [];
    for (let i = 0; i < 7; i++) {
      const bytes = Buffer.from(`record ${i}`);
      leaves.push(leafHash(bytes));
      const result = await store.append([{ bytes, leafHash: leafHash(bytes), meta: { time: i, type: 't', principal: '', outcome: 'success', ruleIds: [] } }]);
      checkpoints.committed(result.size, result.rootHash);
    }
    await checkpoints.close(); // signs the tail (size 7) too
    for (let i = 0; i < 100 && datagrams.length < 3; i++) await new Promise((r) => setTimeout(r, 10));
    syslog.close();
    const stored = await store.checkpoints();
    assert.deepEqual(stored.map((c) => c.size), [3, 6, 7]);
    for (const c of stored) {
      assert.deepEqual(c.rootHash, rootOf(leaves.slice(0, c.size)));
      assert.equal(openNote(c.note, [keys.verifierKey]).text.split('\n')[1], String(c.size));
    }
    const published = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { size: number; note: string });
    assert.deepEqual(published.map((p) => [p.size, p.note]), stored.map((c) => [c.size, c.note]));
    assert.equal(datagrams.length, 3);
    assert.match(datagrams[0] as string, /^<134>1 \S+ \S+ portcullis - checkpoint - size=3 note=/);
    const note = Buffer.from(/note=(\S+)$/.exec(datagrams[0] as string)?.[1] as string, 'base64').toString();
    assert.equal(note, stored[0]?.note, 'syslog carries the exact signed note');
    await store.close();
  });
});
