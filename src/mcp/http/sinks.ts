/**
 * How messages reach an agent over Streamable HTTP. A POSTed request is answered with plain
 * JSON when its response is the only message for it, which is the cheap, common case; the
 * moment anything else comes first (progress, a sampling request from the server), the answer
 * becomes an SSE stream carrying those messages and then the response. A GET opens the
 * session's stream for messages unrelated to any request.
 *
 * Every stream is resumable (replay.ts): its events carry ids, and a POST's stream lives on
 * when its connection drops, so the response still reaches an agent that comes back for it.
 * Agents on protocol 2025-11-25 also get a priming event and a `retry:` interval first.
 */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { REQUEST_CANCELLED, type JsonRpcMessage, type JsonRpcResponse } from '../jsonrpc.ts';
import type { DownstreamSink } from '../session.ts';
import { SessionEvents, SSE_HEADERS, type EventStream } from './replay.ts';

/** Where a stream's events are kept for a resume, and whether the agent expects a priming event. */
export interface Replay {
  readonly events: SessionEvents;
  readonly priming: boolean;
}

/** The replay of an agent session, for an agent on `protocolVersion` (its MCP-Protocol-Version header). */
export function replayFor(events: SessionEvents, protocolVersion: string | string[] | undefined): Replay {
  return { events, priming: typeof protocolVersion === 'string' && protocolVersion >= '2025-11-25' };
}

export class PostAnswer implements DownstreamSink {
  private readonly res: ServerResponse;
  private readonly headers: OutgoingHttpHeaders;
  private readonly replay: Replay;
  private stream: EventStream | undefined;

  /** Without a session's replay (an `initialize` answer, before there is a session), a stream cannot be resumed. */
  constructor(res: ServerResponse, headers: OutgoingHttpHeaders, replay: Replay = { events: new SessionEvents(), priming: false }) {
    this.res = res;
    this.headers = headers;
    this.replay = replay;
  }

  /**
   * Closed once the response is out. A stream whose connection dropped is not closed: what
   * is sent on it is kept for the agent's resume. A JSON answer whose connection dropped is.
   */
  get closed(): boolean {
    if (this.stream !== undefined) return this.stream.done;
    return this.res.writableEnded || this.res.destroyed;
  }

  /** A message before the response: switches the answer to an event stream. */
  send(message: JsonRpcMessage): void {
    if (this.closed) return;
    this.openStream().write(JSON.stringify(message));
  }

  finish(response: JsonRpcResponse): void {
    if (this.closed) return;
    if (response.error?.code === REQUEST_CANCELLED) {
      // The agent cancelled: the spec says not to answer a cancelled request, so the POST ends
      // as an event stream with nothing more in it (the settled error is for the record only).
      this.openStream().end();
      return;
    }
    if (this.stream !== undefined) {
      this.stream.end(JSON.stringify(response));
      return;
    }
    const body = JSON.stringify(response);
    this.res.writeHead(200, { ...this.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    this.res.end(body);
  }

  private openStream(): EventStream {
    if (this.stream === undefined) {
      this.res.writeHead(200, { ...this.headers, ...SSE_HEADERS });
      this.stream = this.replay.events.open(this.res);
      if (this.replay.priming) this.stream.prime();
    }
    return this.stream;
  }
}

/**
 * The session's GET stream. While no connection reads it, it is closed: the session sends
 * elsewhere or holds messages for the next stream. A resume replays what it had sent and
 * reopens it (`onResume` lets the session send on it again).
 */
export class SessionStream implements DownstreamSink {
  private readonly stream: EventStream;

  constructor(res: ServerResponse, headers: OutgoingHttpHeaders, replay: Replay) {
    res.writeHead(200, { ...headers, ...SSE_HEADERS });
    this.stream = replay.events.open(res, KEEP_ALIVE_MS);
    if (replay.priming) this.stream.prime();
    res.flushHeaders();
  }

  get closed(): boolean {
    return !this.stream.connected;
  }

  send(message: JsonRpcMessage): void {
    if (!this.closed) this.stream.write(JSON.stringify(message));
  }

  onResume(reopened: () => void): void {
    this.stream.onResume = reopened;
  }
}

/** A comment this often keeps proxies from closing an idle GET stream. */
const KEEP_ALIVE_MS = 25_000;
