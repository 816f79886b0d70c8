// Argument provenance speed (src/guards/argument-provenance.ts): reading a conversation's
// identifiers, once per response that proposes calls, and judging one call against them. The
// conversation is an agent's: a system prompt, the user's task and tool results
// (e-mails full of addresses, phone numbers, accounts, of about 1.4 KB), 10 and 50 of them.
// And the MCP door (src/guards/agent-provenance.ts): remembering what one result relayed to an
// agent holds, and judging a call against an agent's memory of 50 results and a conversation.
//
// Usage: node bench/provenance.ts [--seconds 2]
import { parseArgs } from 'node:util';
import type { Part } from '../src/core/exchange.ts';
import { AgentProvenance } from '../src/guards/agent-provenance.ts';
import { ConversationIdentifiers, contentKeys, keyWeight, readKeys, type TextKeys } from '../src/guards/argument-provenance.ts';
import { RecentScans } from '../src/guards/recent-scans.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '2' } } });

const SYSTEM = 'You are the billing assistant of Harbor Dental. Escalations go to billing-escalations@harbor.example; never promise refunds. ';
const USER = 'Find the invoice Dr. Okafor mentioned in her last e-mail and pay it from the operating account DE89 3704 0044 0532 0130 00.';
// Flat, as the gateway's texts are (they come from JSON.parse): a sliced string is slower to read.
const flat = (text: string) => JSON.parse(JSON.stringify(text)) as string;
const RESULT = (i: number) => flat(JSON.stringify({
  id: `msg-${100_000 + i}`, from: `dr.okafor${i}@clinic-partners.example`, to: ['billing@harbor.example'],
  subject: `Invoice INV-2024-${1000 + i}`, phone: `+1 (617) 555-${String(1000 + i).slice(-4)}`,
  body: (`Hello, please find invoice INV-2024-${1000 + i} for the lab work of March attached. The amount due is 1,452.00 EUR, ` +
    `payable by 2024-04-15 to IBAN GB29 NWBK 6016 1331 9268 ${String(10 + (i % 90))}. For questions call our office or see ` +
    `https://portal.clinic-partners.example/invoices/${i}. Regards, Dr. A. Okafor, Clinic Partners, 12 Harbour Road. `).repeat(4),
}).slice(0, 2048));
const CALL = JSON.stringify({ iban: 'GB29NWBK60161331926817', amount: 1452, reference: 'INV-2024-1007', notify: 'dr.okafor7@clinic-partners.example' });

function conversation(results: number): ConstructorParameters<typeof ConversationIdentifiers>[0] {
  const parts: Part[] = [
    { source: 'system', messageIndex: 0, text: SYSTEM, path: [] },
    { source: 'user', messageIndex: 1, text: USER, path: [] },
    ...Array.from({ length: results }, (_, i): Part => ({ source: 'tool_result', messageIndex: 2 + i, text: RESULT(i), path: [] })),
  ];
  return { parts, toolDefinitions: [], findings: [] };
}

/** Median µs of `run`, timed one call at a time for the given seconds after a warm-up. */
function median(run: () => unknown): number {
  for (let i = 0; i < 200; i++) run();
  const samples: number[] = [];
  const deadline = performance.now() + Number(values.seconds) * 1000;
  while (performance.now() < deadline) {
    const start = process.hrtime.bigint();
    run();
    samples.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  return samples.sort((a, b) => a - b)[samples.length >> 1] as number;
}

console.log('argument provenance: a conversation\'s identifiers read once per response with calls, then each call judged, median');
for (const results of [10, 50]) {
  const request = conversation(results);
  const kb = request.parts.reduce((n, p) => n + p.text.length, 0) / 1024;
  const identifiers = new ConversationIdentifiers(request);
  const verdict = identifiers.judge(CALL);
  if (verdict.names.join() !== 'iban,reference,notify') throw new Error(`unexpected verdict: ${JSON.stringify(verdict.names)}`);
  const read = median(() => new ConversationIdentifiers(request));
  // The gateway's way: texts read lately are remembered (by digest), so a turn reads only what is new.
  const recent = new RecentScans<TextKeys>(keyWeight);
  const next = conversation(results + 1);
  let turn = 0;
  const nextTurn = median(() => {
    // A tool result new to the cache each time, the rest of the conversation as before.
    next.parts[next.parts.length - 1] = { ...next.parts.at(-1)!, text: RESULT(results + 1).replace('Hello', `Hello ${turn++}`) };
    return new ConversationIdentifiers(next, (text, reading) => recent.get(`agent\u0000${reading}`, text, (t) => readKeys(t, reading)));
  });
  const judged = median(() => identifiers.judge(CALL));
  console.log(`  ${results} tool results (${kb.toFixed(0)} KB): all read ${read.toFixed(1)} µs (${(read / kb).toFixed(2)} µs/KB); ` +
    `a turn with one new result ${nextTurn.toFixed(1)} µs; judging a call ${judged.toFixed(2)} µs`);
}

console.log('at the MCP door: per relayed result, and per call, median');
{
  const memory = new AgentProvenance();
  const judgedIn = new ConversationIdentifiers(conversation(10)).memory;
  memory.rememberConversation('agent', judgedIn);
  // The LLM door remembers the calls it let through, which the MCP door looks its call up among (proposed-calls.ts).
  for (let i = 0; i < 20; i++) memory.rememberProposed('agent', 'pay_invoice', JSON.stringify({ iban: 'GB29NWBK60161331926817', amount: 1452 + i }), judgedIn);
  for (let i = 0; i < 50; i++) memory.rememberRelayed('agent', contentKeys(RESULT(i)), 'indirect', false);
  const verdict = memory.judge('agent', CALL);
  if (verdict.names.join() !== 'iban,reference,notify') throw new Error(`unexpected MCP verdict: ${JSON.stringify(verdict.names)}`);
  let n = 0;
  const remembered = median(() => memory.rememberRelayed('agent', contentKeys(RESULT(n++ % 500)), 'indirect', false));
  // The governor's call: the values, and whether only untrusted content asked for the action.
  const judged = median(() => memory.judgeCall('agent', 'pay_invoice', CALL));
  console.log(`  a relayed result (${(RESULT(0).length / 1024).toFixed(1)} KB) read and remembered ${remembered.toFixed(1)} µs; judging a call ${judged.toFixed(2)} µs`);
}

// Replicas sharing the memory through Redis (src/guards/shared-provenance.ts): what a proposed
// call's conversation costs to share, and an MCP call to judge, round trip included. Measured
// only where a Redis answers (PORTCULLIS_BENCH_REDIS_URL, default the local one).
{
  const { SharedProvenance } = await import('../src/guards/shared-provenance.ts');
  const { encodeConversation, decodeConversation } = await import('../src/guards/provenance-codec.ts');
  const url = process.env.PORTCULLIS_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `portcullis-bench:${process.pid}:`;
  const shared = await SharedProvenance.connect({ url, keyPrefix: prefix, connectTimeoutMs: 500 }).catch(() => undefined);
  if (shared === undefined) console.log(`shared through Redis: no Redis at ${url}, not measured`);
  else {
    const medianAsync = async (run: () => unknown): Promise<number> => {
      for (let i = 0; i < 200; i++) await run();
      const samples: number[] = [];
      const deadline = performance.now() + Number(values.seconds) * 1000;
      while (performance.now() < deadline) {
        const start = process.hrtime.bigint();
        await run();
        samples.push(Number(process.hrtime.bigint() - start) / 1000);
      }
      return samples.sort((a, b) => a - b)[samples.length >> 1] as number;
    };
    const memory = new ConversationIdentifiers(conversation(10)).memory;
    const blob = encodeConversation(memory);
    const encoded = median(() => encodeConversation(memory));
    const decoded = median(() => decodeConversation(blob));
    for (let i = 0; i < 50; i++) await shared.rememberRelayed('agent', contentKeys(RESULT(i)), 'indirect', false);
    await shared.rememberConversation('agent', memory, 'agent:h:s1');
    const verdict = (await shared.judgeCall('agent', 'pay_invoice', CALL, 'agent:h:s1')).verdict;
    if (verdict.names.join() !== 'iban,reference,notify') throw new Error(`unexpected shared verdict: ${JSON.stringify(verdict.names)}`);
    const remembered = await medianAsync(() => shared.rememberConversation('agent', memory, 'agent:h:s1'));
    let p = 0;
    const proposed = await medianAsync(() => shared.rememberProposed('agent', 'pay_invoice', JSON.stringify({ iban: 'GB29NWBK60161331926817', amount: p++ % 1000 }), memory));
    let n = 0;
    const relayed = await medianAsync(() => shared.rememberRelayed('agent', contentKeys(RESULT(n++ % 500)), 'indirect', false));
    const judged = await medianAsync(() => shared.judgeCall('agent', 'pay_invoice', CALL, 'agent:h:s1'));
    console.log(`shared through Redis (${url}), median: a conversation of 10 results (${(blob.length / 1024).toFixed(1)} KB as bytes) encoded ${encoded.toFixed(1)} µs, ` +
      `decoded ${decoded.toFixed(1)} µs, shared ${remembered.toFixed(0)} µs, and with a proposed call ${proposed.toFixed(0)} µs more; a relayed result shared ${relayed.toFixed(0)} µs; an MCP call judged ${judged.toFixed(0)} µs`);
    const { Redis } = await import('ioredis');
    const cleanup = new Redis(url);
    const keys = await cleanup.keys(`${prefix}*`);
    if (keys.length > 0) await cleanup.del(...keys);
    cleanup.disconnect();
    await shared.close();
  }
}
