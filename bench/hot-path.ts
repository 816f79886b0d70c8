// Microbenchmark of the gateway's per-request steps, each in isolation, on the bench's own
// request and the stand-in's real responses. It explains the end-to-end numbers of
// `npm run bench` (which cannot say where inside the gateway the time goes) and shows which
// step is worth optimizing. Everything here is pure CPU: no sockets, no syscalls.
//
// Usage: node bench/hot-path.ts
import { createAdminServices } from '../src/server/admin/index.ts';
import { AdminDirectory } from '../src/server/auth.ts';
import { PolicyEngine } from '../src/policy/engine.ts';
import { compilePolicy } from '../src/policy/compile.ts';
import { MemoryPolicyStore } from '../src/policy/state/memory.ts';
import { randomUUID } from 'node:crypto';
import { openAIChat } from '../src/protocols/openai-chat/index.ts';
import { SseParser } from '../src/protocols/sse.ts';
import { createLogging, logExchanges } from '../src/observe/log.ts';
import { embeddedDefaultConfig } from '../src/config/defaults.ts';
import { createObservability } from '../src/observe/index.ts';
import { hashAgentKey, newAgentKey } from '../src/server/auth.ts';
import { parseJsonBody } from '../src/server/read-body.ts';
import { ExchangeRecord } from '../src/server/record.ts';
import { startStandin } from '../src/standin/index.ts';
import { requestBody, PATH } from './request.ts';

/** Mean µs per call over `seconds`, after a warm-up so the JIT has optimized the code. */
function time(fn: () => unknown, seconds = 1): number {
  let sink: unknown;
  for (let i = 0; i < 2_000; i++) sink = fn();
  let calls = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(seconds * 1e9);
  let now = start;
  while (now < deadline) {
    for (let i = 0; i < 200; i++) sink = fn();
    calls += 200;
    now = process.hrtime.bigint();
  }
  if (sink === Symbol.for('never')) console.log(sink); // keeps the result alive
  return Number(now - start) / 1e3 / calls;
}

// Real response bytes, exactly as the stand-in sends them to the gateway.
const standin = await startStandin({ port: 0 });
const fetchBody = async (mode: 'json' | 'stream'): Promise<Buffer> => {
  const response = await fetch(standin.url + PATH, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: requestBody(mode),
  });
  return Buffer.from(await response.arrayBuffer());
};
const jsonResponse = await fetchBody('json');
const streamResponse = await fetchBody('stream');
await standin.close();

const jsonBody = requestBody('json');
const streamBody = requestBody('stream');
const request = openAIChat.decodeRequest(parseJsonBody(streamBody, 64));
const { key } = newAgentKey();

// The log line as `portcullis start` writes it, minus the write itself (the LineWriter
// batches that; see docs/benchmarks.md).
let lineBytes = 0;
const log = logExchanges(createLogging('info', { write: (line: string) => { lineBytes = line.length; } }));
const record = new ExchangeRecord(randomUUID(), PATH, '127.0.0.1');
Object.assign(record, {
  principal: { agentId: 'bench-agent', team: 'bench', env: 'dev', tier: 'standard', clearances: [], keyId: 'abcdef012345' },
  provider: 'mock', status: 200, outcome: 'forwarded',
  request, upstreamStatus: 200, overheadMs: 0.123, upstreamMs: 0.456, totalMs: 0.789,
});
record.setResponse(openAIChat.decodeResponse(JSON.parse(jsonResponse.toString('utf8')), request));

// The metrics observer (what `portcullis start` runs after every exchange, metrics on by
// default), on a record like a served one: a configured agent, provider and model, the
// request's policy decision, token usage. And the tracing observer, exporting to nowhere
// (spans are built and queued; the batch processor drops what it cannot send).
const observeConfig = embeddedDefaultConfig({ standinUrl: 'http://127.0.0.1:9', agentKeyHash: hashAgentKey(key) });
observeConfig.observability.tracing = { endpoint: 'http://127.0.0.1:9/v1/traces', serviceName: 'bench', sampleRatio: 1, headers: {} };
const observability = await createObservability(observeConfig, {});
const [observeMetrics, observeTrace] = observability.observers as [(r: ExchangeRecord) => void, (r: ExchangeRecord) => void];
const observed = new ExchangeRecord(randomUUID(), PATH, '127.0.0.1');
Object.assign(observed, {
  principal: { agentId: 'demo-agent', team: 'demo', env: 'dev', tier: 'standard', clearances: [], keyId: 'abcdef012345' },
  provider: 'standin-openai', status: 200, outcome: 'forwarded',
  request: { ...request, model: 'standin-gpt' }, upstreamStatus: 200, overheadMs: 0.123, upstreamMs: 0.456, totalMs: 0.789,
});
observed.policy.push({ event: 'llm.request', action: 'allow', reason: 'no rule applies', matches: [], monitored: [], policyVersion: 'sha256:0' });
observed.setResponse(openAIChat.decodeResponse(JSON.parse(jsonResponse.toString('utf8')), request));

// The console's activity feed (events, per-minute stats, per-agent usage), fed after every
// exchange when admins are configured.
const admin = createAdminServices({ config: observeConfig, admins: new AdminDirectory(observeConfig.admins), engine: new PolicyEngine(compilePolicy(observeConfig), { store: new MemoryPolicyStore() }), mcp: () => undefined });
const observeAdmin = (r: ExchangeRecord) => {
  for (const observe of admin.observers) observe(r);
};

const parsedRequest = JSON.parse(jsonBody.toString('utf8')) as unknown;
const parsedResponse = JSON.parse(jsonResponse.toString('utf8')) as unknown;
const streamEvents = streamResponse.toString('utf8').split('\n\n').length - 1;

const steps: [string, () => unknown][] = [
  ['authenticate: sha256 of the agent key', () => hashAgentKey(key)],
  ['request id: randomUUID', () => randomUUID()],
  [`request: isUtf8 + JSON.parse + depth check (${jsonBody.length} B)`, () => parseJsonBody(jsonBody, 64)],
  ['request: decodeRequest (adapter, on parsed JSON)', () => openAIChat.decodeRequest(parsedRequest)],
  [`json response: JSON.parse (${jsonResponse.length} B)`, () => JSON.parse(jsonResponse.toString('utf8'))],
  ['json response: decodeResponse (adapter, on parsed JSON)', () => openAIChat.decodeResponse(parsedResponse, request)],
  [`stream response: SseParser only (${streamResponse.length} B, ${streamEvents} events)`, () => {
    let n = 0;
    const parser = new SseParser(() => n++);
    parser.push(streamResponse);
    parser.end();
    return n;
  }],
  ['stream response: SseParser + stream decoder (what relay.ts runs)', () => {
    const decoder = openAIChat.createStreamDecoder(request);
    const parser = new SseParser((event, data) => decoder.onEvent(event, data));
    parser.push(streamResponse);
    parser.end();
    return decoder.result();
  }],
  ['stream response: usage summary only (what relay.ts runs when nothing inspects it)', () => {
    return streamResponse.includes(openAIChat.toolCallMarker) ? undefined : openAIChat.summarizeUsage(streamResponse);
  }],
  ['json response: usage summary only', () => openAIChat.summarizeUsage(jsonResponse)],
  ['exchange log line: build + serialize (write excluded)', () => log(record)],
  ['metrics observer: one exchange counted (observability.metrics, on by default)', () => observeMetrics(observed)],
  ['tracing observer: three spans built and queued (observability.tracing configured)', () => observeTrace(observed)],
  ['console activity feed: event, stats, agent usage (admins configured)', () => observeAdmin(observed)],
];

console.log(`gateway hot-path steps, µs per request (Node ${process.version})\n`);
for (const [name, fn] of steps) console.log(`  ${time(fn).toFixed(2).padStart(7)}  ${name}`);
console.log(`\n(one exchange log line is ${lineBytes} bytes)`);
await observability.close();
