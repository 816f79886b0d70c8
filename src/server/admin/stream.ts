/**
 * The live activity stream (`GET /admin/events/stream`, server-sent events). Each event is
 * serialised once and written to every open stream; a comment every 15 s keeps proxies from
 * closing idle streams. A consumer that stops reading is cut off once its socket's unsent
 * buffer passes a limit, so a stuck browser tab cannot make the gateway hold events for it.
 */
import type { ServerResponse } from 'node:http';
import type { ActivityEvent, EventFeed } from './events.ts';

export const KEEP_ALIVE_MS = 15_000;
/** Unsent bytes a stream may pile up before it is dropped (~1,000 events). */
export const MAX_BUFFERED = 512 * 1024;
/** Open streams at most; a new one beyond it is refused (each holds a socket). */
const MAX_STREAMS = 100;

const frame = (event: ActivityEvent) => `id: ${event.seq}\nevent: activity\ndata: ${JSON.stringify(event)}\n\n`;

export class EventStreams {
  private readonly clients = new Set<ServerResponse>();
  private readonly feed: EventFeed;
  private timer: NodeJS.Timeout | undefined;

  constructor(feed: EventFeed) {
    this.feed = feed;
    feed.listen((event) => this.broadcast(event));
  }

  get size(): number {
    return this.clients.size;
  }

  get full(): boolean {
    return this.clients.size >= MAX_STREAMS;
  }

  /** Starts streaming to `res` (headers already written), replaying what came after `lastEventId`. */
  add(res: ServerResponse, lastEventId: number | undefined): void {
    if (lastEventId !== undefined) for (const event of this.feed.after(lastEventId)) res.write(frame(event));
    this.clients.add(res);
    res.on('close', () => this.remove(res));
    if (this.timer === undefined) {
      this.timer = setInterval(() => this.send(': keep-alive\n\n'), KEEP_ALIVE_MS);
      this.timer.unref();
    }
  }

  /** Ends every stream (the gateway is stopping). */
  close(): void {
    for (const res of this.clients) res.end();
    this.clients.clear();
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private broadcast(event: ActivityEvent): void {
    // Nothing is serialised while nobody watches: the common case costs one size check.
    if (this.clients.size > 0) this.send(frame(event));
  }

  private send(text: string): void {
    for (const res of this.clients) {
      if (res.writableLength > MAX_BUFFERED) {
        // A consumer this far behind has lost the thread; it can reconnect with Last-Event-ID.
        this.remove(res);
        res.destroy();
        continue;
      }
      res.write(text);
    }
  }

  private remove(res: ServerResponse): void {
    this.clients.delete(res);
    if (this.clients.size === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}
