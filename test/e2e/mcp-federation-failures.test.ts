import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { MAX_NAME_LENGTH } from '../../src/mcp/federation/names.ts';
import { startHarness, type Harness } from '../helpers/harness.ts';
import { approveAll, connectFederated, mcpConfig, npmServer, stdioServer, tempLockfile } from '../helpers/mcp.ts';

// The federated endpoint `/mcp` when one of its servers misbehaves: it crashes mid-call, the
// agent cancels a call that hangs, and a tool name too long to keep whole once prefixed. The
// official SDK client in front; the repo's flaky server and server-everything from npm behind.

const FLAKY = join(import.meta.dirname, '../mcp/fixtures/flaky-server.ts');
const LONG_TOOL = 'look_up_the_patient_record_by_medical_record_number_and_birth_date';

describe('MCP federated endpoint: a server that fails, a cancelled call, a long name', () => {
  let h: Harness;
  before(async () => {
    const mcp = mcpConfig([
      stdioServer('flaky', FLAKY),
      stdioServer('everything', npmServer('@modelcontextprotocol/server-everything'), ['stdio']),
    ], { lockfile: tempLockfile(), timeouts: { requestMs: 5_000 } });
    await approveAll(mcp);
    h = await startHarness({ configure: (config) => { config.mcp = mcp; } });
  });
  after(() => h.close());

  test('a server that crashes mid-call: an error for that call, the other servers go on serving the session', async () => {
    const { client } = await connectFederated(h.url, h.agentKey);
    try {
      await assert.rejects(client.callTool({ name: 'flaky__crash', arguments: {} }), /exited with code 3/);
      const record = h.mcpRecords.find((r) => r.tool === 'crash');
      assert.equal(record?.server, 'flaky');
      assert.equal(record?.outcome, 'upstream_failed');
      const echoed = await client.callTool({ name: 'everything__echo', arguments: { message: 'still here' } });
      assert.deepEqual(echoed.content, [{ type: 'text', text: 'Echo: still here' }]);
      // The crashed server's tools are refused, not routed to a dead process.
      const again = await client.callTool({ name: 'flaky__echo', arguments: {} });
      assert.equal(again.isError, true);
      assert.match(JSON.stringify(again.content), /the server 'flaky' is not available in this session/);
    } finally {
      await client.close();
    }
  });

  test('a call the agent cancels is settled at once and recorded as cancelled, not as a server failure', async () => {
    const { client } = await connectFederated(h.url, h.agentKey);
    try {
      const controller = new AbortController();
      const started = performance.now();
      const call = client.callTool({ name: 'flaky__hang', arguments: {} }, { signal: controller.signal });
      setTimeout(() => controller.abort(new Error('the agent gave up')), 200);
      await assert.rejects(call, /the agent gave up/);
      let record;
      for (let waited = 0; waited < 1_000 && record === undefined; waited += 20) {
        record = h.mcpRecords.find((r) => r.tool === 'hang');
        if (record === undefined) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.equal(record?.outcome, 'cancelled');
      assert.ok(performance.now() - started < 2_000, 'well before the 5 s request timeout');
      // The session and the server are still fine.
      assert.deepEqual((await client.callTool({ name: 'flaky__echo', arguments: { text: 'after' } })).content, [{ type: 'text', text: 'after' }]);
    } finally {
      await client.close();
    }
  });

  test('a tool name too long once prefixed is offered under a hashed name that calls the real tool', async () => {
    const { client } = await connectFederated(h.url, h.agentKey);
    try {
      const offered = (await client.listTools()).tools.map((t) => t.name).filter((n) => n.startsWith('flaky__look_up'));
      assert.equal(offered.length, 1);
      const name = offered[0] as string;
      assert.equal(name.length, MAX_NAME_LENGTH);
      assert.notEqual(name, `flaky__${LONG_TOOL}`);
      const result = await client.callTool({ name, arguments: { text: 'record found' } });
      assert.deepEqual(result.content, [{ type: 'text', text: 'record found' }]);
      const record = h.mcpRecords.findLast((r) => r.method === 'tools/call' && r.server === 'flaky');
      assert.equal(record?.tool, LONG_TOOL, 'recorded under the real server and tool name');
    } finally {
      await client.close();
    }
  });
});
