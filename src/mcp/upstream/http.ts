/**
 * A Streamable HTTP MCP server, over an undici pool with keep-alive (the SDK's transport goes
 * through fetch, which cost more per call than the rest of the gateway). One POST per message:
 * a notification or response is acknowledged with 202, a request is answered with JSON or an
 * SSE stream carrying messages and then the response. The session id from `initialize` and
 * the negotiated protocol version go on every later request; after `initialize` a GET stream
 * carries what the server sends unprompted. The configured headers (the server's credential)
 * are added here; agents never see them.
 *
 * Streams are resumed (SEP-1699, protocol 2025-11-25): a server may close a request's SSE
 * stream before the answer, or its GET stream at any time, and expect the client back with a
 * GET carrying `Last-Event-ID` after its `retry:` delay. Without that a call would hang until
 * the gateway's request timeout.
 */
import { Pool } from 'undici';
import type { McpServerConfig } from '../../config/mcp-schema.ts';
import { SseParser } from '../../protocols/sse.ts';
import { envelopeProblem, errorResponse, isRequest, isResponse, UPSTREAM_UNAVAILABLE, type JsonRpcMessage, type RequestId } from '../jsonrpc.ts';
import type { UpstreamTransport } from './transport.ts';

type HttpServer = Extract<McpServerConfig, { transport: 'http' }>;
type Body = AsyncIterable<Buffer> & { text(): Promise<string>; dump(): Promise<void> };

/** Largest JSON answer read into memory; an SSE stream is parsed as it comes. */
const MAX_JSON_BYTES = 16 * 1024 * 1024;
/** Wait before resuming a stream when the server gave no `retry:`, and the most we wait when it did. */
const DEFAULT_RETRY_MS = 1_000;
const MAX_RETRY_MS = 10_000;
/** Resumptions of one request's answer in a row; the session's request timeout bounds the rest. */
const MAX_RESUMES = 50;

/** Where a stream stands: the last event id to resume from, and how long to wait first. */
interface StreamCursor {
  lastEventId: string | undefined;
  retryMs: number;
}

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
  /** Requests sent whose answer has not arrived: a stream that ends while one waits is resumed. */
  private readonly awaiting = new Set<RequestId>();

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
    if (isRequest(message)) this.awaiting.add(message.id);
    // A cancelled request (by the agent, or timed out at the gateway) is no longer waited for.
    else if ('method' in message && message.method === 'notifications/cancelled') this.awaiting.delete(message.params?.['requestId'] as RequestId);
    let answer: Awaited<ReturnType<Pool['request']>>;
    try {
      answer = await this.pool.request({
        path: this.url.pathname + this.url.search, method: 'POST', headers: this.headers('application/json, text/event-stream'), body: JSON.stringify(message),
      });
    } catch (error) {
      if (isRequest(message)) this.awaiting.delete(message.id);
      throw error;
    }
    const { statusCode, headers, body } = answer;
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
      this.readAnswer(body as Body, isRequest(message) ? message.id : undefined).catch(() => undefined);
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
    this.followStream(controller.signal).catch(() => undefined);
  }

  /** Reads the GET stream, and resumes it each time the server ends it, for as long as the session lasts. */
  private async followStream(signal: AbortSignal): Promise<void> {
    const cursor: StreamCursor = { lastEventId: undefined, retryMs: DEFAULT_RETRY_MS };
    for (let first = true; !this.closed && !signal.aborted; first = false) {
      if (!first) await delay(cursor.retryMs);
      if (!(await this.getStream(cursor, signal))) return;
    }
  }

  /**
   * A request's SSE answer; if it ends before the answer came (the server closed it early,
   * meaning to be polled), resumed from its last event id with GET until the answer arrives.
   */
  private async readAnswer(body: Body, id: RequestId | undefined): Promise<void> {
    const cursor: StreamCursor = { lastEventId: undefined, retryMs: DEFAULT_RETRY_MS };
    await this.readEvents(body, cursor);
    for (let resumes = 0; resumes < MAX_RESUMES && id !== undefined && this.awaiting.has(id) && !this.closed; resumes++) {
      // No event id: the server did not offer resumption, and the session's timeout decides.
      if (cursor.lastEventId === undefined) return;
      await delay(cursor.retryMs);
      if (!(await this.getStream(cursor))) return;
    }
  }

  /** One GET of an event stream (resuming from the cursor's id if it has one); false if the server offers none. */
  private async getStream(cursor: StreamCursor, signal?: AbortSignal): Promise<boolean> {
    const headers = this.headers('text/event-stream');
    if (cursor.lastEventId !== undefined) headers['last-event-id'] = cursor.lastEventId;
    const { statusCode, headers: answered, body } = await this.pool.request({
      path: this.url.pathname + this.url.search, method: 'GET', headers, ...(signal === undefined ? {} : { signal }),
    });
    if (statusCode !== 200 || !String(answered['content-type'] ?? '').includes('text/event-stream')) {
      await body.dump();
      return false;
    }
    await this.readEvents(body as Body, cursor);
    return true;
  }

  private async readEvents(body: Body, cursor?: StreamCursor): Promise<void> {
    const parser = new SseParser((event, data) => {
      if (event !== '' && event !== 'message') return;
      for (const m of parseMessages(data)) this.deliver(m);
    });
    try {
      for await (const chunk of body) parser.push(chunk);
      parser.end();
    } finally {
      if (cursor !== undefined) {
        if (parser.lastEventId !== undefined) cursor.lastEventId = parser.lastEventId;
        if (parser.retryMs !== undefined) cursor.retryMs = Math.min(parser.retryMs, MAX_RETRY_MS);
      }
    }
  }

  private deliver(message: JsonRpcMessage): void {
    if (isResponse(message) && message.id !== null) this.awaiting.delete(message.id);
    if (!this.closed) this.onmessage?.(message);
  }

  private end(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.onclose?.(reason);
  }
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());

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
