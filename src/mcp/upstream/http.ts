/**
 * A Streamable HTTP MCP server, over an undici pool with keep-alive (the SDK's transport goes
 * through fetch, which cost more per call than the rest of the gateway). One POST per message:
 * a notification or response is acknowledged with 202, a request is answered with JSON or an
 * SSE stream carrying messages and then the response. The session id from `initialize` and
 * the negotiated protocol version go on every later request; after `initialize` a GET stream
 * carries what the server sends unprompted. The configured headers (the server's credential)
 * are added here; agents never see them.
 */
import { Pool } from 'undici';
import type { McpServerConfig } from '../../config/mcp-schema.ts';
import { SseParser } from '../../protocols/sse.ts';
import { envelopeProblem, errorResponse, isRequest, UPSTREAM_UNAVAILABLE, type JsonRpcMessage } from '../jsonrpc.ts';
import type { UpstreamTransport } from './transport.ts';

type HttpServer = Extract<McpServerConfig, { transport: 'http' }>;
type Body = AsyncIterable<Buffer> & { text(): Promise<string>; dump(): Promise<void> };

/** Largest JSON answer read into memory; an SSE stream is parsed as it comes. */
const MAX_JSON_BYTES = 16 * 1024 * 1024;

export class HttpUpstream implements UpstreamTransport {
  onmessage?: (message: JsonRpcMessage) => void;
  onclose?: (reason: string) => void;
  private readonly server: HttpServer;
  private readonly url: URL;
  private readonly pool: Pool;
  private sessionId: string | undefined;
  private protocolVersion: string | undefined;
  private stream: AbortController | undefined;
  private closed = false;

  constructor(server: HttpServer) {
    this.server = server;
    this.url = new URL(server.url);
    this.pool = new Pool(this.url.origin, { connections: 8, keepAliveTimeout: 30_000, headersTimeout: 60_000, bodyTimeout: 0 });
  }

  start(): Promise<void> {
    return Promise.resolve();
  }

  setProtocolVersion(version: string): void {
    this.protocolVersion = version;
    this.openStream();
  }

  async send(message: JsonRpcMessage): Promise<void> {
    const { statusCode, headers, body } = await this.pool.request({
      path: this.url.pathname + this.url.search, method: 'POST', headers: this.headers('application/json, text/event-stream'), body: JSON.stringify(message),
    });
    const session = headers['mcp-session-id'];
    if (typeof session === 'string' && this.sessionId === undefined) this.sessionId = session;
    const type = String(headers['content-type'] ?? '');
    if (statusCode === 404 && this.sessionId !== undefined) {
      await body.dump();
      this.end('ended the session');
      return;
    }
    if (statusCode < 200 || statusCode >= 300) {
      const text = type.includes('json') ? await readLimited(body as Body) : (await body.dump(), '');
      const sent = parseMessages(text);
      if (sent.length > 0) sent.forEach((m) => this.deliver(m));
      else if (isRequest(message)) this.deliver(errorResponse(message.id, UPSTREAM_UNAVAILABLE, `the MCP server '${this.server.id}' answered HTTP ${statusCode}`));
      return;
    }
    if (type.includes('text/event-stream')) {
      this.readEvents(body as Body).catch(() => undefined);
      return;
    }
    if (statusCode === 202 || !type.includes('json')) {
      await body.dump();
      return;
    }
    for (const m of parseMessages(await readLimited(body as Body))) this.deliver(m);
  }

  async close(): Promise<void> {
    this.stream?.abort();
    if (this.sessionId !== undefined && !this.closed) {
      try {
        const { body } = await this.pool.request({ path: this.url.pathname + this.url.search, method: 'DELETE', headers: this.headers() });
        await body.dump();
      } catch {
        // A server that is gone has ended the session anyway.
      }
    }
    this.end('closed');
    await this.pool.close();
  }

  private headers(accept?: string): Record<string, string> {
    return {
      ...this.server.headers,
      ...(accept === undefined ? {} : { accept }),
      'content-type': 'application/json',
      ...(this.sessionId === undefined ? {} : { 'mcp-session-id': this.sessionId }),
      ...(this.protocolVersion === undefined ? {} : { 'mcp-protocol-version': this.protocolVersion }),
    };
  }

  /** The server's stream for unprompted messages; a server without one answers 405, which is fine. */
  private openStream(): void {
    if (this.stream !== undefined || this.sessionId === undefined) return;
    const controller = new AbortController();
    this.stream = controller;
    this.pool.request({ path: this.url.pathname + this.url.search, method: 'GET', headers: this.headers('text/event-stream'), signal: controller.signal })
      .then(async ({ statusCode, headers, body }) => {
        if (statusCode !== 200 || !String(headers['content-type'] ?? '').includes('text/event-stream')) return body.dump();
        return this.readEvents(body as Body);
      })
      .catch(() => undefined);
  }

  private async readEvents(body: Body): Promise<void> {
    const parser = new SseParser((event, data) => {
      if (event !== '' && event !== 'message') return;
      for (const m of parseMessages(data)) this.deliver(m);
    });
    for await (const chunk of body) parser.push(chunk);
    parser.end();
  }

  private deliver(message: JsonRpcMessage): void {
    if (!this.closed) this.onmessage?.(message);
  }

  private end(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.onclose?.(reason);
  }
}

async function readLimited(body: Body): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > MAX_JSON_BYTES) throw new Error('the MCP server sent an answer over the size limit');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A JSON body holds one message (or, from older servers, a batch); anything else is dropped. */
function parseMessages(text: string): JsonRpcMessage[] {
  if (text.trim() === '') return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  const list = Array.isArray(value) ? value : [value];
  return list.filter((m) => envelopeProblem(m) === undefined) as JsonRpcMessage[];
}
