/**
 * How messages reach an agent over Streamable HTTP. A POSTed request is answered with plain
 * JSON when its response is the only message for it, which is the cheap, common case; the
 * moment anything else comes first (progress, a sampling request from the server), the answer
 * becomes an SSE stream carrying those messages and then the response. A GET opens the
 * session's stream for messages unrelated to any request.
 */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { REQUEST_CANCELLED, type JsonRpcMessage, type JsonRpcResponse } from '../jsonrpc.ts';
import type { DownstreamSink } from '../session.ts';

const sseEvent = (message: JsonRpcMessage) => `event: message\ndata: ${JSON.stringify(message)}\n\n`;

export class PostAnswer implements DownstreamSink {
  private readonly res: ServerResponse;
  private readonly headers: OutgoingHttpHeaders;
  private streaming = false;

  constructor(res: ServerResponse, headers: OutgoingHttpHeaders) {
    this.res = res;
    this.headers = headers;
  }

  get closed(): boolean {
    return this.res.writableEnded || this.res.destroyed;
  }

  /** A message before the response: switches the answer to an event stream. */
  send(message: JsonRpcMessage): void {
    if (this.closed) return;
    if (!this.streaming) {
      this.streaming = true;
      this.res.writeHead(200, { ...this.headers, 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    }
    this.res.write(sseEvent(message));
  }

  finish(response: JsonRpcResponse): void {
    if (this.closed) return;
    if (response.error?.code === REQUEST_CANCELLED) {
      // The agent cancelled: the spec says not to answer a cancelled request, so the POST ends
      // as an event stream with nothing more in it (the settled error is for the record only).
      if (!this.streaming) this.res.writeHead(200, { ...this.headers, 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      this.res.end();
      return;
    }
    if (this.streaming) {
      this.res.end(sseEvent(response));
      return;
    }
    const body = JSON.stringify(response);
    this.res.writeHead(200, { ...this.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    this.res.end(body);
  }
}

/** The session's GET stream; a comment every 25 s keeps proxies from closing an idle one. */
export class SessionStream implements DownstreamSink {
  private readonly res: ServerResponse;
  private readonly keepAlive: NodeJS.Timeout;

  constructor(res: ServerResponse, headers: OutgoingHttpHeaders) {
    this.res = res;
    res.writeHead(200, { ...headers, 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.flushHeaders();
    this.keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 25_000);
    this.keepAlive.unref();
    res.once('close', () => clearInterval(this.keepAlive));
  }

  get closed(): boolean {
    return this.res.writableEnded || this.res.destroyed;
  }

  send(message: JsonRpcMessage): void {
    if (!this.closed) this.res.write(sseEvent(message));
  }

  end(): void {
    clearInterval(this.keepAlive);
    if (!this.closed) this.res.end();
  }
}
