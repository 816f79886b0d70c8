import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ledgerSchema } from '../../src/config/ledger-schema.ts';
import { STANDIN_API_KEY } from '../../src/config/defaults.ts';
import { openLedger } from '../../src/ledger/index.ts';
import { decodeRecord } from '../../src/ledger/record.ts';
import { verifyLedger } from '../../src/ledger/verify.ts';
import { newAgentKey } from '../../src/server/auth.ts';
import { startStandin } from '../../src/standin/index.ts';

// The durability promise, tested the hard way: a gateway in sync mode is killed with SIGKILL
// while requests are in flight. Every exchange whose answer reached the agent must be in the
// ledger afterwards, and the ledger must verify.

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'portcullis.js');
const dir = mkdtempSync(join(tmpdir(), 'portcullis-crash-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('crash safety', () => {
  test('SIGKILL under load loses no acknowledged record, and the tree verifies', async () => {
    const standin = await startStandin({ apiKey: STANDIN_API_KEY });
    const agent = newAgentKey();
    const ledgerPath = join(dir, 'ledger.sqlite');
    const config = join(dir, 'portcullis.yaml');
    writeFileSync(config, [
      'version: 1',
      'server: { host: 127.0.0.1, port: 0 }',
      'log: { level: info }',
      `providers: [{ id: standin, kind: openai, baseUrl: "${standin.url}/v1", apiKey: "${STANDIN_API_KEY}", models: [standin-gpt] }]`,
      `agents: [{ id: load-agent, team: t, env: dev, keyHash: "${agent.keyHash}", models: [standin-gpt] }]`,
      `ledger: { path: "${ledgerPath}", keyDir: "${join(dir, 'keys')}", durability: sync, checkpoints: { everyRecords: 50 } }`,
      '',
    ].join('\n'));
    const child = spawn(process.execPath, ['--no-warnings', BIN, 'start', '-c', config], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /"url":"(http:[^"]+)"/.exec(output);
        if (match) resolve(match[1] as string);
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.on('exit', () => reject(new Error(`gateway exited early: ${output}`)));
    });

    const acknowledged: string[] = [];
    let stop = false;
    const exited = new Promise((resolve) => child.on('exit', resolve));
    // The kill lands the moment the 400th answer arrives: its record, and those of answers in
    // flight, have had no time to be written unless the gateway waited for them first.
    const kill = () => {
      stop = true;
      child.kill('SIGKILL');
    };
    const worker = async () => {
      while (!stop) {
        try {
          const response = await fetch(`${url}/v1/chat/completions`, {
            method: 'POST',
            headers: { authorization: `Bearer ${agent.key}`, 'content-type': 'application/json' },
            body: JSON.stringify({ model: 'standin-gpt', messages: [{ role: 'user', content: 'crash test' }] }),
          });
          const body = await response.text();
          if (response.status === 200 && body.includes('chat.completion')) {
            acknowledged.push(response.headers.get('x-portcullis-request-id') as string);
            if (acknowledged.length === 400) kill();
          }
        } catch {
          return; // the gateway is gone: whatever had no answer was never acknowledged
        }
      }
    };
    const workers = Array.from({ length: 16 }, worker);
    await Promise.all(workers);
    await exited;
    await standin.close();

    const ledger = await openLedger(ledgerSchema.parse({ path: ledgerPath, keyDir: join(dir, 'keys') }));
    try {
      const { size } = await ledger.store.head();
      const ids = new Set((await ledger.store.read(0, size)).map((r) => decodeRecord(r.bytes)['id']));
      const missing = acknowledged.filter((id) => !ids.has(id));
      assert.deepEqual(missing, [], `${missing.length} of ${acknowledged.length} acknowledged exchanges are missing from the ledger`);
      assert.ok(size >= acknowledged.length);
      const result = await verifyLedger(ledger.store, { verifiers: [ledger.secrets.signer.verifierKey], origin: ledger.config.origin });
      assert.equal(result.ok, true, JSON.stringify(result));
      assert.ok(result.ok && result.checkpoints > 0, 'checkpoints were signed before the crash');
    } finally {
      await ledger.close();
    }
  });
});
