// Ledger speed, the two numbers that matter: what recording costs a request (building the
// record draft from a finished exchange and queueing it: the synchronous part, timed per
// record) and how many records per second the writer sustains into SQLite with group commit
// (sync durability: synchronous=FULL, WAL). Targets: <= 10 µs per record on the request path,
// >= 20,000 records/s sustained.
//
// Usage: node bench/ledger.ts [--records 200000] [--store sqlite|postgres]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ledgerSchema } from '../src/config/ledger-schema.ts';
import type { Decision } from '../src/core/decision.ts';
import { openLedger } from '../src/ledger/index.ts';
import { exchangeDraft } from '../src/server/exchange-draft.ts';
import { ExchangeRecord } from '../src/server/record.ts';
import { requestBody } from './request.ts';

const { values } = parseArgs({ options: { records: { type: 'string', default: '200000' }, store: { type: 'string', default: 'sqlite' } } });
const RECORDS = Number(values.records);

const dir = mkdtempSync(join(tmpdir(), 'portcullis-bench-ledger-'));
const config = ledgerSchema.parse({
  store: values.store,
  path: join(dir, 'ledger.sqlite'),
  keyDir: join(dir, 'keys'),
  ...(values.store === 'postgres' ? { postgres: { url: 'postgres://postgres@127.0.0.1:5432/test', schema: `bench_${process.pid}` } } : {}),
  queue: { maxRecords: 50_000, batch: 1024 },
});
const ledger = await openLedger(config);

// A typical finished exchange: the bench's 2 KB chat request, a tool call judged, usage.
const body = Buffer.from(requestBody('json'));
const decision: Decision = {
  event: 'tool.call', action: 'allow', reason: "admitted by the allow-list entry 'lookup_claim'", tool: 'lookup_claim',
  matches: [{ id: 'allowlist:lookup_claim', source: 'allowlist', action: 'allow', reason: 'admitted', severity: 'info', tags: {} }],
  monitored: [], policyVersion: `sha256:${'ab'.repeat(32)}`,
};
function finishedExchange(): ExchangeRecord {
  const record = new ExchangeRecord(crypto.randomUUID(), '/v1/chat/completions', '10.0.0.7');
  record.principal = { agentId: 'claims-agent', team: 'claims', env: 'prod', tier: 'standard', clearances: [], keyId: '4c1d6ff8c0e6' };
  record.provider = 'openai';
  record.outcome = 'forwarded';
  record.upstreamStatus = 200;
  record.requestBody = body;
  record.usage = { inputTokens: 512, outputTokens: 64 };
  record.policy.push(decision);
  record.overheadMs = 0.05;
  record.upstreamMs = 350;
  return record;
}

// 1. The request path: draft + submit, timed per record (the writer drains in the background).
const samples: number[] = [];
const pending: Promise<number>[] = [];
for (let i = 0; i < 20_000; i++) {
  const record = finishedExchange();
  const start = process.hrtime.bigint();
  pending.push(ledger.record(exchangeDraft(record, 200, 351)));
  samples.push(Number(process.hrtime.bigint() - start) / 1000);
  if (pending.length >= 5_000) await Promise.all(pending.splice(0));
}
await Promise.all(pending.splice(0));
samples.sort((a, b) => a - b);
const at = (q: number) => (samples[Math.floor(q * (samples.length - 1))] as number).toFixed(2);

// 2. Sustained throughput: keep the queue fed, count what is committed.
const start = performance.now();
const before = (await ledger.store.head()).size;
let submitted = 0;
// Keep a steady backlog, as sustained load does: a new record for every one committed.
const backlog = new Set<Promise<number>>();
while (submitted < RECORDS) {
  while (backlog.size < 20_000 && submitted < RECORDS) {
    const recorded: Promise<number> = ledger.record(exchangeDraft(finishedExchange(), 200, 351)).finally(() => backlog.delete(recorded));
    backlog.add(recorded);
    submitted++;
  }
  await Promise.race(backlog);
}
await Promise.all(backlog);
const seconds = (performance.now() - start) / 1000;
const written = (await ledger.store.head()).size - before;
const rate = written / seconds;
await ledger.close();
rmSync(dir, { recursive: true, force: true });

console.log(`ledger (${values.store}, durability sync, group commit up to ${config.queue.batch} records)`);
console.log(`  request path (draft + queue), per record: median ${at(0.5)} µs   p99 ${at(0.99)} µs   target <= 10 µs: ${Number(at(0.5)) <= 10 ? 'met' : 'MISSED'}`);
console.log(`  sustained: ${written} records in ${seconds.toFixed(2)} s = ${Math.round(rate)} records/s   target >= 20,000: ${rate >= 20_000 ? 'met' : 'MISSED'}`);
