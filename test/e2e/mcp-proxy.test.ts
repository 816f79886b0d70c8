import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startHarness, type Harness } from '../helpers/harness.ts';
import { approveAll, connectClient, mcpConfig, npmServer, stdioServer, tempLockfile } from '../helpers/mcp.ts';

// The MCP proxy with the official SDK client in front and the real server-everything behind:
// sessions, least privilege on tools/list and tools/call, what the server process may see,
// server-to-client requests, and the HTTP transport's guard rails.

const SECRET = 'sk-live-should-never-reach-a-tool-server';

describe('MCP proxy in front of server-everything', () => {
  let h: Harness;
  before(async () => {
    process.env['PORTCULLIS_TEST_PROVIDER_KEY'] = SECRET;
    const mcp = mcpConfig([stdioServer('everything', npmServer('@modelcontextprotocol/server-everything'), ['stdio'])], { lockfile: tempLockfile() });
    await approveAll(mcp);
    h = await startHarness({
      configure(config) {
        config.mcp = mcp;
        const treasury = config.agents.find((a) => a.id === 'treasury-agent-prod')!;
        treasury.tools = ['everything/echo', 'everything/get-sum', 'everything/trigger-sampling-request'];
      },
    });
  });
  after(async () => {
    delete process.env['PORTCULLIS_TEST_PROVIDER_KEY'];
    await h.close();
  });

  test('an agent lists and calls tools through the gateway, and each request is recorded', async () => {
    const { client } = await connectClient(h.url, 'everything', h.agentKey);
    try {
      const { tools } = await client.listTools();
      assert.ok(tools.some((t) => t.name === 'echo') && tools.some((t) => t.name === 'get-sum'));
      const echoed = await client.callTool({ name: 'echo', arguments: { message: 'hello through the gateway' } });
      assert.deepEqual(echoed.content, [{ type: 'text', text: 'Echo: hello through the gateway' }]);
      const record = h.mcpRecords.find((r) => r.method === 'tools/call' && r.tool === 'echo');
      assert.equal(record?.outcome, 'forwarded');
      assert.equal(record?.principal?.agentId, 'demo-agent');
      assert.equal(record?.policy.at(-1)?.action, 'allow');
    } finally {
      await client.close();
    }
  });

  test('tools/list shows an agent only what its allow-list admits; other calls are refused as tool errors', async () => {
    const { client } = await connectClient(h.url, 'everything', h.keyOf('treasury-agent-prod'));
    try {
      const { tools } = await client.listTools();
      // trigger-sampling-request is offered only to clients that declare sampling; this one does not.
      assert.deepEqual(tools.map((t) => t.name).sort(), ['echo', 'get-sum']);
      const refused = await client.callTool({ name: 'get-env', arguments: {} });
      assert.equal(refused.isError, true);
      assert.match(JSON.stringify(refused.content), /blocked by policy.*not in the allow-list of agent 'treasury-agent-prod'/);
      assert.equal(h.mcpRecords.find((r) => r.tool === 'get-env')?.outcome, 'denied');
    } finally {
      await client.close();
    }
  });

  test('the server process gets only the allow-listed environment: no provider keys', async () => {
    const { client } = await connectClient(h.url, 'everything', h.agentKey);
    try {
      const result = await client.callTool({ name: 'get-env', arguments: {} });
      const env = JSON.parse((result.content as { text: string }[])[0]!.text) as Record<string, string>;
      assert.ok('PATH' in env);
      assert.ok(!JSON.stringify(env).includes(SECRET));
      assert.equal(env['PORTCULLIS_TEST_PROVIDER_KEY'], undefined);
    } finally {
      await client.close();
    }
  });

  test('a server-to-client request (sampling) reaches the agent and its answer reaches the server', async () => {
    const { client } = await connectClient(h.url, 'everything', h.keyOf('treasury-agent-prod'), { capabilities: { sampling: {} } });
    client.setRequestHandler('sampling/createMessage', async () => ({
      model: 'agent-side-model', role: 'assistant' as const, content: { type: 'text' as const, text: 'sampled by the agent' },
    }));
    try {
      const result = await client.callTool({ name: 'trigger-sampling-request', arguments: { prompt: 'say hi', maxTokens: 20 } });
      assert.match(JSON.stringify(result.content), /sampled by the agent/);
    } finally {
      await client.close();
    }
  });

  test('a session belongs to the agent that opened it; unknown sessions and foreign origins are refused', async () => {
    const { client, transport } = await connectClient(h.url, 'everything', h.agentKey);
    try {
      const sessionId = transport.sessionId!;
      const post = (key: string, headers: Record<string, string> = {}) => fetch(`${h.url}/mcp/everything`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-session-id': sessionId, ...headers },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
      assert.equal((await post(h.keyOf('treasury-agent-prod'))).status, 404, "another agent's key cannot use the session");
      assert.equal((await post(h.agentKey, { 'mcp-session-id': 'not-a-session' })).status, 404);
      assert.equal((await post(h.agentKey, { origin: 'https://evil.example' })).status, 403);
      assert.equal((await post('wrong-key')).status, 401);
      assert.equal((await post(h.agentKey)).status, 200, 'the owner still can');
    } finally {
      await client.close();
    }
  });

  test('malformed messages get JSON-RPC errors and the proxy keeps serving', async () => {
    const send = (body: string) => fetch(`${h.url}/mcp/everything`, {
      method: 'POST', headers: { authorization: `Bearer ${h.agentKey}`, 'content-type': 'application/json' }, body,
    });
    const broken = await send('{"jsonrpc": "2.0", "id": 1, "method": ');
    assert.equal(broken.status, 400);
    assert.equal((await broken.json() as { error: { code: number } }).error.code, -32700);
    const batch = await send('[{"jsonrpc": "2.0", "id": 1, "method": "ping"}]');
    assert.match(JSON.stringify(await batch.json()), /batches are not supported/);
    const { client } = await connectClient(h.url, 'everything', h.agentKey);
    await client.ping();
    await client.close();
  });
});
