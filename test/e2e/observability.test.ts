import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { dataProtectionSchema } from '../../src/config/data-schema.ts';
import { ledgerSchema } from '../../src/config/ledger-schema.ts';
import { openLedger, type Ledger } from '../../src/ledger/index.ts';
import { createObservability, type Observability } from '../../src/observe/index.ts';
import { startHarness, type Harness } from '../helpers/harness.ts';
import { approveAll, connectClient, mcpConfig, npmServer, stdioServer, tempLockfile } from '../helpers/mcp.ts';
import { valueOf } from '../observe/prom-text.ts';

// Metrics and traces of the real gateway, driven by the official SDKs against the stand-in and
// server-everything: `/metrics` scraped with and without an admin key, counters and histograms
// checked by their labels, and the spans exported over OTLP/HTTP to a receiver run here.

/** A tiny OTLP/HTTP receiver: keeps every POST /v1/traces body (JSON, as the exporter sends it). */
async function startReceiver(): Promise<{ url: string; bodies: string[]; server: Server }> {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces') return void res.writeHead(404).end();
      const raw = Buffer.concat(chunks);
      bodies.push((req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8'));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`, bodies, server };
}

interface OtlpValue { stringValue?: string; intValue?: number | string; boolValue?: boolean; doubleValue?: number; arrayValue?: { values?: OtlpValue[] } }
interface OtlpSpan {
  traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number;
  startTimeUnixNano: string | number; endTimeUnixNano: string | number;
  attributes?: { key: string; value: OtlpValue }[];
  events?: { name: string; attributes?: { key: string; value: OtlpValue }[] }[];
  status?: { code?: number };
}
const SERVER = 2;
const CLIENT = 3;
const INTERNAL = 1;

function plain(value: OtlpValue | undefined): unknown {
  if (value === undefined) return undefined;
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map(plain);
  if (value.intValue !== undefined) return Number(value.intValue);
  return value.stringValue ?? value.boolValue ?? value.doubleValue;
}
const attr = (span: OtlpSpan | undefined, key: string): unknown => plain(span?.attributes?.find((a) => a.key === key)?.value);

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const AGENT_SPAN_ID = '00f067aa0ba902b7';
/** Words that must never leave in a span: the prompts, the SSN, the replies, the tool arguments. */
const SECRET_PROMPT = 'quokka-zebra-7781 please summarise the ledger of Narnia';
const SSN = '219-45-8812';
const ECHO = 'marmalade-through-the-gateway';

const fn = (name: string) => ({ type: 'function' as const, function: { name, parameters: { type: 'object', properties: {} } } });

describe('observability: /metrics and OTLP traces', () => {
  let h: Harness;
  let observability: Observability;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let ledger: Ledger;
  let dir: string;

  before(async () => {
    receiver = await startReceiver();
    dir = mkdtempSync(join(tmpdir(), 'portcullis-observe-'));
    ledger = await openLedger(ledgerSchema.parse({ path: join(dir, 'ledger.sqlite'), keyDir: join(dir, 'keys'), checkpoints: { everyRecords: 4 } }));
    const mcp = mcpConfig([stdioServer('everything', npmServer('@modelcontextprotocol/server-everything'), ['stdio'])], { lockfile: tempLockfile() });
    await approveAll(mcp);
    h = await startHarness({
      ledger,
      configure(config) {
        config.mcp = mcp;
        config.policy.rules.push({ id: 'no-claude-for-treasury', on: ['llm.request'], when: 'agent.team == "treasury" && model == "standin-claude"',
          action: 'deny', mode: 'enforce', reason: 'treasury uses the approved model only', severity: 'medium', tags: {} } as never);
        config.dataProtection = dataProtectionSchema.parse({ rules: [{ types: ['US_SSN'], action: 'tokenize' }] });
        config.observability.tracing = { endpoint: receiver.url, serviceName: 'portcullis-test', sampleRatio: 1, headers: {} };
      },
      async extend(config) {
        observability = await createObservability(config, { ledger, policyStore: () => h.gateway.policy.store });
        return { observers: observability.observers, onMcpRecord: observability.onMcpRecord, metrics: observability.metrics };
      },
    });
  });

  after(async () => {
    await h.close();
    await observability.close();
    await ledger.close();
    receiver.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const scrape = async (key: string | null = h.adminKey) => {
    const response = await fetch(`${h.url}/metrics`, key === null ? {} : { headers: { authorization: `Bearer ${key}` } });
    return { status: response.status, headers: response.headers, text: await response.text() };
  };
  const metric = async (name: string, labels: Record<string, string> = {}) => valueOf((await scrape()).text, name, labels) ?? 0;

  /** Every span exported so far (after flushing the batch processor). */
  const spans = async (): Promise<OtlpSpan[]> => {
    await new Promise((resolve) => setImmediate(resolve)); // MCP spans are built a turn later
    await observability.tracing!.flush();
    return receiver.bodies.flatMap((body) => {
      const json = JSON.parse(body) as { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] };
      return json.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
    });
  };

  test('scraping needs an admin key; with one, Prometheus text comes back', async () => {
    const anonymous = await scrape(null);
    assert.equal(anonymous.status, 401);
    assert.match(anonymous.headers.get('www-authenticate') ?? '', /^Bearer/);
    assert.equal((await scrape(h.agentKey)).status, 401, 'an agent key is not an admin key');
    const admin = await scrape();
    assert.equal(admin.status, 200);
    assert.equal(admin.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
    assert.match(admin.text, /^# HELP portcullis_requests_total /m);
    const post = await fetch(`${h.url}/metrics`, { method: 'POST', headers: { authorization: `Bearer ${h.adminKey}` } });
    assert.equal(post.status, 405);
    // A scrape is not an exchange: nothing recorded, nothing counted.
    assert.equal(h.records.some((r) => r.route === '/metrics'), false);
  });

  test('a chat through the OpenAI SDK is counted with its agent, provider and model, latencies split', async () => {
    const labels = { route: '/v1/chat/completions', agent: 'demo-agent', provider: 'standin-openai', model: 'standin-gpt', outcome: 'forwarded' };
    const before = await metric('portcullis_requests_total', labels);
    const overheadBefore = await metric('portcullis_gateway_overhead_seconds_count', { route: '/v1/chat/completions', provider: 'standin-openai' });
    const { response } = await h.openai().chat.completions.create({ model: 'standin-gpt', messages: [{ role: 'user', content: 'hello' }] }).withResponse();
    await h.recordOf(response);
    const text = (await scrape()).text;
    assert.equal(valueOf(text, 'portcullis_requests_total', labels), before + 1);
    assert.equal(valueOf(text, 'portcullis_gateway_overhead_seconds_count', { route: '/v1/chat/completions', provider: 'standin-openai' }), overheadBefore + 1);
    assert.ok((valueOf(text, 'portcullis_upstream_duration_seconds_count', { provider: 'standin-openai' }) ?? 0) >= 1);
    assert.ok((valueOf(text, 'portcullis_request_duration_seconds_sum', { provider: 'standin-openai' }) ?? 0) > 0);
    assert.ok((valueOf(text, 'portcullis_tokens_total', { agent: 'demo-agent', provider: 'standin-openai', type: 'output' }) ?? 0) > 0);
    assert.equal(valueOf(text, 'portcullis_policy_decisions_total', { event: 'llm.request', action: 'allow' })! >= 1, true);
  });

  test('a denied request is counted under deny with its rule id', async () => {
    const rule = { event: 'llm.request', action: 'deny', rule: 'no-claude-for-treasury' };
    const before = await metric('portcullis_policy_decisions_total', rule);
    await assert.rejects(
      h.openai({ agent: 'treasury-agent-prod' }).chat.completions.create({ model: 'standin-claude', messages: [{ role: 'user', content: 'hi' }] }),
      (e: unknown) => e instanceof OpenAI.PermissionDeniedError);
    await h.recorded(h.records.length); // the observer ran with the 'close' of the response
    for (let i = 0; i < 50 && (await metric('portcullis_policy_decisions_total', rule)) === before; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(await metric('portcullis_policy_decisions_total', rule), before + 1);
    assert.ok(await metric('portcullis_requests_total', { agent: 'treasury-agent-prod', model: 'standin-claude', outcome: 'denied' }) >= 1);
  });

  test('a model nobody configured is counted as "other", never as a new series', async () => {
    const before = await metric('portcullis_requests_total', { model: 'other' });
    await assert.rejects(h.openai().chat.completions.create({ model: 'gpt-invented-by-the-agent-42', messages: [{ role: 'user', content: 'hi' }] }));
    for (let i = 0; i < 50 && (await metric('portcullis_requests_total', { model: 'other' })) === before; i++) await new Promise((r) => setTimeout(r, 10));
    const text = (await scrape()).text;
    assert.equal(valueOf(text, 'portcullis_requests_total', { model: 'other' }), before + 1);
    assert.ok(!text.includes('gpt-invented-by-the-agent-42'));
  });

  test('findings are counted by entity type, never by value', async () => {
    const before = await metric('portcullis_findings_total', { type: 'US_SSN', source: 'llm' });
    const { response } = await h.openai().chat.completions.create({
      model: 'standin-gpt', messages: [{ role: 'user', content: `SSN ${SSN} for the claim` }],
    }).withResponse();
    await h.recordOf(response);
    const text = (await scrape()).text;
    assert.ok(valueOf(text, 'portcullis_findings_total', { type: 'US_SSN', source: 'llm' })! >= before + 1);
    assert.ok(!text.includes(SSN));
  });

  test('the ledger queue, checkpoint age and pending approvals are read at scrape time', async () => {
    const pendingBefore = await metric('portcullis_approvals_pending');
    const data = await h.openai({ agent: 'treasury-agent-prod' }).chat.completions.create({
      model: 'standin-gpt', tools: [fn('transfer_funds')], messages: [{ role: 'user', content: 'transfer_funds {"amount": 7000, "payee": "acme"}' }],
    });
    assert.match(data.choices[0]?.message.content ?? '', /pending approval apr_/);
    await ledger.writer.flush();
    const text = (await scrape()).text;
    assert.equal(valueOf(text, 'portcullis_approvals_pending'), pendingBefore + 1);
    assert.equal(valueOf(text, 'portcullis_ledger_queue_depth'), 0);
    assert.equal(valueOf(text, 'portcullis_ledger_healthy'), 1);
    const age = valueOf(text, 'portcullis_ledger_checkpoint_age_seconds');
    assert.ok(age !== undefined && age >= 0 && age < 600, String(age));
    assert.ok(valueOf(text, 'portcullis_ledger_unsigned_records') !== undefined);
  });

  test('MCP requests are counted by server, method and outcome, and tool calls by decision', async () => {
    const calls = { server: 'everything', method: 'tools/call', outcome: 'forwarded' };
    const before = await metric('portcullis_mcp_requests_total', calls);
    const allowedBefore = await metric('portcullis_mcp_tool_calls_total', { server: 'everything', decision: 'allow' });
    const { client } = await connectClient(h.url, 'everything', h.agentKey);
    try {
      const echoed = await client.callTool({ name: 'echo', arguments: { message: ECHO } });
      assert.deepEqual(echoed.content, [{ type: 'text', text: `Echo: ${ECHO}` }]);
    } finally {
      await client.close();
    }
    const text = (await scrape()).text;
    assert.equal(valueOf(text, 'portcullis_mcp_requests_total', calls), before + 1);
    assert.ok(valueOf(text, 'portcullis_mcp_requests_total', { server: 'everything', method: 'initialize', agent: 'demo-agent' })! >= 1);
    assert.equal(valueOf(text, 'portcullis_mcp_tool_calls_total', { server: 'everything', decision: 'allow' }), allowedBefore + 1);
    assert.ok(!text.includes(ECHO));
  });

  test('an exchange becomes a server span under the agent\'s traceparent, with guard and GenAI inference children', async () => {
    const traceparent = `00-${TRACE_ID}-${AGENT_SPAN_ID}-01`;
    const before = h.standin.requests.length;
    const { response } = await h.openai({ headers: { traceparent } }).chat.completions.create({
      model: 'standin-gpt', messages: [{ role: 'user', content: SECRET_PROMPT }],
    }).withResponse();
    const record = await h.recordOf(response);
    // The agent's traceparent is never sent upstream changed (the gateway does not forward it at all).
    const upstream = h.standin.requests[before]!.headers['traceparent'];
    assert.ok(upstream === undefined || upstream === traceparent, String(upstream));

    const trace = (await spans()).filter((s) => s.traceId === TRACE_ID);
    const root = trace.find((s) => s.parentSpanId === AGENT_SPAN_ID);
    assert.ok(root, `no span under the agent's span: ${trace.map((s) => s.name).join(', ')}`);
    assert.equal(root.name, 'POST /v1/chat/completions');
    assert.equal(root.kind, SERVER);
    assert.equal(attr(root, 'portcullis.request.id'), record.requestId);
    assert.equal(attr(root, 'portcullis.agent.id'), 'demo-agent');
    assert.equal(attr(root, 'http.response.status_code'), 200);
    assert.equal(attr(root, 'portcullis.outcome'), 'forwarded');

    const inference = trace.find((s) => s.parentSpanId === root.spanId && s.kind === CLIENT);
    assert.equal(inference?.name, 'chat standin-gpt');
    assert.equal(attr(inference, 'gen_ai.operation.name'), 'chat');
    assert.equal(attr(inference, 'gen_ai.provider.name'), 'openai');
    assert.equal(attr(inference, 'gen_ai.system'), 'openai');
    assert.equal(attr(inference, 'gen_ai.request.model'), 'standin-gpt');
    assert.equal(attr(inference, 'gen_ai.usage.input_tokens'), record.usage?.inputTokens);
    assert.equal(attr(inference, 'gen_ai.usage.output_tokens'), record.usage?.outputTokens);
    assert.equal(attr(inference, 'http.response.status_code'), 200);
    assert.equal(attr(inference, 'server.address'), '127.0.0.1');

    const guard = trace.find((s) => s.parentSpanId === root.spanId && s.name === 'portcullis.guard');
    assert.equal(guard?.kind, INTERNAL);
    assert.equal(attr(guard, 'portcullis.policy.action'), 'allow');
    assert.match(String(attr(guard, 'portcullis.policy.version')), /^sha256:/);
    assert.equal(guard?.events?.[0]?.name, 'portcullis.policy.decision');

    // Laid out from the record's timings: children inside the root, the upstream call last.
    const ns = (t: string | number) => BigInt(t);
    for (const child of [inference!, guard!]) {
      assert.ok(ns(child.startTimeUnixNano) >= ns(root.startTimeUnixNano) && ns(child.endTimeUnixNano) <= ns(root.endTimeUnixNano), child.name);
    }
    assert.ok(ns(guard!.endTimeUnixNano) <= ns(inference!.startTimeUnixNano));
    assert.equal(ns(root.endTimeUnixNano) - ns(root.startTimeUnixNano) > 0n, true);
  });

  test('without a traceparent, the trace id is the request id; a denial shows on the guard span with its rule', async () => {
    const denied = await fetch(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.keyOf('treasury-agent-prod')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'standin-claude', messages: [{ role: 'user', content: 'hi' }] }),
    });
    assert.equal(denied.status, 403);
    await denied.text();
    const traceId = denied.headers.get('x-portcullis-request-id')!.replaceAll('-', '');
    let trace: OtlpSpan[] = [];
    for (let i = 0; i < 50 && trace.length === 0; i++) trace = (await spans()).filter((s) => s.traceId === traceId);
    const root = trace.find((s) => s.parentSpanId === undefined || s.parentSpanId === '');
    assert.equal(attr(root, 'http.response.status_code'), 403);
    assert.equal(attr(root, 'portcullis.policy.action'), 'deny');
    const guard = trace.find((s) => s.name === 'portcullis.guard');
    assert.equal(attr(guard, 'portcullis.policy.action'), 'deny');
    assert.deepEqual(attr(guard, 'portcullis.policy.rule_ids'), ['no-claude-for-treasury']);
    assert.equal(trace.some((s) => s.kind === CLIENT), false, 'a refused request never reached the model');
  });

  test('an MCP tools/call is an execute_tool server span with an MCP client span under it', async () => {
    const { client } = await connectClient(h.url, 'everything', h.agentKey);
    try {
      await client.callTool({ name: 'echo', arguments: { message: ECHO } });
    } finally {
      await client.close();
    }
    const record = h.mcpRecords.findLast((r) => r.method === 'tools/call' && r.tool === 'echo')!;
    let server: OtlpSpan | undefined;
    for (let i = 0; i < 50 && server === undefined; i++) server = (await spans()).find((s) => attr(s, 'portcullis.request.id') === record.requestId);
    assert.equal(server?.name, 'tools/call echo');
    assert.equal(server?.kind, SERVER);
    assert.equal(attr(server, 'mcp.method.name'), 'tools/call');
    assert.equal(attr(server, 'mcp.session.id'), record.sessionId);
    assert.equal(attr(server, 'jsonrpc.request.id'), String(record.jsonRpcId), "the agent's own id for the request");
    assert.match(String(attr(server, 'jsonrpc.request.id')), /^\d+$/, 'the SDK numbers its requests');
    assert.equal(attr(server, 'mcp.protocol.version'), '2025-11-25');
    assert.equal(attr(server, 'gen_ai.tool.name'), 'echo');
    assert.equal(attr(server, 'gen_ai.operation.name'), 'execute_tool');
    assert.equal(attr(server, 'portcullis.mcp.server'), 'everything');
    const all = await spans();
    const upstream = all.find((s) => s.parentSpanId === server!.spanId && s.kind === CLIENT);
    assert.equal(upstream?.name, 'tools/call echo');
    assert.equal(attr(upstream, 'mcp.method.name'), 'tools/call');
    assert.ok(all.some((s) => s.parentSpanId === server!.spanId && s.name === 'portcullis.guard'));
  });

  test('no message text, tool argument, reply or detected value appears anywhere in the exported payload', async () => {
    await spans();
    const payload = receiver.bodies.join('\n');
    assert.ok(payload.length > 0);
    for (const text of [SECRET_PROMPT, 'quokka', 'Narnia', SSN, ECHO, 'Stand-in reply', 'transfer_funds {', '"amount"', 'payee']) {
      assert.ok(!payload.includes(text), `exported spans contain ${JSON.stringify(text)}`);
    }
    assert.match(payload, /"service\.name"/);
    assert.match(payload, /portcullis-test/);
  });
});
