/**
 * The official MCP conformance suite (`@modelcontextprotocol/conformance`, every server scenario)
 * run directly against an MCP server and through the gateway's `/mcp/<server>`: no scenario that
 * passes direct may fail through the gateway, except the gaps docs/mcp-conformance.md lists
 * (KNOWN_GAPS; a gap that closes fails the test until it is removed there, like the suite's own
 * `--expected-failures` baseline). Upstreams: the conformance fixture (every scenario applies to
 * it) over stdio and over HTTP, and server-everything from npm over HTTP (most scenarios name
 * fixtures it does not have, so only the eleven it passes direct say anything about the
 * gateway). The suite cannot send an agent key: a local forwarder adds it (conformance-kit.ts).
 *
 * Beyond the suite, which has no scenario for it: a cancelled tools/call reaches the server.
 * The full comparison, including server-everything over stdio, is `node scripts/mcp-conformance.ts`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { connectClient } from '../helpers/mcp.ts';
import {
  compare, routeId, runSuite, startConformanceGateway, startForwarder, startHttpUpstream, UPSTREAMS,
  type ChildServer, type ConformanceGateway, type Forwarder, type Route, type Row, type SuiteRun, type Upstream,
} from './conformance-kit.ts';

/** Scenarios that pass direct and fail through the gateway today, with the reason (docs/mcp-conformance.md). */
const KNOWN_GAPS: Record<string, string> = {};

const fixture = UPSTREAMS.find((u) => u.id === 'fixture') as Upstream;
const everything = UPSTREAMS.find((u) => u.id === 'everything') as Upstream;

describe('MCP conformance suite: through the gateway as direct', { timeout: 180_000 }, () => {
  const children: ChildServer[] = [];
  const forwarders: Forwarder[] = [];
  const urls: Record<string, string> = {};
  const direct = new Map<string, SuiteRun>();
  /**
   * Two gateways, one per upstream transport, so the stdio run and the HTTP runs can go side by
   * side: each gateway holds at most 16 sessions per agent and makes room by closing the least
   * recently used one, busy or not (docs/mcp-conformance.md, gap 3), so two suite runs with one
   * key on one gateway would close each other's sessions.
   */
  const gateways = {} as Record<Route, ConformanceGateway>;
  const viaGateway = {} as Record<Route, Forwarder>;
  const runs = new Map<string, { run: SuiteRun; rows: Row[] }>();

  before(async () => {
    await Promise.all([fixture, everything].map(async (upstream) => {
      const child = await startHttpUpstream(upstream);
      children.push(child);
      urls[upstream.id] = child.url;
    }));
    await Promise.all((['stdio', 'http'] as const).map(async (route) => {
      // A short request timeout, so a regression that leaves a call unanswered fails in seconds, not a minute.
      gateways[route] = await startConformanceGateway([fixture, everything], urls, { timeouts: { requestMs: 5_000 } });
      viaGateway[route] = await startForwarder(gateways[route].harness.url, `Bearer ${gateways[route].harness.agentKey}`);
      forwarders.push(viaGateway[route]);
    }));
    await Promise.all([fixture, everything].map(async (upstream) => {
      const forwarder = await startForwarder(new URL(urls[upstream.id] as string).origin, undefined);
      forwarders.push(forwarder);
      direct.set(upstream.id, await runSuite(`${forwarder.url}/mcp`));
    }));
    // The stdio run spends its time starting a server process per session; the HTTP runs mostly wait.
    const viaHttp = async () => {
      runs.set('fixture/http', await throughGateway(fixture, 'http'));
      runs.set('everything/http', await throughGateway(everything, 'http'));
    };
    await Promise.all([throughGateway(fixture, 'stdio').then((r) => runs.set('fixture/stdio', r)), viaHttp()]);
  });

  after(async () => {
    await Promise.all(forwarders.map((f) => f.close()));
    await Promise.all(Object.values(gateways).map((g) => g.close()));
    await Promise.all(children.map((c) => c.close()));
  });

  const throughGateway = async (upstream: Upstream, route: Route): Promise<{ run: SuiteRun; rows: Row[] }> => {
    const run = await runSuite(`${viaGateway[route].url}/mcp/${routeId(upstream, route)}`);
    return { run, rows: compare(direct.get(upstream.id) as SuiteRun, run) };
  };

  const rowsOf = (name: string): Row[] => {
    const { run, rows } = runs.get(name) as { run: SuiteRun; rows: Row[] };
    assert.ok(run.results.size >= 30, `the suite ran ${run.results.size} scenarios: ${run.stderr.slice(-500)}`);
    return rows;
  };

  const assertNoRegression = (rows: Row[]) => {
    const regressions = rows.filter((r) => r.regression && KNOWN_GAPS[r.scenario] === undefined);
    assert.deepEqual(regressions.map((r) => `${r.scenario}: ${r.differences.join('; ')}`), [], 'scenarios that pass direct and fail through the gateway');
    const closed = Object.keys(KNOWN_GAPS).filter((gap) => rows.some((r) => r.scenario === gap && r.direct !== 'fail' && !r.regression));
    assert.deepEqual(closed, [], 'known gaps that no longer fail through the gateway: remove them from KNOWN_GAPS and docs/mcp-conformance.md');
  };

  test('the fixture fails no scenario direct', () => {
    const failing = [...(direct.get(fixture.id) as SuiteRun).results.values()].filter((r) => r.outcome === 'fail' || r.outcome === 'missing');
    assert.deepEqual(failing.map((r) => r.scenario), []);
  });

  test('fixture over stdio: tools, resources, prompts, logging, progress, sampling, elicitation as direct', () => {
    const rows = rowsOf('fixture/stdio');
    assertNoRegression(rows);
    for (const scenario of ['server-initialize', 'tools-list', 'tools-call-mixed-content', 'tools-call-with-progress', 'tools-call-with-logging', 'tools-call-sampling', 'tools-call-elicitation', 'resources-templates-read', 'prompts-get-with-args']) {
      assert.equal(rows.find((r) => r.scenario === scenario)?.gateway, 'pass', scenario);
    }
  });

  test('fixture over Streamable HTTP: as direct', () => {
    assertNoRegression(rowsOf('fixture/http'));
  });

  test('server-everything over Streamable HTTP: as direct', () => {
    const rows = rowsOf('everything/http');
    assertNoRegression(rows);
    assert.ok(rows.filter((r) => r.gateway === 'pass').length >= 10);
  });

  test('a same-origin localhost request passes the DNS-rebinding check, a foreign Host does not', async () => {
    const run = await runSuite(`${viaGateway.http.url}/mcp/${routeId(fixture, 'http')}`, { scenarios: ['dns-rebinding-protection'] });
    assert.equal(run.results.get('dns-rebinding-protection')?.outcome, 'pass');
  });

  test('a call whose upstream SSE stream closes early is resumed with Last-Event-ID (SEP-1699)', async () => {
    const { client } = await connectClient(gateways.http.harness.url, routeId(fixture, 'http'), gateways.http.harness.agentKey);
    try {
      const result = await client.callTool({ name: 'test_reconnection', arguments: {} }, { timeout: 2_000 });
      assert.match(JSON.stringify(result.content), /Reconnection test completed/);
    } finally {
      await client.close();
    }
  });

  describe('cancellation (no scenario in the suite)', () => {
    const cancelled = async (client: Client): Promise<string> => {
      const controller = new AbortController();
      const call = client.callTool({ name: 'fixture_wait', arguments: { ms: 5_000 } }, { signal: controller.signal });
      await new Promise((resolve) => setTimeout(resolve, 300));
      controller.abort(new Error('the agent gave up'));
      await assert.rejects(call);
      for (let i = 0; i < 50; i++) {
        const last = await client.callTool({ name: 'fixture_last_wait', arguments: {} });
        const text = (last.content as { text: string }[])[0]?.text ?? '';
        if (text !== 'waiting') return text;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return 'waiting';
    };

    test('direct, the server sees the cancellation', async () => {
      const client = new Client({ name: 'portcullis-conformance', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(urls[fixture.id] as string)));
      try {
        assert.match(await cancelled(client), /^cancelled/);
      } finally {
        await client.close();
      }
    });

    for (const route of ['stdio', 'http'] as const) {
      test(`through the gateway (${route} upstream), the server sees the cancellation`, async () => {
        const { client } = await connectClient(gateways[route].harness.url, routeId(fixture, route), gateways[route].harness.agentKey);
        try {
          assert.match(await cancelled(client), /^cancelled/);
        } finally {
          await client.close();
        }
      });
    }

    test('the gateway settles a cancelled call at once instead of waiting out the request timeout', async () => {
      const { client } = await connectClient(gateways.http.harness.url, routeId(fixture, 'http'), gateways.http.harness.agentKey);
      try {
        const before = gateways.http.harness.mcpRecords.length;
        await cancelled(client);
        await new Promise((resolve) => setTimeout(resolve, 500));
        const call = gateways.http.harness.mcpRecords.slice(before).find((r) => r.tool === 'fixture_wait');
        assert.ok(call !== undefined, 'the cancelled call is recorded within half a second');
        assert.equal(call.outcome, 'cancelled');
        assert.equal(call.errorCode, -32800);
      } finally {
        await client.close();
      }
    });
  });
});
