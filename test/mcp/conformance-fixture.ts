/**
 * An MCP server that implements what the conformance suite's server scenarios call for
 * (`test_simple_text`, `test_tool_with_progress`, `test_sampling`, `test://static-text`,
 * `test_simple_prompt`, ...), written from the requirements each scenario states (`conformance
 * list --server`, and each scenario's description in the suite). server-everything from npm has
 * different names for these, so against it most of the suite's tool, resource and prompt
 * scenarios fail before any gateway is involved; this fixture makes them exercise the gateway.
 *
 * Two tools beyond the suite let the test check cancellation, which no scenario covers:
 * `fixture_wait` waits until cancelled (or `ms` pass) and `fixture_last_wait` says how the last
 * wait in the session ended.
 *
 *   node test/mcp/conformance-fixture.ts stdio        newline-delimited JSON-RPC on stdin/stdout
 *   node test/mcp/conformance-fixture.ts http         Streamable HTTP on 127.0.0.1:$PORT/mcp
 *
 * Over HTTP it holds one session per `initialize`, answers with SSE (priming event with an id
 * and `retry`, events stored for `Last-Event-ID` resumption), and refuses a non-loopback Host or
 * Origin with 403, as a well-behaved localhost server does (DNS-rebinding protection).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import {
  Server, WebStandardStreamableHTTPServerTransport,
  type CallToolResult, type EventStore, type JSONRPCMessage, type ServerContext, type Tool,
} from '@modelcontextprotocol/server';
import { StdioServerTransport } from '@modelcontextprotocol/server/stdio';

/** A 1x1 red PNG. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
/** A 44-byte WAV header with no samples: 8 kHz, mono, 8-bit PCM. */
const WAV = Buffer.concat([
  Buffer.from('RIFF'), Buffer.from([36, 0, 0, 0]), Buffer.from('WAVEfmt '), Buffer.from([16, 0, 0, 0, 1, 0, 1, 0, 0x40, 0x1f, 0, 0, 0x40, 0x1f, 0, 0, 1, 0, 8, 0]),
  Buffer.from('data'), Buffer.from([0, 0, 0, 0]),
]).toString('base64');

const EMPTY_OBJECT = { type: 'object' as const, properties: {} };
const text = (t: string): CallToolResult => ({ content: [{ type: 'text', text: t }] });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * Server-to-client requests made while a call runs go out on that call's response stream. Without
 * this the SDK sends them on the session's GET stream, and one sent before the client has opened
 * that stream is lost (the call then hangs until the client's timeout).
 */
const related = (ctx: ServerContext) => ({ relatedRequestId: ctx.mcpReq.id });

const TOOLS: Tool[] = [
  { name: 'test_simple_text', description: 'Returns simple text', inputSchema: EMPTY_OBJECT },
  { name: 'test_image_content', description: 'Returns an image', inputSchema: EMPTY_OBJECT },
  { name: 'test_audio_content', description: 'Returns audio', inputSchema: EMPTY_OBJECT },
  { name: 'test_embedded_resource', description: 'Returns an embedded resource', inputSchema: EMPTY_OBJECT },
  { name: 'test_multiple_content_types', description: 'Returns text, an image and a resource', inputSchema: EMPTY_OBJECT },
  { name: 'test_tool_with_logging', description: 'Logs three messages while it runs', inputSchema: EMPTY_OBJECT },
  { name: 'test_error_handling', description: 'Always fails', inputSchema: EMPTY_OBJECT },
  { name: 'test_tool_with_progress', description: 'Reports progress 0, 50 and 100 of 100', inputSchema: EMPTY_OBJECT },
  {
    name: 'test_sampling', description: 'Asks the client to sample',
    inputSchema: { type: 'object' as const, properties: { prompt: { type: 'string' } }, required: ['prompt'] },
  },
  {
    name: 'test_elicitation', description: 'Asks the user for input',
    inputSchema: { type: 'object' as const, properties: { message: { type: 'string' } }, required: ['message'] },
  },
  { name: 'test_elicitation_sep1034_defaults', description: 'Elicitation with a default for each primitive type', inputSchema: EMPTY_OBJECT },
  { name: 'test_elicitation_sep1330_enums', description: 'Elicitation with the five enum forms', inputSchema: EMPTY_OBJECT },
  {
    name: 'json_schema_2020_12_tool', description: 'Tool with JSON Schema 2020-12 features',
    inputSchema: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object' as const,
      $defs: { address: { type: 'object', properties: { street: { type: 'string' }, city: { type: 'string' } } } },
      properties: { name: { type: 'string' }, address: { $ref: '#/$defs/address' } },
      additionalProperties: false,
    },
  },
  { name: 'test_reconnection', description: 'Closes its SSE stream mid-call, then answers (SEP-1699)', inputSchema: EMPTY_OBJECT },
  {
    name: 'fixture_wait', description: 'Waits until the request is cancelled or ms pass',
    inputSchema: { type: 'object' as const, properties: { ms: { type: 'number' } } },
  },
  { name: 'fixture_last_wait', description: 'How the last fixture_wait in this session ended', inputSchema: EMPTY_OBJECT },
];

const RESOURCES = [
  { uri: 'test://static-text', name: 'static-text', description: 'A static text resource', mimeType: 'text/plain' },
  { uri: 'test://static-binary', name: 'static-binary', description: 'A static binary resource', mimeType: 'image/png' },
  { uri: 'test://watched-resource', name: 'watched-resource', description: 'A resource to subscribe to', mimeType: 'text/plain' },
];

const PROMPTS = [
  { name: 'test_simple_prompt', description: 'A prompt without arguments' },
  {
    name: 'test_prompt_with_arguments', description: 'A prompt with two arguments',
    arguments: [{ name: 'arg1', description: 'First test argument', required: true }, { name: 'arg2', description: 'Second test argument', required: true }],
  },
  {
    name: 'test_prompt_with_embedded_resource', description: 'A prompt embedding a resource',
    arguments: [{ name: 'resourceUri', description: 'URI of the resource to embed', required: true }],
  },
  { name: 'test_prompt_with_image', description: 'A prompt with an image' },
];

export function createFixtureServer(): Server {
  const server = new Server({ name: 'portcullis-conformance-fixture', version: '1.0.0' }, {
    capabilities: { tools: {}, resources: { subscribe: true }, prompts: {}, logging: {}, completions: {} },
  });
  const subscriptions = new Set<string>();
  let lastWait = 'none';

  server.setRequestHandler('tools/list', () => ({ tools: TOOLS }));
  server.setRequestHandler('tools/call', async (request, ctx) => {
    const args = (request.params.arguments ?? {}) as Record<string, unknown>;
    switch (request.params.name) {
      case 'test_simple_text':
        return text('This is a simple text response for testing.');
      case 'test_image_content':
        return { content: [{ type: 'image', data: PNG, mimeType: 'image/png' }] };
      case 'test_audio_content':
        return { content: [{ type: 'audio', data: WAV, mimeType: 'audio/wav' }] };
      case 'test_embedded_resource':
        return { content: [{ type: 'resource', resource: { uri: 'test://embedded-resource', mimeType: 'text/plain', text: 'This is an embedded resource content.' } }] };
      case 'test_multiple_content_types':
        return {
          content: [
            { type: 'text', text: 'Multiple content types test:' },
            { type: 'image', data: PNG, mimeType: 'image/png' },
            { type: 'resource', resource: { uri: 'test://mixed-content-resource', mimeType: 'application/json', text: '{"test":"data","value":123}' } },
          ],
        };
      case 'test_tool_with_logging':
        await ctx.mcpReq.log('info', 'Tool execution started');
        await sleep(50);
        await ctx.mcpReq.log('info', 'Tool processing data');
        await sleep(50);
        await ctx.mcpReq.log('info', 'Tool execution completed');
        return text('Tool with logging executed successfully');
      case 'test_error_handling':
        return { isError: true, content: [{ type: 'text', text: 'This tool intentionally returns an error for testing' }] };
      case 'test_tool_with_progress':
        return progress(ctx);
      case 'test_sampling': {
        const sampled = await ctx.mcpReq.requestSampling({
          messages: [{ role: 'user', content: { type: 'text', text: String(args['prompt'] ?? '') } }], maxTokens: 100,
        }, related(ctx));
        const content = sampled.content;
        return text(`LLM response: ${!Array.isArray(content) && content.type === 'text' ? content.text : JSON.stringify(content)}`);
      }
      case 'test_elicitation': {
        const answer = await ctx.mcpReq.elicitInput({
          message: String(args['message'] ?? ''),
          requestedSchema: {
            type: 'object',
            properties: { username: { type: 'string', description: "User's response" }, email: { type: 'string', description: "User's email address" } },
            required: ['username', 'email'],
          },
        }, related(ctx));
        return text(`User response: action=${answer.action}, content=${JSON.stringify(answer.content ?? {})}`);
      }
      case 'test_elicitation_sep1034_defaults': {
        const answer = await ctx.mcpReq.elicitInput({
          message: 'Please review and update the form fields with defaults',
          requestedSchema: {
            type: 'object',
            properties: {
              name: { type: 'string', description: 'User name', default: 'John Doe' },
              age: { type: 'integer', description: 'User age', default: 30 },
              score: { type: 'number', description: 'User score', default: 95.5 },
              status: { type: 'string', description: 'User status', enum: ['active', 'inactive', 'pending'], default: 'active' },
              verified: { type: 'boolean', description: 'Verification status', default: true },
            },
          },
        }, related(ctx));
        return text(`Elicitation completed: action=${answer.action}, content=${JSON.stringify(answer.content ?? {})}`);
      }
      case 'test_elicitation_sep1330_enums': {
        const answer = await ctx.mcpReq.elicitInput({
          message: 'Please select options from the enum fields',
          requestedSchema: {
            type: 'object',
            properties: {
              untitledSingle: { type: 'string', enum: ['option1', 'option2', 'option3'] },
              titledSingle: { type: 'string', oneOf: [{ const: 'value1', title: 'First Option' }, { const: 'value2', title: 'Second Option' }, { const: 'value3', title: 'Third Option' }] },
              legacyEnum: { type: 'string', enum: ['opt1', 'opt2', 'opt3'], enumNames: ['Option One', 'Option Two', 'Option Three'] },
              untitledMulti: { type: 'array', items: { type: 'string', enum: ['option1', 'option2', 'option3'] } },
              titledMulti: { type: 'array', items: { anyOf: [{ const: 'value1', title: 'First Choice' }, { const: 'value2', title: 'Second Choice' }, { const: 'value3', title: 'Third Choice' }] } },
            },
          },
        } as Parameters<ServerContext['mcpReq']['elicitInput']>[0], related(ctx));
        return text(`Elicitation completed: action=${answer.action}, content=${JSON.stringify(answer.content ?? {})}`);
      }
      case 'json_schema_2020_12_tool':
        return text(`Received: ${JSON.stringify(args)}`);
      case 'test_reconnection':
        // Over HTTP with an event store, the client must come back with Last-Event-ID to get the answer.
        ctx.http?.closeSSE?.();
        await sleep(100);
        return text('Reconnection test completed successfully');
      case 'fixture_wait': {
        const ms = typeof args['ms'] === 'number' ? args['ms'] : 10_000;
        lastWait = 'waiting';
        const signal = ctx.mcpReq.signal;
        const ended = await new Promise<string>((resolve) => {
          const timer = setTimeout(() => resolve('completed'), ms);
          signal.addEventListener('abort', () => {
            clearTimeout(timer);
            resolve(`cancelled: ${String(signal.reason instanceof Error ? signal.reason.message : signal.reason)}`);
          }, { once: true });
        });
        lastWait = ended;
        return text(ended);
      }
      case 'fixture_last_wait':
        return text(lastWait);
      default:
        return { isError: true, content: [{ type: 'text', text: `Unknown tool: ${request.params.name}` }] };
    }
  });

  server.setRequestHandler('resources/list', () => ({ resources: RESOURCES }));
  server.setRequestHandler('resources/templates/list', () => ({
    resourceTemplates: [{ uriTemplate: 'test://template/{id}/data', name: 'template-data', description: 'Data for an id', mimeType: 'application/json' }],
  }));
  server.setRequestHandler('resources/read', (request) => {
    const { uri } = request.params;
    if (uri === 'test://static-text') return { contents: [{ uri, mimeType: 'text/plain', text: 'This is the content of the static text resource.' }] };
    if (uri === 'test://static-binary') return { contents: [{ uri, mimeType: 'image/png', blob: PNG }] };
    if (uri === 'test://watched-resource') return { contents: [{ uri, mimeType: 'text/plain', text: 'Watched resource content.' }] };
    const match = /^test:\/\/template\/([^/]+)\/data$/.exec(uri);
    if (match !== null) {
      const id = decodeURIComponent(match[1] as string);
      return { contents: [{ uri, mimeType: 'application/json', text: JSON.stringify({ id, templateTest: true, data: `Data for ID: ${id}` }) }] };
    }
    throw new Error(`Resource ${uri} not found`);
  });
  server.setRequestHandler('resources/subscribe', (request) => {
    subscriptions.add(request.params.uri);
    return {};
  });
  server.setRequestHandler('resources/unsubscribe', (request) => {
    subscriptions.delete(request.params.uri);
    return {};
  });

  server.setRequestHandler('prompts/list', () => ({ prompts: PROMPTS }));
  server.setRequestHandler('prompts/get', (request) => {
    const args = request.params.arguments ?? {};
    switch (request.params.name) {
      case 'test_simple_prompt':
        return { messages: [{ role: 'user', content: { type: 'text', text: 'This is a simple prompt for testing.' } }] };
      case 'test_prompt_with_arguments':
        return { messages: [{ role: 'user', content: { type: 'text', text: `Prompt with arguments: arg1='${args['arg1'] ?? ''}', arg2='${args['arg2'] ?? ''}'` } }] };
      case 'test_prompt_with_embedded_resource':
        return {
          messages: [
            { role: 'user', content: { type: 'resource', resource: { uri: args['resourceUri'] ?? 'test://example-resource', mimeType: 'text/plain', text: 'Embedded resource content for testing.' } } },
            { role: 'user', content: { type: 'text', text: 'Please process the embedded resource above.' } },
          ],
        };
      case 'test_prompt_with_image':
        return {
          messages: [
            { role: 'user', content: { type: 'image', data: PNG, mimeType: 'image/png' } },
            { role: 'user', content: { type: 'text', text: 'Please analyze the image above.' } },
          ],
        };
      default:
        throw new Error(`Prompt ${request.params.name} not found`);
    }
  });

  server.setRequestHandler('completion/complete', (request) => {
    const value = request.params.argument.value;
    const values = ['paris', 'park', 'party'].filter((v) => v.startsWith(value));
    return { completion: { values, total: values.length, hasMore: false } };
  });
  return server;
}

async function progress(ctx: ServerContext): Promise<CallToolResult> {
  const token = ctx.mcpReq._meta?.progressToken;
  for (const step of [0, 50, 100]) {
    if (token !== undefined) await ctx.mcpReq.notify({ method: 'notifications/progress', params: { progressToken: token, progress: step, total: 100 } });
    if (step < 100) await sleep(50);
  }
  return text('Tool with progress executed successfully');
}

/** Events kept for `Last-Event-ID` resumption (SEP-1699), per stream. */
class MemoryEventStore implements EventStore {
  private readonly events: { id: string; stream: string; message: JSONRPCMessage }[] = [];

  async storeEvent(stream: string, message: JSONRPCMessage): Promise<string> {
    const id = `${stream}_${this.events.length}_${randomUUID().slice(0, 8)}`;
    this.events.push({ id, stream, message });
    return id;
  }

  async getStreamIdForEventId(id: string): Promise<string | undefined> {
    return this.events.find((e) => e.id === id)?.stream;
  }

  async replayEventsAfter(lastEventId: string, { send }: { send: (id: string, message: JSONRPCMessage) => Promise<void> }): Promise<string> {
    const at = this.events.findIndex((e) => e.id === lastEventId);
    const stream = this.events[at]?.stream ?? '';
    for (const event of this.events.slice(at + 1)) if (event.stream === stream) await send(event.id, event.message);
    return stream;
  }
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

function loopbackHost(host: string | undefined): boolean {
  if (host === undefined) return false;
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0] ?? '';
  return LOOPBACK.has(name);
}

/** Streamable HTTP on `/mcp`: one transport (and server) per session. */
export function serveHttp(port: number): Promise<{ port: number; close(): Promise<void> }> {
  const sessions = new Map<string, WebStandardStreamableHTTPServerTransport>();
  const http = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/mcp') return void res.writeHead(404).end();
    const origin = req.headers.origin;
    if (!loopbackHost(req.headers.host) || (origin !== undefined && !loopbackHost(URL.canParse(origin) ? new URL(origin).host : undefined))) {
      res.writeHead(403, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32000, message: 'Host or Origin not allowed' } }));
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
    const request = new Request(`http://${req.headers.host}${req.url}`, { method: req.method ?? 'GET', headers, ...(body.length > 0 ? { body } : {}) });
    const sessionId = req.headers['mcp-session-id'];
    let transport = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
    if (transport === undefined) {
      if (typeof sessionId === 'string') return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"jsonrpc":"2.0","id":null,"error":{"code":-32001,"message":"Session not found"}}');
      const fresh = new WebStandardStreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        eventStore: new MemoryEventStore(),
        retryInterval: 500,
        onsessioninitialized: (id) => void sessions.set(id, fresh),
        onsessionclosed: (id) => void sessions.delete(id),
      });
      await createFixtureServer().connect(fresh);
      transport = fresh;
    }
    const response = await transport.handleRequest(request);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.flushHeaders();
    if (response.body === null) return void res.end();
    const reader = response.body.getReader();
    res.on('close', () => void reader.cancel().catch(() => undefined));
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      res.write(value);
    }
    res.end();
  }

  return new Promise((resolve) => {
    http.listen(port, '127.0.0.1', () => {
      const address = http.address();
      resolve({
        port: typeof address === 'object' && address !== null ? address.port : port,
        close: async () => {
          await Promise.all([...sessions.values()].map((t) => t.close().catch(() => undefined)));
          http.closeAllConnections();
          await new Promise((done) => http.close(done));
        },
      });
    });
  });
}

if (import.meta.main) {
  const mode = process.argv[2] ?? 'stdio';
  if (mode === 'stdio') {
    await createFixtureServer().connect(new StdioServerTransport());
  } else if (mode === 'http') {
    const { port } = await serveHttp(Number(process.env['PORT'] ?? 0));
    console.error(`conformance fixture listening on port ${port}`);
  } else {
    console.error('usage: node test/mcp/conformance-fixture.ts stdio|http');
    process.exit(2);
  }
}
