import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { startHarness, type Harness } from '../helpers/harness.ts';
import { approveAll, connectClient, mcpConfig, npmServer, stdioServer, tempLockfile } from '../helpers/mcp.ts';

// Resumable streams (Streamable HTTP, "Resumability and Redelivery") on the gateway's side: a
// tool call whose answer streams (progress first) survives the agent's connection dropping.
// The agent comes back with GET and Last-Event-ID and gets the rest of that stream, the result
// included. Real server-everything behind, its long-running tool sending progress.

interface SseEvent { id?: string; retry?: number; data: string }

/** Reads SSE events from a response body as they arrive; `stopWhen` lets the caller drop the connection. */
async function readEvents(body: ReadableStream<Uint8Array>, stopWhen: (events: SseEvent[]) => boolean = () => false): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return events;
    buffered += value;
    let end: number;
    while ((end = buffered.indexOf('\n\n')) !== -1) {
      const block = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      if (block.startsWith(':')) continue; // keep-alive comment
      const event: SseEvent = { data: '' };
      for (const line of block.split('\n')) {
        const [field, ...rest] = line.split(':');
        const value = rest.join(':').replace(/^ /, '');
        if (field === 'id') event.id = value;
        else if (field === 'retry') event.retry = Number(value);
        else if (field === 'data') event.data += value;
      }
      events.push(event);
      if (stopWhen(events)) {
        await reader.cancel();
        return events;
      }
    }
  }
}

const messages = (events: SseEvent[]) => events.filter((e) => e.data !== '').map((e) => JSON.parse(e.data) as { id?: number; method?: string; result?: { content: { text: string }[] } });

describe('MCP: an agent resumes a dropped stream', () => {
  let h: Harness;
  before(async () => {
    const mcp = mcpConfig([stdioServer('everything', npmServer('@modelcontextprotocol/server-everything'), ['stdio'])], { lockfile: tempLockfile() });
    await approveAll(mcp);
    h = await startHarness({ configure(config) { config.mcp = mcp; } });
  });
  after(() => h.close());

  const headers = (sessionId: string, extra: Record<string, string> = {}) => ({
    authorization: `Bearer ${h.agentKey}`, accept: 'application/json, text/event-stream', 'content-type': 'application/json',
    'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25', ...extra,
  });
  const longCall = (id: number) => JSON.stringify({
    jsonrpc: '2.0', id, method: 'tools/call',
    params: { name: 'trigger-long-running-operation', arguments: { duration: 0.8, steps: 4 }, _meta: { progressToken: `p${id}` } },
  });

  test('the rest of the stream, result included, after Last-Event-ID; nothing twice', async () => {
    const { client, transport } = await connectClient(h.url, 'everything', h.agentKey);
    try {
      const sessionId = transport.sessionId as string;
      const dropped = new AbortController();
      const post = await fetch(`${h.url}/mcp/everything`, { method: 'POST', headers: headers(sessionId), body: longCall(41), signal: dropped.signal });
      assert.equal(post.headers.get('content-type'), 'text/event-stream');
      // Drop the connection as soon as the first progress notification is in.
      const before = await readEvents(post.body!, (events) => messages(events).length === 1);
      dropped.abort();
      assert.equal(before[0]?.data, '', 'a priming event (an id, no data) comes first');
      assert.ok(before[0]?.id !== undefined && before[0]?.retry !== undefined, 'with an id and a retry interval');
      assert.equal(messages(before)[0]?.method, 'notifications/progress');
      const lastId = before.at(-1)?.id as string;

      // Later, after the operation went on without the agent: the rest of that stream.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const resumed = await fetch(`${h.url}/mcp/everything`, { method: 'GET', headers: headers(sessionId, { 'last-event-id': lastId }) });
      assert.equal(resumed.status, 200);
      const after = await readEvents(resumed.body!);
      const replayed = messages(after);
      assert.deepEqual(replayed.map((m) => m.method ?? 'result'), ['notifications/progress', 'notifications/progress', 'notifications/progress', 'result']);
      assert.equal(replayed.at(-1)?.id, 41);
      assert.match(replayed.at(-1)?.result?.content[0]?.text ?? '', /Long running operation completed/);
      const ids = [...before, ...after].map((e) => e.id).filter((id) => id !== undefined);
      assert.equal(new Set(ids).size, ids.length, 'no event is delivered twice');
      assert.equal(h.mcpRecords.find((r) => r.tool === 'trigger-long-running-operation')?.outcome, 'forwarded');

      // Resuming again from the same point replays the same events: they are kept, not consumed.
      const again = await fetch(`${h.url}/mcp/everything`, { method: 'GET', headers: headers(sessionId, { 'last-event-id': lastId }) });
      assert.deepEqual(messages(await readEvents(again.body!)), replayed);
    } finally {
      await client.close();
    }
  });

  test('an event id that is not this session\'s, or not an id at all, is refused', async () => {
    const { client, transport } = await connectClient(h.url, 'everything', h.agentKey);
    try {
      for (const id of ['99-1', 'garbage', '1-999']) {
        const response = await fetch(`${h.url}/mcp/everything`, { method: 'GET', headers: headers(transport.sessionId as string, { 'last-event-id': id }) });
        assert.equal(response.status, 404, id);
        assert.match(JSON.stringify(await response.json()), /cannot resume/);
      }
    } finally {
      await client.close();
    }
  });

  test('the official SDK client, its connection cut mid-call, resumes on its own and gets the result', async () => {
    let cut = 0;
    // A network that drops the first answer stream of the long call after its first event with data.
    const flaky: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const isLongCall = init?.method === 'POST' && String(init.body).includes('trigger-long-running-operation');
      if (!isLongCall || cut > 0 || response.body === null) return response;
      cut++;
      const reader = response.body.getReader();
      let seen = '';
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const { value, done } = await reader.read();
          if (done) return controller.close();
          controller.enqueue(value);
          seen += new TextDecoder().decode(value);
          if (seen.includes('notifications/progress')) {
            await reader.cancel();
            controller.error(new Error('connection reset'));
          }
        },
      });
      return new Response(body, { status: response.status, headers: response.headers });
    };
    const client = new Client({ name: 'portcullis-test', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(new URL(`${h.url}/mcp/everything`), {
      requestInit: { headers: { authorization: `Bearer ${h.agentKey}` } },
      fetch: flaky,
      reconnectionOptions: { initialReconnectionDelay: 50, maxReconnectionDelay: 200, reconnectionDelayGrowFactor: 1.5, maxRetries: 5 },
    });
    await client.connect(transport);
    try {
      const progress: number[] = [];
      const result = await client.callTool(
        { name: 'trigger-long-running-operation', arguments: { duration: 0.8, steps: 4 } },
        { onprogress: (p) => progress.push(p.progress) },
      );
      assert.equal(cut, 1, 'the stream was cut');
      assert.match(JSON.stringify(result.content), /Long running operation completed/);
      assert.deepEqual(progress, [1, 2, 3, 4], 'every progress notification arrived once, in order');
    } finally {
      await client.close();
    }
  });
});
