import type { Exchange } from '../core/exchange.ts';
import type { ProtocolAdapter, StreamDecoder } from '../protocols/adapter.ts';
import { SseParser } from '../protocols/sse.ts';
import type { ExchangeRecord } from './record.ts';

/**
 * How a response reaches the record. When a guard inspects responses, or the response
 * carries a tool call, it is decoded in full. Otherwise only its usage is read (a small
 * scan) and the raw response is kept, to be decoded if anyone reads `record.response`:
 * the common exchange, a plain answer with nobody inspecting it, costs no decoding.
 */

/** An SSE parser feeding the adapter's stream decoder. */
function streamObserver(adapter: ProtocolAdapter, request: Exchange): { parser: SseParser; decoder: StreamDecoder } {
  const decoder = adapter.createStreamDecoder(request);
  return { decoder, parser: new SseParser((event, data) => decoder.onEvent(event, data)) };
}

function decodeStream(adapter: ProtocolAdapter, request: Exchange, chunks: readonly Buffer[]): Exchange {
  const { parser, decoder } = streamObserver(adapter, request);
  for (const chunk of chunks) parser.push(chunk);
  parser.end();
  return decoder.result();
}

/**
 * Records a whole (non-streamed) 2xx response body. Returns the parsed body if it decoded it.
 * `rewrite`, when given, changes the parsed body in place before it is decoded and recorded
 * (placeholders restored), so the record and every guard see what the agent will get.
 */
export function captureBufferedResponse(
  adapter: ProtocolAdapter, record: ExchangeRecord, body: Buffer, inspect: boolean, rewrite?: (decoded: unknown) => void,
): unknown {
  const request = record.request as Exchange;
  if (request.stored?.kept === true) record.storedResponseId = adapter.storedResponseId?.(body);
  // The marker is searched in the bytes (native memmem), several times faster than in the string.
  if (inspect || rewrite !== undefined || body.includes(adapter.toolCallMarker)) {
    const decoded: unknown = JSON.parse(body.toString('utf8'));
    rewrite?.(decoded);
    record.setResponse(adapter.decodeResponse(decoded, request));
    return decoded;
  }
  record.deferResponse(adapter.summarizeUsage(body), () => adapter.decodeResponse(JSON.parse(body.toString('utf8')), request));
  return undefined;
}

/** A stream's first event holds its response's id within this many bytes. */
const STREAM_ID_WITHIN = 4096;

/**
 * Observes a relayed stream. Live mode decodes each chunk as it passes (for response
 * guards, and for streams too long to keep); deferred mode keeps the chunks and decides at
 * the end. Observation never breaks the stream: a decoding failure stops observing and marks
 * the record unobserved.
 */
export class StreamCapture {
  private readonly adapter: ProtocolAdapter;
  private readonly record: ExchangeRecord;
  private readonly request: Exchange;
  private readonly keepLimit: number;
  private kept: Buffer[] | undefined = [];
  private keptBytes = 0;
  private live: { parser: SseParser; decoder: StreamDecoder } | undefined;
  private failed = false;
  /** The stream's first bytes, while the id the provider stores its response under is looked for in them. */
  private head: Buffer | undefined;

  constructor(adapter: ProtocolAdapter, record: ExchangeRecord, inspect: boolean, keepLimit: number) {
    this.adapter = adapter;
    this.record = record;
    this.request = record.request as Exchange;
    this.keepLimit = keepLimit;
    if (this.request.stored?.kept === true && adapter.storedResponseId !== undefined) this.head = Buffer.alloc(0);
    if (inspect) this.goLive();
  }

  push(chunk: Buffer): void {
    if (this.head !== undefined) this.readId(chunk);
    if (this.kept !== undefined) {
      this.kept.push(chunk);
      this.keptBytes += chunk.length;
      if (this.keptBytes > this.keepLimit) this.goLive();
      return;
    }
    this.safely(() => this.live?.parser.push(chunk));
  }

  /** Completes the record's view of the response. */
  finish(): void {
    const kept = this.kept;
    if (kept === undefined) {
      this.safely(() => {
        this.live?.parser.end();
        this.record.setResponse(this.live?.decoder.result());
      });
      return;
    }
    const bytes = kept.length === 1 ? (kept[0] as Buffer) : Buffer.concat(kept, this.keptBytes);
    this.safely(() => {
      if (bytes.includes(this.adapter.toolCallMarker)) {
        this.record.setResponse(decodeStream(this.adapter, this.request, kept));
      } else {
        const usage = this.adapter.summarizeUsage(bytes);
        this.record.deferResponse(usage, () => decodeStream(this.adapter, this.request, kept));
      }
    });
  }

  /** Looks for the response's id in the stream's first STREAM_ID_WITHIN bytes, then stops looking. */
  private readId(chunk: Buffer): void {
    const head = Buffer.concat([this.head as Buffer, chunk.subarray(0, STREAM_ID_WITHIN)]);
    const id = this.adapter.storedResponseId?.(head);
    if (id !== undefined) this.record.storedResponseId = id;
    this.head = id === undefined && head.length < STREAM_ID_WITHIN ? head : undefined;
  }

  private goLive(): void {
    this.live = streamObserver(this.adapter, this.request);
    const kept = this.kept ?? [];
    this.kept = undefined;
    for (const chunk of kept) this.safely(() => this.live?.parser.push(chunk));
  }

  private safely(step: () => void): void {
    if (this.failed) return;
    try {
      step();
    } catch {
      this.failed = true;
      this.record.setResponse(undefined);
      this.record.unobserved = true;
    }
  }
}
