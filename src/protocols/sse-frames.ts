import { SseParser } from './sse.ts';

/** One server-sent event as it came over the wire, with its fields read. */
export interface SseFrame {
  /** The exact bytes, blank line included, so an untouched event is forwarded byte for byte. */
  readonly raw: Buffer;
  /** The `event:` field ('' when absent). */
  readonly event: string;
  /** The data field (multi-line data joined with "\n"); undefined for comment-only frames. */
  readonly data: string | undefined;
}

const LF = 10;
const CR = 13;

/**
 * Splits a byte stream into whole events, keeping each event's raw bytes. SseParser only
 * yields the fields, but a gate that forwards untouched events must forward their exact
 * bytes. Splitting works on bytes: line ends are ASCII, so a cut never falls inside a UTF-8
 * sequence, and a CR at the end of a chunk waits to see whether an LF follows.
 */
export class SseFramer {
  private readonly onFrame: (frame: SseFrame) => void;
  private readonly fields: SseParser;
  /** The started event's bytes from earlier chunks: joined once it is complete, not per chunk. */
  private parts: Buffer[] = [];
  private lineStart = true;
  /** 1: a CR ended a line; 2: a CR was a blank line (ending the event). An LF may follow either. */
  private cr: 0 | 1 | 2 = 0;
  private lastEvent = '';
  private lastData: string | undefined;

  constructor(onFrame: (frame: SseFrame) => void) {
    this.onFrame = onFrame;
    this.fields = new SseParser((event, data) => {
      this.lastEvent = event;
      this.lastData = data;
    });
  }

  push(chunk: Buffer): void {
    const start = this.cr === 0 && chunk.indexOf(CR) === -1 ? this.scanLf(chunk) : this.scanBytes(chunk);
    if (start < chunk.length) this.parts.push(chunk.subarray(start));
  }

  /** Any line ends, byte by byte; returns where the unfinished event starts. */
  private scanBytes(chunk: Buffer): number {
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i] as number;
      if (this.cr !== 0) {
        const blank = this.cr === 2;
        this.cr = 0;
        if (b === LF) {
          if (blank) start = this.frame(chunk, start, i + 1);
          continue;
        }
        if (blank) start = this.frame(chunk, start, i);
      }
      if (b === LF) {
        if (this.lineStart) start = this.frame(chunk, start, i + 1);
        this.lineStart = true;
      } else if (b === CR) {
        this.cr = this.lineStart ? 2 : 1;
        this.lineStart = true;
      } else {
        this.lineStart = false;
      }
    }
    return start;
  }

  /** The common case, LF-only line ends: native indexOf finds them instead of a loop per byte. */
  private scanLf(chunk: Buffer): number {
    let start = 0;
    let previous = -1;
    for (let at = chunk.indexOf(LF); at !== -1; at = chunk.indexOf(LF, at + 1)) {
      const blank = at === 0 ? this.lineStart : previous === at - 1;
      if (blank) start = this.frame(chunk, start, at + 1);
      previous = at;
    }
    if (chunk.length > 0) this.lineStart = previous === chunk.length - 1;
    return start;
  }

  /** The stream ended: a last event without its blank line still counts, as SseParser has it. */
  end(): void {
    if (this.parts.length > 0) this.frame(Buffer.alloc(0), 0, 0);
  }

  private frame(chunk: Buffer, start: number, end: number): number {
    const tail = chunk.subarray(start, end);
    const raw = this.parts.length === 0 ? tail : Buffer.concat([...this.parts, tail]);
    this.parts = [];
    this.lastEvent = '';
    this.lastData = undefined;
    // A whole event: push dispatches it, end() settles a trailing lone CR and resets the parser.
    this.fields.push(raw);
    this.fields.end();
    this.onFrame({ raw, event: this.lastEvent, data: this.lastData });
    return end;
  }
}

/** An event the gate writes itself: `event:` only when the protocol names its events. */
export function formatFrame(event: string, data: string): string {
  return event === '' ? `data: ${data}\n\n` : `event: ${event}\ndata: ${data}\n\n`;
}
