import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startHarness, type Harness } from '../helpers/harness.ts';
import { approveAll, connectClient, mcpConfig, stdioServer, tempLockfile } from '../helpers/mcp.ts';

// A misbehaving server behind the gateway: it hangs, it crashes mid-call, it writes noise on
// stdout; and hostile bodies from an agent. Each gets a precise JSON-RPC error, the record says
// what happened, and the gateway keeps serving.

const FLAKY = join(import.meta.dirname, '../mcp/fixtures/flaky-server.ts');

describe('MCP failures', () => {
  let h: Harness;
  before(async () => {
    const mcp = mcpConfig([stdioServer('flaky', FLAKY)], { lockfile: tempLockfile(), timeouts: { requestMs: 400 } });
    await approveAll(mcp);
    h = await startHarness({ configure: (config) => { config.mcp = mcp; } });
  });
  after(() => h.close());

  test('a server that does not answer: a timeout error, recorded as an upstream failure', async () => {
    const { client } = await connectClient(h.url, 'flaky', h.agentKey);
    try {
      await assert.rejects(client.callTool({ name: 'hang', arguments: {} }), /did not answer tools\/call within 400 ms/);
      assert.equal(h.mcpRecords.at(-1)?.outcome, 'upstream_failed');
      assert.deepEqual((await client.callTool({ name: 'echo', arguments: { text: 'still here' } })).content, [{ type: 'text', text: 'still here' }]);
    } finally {
      await client.close();
    }
  });

  test('non-protocol output on stdout is dropped, and the answer after it still arrives', async () => {
    const { client } = await connectClient(h.url, 'flaky', h.agentKey);
    try {
      const result = await client.callTool({ name: 'noise', arguments: { text: 'after the noise' } });
      assert.deepEqual(result.content, [{ type: 'text', text: 'after the noise' }]);
    } finally {
      await client.close();
    }
  });

  test('a server that crashes mid-call: an error for the call, the session ends, a new one works', async () => {
    const first = await connectClient(h.url, 'flaky', h.agentKey);
    await assert.rejects(first.client.callTool({ name: 'crash', arguments: {} }), /exited with code 3/);
    await assert.rejects(first.client.listTools(), /unknown or has ended|404/);
    await first.client.close().catch(() => undefined);
    const second = await connectClient(h.url, 'flaky', h.agentKey);
    assert.ok((await second.client.listTools()).tools.length > 0);
    await second.client.close();
  });

  test('hostile bodies: too large, too deep, invalid UTF-8 each get a precise error', async () => {
    const post = (body: Buffer | string) => fetch(`${h.url}/mcp/flaky`, {
      method: 'POST', headers: { authorization: `Bearer ${h.agentKey}`, 'content-type': 'application/json' }, body,
    });
    const huge = await post(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { pad: 'x'.repeat(20 * 1024 * 1024) } }));
    assert.equal(huge.status, 413);
    const deep = await post(`${'['.repeat(5000)}${']'.repeat(5000)}`);
    assert.equal(deep.status, 400);
    assert.match(await deep.text(), /deeper than the limit/);
    const broken = await post(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]));
    assert.equal(broken.status, 400);
    assert.match(await broken.text(), /not valid UTF-8/);
    const { client } = await connectClient(h.url, 'flaky', h.agentKey);
    assert.ok((await client.listTools()).tools.length > 0, 'and the gateway keeps serving');
    await client.close();
  });
});
