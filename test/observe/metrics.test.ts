import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { embeddedDefaultConfig } from '../../src/config/defaults.ts';
import { mcpConfig } from '../helpers/mcp.ts';
import type { Decision } from '../../src/core/decision.ts';
import type { Exchange, Finding } from '../../src/core/exchange.ts';
import { McpRecord } from '../../src/mcp/record.ts';
import { Histogram, Registry } from 'prom-client';
import { GatewayMetrics, HistogramCells } from '../../src/observe/metrics.ts';
import { ExchangeRecord } from '../../src/server/record.ts';
import { parseSamples, valueOf } from './prom-text.ts';

// The metrics observer on hand-built records: labels come from bounded sets only, counters and
// histograms move as the records say.

const config = embeddedDefaultConfig({ standinUrl: 'http://127.0.0.1:9', agentKeyHash: `sha256:${'0'.repeat(64)}` });
config.mcp = mcpConfig([{ id: 'emr', transport: 'stdio', command: 'true' }]);
const PRINCIPAL = { agentId: 'demo-agent', team: 'demo', env: 'dev', tier: 'standard', clearances: [], keyId: 'abcdef012345' };

function exchange(model: string, findings: Finding[] = []): Exchange {
  return { protocol: 'openai-chat', direction: 'request', model, stream: false, parts: [], messageCount: 1, toolDefinitions: [], toolCalls: [], findings };
}

function decision(event: Decision['event'], action: Decision['action'], rule?: { id: string; source?: string }, monitored: string[] = []): Decision {
  const match = (id: string, source: string, matchAction: string) => ({ id, source, action: matchAction, reason: 'r', severity: 'high', tags: {} }) as never;
  return {
    event, action, reason: 'r', policyVersion: 'sha256:abc',
    matches: rule === undefined ? [] : [match(rule.id, rule.source ?? 'rule', action)],
    monitored: monitored.map((id) => match(id, 'rule', 'monitor')),
  };
}

function record(fields: Partial<ExchangeRecord> & { model?: string; findings?: Finding[] }): ExchangeRecord {
  const r = new ExchangeRecord(randomUUID(), fields.route ?? '/v1/chat/completions', '127.0.0.1');
  const { model, findings, route: _route, policy, ...rest } = fields;
  Object.assign(r, { principal: PRINCIPAL, provider: 'standin-openai', status: 200, outcome: 'forwarded', upstreamStatus: 200,
    overheadMs: 0.2, upstreamMs: 40, totalMs: 41, ...rest });
  if (model !== undefined) r.request = exchange(model, findings);
  r.policy.push(...(policy ?? []));
  return r;
}

describe('metrics', () => {
  test('a histogram kept in cells exposes exactly what prom-client\'s own Histogram does', async () => {
    const bounds = [0.001, 0.01, 0.1, 1];
    const ours = new Registry();
    const theirs = new Registry();
    const cells = new HistogramCells(ours, 'h_seconds', 'help', ['route', 'provider'], bounds);
    const reference = new Histogram({ name: 'h_seconds', help: 'help', labelNames: ['route', 'provider'], buckets: bounds, registers: [theirs] });
    // Values on, between, below and above the bounds, over two series.
    const values = [0, 0.0005, 0.001, 0.0011, 0.01, 0.05, 0.1, 0.99, 1, 1.5, 300];
    values.forEach((value, i) => {
      const provider = i % 3 === 0 ? 'b' : 'a';
      cells.observe(value, '/v1/chat/completions', provider);
      reference.observe({ route: '/v1/chat/completions', provider }, value);
    });
    const sorted = (text: string) => text.split('\n').sort().join('\n');
    assert.equal(sorted(await ours.metrics()), sorted(await theirs.metrics()));
    assert.equal(valueOf(await ours.metrics(), 'h_seconds_bucket', { provider: 'a', le: '0.001' }), 2);
    ours.resetMetrics();
    assert.equal(valueOf(await ours.metrics(), 'h_seconds_count', { provider: 'a' }), 0);
  });


  test('an exchange is counted by route, agent, provider, model and outcome, with its latencies split', async () => {
    const metrics = new GatewayMetrics(config);
    metrics.observeExchange(record({ model: 'standin-gpt', usage: { inputTokens: 12, outputTokens: 7 } }));
    metrics.observeExchange(record({ model: 'standin-gpt' }));
    const text = await metrics.registry.metrics();
    const labels = { route: '/v1/chat/completions', agent: 'demo-agent', provider: 'standin-openai', model: 'standin-gpt', outcome: 'forwarded' };
    assert.equal(valueOf(text, 'portcullis_requests_total', labels), 2);
    assert.equal(valueOf(text, 'portcullis_gateway_overhead_seconds_count', { route: '/v1/chat/completions', provider: 'standin-openai' }), 2);
    assert.equal(valueOf(text, 'portcullis_gateway_overhead_seconds_sum', { provider: 'standin-openai' }), 0.0004);
    assert.equal(valueOf(text, 'portcullis_upstream_duration_seconds_sum', { provider: 'standin-openai' }), 0.08);
    assert.equal(valueOf(text, 'portcullis_request_duration_seconds_count', { provider: 'standin-openai' }), 2);
    // 0.2 ms lands in the 0.25 ms bucket and above, not below.
    assert.equal(valueOf(text, 'portcullis_gateway_overhead_seconds_bucket', { provider: 'standin-openai', le: '0.0001' }), 0);
    assert.equal(valueOf(text, 'portcullis_gateway_overhead_seconds_bucket', { provider: 'standin-openai', le: '0.00025' }), 2);
    assert.equal(valueOf(text, 'portcullis_tokens_total', { agent: 'demo-agent', type: 'input' }), 12);
    assert.equal(valueOf(text, 'portcullis_tokens_total', { agent: 'demo-agent', type: 'output' }), 7);
    // Process metrics come along.
    assert.ok(parseSamples(text).some((s) => s.name === 'process_cpu_seconds_total'));
  });

  test('request-controlled values never become label values', async () => {
    const metrics = new GatewayMetrics(config);
    metrics.observeExchange(record({ model: 'gpt-made-up-by-the-agent', provider: undefined, upstreamStatus: undefined, outcome: 'rejected', status: 404 }));
    metrics.observeExchange(record({ route: '/v1/../../etc/passwd', model: undefined, principal: undefined, provider: undefined, upstreamStatus: undefined, outcome: 'rejected', status: 404 }));
    metrics.observeExchange(record({ principal: { ...PRINCIPAL, agentId: 'not-configured' }, model: 'standin-gpt' }));
    const mcp = new McpRecord(randomUUID(), 'emr');
    mcp.method = 'tools/made-up-method';
    mcp.outcome = 'rejected';
    metrics.observeMcp(mcp);
    const text = await metrics.registry.metrics();
    for (const leaked of ['gpt-made-up-by-the-agent', 'passwd', 'not-configured', 'made-up-method']) assert.ok(!text.includes(leaked), leaked);
    assert.equal(valueOf(text, 'portcullis_requests_total', { model: 'other', provider: 'none', outcome: 'rejected' }), 1);
    assert.equal(valueOf(text, 'portcullis_requests_total', { route: 'other', agent: 'none', model: 'none' }), 1);
    assert.equal(valueOf(text, 'portcullis_requests_total', { agent: 'other', model: 'standin-gpt' }), 1);
    assert.equal(valueOf(text, 'portcullis_mcp_requests_total', { server: 'emr', method: 'other', outcome: 'rejected' }), 1);
    // No upstream call, no upstream latency.
    assert.equal(valueOf(text, 'portcullis_upstream_duration_seconds_count', { provider: 'none' }), undefined);
    // Health checks and the console's files are not exchanges worth counting.
    const health = new GatewayMetrics(config);
    health.observeExchange(record({ route: '/healthz' }));
    health.observeExchange(record({ route: '/console/app.js' }));
    assert.equal(valueOf(await health.registry.metrics(), 'portcullis_requests_total'), undefined);
  });

  test('shared provenance: whether it is shared now, and how many of its reads and writes failed; absent when not configured', async () => {
    const provenance = { sharing: true, failures: 0 };
    const metrics = new GatewayMetrics(config, { provenance });
    assert.equal(valueOf(await metrics.registry.metrics(), 'portcullis_provenance_shared'), 1);
    assert.equal(valueOf(await metrics.registry.metrics(), 'portcullis_provenance_shared_failures_total'), 0);
    provenance.sharing = false;
    provenance.failures = 3;
    assert.equal(valueOf(await metrics.registry.metrics(), 'portcullis_provenance_shared'), 0);
    assert.equal(valueOf(await metrics.registry.metrics(), 'portcullis_provenance_shared_failures_total'), 3);
    assert.equal(valueOf(await new GatewayMetrics(config).registry.metrics(), 'portcullis_provenance_shared'), undefined);
  });

  test('decisions by event, action and deciding rule; approvals collapse to one label; monitor matches apart', async () => {
    const metrics = new GatewayMetrics(config);
    metrics.observeExchange(record({
      model: 'standin-gpt', outcome: 'denied', status: 403, upstreamStatus: undefined,
      policy: [decision('llm.request', 'deny', { id: 'no-claude-for-treasury' }, ['trial-rule'])],
    }));
    metrics.observeExchange(record({
      model: 'standin-gpt',
      policy: [decision('llm.request', 'allow'), decision('tool.call', 'deny', { id: 'approval:apr_1f2e3d', source: 'approval' }),
        decision('tool.call', 'deny', { id: 'approval:apr_9a8b7c', source: 'approval' })],
    }));
    const text = await metrics.registry.metrics();
    assert.equal(valueOf(text, 'portcullis_policy_decisions_total', { event: 'llm.request', action: 'deny', rule: 'no-claude-for-treasury' }), 1);
    assert.equal(valueOf(text, 'portcullis_policy_decisions_total', { event: 'llm.request', action: 'allow', rule: 'none' }), 1);
    assert.equal(valueOf(text, 'portcullis_policy_decisions_total', { event: 'tool.call', action: 'deny', rule: 'approval' }), 2);
    assert.ok(!text.includes('apr_'), 'approval ids are per request: never a label');
    assert.equal(valueOf(text, 'portcullis_policy_monitored_total', { event: 'llm.request', rule: 'trial-rule' }), 1);
    assert.equal(valueOf(text, 'portcullis_requests_total', { outcome: 'denied' }), 1);
  });

  test('guard verdicts, findings by type (never values) and upstream errors by provider and code', async () => {
    const metrics = new GatewayMetrics(config);
    const ssn: Finding = { detector: 'pii', type: 'US_SSN', partIndex: 0, start: 0, end: 11, score: 0.9 };
    const r = record({ model: 'standin-gpt', findings: [ssn, ssn, { ...ssn, type: 'PERSON' }] });
    r.decisions.push({ guard: 'data-protection', verdict: { edits: [] } });
    metrics.observeExchange(r);
    metrics.observeExchange(record({ model: 'standin-gpt', outcome: 'upstream_failed', status: 504, upstreamStatus: undefined, errorCode: 'upstream_timeout' }));
    metrics.observeExchange(record({ model: 'standin-gpt', upstreamStatus: 429, status: 429 }));
    const text = await metrics.registry.metrics();
    assert.equal(valueOf(text, 'portcullis_findings_total', { type: 'US_SSN', source: 'llm' }), 2);
    assert.equal(valueOf(text, 'portcullis_findings_total', { type: 'PERSON' }), 1);
    assert.equal(valueOf(text, 'portcullis_guard_verdicts_total', { guard: 'data-protection', verdict: 'edit' }), 1);
    assert.equal(valueOf(text, 'portcullis_upstream_errors_total', { provider: 'standin-openai', code: 'upstream_timeout' }), 1);
    assert.equal(valueOf(text, 'portcullis_upstream_errors_total', { provider: 'standin-openai', code: 'http_429' }), 1);
    assert.equal(valueOf(text, 'portcullis_upstream_duration_seconds_count', { provider: 'standin-openai' }), 3);
  });

  test('MCP requests by server, method and outcome; tool calls by decision', async () => {
    const metrics = new GatewayMetrics(config);
    const call = (outcome: McpRecord['outcome'], action?: Decision['action']) => {
      const r = new McpRecord(randomUUID(), 'emr');
      Object.assign(r, { method: 'tools/call', tool: 'get_patient_summary', outcome, principal: PRINCIPAL, upstreamMs: 3, totalMs: 4 });
      if (action !== undefined) r.policy.push(decision('mcp.call', action, action === 'deny' ? { id: 'no-export' } : undefined));
      return r;
    };
    metrics.observeMcp(call('forwarded', 'allow'));
    metrics.observeMcp(call('denied', 'deny'));
    metrics.observeMcp(call('quarantined'));
    const list = new McpRecord(randomUUID(), 'emr');
    Object.assign(list, { method: 'tools/list', outcome: 'forwarded', principal: PRINCIPAL, totalMs: 2, upstreamMs: 1 });
    metrics.observeMcp(list);
    const text = await metrics.registry.metrics();
    assert.equal(valueOf(text, 'portcullis_mcp_requests_total', { server: 'emr', method: 'tools/call', agent: 'demo-agent' }), 3);
    assert.equal(valueOf(text, 'portcullis_mcp_requests_total', { server: 'emr', method: 'tools/list', outcome: 'forwarded' }), 1);
    assert.equal(valueOf(text, 'portcullis_mcp_tool_calls_total', { server: 'emr', decision: 'allow' }), 1);
    assert.equal(valueOf(text, 'portcullis_mcp_tool_calls_total', { server: 'emr', decision: 'deny' }), 1);
    assert.equal(valueOf(text, 'portcullis_mcp_tool_calls_total', { server: 'emr', decision: 'quarantined' }), 1);
    assert.equal(valueOf(text, 'portcullis_policy_decisions_total', { event: 'mcp.call', action: 'deny', rule: 'no-export' }), 1);
    assert.equal(valueOf(text, 'portcullis_mcp_gateway_overhead_seconds_count', { server: 'emr' }), 4);
    assert.ok(!text.includes('get_patient_summary'), 'tool names come from requests: not a label');
  });

  test('pending approvals are read from the store at scrape time; a store that hangs does not hang the scrape', async () => {
    let pending = 2;
    let hang = false;
    const store = {
      listApprovals: (status: string) => {
        assert.equal(status, 'pending');
        return hang ? new Promise(() => undefined) : Array.from({ length: pending });
      },
    } as never;
    const metrics = new GatewayMetrics(config, { policyStore: () => store });
    assert.equal(valueOf(await metrics.registry.metrics(), 'portcullis_approvals_pending'), 2);
    pending = 5;
    assert.equal(valueOf(await metrics.registry.metrics(), 'portcullis_approvals_pending'), 5);
    hang = true;
    const started = Date.now();
    assert.equal(valueOf(await metrics.registry.metrics(), 'portcullis_approvals_pending'), 5, 'the last value stays');
    assert.ok(Date.now() - started < 3_000);
  });
});
