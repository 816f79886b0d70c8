import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { federatedName, MAX_NAME_LENGTH, realName, splitName } from '../../src/mcp/federation/names.ts';
import { startHarness, type Harness } from '../helpers/harness.ts';
import { approveAll, connectFederated, mcpConfig, npmServer, stdioServer, tempLockfile } from '../helpers/mcp.ts';

// The federated endpoint `/mcp` with the official SDK client in front and real servers behind:
// server-everything and server-memory from npm, the repo's EMR server (which rug-pulls one of
// its tools after the first call), and a server that cannot start.

const EMR = join(import.meta.dirname, '../../examples/mcp/emr-server.ts');
const NAME_FORMAT = /^[A-Za-z0-9_.-]{1,64}$/;

describe('federated names', () => {
  test('prefix from the server id, stable, split back at the first separator', () => {
    assert.equal(federatedName('everything', 'get-sum'), 'everything__get-sum');
    assert.deepEqual(splitName('my-server__a__b'), { server: 'my-server', rest: 'a__b' });
    assert.equal(splitName('no-prefix'), undefined);
  });

  test('a name over the limit is cut and ends in a hash of the full name, deterministically and distinctly', () => {
    const long = `lookup_${'x'.repeat(80)}`;
    const other = `lookup_${'x'.repeat(79)}y`;
    const a = federatedName('emr', long);
    assert.equal(a.length, MAX_NAME_LENGTH);
    assert.match(a, NAME_FORMAT);
    assert.equal(a, federatedName('emr', long));
    assert.notEqual(a, federatedName('emr', other));
    assert.equal(realName('emr', a, splitName(a)!.rest, ['echo', other, long]), long);
  });
});

describe('MCP federated endpoint /mcp', () => {
  let h: Harness;
  const memoryFile = join(mkdtempSync(join(tmpdir(), 'portcullis-memory-')), 'memory.jsonl');
  before(async () => {
    const healthy = [
      stdioServer('everything', npmServer('@modelcontextprotocol/server-everything'), ['stdio']),
      stdioServer('memory', npmServer('@modelcontextprotocol/server-memory'), [], { env: { MEMORY_FILE_PATH: memoryFile } }),
      stdioServer('emr', EMR, [], { env: { EMR_RUGPULL_AFTER: '1' } }),
    ];
    const lockfile = tempLockfile();
    await approveAll(mcpConfig(healthy, { lockfile }));
    h = await startHarness({
      configure(config) {
        config.mcp = mcpConfig([...healthy, stdioServer('broken', join(tmpdir(), 'no-such-mcp-server.js'))], { lockfile, timeouts: { startMs: 5_000 } });
        const treasury = config.agents.find((a) => a.id === 'treasury-agent-prod')!;
        treasury.tools = ['everything/echo', 'memory/read_graph'];
      },
    });
  });
  after(() => h.close());

  test('one session lists every server\'s tools under prefixed names; a server that cannot start is left out and recorded', async () => {
    const { client } = await connectFederated(h.url, h.agentKey);
    try {
      const names = (await client.listTools()).tools.map((t) => t.name);
      for (const name of ['everything__echo', 'everything__get-sum', 'memory__read_graph', 'memory__create_entities', 'emr__lookup_claim']) {
        assert.ok(names.includes(name), `${name} is offered`);
      }
      assert.ok(names.every((n) => NAME_FORMAT.test(n)), 'every name is a valid MCP (and LLM function) name');
      assert.ok(!names.some((n) => n.startsWith('broken__')));
      assert.equal(new Set(names).size, names.length);
      const failed = h.mcpRecords.find((r) => r.server === 'broken' && r.method === 'initialize');
      assert.equal(failed?.outcome, 'upstream_failed');
      const listed = h.mcpRecords.filter((r) => r.method === 'tools/list' && r.principal?.agentId === 'demo-agent').map((r) => r.server);
      assert.deepEqual([...new Set(listed)].sort(), ['emr', 'everything', 'memory'], 'each server\'s list is recorded under its own id');
      assert.ok(client.getServerCapabilities()?.tools !== undefined);
      assert.ok(client.getServerCapabilities()?.prompts !== undefined, 'server-everything has prompts, so the federation does');
    } finally {
      await client.close();
    }
  });

  test('calls are routed to the right server with the real name, and recorded under the real server and tool', async () => {
    const { client } = await connectFederated(h.url, h.agentKey);
    try {
      const echoed = await client.callTool({ name: 'everything__echo', arguments: { message: 'hello federation' } });
      assert.deepEqual(echoed.content, [{ type: 'text', text: 'Echo: hello federation' }]);
      const record = h.mcpRecords.find((r) => r.method === 'tools/call' && r.tool === 'echo' && r.server === 'everything');
      assert.equal(record?.outcome, 'forwarded');
      assert.equal(record?.principal?.agentId, 'demo-agent');
      const graph = await client.callTool({ name: 'memory__read_graph', arguments: {} });
      assert.notEqual(graph.isError, true);
      assert.equal(h.mcpRecords.find((r) => r.tool === 'read_graph')?.server, 'memory');
      const unknown = await client.callTool({ name: 'everything__no-such-tool', arguments: {} });
      assert.equal(unknown.isError, true);
      assert.match(JSON.stringify(unknown.content), /does not list a tool 'no-such-tool'/);
      const gone = await client.callTool({ name: 'broken__anything', arguments: {} });
      assert.equal(gone.isError, true);
      assert.match(JSON.stringify(gone.content), /the server 'broken' is not available in this session/);
      await client.ping();
    } finally {
      await client.close();
    }
  });

  test('a restricted agent sees only its allow-listed tools; anything else is refused as a tool error', async () => {
    const { client } = await connectFederated(h.url, h.keyOf('treasury-agent-prod'));
    try {
      assert.deepEqual((await client.listTools()).tools.map((t) => t.name).sort(), ['everything__echo', 'memory__read_graph']);
      const refused = await client.callTool({ name: 'everything__get-env', arguments: {} });
      assert.equal(refused.isError, true);
      assert.match(JSON.stringify(refused.content), /not in the allow-list of agent 'treasury-agent-prod'/);
      const record = h.mcpRecords.find((r) => r.tool === 'get-env' && r.principal?.agentId === 'treasury-agent-prod');
      assert.equal(record?.server, 'everything');
      assert.equal(record?.outcome, 'denied');
    } finally {
      await client.close();
    }
  });

  test('prompts and resources are routed too', async () => {
    const { client } = await connectFederated(h.url, h.agentKey);
    try {
      const prompts = (await client.listPrompts()).prompts.map((p) => p.name);
      assert.ok(prompts.includes('everything__simple-prompt'));
      const prompt = await client.getPrompt({ name: 'everything__simple-prompt' });
      assert.ok(prompt.messages.length > 0);
      // URIs are left as the servers gave them; each is read from the server that listed it.
      const uris = (await client.listResources()).resources.map((r) => r.uri);
      const demo = uris.find((u) => u.startsWith('demo://'));
      assert.ok(demo !== undefined && uris.includes('memory://knowledge-graph'), 'both servers\' resources are listed');
      assert.equal((await client.readResource({ uri: demo })).contents[0]?.uri, demo);
      await client.readResource({ uri: 'memory://knowledge-graph' });
      const reads = h.mcpRecords.filter((r) => r.method === 'resources/read').map((r) => r.server);
      assert.deepEqual(reads, ['everything', 'memory']);
    } finally {
      await client.close();
    }
  });

  test('server-to-agent requests (sampling) and progress reach the agent through the federated session', async () => {
    const { client } = await connectFederated(h.url, h.agentKey, { capabilities: { sampling: {} } });
    client.setRequestHandler('sampling/createMessage', async () => ({
      model: 'agent-side-model', role: 'assistant' as const, content: { type: 'text' as const, text: 'sampled by the agent' },
    }));
    try {
      const sampled = await client.callTool({ name: 'everything__trigger-sampling-request', arguments: { prompt: 'say hi', maxTokens: 20 } });
      assert.match(JSON.stringify(sampled.content), /sampled by the agent/);
      const progress: number[] = [];
      const done = await client.callTool(
        { name: 'everything__trigger-long-running-operation', arguments: { duration: 0.3, steps: 3 } },
        { onprogress: (p: { progress: number }) => progress.push(p.progress) },
      );
      assert.notEqual(done.isError, true);
      assert.deepEqual(progress, [1, 2, 3]);
    } finally {
      await client.close();
    }
  });

  test('a rug pull on one server: list_changed reaches the agent, the changed tool is hidden and refused, the rest works', async () => {
    const { client } = await connectFederated(h.url, h.agentKey);
    let notified!: () => void;
    const changed = new Promise<void>((resolve) => { notified = resolve; });
    client.setNotificationHandler('notifications/tools/list_changed', () => notified());
    try {
      assert.ok((await client.listTools()).tools.some((t) => t.name === 'emr__lookup_claim'));
      const first = await client.callTool({ name: 'emr__lookup_claim', arguments: { claim_id: 'CLM-100001' } });
      assert.notEqual(first.isError, true);
      // The EMR server now rewrites lookup_claim and says so; the gateway re-lists, then tells the agent.
      await Promise.race([changed, new Promise((_, reject) => setTimeout(() => reject(new Error('no list_changed reached the agent')), 5_000))]);
      const names = (await client.listTools()).tools.map((t) => t.name);
      assert.ok(!names.includes('emr__lookup_claim'), 'the changed definition is not offered');
      assert.ok(names.includes('emr__get_patient_summary') && names.includes('everything__echo'));
      const refused = await client.callTool({ name: 'emr__lookup_claim', arguments: { claim_id: 'CLM-100001' } });
      assert.equal(refused.isError, true);
      assert.match(JSON.stringify(refused.content), /quarantined until approved.*'lookup_claim' \(changed since it was approved/);
      const record = h.mcpRecords.filter((r) => r.tool === 'lookup_claim').at(-1);
      assert.equal(record?.outcome, 'quarantined');
      assert.equal(record?.server, 'emr');
    } finally {
      await client.close();
    }
  });

  test('the transport\'s guard rails hold: foreign origins, wrong keys, other agents\' sessions, malformed messages', async () => {
    const { client, transport } = await connectFederated(h.url, h.agentKey);
    try {
      const post = (key: string, headers: Record<string, string> = {}, body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' })) => fetch(`${h.url}/mcp`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-session-id': transport.sessionId!, ...headers },
        body,
      });
      assert.equal((await post(h.keyOf('treasury-agent-prod'))).status, 404, "another agent's key cannot use the session");
      assert.equal((await post(h.agentKey, { origin: 'https://evil.example' })).status, 403);
      assert.equal((await post('wrong-key')).status, 401);
      const broken = await post(h.agentKey, {}, '{"jsonrpc": "2.0", "id": 1, "method": ');
      assert.equal(broken.status, 400);
      assert.equal((await broken.json() as { error: { code: number } }).error.code, -32700);
      const unknown = await post(h.agentKey, {}, JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'no/such-method' }));
      assert.equal((await unknown.json() as { error: { code: number } }).error.code, -32601);
      const paged = await post(h.agentKey, {}, JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/list', params: { cursor: 'x' } }));
      assert.equal((await paged.json() as { error: { code: number } }).error.code, -32602);
      assert.equal((await post(h.agentKey)).status, 200, 'the owner still can');
      await client.ping();
      // A 2025-06-18 client is answered in its own revision; DELETE ends the session.
      const init = await fetch(`${h.url}/mcp`, {
        method: 'POST',
        headers: { authorization: `Bearer ${h.agentKey}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'old', version: '1' } } }),
      });
      assert.equal((await init.json() as { result: { protocolVersion: string } }).result.protocolVersion, '2025-06-18');
      const sessionId = init.headers.get('mcp-session-id')!;
      const end = await fetch(`${h.url}/mcp`, { method: 'DELETE', headers: { authorization: `Bearer ${h.agentKey}`, 'mcp-session-id': sessionId } });
      assert.equal(end.status, 204);
      assert.equal((await post(h.agentKey, { 'mcp-session-id': sessionId })).status, 404, 'an ended session is gone');
    } finally {
      await client.close();
    }
  });
});
