import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { loadConfig } from '../src/config/load.ts';
import { openLedger } from '../src/ledger/index.ts';
import { leafHash, verifyInclusion } from '../src/ledger/merkle.ts';
import { parseVerifier } from '../src/ledger/note.ts';
import { stableJson } from '../src/policy/stable-json.ts';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '..', 'bin', 'portcullis.js');
const dir = mkdtempSync(join(tmpdir(), 'portcullis-audit-cli-'));
const config = join(dir, 'portcullis.yaml');
after(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--no-warnings', BIN, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const RECORDS = 12;

describe('portcullis audit (built bin)', () => {
  before(async () => {
    writeFileSync(config, [
      'version: 1',
      'providers: [{ id: p, kind: openai, baseUrl: "http://127.0.0.1:9/v1", models: ["*"] }]',
      `ledger: { path: "${join(dir, 'ledger.sqlite')}", keyDir: "${join(dir, 'keys')}", checkpoints: { everyRecords: 5 }, payloads: { capture: true } }`,
      '',
    ].join('\n'));
    const ledger = await openLedger(loadConfig(config).ledger!);
    for (let i = 0; i < RECORDS; i++) {
      await ledger.record({
        type: 'llm.exchange', time: Date.parse('2026-11-29T10:00:00Z') + i * 60_000, outcome: i === 7 ? 'failure' : 'success',
        principal: { id: i % 2 === 0 ? 'claims-agent' : 'payments-agent' },
        fields: { route: '/v1/chat/completions', model: 'gpt', status: 200,
          decisions: i === 7 ? [{ event: 'tool.call', action: 'deny', rules: ['no-bulk-export'], tool: 'export_all' }] : [] },
        ruleIds: i === 7 ? ['no-bulk-export'] : [],
        content: { request: `prompt ${i}` },
        payload: () => Buffer.from(`body ${i}`),
      });
    }
    await ledger.close();
  });

  it('verify says OK with the record and checkpoint counts', async () => {
    const result = await cli(['audit', 'verify', '-c', config]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`^OK: ${RECORDS} records, root [A-Za-z0-9+/]{43}=, \\d+ signed checkpoints verified`));
  });

  it('show filters by agent, rule and time; tail shows the newest', async () => {
    const byRule = await cli(['audit', 'show', '-c', config, '--rule', 'no-bulk-export']);
    assert.equal(byRule.stdout.trim().split('\n').length, 1);
    assert.match(byRule.stdout, /^\s+7\s+2026-11-29T10:07:00.000Z\s+payments-agent\s+failure 200 .*tool\.call\(export_all\):deny\[no-bulk-export\]/);
    const byAgent = await cli(['audit', 'show', '-c', config, '--agent', 'claims-agent', '--since', '2026-11-29T10:04:00Z', '--json']);
    const lines = byAgent.stdout.trim().split('\n').map((l) => JSON.parse(l) as { index: number; principal: { id: string } });
    assert.deepEqual(lines.map((l) => l.index), [4, 6, 8, 10]);
    const tail = await cli(['audit', 'tail', '-c', config, '--limit', '2', '--json']);
    assert.deepEqual(tail.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { index: number }).index), [10, 11]);
  });

  it('proof gives an inclusion proof that verifies against the signed checkpoint', async () => {
    const result = await cli(['audit', 'proof', '3', '-c', config]);
    assert.equal(result.code, 0, result.stderr);
    const proof = JSON.parse(result.stdout) as { index: number; record: unknown; leafHash: string; inclusion: { treeSize: number; rootHash: string; hashes: string[] }; checkpoint: string };
    const leaf = Buffer.from(proof.leafHash, 'base64');
    assert.ok(verifyInclusion(3, proof.inclusion.treeSize, leaf, proof.inclusion.hashes.map((h) => Buffer.from(h, 'base64')), Buffer.from(proof.inclusion.rootHash, 'base64')));
    assert.ok(proof.checkpoint.includes(`\n${proof.inclusion.treeSize}\n${proof.inclusion.rootHash}\n`));
  });

  it('export --format jsonl gives every checkpointed record with a proof, then the checkpoint', async () => {
    const result = await cli(['audit', 'export', '--format', 'jsonl', '-c', config]);
    const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
    const checkpoint = lines.pop() as { checkpoint: string };
    const size = Number(checkpoint.checkpoint.split('\n')[1]);
    assert.equal(lines.length, size);
    for (const line of lines) {
      // A SIEM can check each line alone: the record's canonical bytes give the leaf, the proof the root.
      const leaf = leafHash(Buffer.from(stableJson(line['record'])));
      assert.equal(leaf.toString('base64'), line['leafHash']);
      const proof = line['inclusion'].hashes.map((h: string) => Buffer.from(h, 'base64'));
      assert.ok(verifyInclusion(line['index'], size, leaf, proof, Buffer.from(line['inclusion'].rootHash, 'base64')), `record ${line['index']}`);
    }
  });

  it('erase deletes payloads, records the erasure, and the ledger still verifies', async () => {
    const erased = await cli(['audit', 'erase', '2', '5', '-c', config]);
    assert.equal(erased.code, 0, erased.stderr);
    assert.match(erased.stdout, /deleted 2 payload\(s\)/);
    const verified = await cli(['audit', 'verify', '-c', config]);
    assert.match(verified.stdout, new RegExp(`^OK: ${RECORDS + 1} records`));
    const last = await cli(['audit', 'tail', '-c', config, '--limit', '1', '--json']);
    assert.deepEqual((JSON.parse(last.stdout) as { type: string; indices: number[] }).indices, [2, 5]);
  });

  it('verify fails and names the index when a row is edited or deleted', async () => {
    const path = join(dir, 'ledger.sqlite');
    const db = new DatabaseSync(path);
    const original = db.prepare('SELECT bytes FROM records WHERE idx = 6').get() as { bytes: Uint8Array };
    db.prepare('UPDATE records SET bytes = ? WHERE idx = 6').run(Buffer.from(Buffer.from(original.bytes).toString().replace('success', 'failure')));
    db.close();
    const edited = await cli(['audit', 'verify', '-c', config]);
    assert.equal(edited.code, 1);
    assert.match(edited.stderr, /^FAILED at index 6: /);
    const again = new DatabaseSync(path);
    again.prepare('UPDATE records SET bytes = ? WHERE idx = 6').run(original.bytes);
    again.prepare('DELETE FROM records WHERE idx = 3').run();
    again.close();
    const deleted = await cli(['audit', 'verify', '-c', config]);
    assert.equal(deleted.code, 1);
    assert.match(deleted.stderr, /^FAILED at index 3: /);
  });

  it('keygen prints a signing key and its verifier key', async () => {
    const result = await cli(['audit', 'keygen', 'ledger.example.com/portcullis']);
    const verifier = /verifierKey: (\S+)/.exec(result.stdout)?.[1] as string;
    assert.match(result.stdout, /^signingKey: PRIVATE\+KEY\+ledger\.example\.com\/portcullis\+[0-9a-f]{8}\+/);
    assert.equal(parseVerifier(verifier).name, 'ledger.example.com/portcullis');
  });
});
