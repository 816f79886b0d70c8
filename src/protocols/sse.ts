import { StringDecoder } from 'node:string_decoder';

/**
 * Incremental server-sent-events parser (WHATWG event-stream rules): events end at a blank
 * line, fields are `event:` and `data:` (multi-line data joined with "\n"), `id:` and `retry:`
 * (kept for resuming a stream), comments start with ':'. Chunks may split anywhere, including inside a UTF-8 sequence or a CRLF pair.
 * It only observes: the gateway forwards the original bytes, so parsing never delays them.
 */
export class SseParser {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';
  private event = '';
  private readonly data: string[] = [];
  private readonly onEvent: (event: string, data: string) => void;
  /** The last `id:` seen (it persists across events): what a client resumes from with Last-Event-ID. */
  lastEventId: string | undefined;
  /** The last `retry:` seen, in ms: how long to wait before reconnecting. */
  retryMs: number | undefined;

  constructor(onEvent: (event: string, data: string) => void) {
    this.onEvent = onEvent;
  }

  push(chunk: Buffer): void {
    this.consume(this.pending + this.decoder.write(chunk), false);
  }

  end(): void {
    this.consume(this.pending + this.decoder.end(), true);
    this.dispatch();
  }

  private consume(text: string, final: boolean): void {
    if (text.indexOf('\r') === -1) return this.consumeLf(text, final);
    let start = 0;
    const length = text.length;
    while (start < length) {
      let eol = start;
      while (eol < length) {
        const c = text.charCodeAt(eol);
        if (c === 10 || c === 13) break;
        eol++;
      }
      if (eol === length) break; // incomplete line: wait for more
      // A CR at the very end might be the first half of CRLF: wait unless the stream ended.
      if (text.charCodeAt(eol) === 13 && eol + 1 === length && !final) break;
      this.line(text.slice(start, eol));
      start = eol + (text.charCodeAt(eol) === 13 && text.charCodeAt(eol + 1) === 10 ? 2 : 1);
    }
    this.pending = final ? '' : text.slice(start);
    if (final && start < length) this.line(text.slice(start));
  }

  /** The common case, LF-only line ends: let indexOf find them instead of a loop per char. */
  private consumeLf(text: string, final: boolean): void {
    let start = 0;
    for (let eol = text.indexOf('\n'); eol !== -1; eol = text.indexOf('\n', start)) {
      this.line(text.slice(start, eol));
      start = eol + 1;
    }
    this.pending = final ? '' : text.slice(start);
    if (final && start < text.length) this.line(text.slice(start));
  }

  private line(line: string): void {
    if (line.length === 0) {
      this.dispatch();
      return;
    }
    if (line.startsWith('data: ')) {
      this.data.push(line.slice(6));
      return;
    }
    if (line.charCodeAt(0) === 58 /* ':' */) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id') {
      if (!value.includes('\0')) this.lastEventId = value; // a NUL makes the field be ignored (WHATWG)
    } else if (field === 'retry' && /^\d{1,9}$/.test(value)) this.retryMs = Number(value);
  }

  private dispatch(): void {
    const data = this.data;
    if (data.length > 0) this.onEvent(this.event, data.length === 1 ? (data[0] as string) : data.join('\n'));
    this.event = '';
    data.length = 0;
  }
}
