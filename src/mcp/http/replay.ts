/**
 * Resumable SSE streams (Streamable HTTP, "Resumability and Redelivery"). Every event the
 * gateway streams to an agent carries an id naming its stream and its place in it; the
 * events are kept, within bounds, so that an agent whose connection drops can come back
 * with `GET` and `Last-Event-ID` and receive the rest of *that* stream (never another
 * stream's messages), the call's final response included. A tool call that outlives its
 * connection is not lost.
 *
 * Bounds: each agent session keeps at most MAX_SESSION_BYTES of events over all its
 * streams, and at most MAX_STREAMS streams; the oldest go first; a stream that ended is kept
 * for KEEP_ENDED_MS (an agent reconnects within seconds, not hours). A resume from an event
 * that is no longer kept is refused (the caller answers an error) rather than replayed
 * with a hole in it.
 */
import type { ServerResponse } from 'node:http';

const MAX_SESSION_BYTES = 2 * 1024 * 1024;
const MAX_STREAMS = 64;
const KEEP_ENDED_MS = 5 * 60_000;

/** SSE headers for a stream of JSON-RPC messages. */
export const SSE_HEADERS = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' } as const;

/** How long an agent should wait before reconnecting, sent with the priming event (`retry:`). */
export const RETRY_MS = 1000;

/** The events of one agent session's streams. */
export class SessionEvents {
  private readonly streams = new Map<number, EventStream>();
  private nextStream = 1;
  private bytes = 0;
  private readonly now: () => number;

  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  /**
   * Opens a stream that writes to `res` while it is connected. `keepAliveMs`: a comment that
   * often keeps proxies from closing an idle connection (for the long-lived GET stream).
   */
  open(res: ServerResponse, keepAliveMs?: number): EventStream {
    const stale = this.now() - KEEP_ENDED_MS;
    for (const old of this.streams.values()) if (old.endedAt !== undefined && old.endedAt < stale) this.evict(old);
    const stream = new EventStream(this, this.nextStream++, res, keepAliveMs);
    this.streams.set(stream.id, stream);
    if (this.streams.size > MAX_STREAMS) this.evictOldest(stream);
    return stream;
  }

  /**
   * The stream an event id names and the sequence number to replay after, or undefined when
   * the id is not one of this session's or its events are no longer all kept.
   */
  find(lastEventId: string): { stream: EventStream; after: number } | undefined {
    const match = /^(\d{1,9})-(\d{1,9})$/.exec(lastEventId);
    if (match === null) return undefined;
    const stream = this.streams.get(Number(match[1]));
    const after = Number(match[2]);
    if (stream === undefined || !stream.canReplayAfter(after)) return undefined;
    return { stream, after };
  }

  /** Accounts for bytes a stream kept, dropping the oldest events of the session past its bound. */
  kept(size: number, writer: EventStream): void {
    this.bytes += size;
    while (this.bytes > MAX_SESSION_BYTES) {
      const oldest = [...this.streams.values()].find((s) => s !== writer);
      if (oldest !== undefined) this.evict(oldest);
      else this.bytes -= writer.dropOldest();
    }
  }

  clock(): number {
    return this.now();
  }

  private evictOldest(keep: EventStream): void {
    const oldest = [...this.streams.values()].find((s) => s !== keep);
    if (oldest !== undefined) this.evict(oldest);
  }

  private evict(stream: EventStream): void {
    this.streams.delete(stream.id);
    this.bytes -= stream.forget();
  }
}

/** One SSE stream: its events in order, and the connection currently reading it, if any. */
export class EventStream {
  readonly id: number;
  private readonly session: SessionEvents;
  /** Framed events; `frames[i]` has sequence number `firstSeq + i`. */
  private frames: string[] = [];
  private firstSeq = 1;
  private nextSeq = 1;
  private keptBytes = 0;
  private res: ServerResponse | undefined;
  private ended = false;
  /** Evicted from its session: still written to a live connection, no longer kept. */
  private evicted = false;
  private readonly keepAliveMs: number | undefined;
  /** Called after a resume has replayed the stream onto a new connection. */
  onResume: (() => void) | undefined;
  /** When the stream ended (its session's clock), for how long it is kept after. */
  endedAt: number | undefined;

  constructor(session: SessionEvents, id: number, res: ServerResponse, keepAliveMs?: number) {
    this.session = session;
    this.id = id;
    this.keepAliveMs = keepAliveMs;
    this.connect(res);
  }

  /** True once the stream's last event (a request's response) was written or kept. */
  get done(): boolean {
    return this.ended;
  }

  /** True while a connection reads the stream. */
  get connected(): boolean {
    return this.res !== undefined;
  }

  /**
   * The priming event: an id and no data, so that the agent knows the stream can be resumed
   * before anything else arrives (it is not replayed: a resume starts after it).
   */
  prime(): void {
    this.res?.write(`id: ${this.id}-0\nretry: ${RETRY_MS}\ndata:\n\n`);
  }

  /** Writes an event, and keeps it for a resume. */
  write(data: string): void {
    if (this.ended) return;
    const frame = `id: ${this.id}-${this.nextSeq++}\nevent: message\ndata: ${data}\n\n`;
    this.keep(frame);
    this.res?.write(frame);
  }

  /** Writes the last event, if any, and ends the stream (and the connection reading it). */
  end(data?: string): void {
    if (this.ended) return;
    if (data !== undefined) this.write(data);
    this.ended = true;
    this.endedAt = this.session.clock();
    const res = this.res;
    this.res = undefined;
    res?.end();
  }

  /** Replays the events after `after` on a new connection, which then reads the stream (or ends, if it has). */
  resume(res: ServerResponse, after: number, headers: Record<string, string>): void {
    const previous = this.res;
    this.res = undefined;
    previous?.end();
    res.writeHead(200, { ...headers, ...SSE_HEADERS });
    const start = Math.max(0, after + 1 - this.firstSeq);
    if (start < this.frames.length) res.write(this.frames.slice(start).join(''));
    if (this.ended) {
      res.end();
      return;
    }
    this.connect(res);
    this.onResume?.();
  }

  canReplayAfter(after: number): boolean {
    return after >= this.firstSeq - 1 && after < this.nextSeq;
  }

  /** Drops the oldest kept event (the session is over its bound); returns its size. */
  dropOldest(): number {
    const frame = this.frames.shift();
    if (frame === undefined) return 0;
    this.firstSeq++;
    this.keptBytes -= frame.length;
    return frame.length;
  }

  /** Forgets every kept event (the stream was evicted); returns their size. */
  forget(): number {
    this.evicted = true;
    const size = this.keptBytes;
    this.frames = [];
    this.firstSeq = this.nextSeq;
    this.keptBytes = 0;
    return size;
  }

  private keep(frame: string): void {
    if (this.evicted) return;
    this.frames.push(frame);
    this.keptBytes += frame.length;
    this.session.kept(frame.length, this);
  }

  private connect(res: ServerResponse): void {
    this.res = res;
    const keepAlive = this.keepAliveMs === undefined ? undefined : setInterval(() => res.write(': keep-alive\n\n'), this.keepAliveMs);
    keepAlive?.unref();
    res.once('close', () => {
      clearInterval(keepAlive);
      if (this.res === res) this.res = undefined;
    });
  }
}
