import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { ledgerSchema } from '../../src/config/ledger-schema.ts';
import { openLedger, type Ledger } from '../../src/ledger/index.ts';
import { decodeRecord } from '../../src/ledger/record.ts';
import { verifyLedger } from '../../src/ledger/verify.ts';
import { startHarness, type Harness } from '../helpers/harness.ts';

// The gateway recording into a real SQLite ledger: every exchange and admin act, no content,
// answers held until their record is durable (sync mode), and refusal when it cannot write.

const dirs: string[] = [];
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

async function ledgerIn(options: Record<string, unknown> = {}): Promise<Ledger> {
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-ledger-e2e-'));
  dirs.push(dir);
  return openLedger(ledgerSchema.parse({ path: join(dir, 'ledger.sqlite'), keyDir: join(dir, 'keys'), ...options }));
}

const records = async (ledger: Ledger) => {
  await ledger.writer.flush();
  const { size } = await ledger.store.head();
  return (await ledger.store.read(0, size)).map((r) => ({ ...r, json: decodeRecord(r.bytes) }));
};

describe('the ledger behind the gateway (sync mode)', () => {
  let ledger: Ledger;
  let h: Harness;
  before(async () => {
    ledger = await ledgerIn({ checkpoints: { everyRecords: 2 } });
    h = await startHarness({ ledger });
  });
  after(async () => {
    await h.close();
    await ledger.close();
  });

  test('an answer reaches the agent only after its record is durable, and the record holds no content', async () => {
    const secret = 'Patient SSN 078-05-1120, diagnosis F32.1';
    const { response } = await h.openai({ agent: 'healthcare-claims-agent-prod' }).chat.completions
      .create({ model: 'standin-gpt', messages: [{ role: 'user', content: secret }] }).withResponse();
    const id = response.headers.get('x-portcullis-request-id');
    // No flush: in sync mode the record is committed before the response was sent.
    const { size } = await ledger.store.head();
    const stored = (await ledger.store.read(0, size)).map((r) => decodeRecord(r.bytes)).find((r) => r['id'] === id);
    assert.ok(stored, 'the record of an answered exchange is already in the store');
    assert.equal(stored['type'], 'llm.exchange');
    assert.equal((stored['principal'] as { id: string }).id, 'healthcare-claims-agent-prod');
    assert.equal(stored['outcome'], 'success');
    const bytes = (await ledger.store.read(0, size)).map((r) => r.bytes.toString()).join('\n');
    assert.ok(!bytes.includes('078-05-1120') && !bytes.includes('F32.1') && !bytes.includes('Patient'), 'content stays out of the ledger');
    assert.match(String((stored['digests'] as Record<string, string>)['request']), /^[0-9a-f]{64}$/);
  });

  test('denials, withheld tool calls and admin acts are recorded with their decisions', async () => {
    const client = h.openai({ agent: 'healthcare-claims-agent-prod' });
    await client.chat.completions.create({
      model: 'standin-gpt',
      tools: [{ type: 'function', function: { name: 'query_emr_database', parameters: { type: 'object', properties: {} } } }],
      messages: [{ role: 'user', content: 'query_emr_database {"sql": "SELECT * FROM patient_records"}' }],
    });
    await assert.rejects(client.chat.completions.create({ model: 'standin-mini', messages: [{ role: 'user', content: 'x' }] }), OpenAI.PermissionDeniedError);
    await h.admin('POST', '/admin/kill-switch', { agent: 'treasury-agent-prod', engaged: true, reason: 'audit test' });
    const all = (await records(ledger)).map((r) => r.json);
    const withheld = all.find((r) => JSON.stringify(r['decisions'] ?? []).includes('hipaa-no-bulk-phi-export'));
    assert.ok(withheld);
    const call = (withheld['decisions'] as { event: string; action: string; tool?: string; policyVersion: string }[]).find((d) => d.event === 'tool.call');
    assert.equal(call?.action, 'deny');
    assert.equal(call?.policyVersion, h.gateway.policy.current.version);
    assert.match(String((withheld['tools'] as { hash: string }[] | undefined)?.[0]?.hash), /^sha256:[0-9a-f]{64}$/, 'offered tool definitions are hashed');
    const refused = all.find((r) => r['errorCode'] === 'model_not_allowed');
    assert.equal(refused?.['outcome'], 'failure');
    const act = all.find((r) => r['type'] === 'admin.act');
    assert.deepEqual([act?.['action'], act?.['target'], (act?.['principal'] as { id: string }).id], ['kill_switch.engage', 'treasury-agent-prod', 'demo-approver']);
    await h.admin('POST', '/admin/kill-switch', { agent: 'treasury-agent-prod', engaged: false, reason: 'done' });
  });

  test('checkpoints are signed and published, and the whole ledger verifies', async () => {
    await ledger.writer.flush();
    await ledger.checkpoints.close();
    const note = await (await fetch(`${h.url}/ledger/checkpoint`)).text();
    assert.match(note, /^portcullis\.local\/ledger\n\d+\n[A-Za-z0-9+/]{43}=\n\n\u2014 portcullis\.local\/ledger /);
    const result = await verifyLedger(ledger.store, { verifiers: [ledger.secrets.signer.verifierKey], origin: 'portcullis.local/ledger' });
    assert.equal(result.ok, true, JSON.stringify(result));
  });
});

describe('a stream whose end waits for a slow commit (sync mode)', () => {
  test('an SDK that stops at [DONE] before the end was answered: the exchange is forwarded, not client_closed', async () => {
    const ledger = await ledgerIn();
    // The commit takes longer than the SDK takes to read [DONE] and let go of the connection.
    const slow: Ledger = { ...ledger, record: (draft) => new Promise((resolve) => setTimeout(resolve, 150)).then(() => ledger.record(draft)) };
    const h = await startHarness({ ledger: slow });
    try {
      const stream = await h.openai().chat.completions.create({ model: 'standin-gpt', stream: true, messages: [{ role: 'user', content: 'hello' }] });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      stream.controller.abort(); // done with it, as an agent is once it has the whole answer
      assert.equal(text, 'Stand-in reply to: hello');
      const [record] = await h.recorded(1);
      assert.equal(record?.outcome, 'forwarded');
    } finally {
      await h.close();
      await ledger.close();
    }
  });
});

describe('when the ledger cannot write', () => {
  test('sync mode refuses with 503 and says why; healthz reports degraded', async () => {
    const ledger = await ledgerIn();
    const h = await startHarness({ ledger });
    try {
      const append = ledger.store.append.bind(ledger.store);
      ledger.store.append = () => Promise.reject(new Error('disk full'));
      await assert.rejects(h.openai().chat.completions.create({ model: 'standin-gpt', messages: [{ role: 'user', content: 'x' }] }),
        (e: unknown) => e instanceof OpenAI.APIError && e.status === 503 && /audit ledger/.test(e.message));
      const health = await fetch(`${h.url}/healthz`);
      assert.equal(health.status, 503);
      assert.match((await health.json() as { ledger: string }).ledger, /disk full/);
      await assert.rejects(h.openai().chat.completions.create({ model: 'standin-gpt', messages: [{ role: 'user', content: 'x' }] }),
        (e: unknown) => e instanceof OpenAI.APIError && e.status === 503, 'new work is refused while the ledger is down');
      ledger.store.append = append;
      for (let i = 0; i < 100 && !ledger.writer.healthy; i++) await new Promise((r) => setTimeout(r, 20));
      assert.ok(ledger.writer.healthy, 'the writer notices the store is back');
      await h.openai().chat.completions.create({ model: 'standin-gpt', messages: [{ role: 'user', content: 'x' }] });
    } finally {
      await h.close();
      await ledger.close();
    }
  });
});

describe('payload capture', () => {
  test('bodies are sealed beside the record, readable with the key, and erasable without breaking verification', async () => {
    const ledger = await ledgerIn({ payloads: { capture: true }, checkpoints: { everyRecords: 1 } });
    const h = await startHarness({ ledger });
    try {
      const { response } = await h.openai().chat.completions
        .create({ model: 'standin-gpt', messages: [{ role: 'user', content: 'claim 4471 for Jane Roe' }] }).withResponse();
      await ledger.writer.flush();
      const all = await records(ledger);
      const index = all.find((r) => r.json['id'] === response.headers.get('x-portcullis-request-id'))?.index as number;
      let sealed: Buffer | undefined;
      for (let i = 0; i < 100 && sealed === undefined; i++) {
        sealed = await ledger.store.getPayload(index);
        if (sealed === undefined) await new Promise((r) => setTimeout(r, 10));
      }
      assert.ok(sealed, 'the payload was captured');
      assert.ok(!sealed.toString('latin1').includes('Jane Roe'), 'sealed, not plain');
      const opened = JSON.parse(ledger.secrets.sealer!.open(sealed, `record:${index}`).toString()) as { request: string };
      assert.match(opened.request, /Jane Roe/);
      assert.throws(() => ledger.secrets.sealer!.open(sealed, `record:${index + 1}`), 'a payload cannot be moved to another record');
      assert.equal(await ledger.store.deletePayloads({ indices: [index] }), 1);
      assert.equal(await ledger.store.getPayload(index), undefined);
      await ledger.checkpoints.close();
      const result = await verifyLedger(ledger.store, { verifiers: [ledger.secrets.signer.verifierKey], origin: ledger.config.origin });
      assert.equal(result.ok, true, 'erasing payloads leaves the tree intact');
    } finally {
      await h.close();
      await ledger.close();
    }
  });
});

describe('two replicas writing one PostgreSQL ledger', () => {
  test('both record into one tree, indices without gaps, and the same verify passes', async () => {
    const schema = `ledger_e2e_${process.pid}_${Date.now()}`;
    const pg = (await import('pg')).default;
    const admin = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:5432/test' });
    const dir = mkdtempSync(join(tmpdir(), 'portcullis-ledger-pg-'));
    dirs.push(dir);
    const options = { store: 'postgres', postgres: { url: 'postgres://postgres@127.0.0.1:5432/test', schema }, keyDir: join(dir, 'keys') };
    const ledgers = [await openLedger(ledgerSchema.parse(options)), await openLedger(ledgerSchema.parse(options))];
    const replicas = [await startHarness({ ledger: ledgers[0] }), await startHarness({ ledger: ledgers[1] })];
    try {
      const ids: string[] = [];
      await Promise.all(replicas.flatMap((h) => Array.from({ length: 10 }, async () => {
        const { response } = await h.openai().chat.completions.create({ model: 'standin-gpt', messages: [{ role: 'user', content: 'x' }] }).withResponse();
        ids.push(response.headers.get('x-portcullis-request-id') as string);
      })));
      for (const l of ledgers) await l.checkpoints.close();
      const { size } = await ledgers[0]!.store.head();
      const stored = await ledgers[0]!.store.read(0, size);
      assert.deepEqual(stored.map((r) => r.index), [...Array(size).keys()], 'one sequence, no gaps');
      const recorded = new Set(stored.map((r) => decodeRecord(r.bytes)['id']));
      assert.deepEqual(ids.filter((id) => !recorded.has(id)), [], 'every answered exchange of both replicas is recorded');
      const result = await verifyLedger(ledgers[1]!.store, { verifiers: [ledgers[0]!.secrets.signer.verifierKey], origin: 'portcullis.local/ledger' });
      assert.equal(result.ok, true, JSON.stringify(result));
    } finally {
      await Promise.all(replicas.map((h) => h.close()));
      await Promise.all(ledgers.map((l) => l.close()));
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    }
  });
});
