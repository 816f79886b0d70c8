// Child process: a closed-loop HTTP/1.1 load generator. C keep-alive connections each send
// the same pre-serialized request, wait for the whole response, and send again at once.
//
// It shares two cores with the servers it measures, so it is built to cost as little as
// possible: raw node:net sockets, one write of a ready Buffer per request, and a minimal
// response parser (status line, Content-Length or chunked framing) that never builds
// strings from bodies. Every response is still checked: status 200 and the right ending
// (`}` for JSON, `data: [DONE]` for streams); one sample is parsed in full.
//
// Usage: node bench/loadgen.ts '<json LoadConfig>'. Prints {"event":"measuring"} and
// {"event":"measured"} around the measured window (so the orchestrator can read CPU
// counters), then one {"result":...} line.
import { connect, type Socket } from 'node:net';
import { serializedRequest, setTicket, ticketOffset, type Mode } from './request.ts';
import { summarize, type Summary } from './stats.ts';

export interface LoadConfig {
  host: string;
  port: number;
  key: string;
  mode: Mode;
  connections: number;
  warmupMs: number;
  durationMs: number;
  /** A request without a complete response after this long counts as an error. */
  timeoutMs: number;
}

export interface SampleCheck {
  ok: boolean;
  problem?: string;
  /** True when the response carried the gateway's x-portcullis-request-id header. */
  viaGateway: boolean;
  bytes: number;
}

export interface LoadResult {
  mode: Mode;
  connections: number;
  seconds: number;
  requests: number;
  rps: number;
  latencyMs: Summary;
  /** Stream mode: request sent to first body byte (first SSE event). */
  ttfbMs: Summary | null;
  /** Counted over warm-up and measurement alike: a broken target must not hide in warm-up. */
  errors: { total: number; byKind: Record<string, number>; first?: string };
  sample: SampleCheck;
}

// Response parser states.
const HEAD = 0;
const LENGTH_BODY = 1;
const CHUNK_SIZE = 2;
const CHUNK_EXT = 3; // rest of a size line (extensions) up to LF
const CHUNK_DATA = 4;
const CHUNK_DATA_CR = 5;
const CHUNK_DATA_LF = 6;
const TRAILER_LINE = 7; // start of a trailer line or the final empty line
const TRAILER_SKIP = 8;
const FINAL_LF = 9;

const CRLFCRLF = Buffer.from('\r\n\r\n');
const DONE = Buffer.from('data: [DONE]\n\n');
const TAIL = 32;

const config = JSON.parse(process.argv[2] ?? '') as LoadConfig;
const request = serializedRequest(config.host, config.port, config.key, config.mode);
const ticketAt = ticketOffset(request);
/** Requests sent so far: each gets its own ticket number, so its last message is new text. */
let sent = 0;
const streaming = config.mode === 'stream';

let phase: 'warmup' | 'measure' | 'drain' = 'warmup';
const latencies: number[] = [];
const ttfbs: number[] = [];
const errors: LoadResult['errors'] = { total: 0, byKind: {} };
let sample: SampleCheck = { ok: false, problem: 'no response was sampled', viaGateway: false, bytes: 0 };
let sampleWanted = true;

function fail(kind: string, detail: string): void {
  errors.total++;
  errors.byKind[kind] = (errors.byKind[kind] ?? 0) + 1;
  errors.first ??= `${kind}: ${detail}`;
}

class Connection {
  socket!: Socket;
  busy = false;
  sentAt = 0n;
  firstByteAt = 0n;
  state = HEAD;
  head: Buffer | undefined;
  headText = '';
  status = 0;
  remaining = 0;
  closeAfter = false;
  readonly tail = Buffer.alloc(TAIL);
  tailLength = 0;
  capture: Buffer[] | undefined;
  /**
   * This connection's copies of the request, used in turn: the ticket number is written into
   * the one not handed to the socket last, so a write still queued is never changed under it.
   */
  readonly requests = [Buffer.from(request), Buffer.from(request)];
  turn = 0;

  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: config.host, port: config.port, noDelay: true });
      this.socket = socket;
      socket.once('connect', () => {
        socket.off('error', reject);
        socket.on('error', () => undefined); // reported through 'close'
        resolve();
      });
      socket.once('error', reject);
      socket.on('data', (chunk: Buffer) => this.onData(chunk));
      socket.on('close', () => this.onClose());
    });
  }

  send(): void {
    this.busy = true;
    this.state = HEAD;
    this.head = undefined;
    this.tailLength = 0;
    this.firstByteAt = 0n;
    this.closeAfter = false;
    if (sampleWanted) {
      sampleWanted = false;
      this.capture = [];
    }
    const request = this.requests[this.turn++ % 2] as Buffer;
    setTicket(request, ticketAt, sent++);
    this.sentAt = process.hrtime.bigint();
    this.socket.write(request);
  }

  onData(chunk: Buffer): void {
    // One clock read per packet: headers and the first SSE event often share a packet,
    // and then the first body byte arrived exactly when the headers did.
    const now = process.hrtime.bigint();
    if (!this.busy) {
      fail('protocol', 'bytes arrived with no request outstanding');
      this.socket.destroy();
      return;
    }
    let at = 0;
    if (this.state === HEAD) {
      const buffer = this.head === undefined ? chunk : Buffer.concat([this.head, chunk]);
      const end = buffer.indexOf(CRLFCRLF);
      if (end === -1) {
        this.head = buffer;
        return;
      }
      this.head = undefined;
      this.parseHead(buffer.toString('latin1', 0, end + 2));
      chunk = buffer;
      at = end + 4;
      if (this.state === HEAD) return; // parseHead found the response unusable
    }
    const done = this.body(chunk, at, now);
    if (done !== -1) this.complete(now, done < chunk.length);
  }

  parseHead(text: string): void {
    this.headText = text;
    this.status = Number(text.slice(9, 12));
    const lower = text.toLowerCase();
    this.closeAfter = lower.includes('\r\nconnection: close');
    if (/\r\ntransfer-encoding:[^\r]*chunked/.test(lower)) {
      this.state = CHUNK_SIZE;
      this.remaining = 0;
      return;
    }
    const length = /\r\ncontent-length: *(\d+)/.exec(lower);
    if (length === null) {
      fail('protocol', 'response has neither Content-Length nor chunked encoding');
      this.socket.destroy();
      return;
    }
    this.state = LENGTH_BODY;
    this.remaining = Number(length[1]);
  }

  /** Consumes body bytes from chunk[at..]; returns the offset just past the response's end, or -1 if it goes on. */
  body(chunk: Buffer, at: number, now: bigint): number {
    const n = chunk.length;
    if (this.state === LENGTH_BODY) {
      const take = Math.min(this.remaining, n - at);
      if (take > 0) this.data(chunk, at, at + take, now);
      this.remaining -= take;
      return this.remaining === 0 ? at + take : -1;
    }
    while (at < n) {
      switch (this.state) {
        case CHUNK_SIZE: {
          const c = chunk[at++] as number;
          const digit = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
          if (digit >= 0) this.remaining = this.remaining * 16 + digit;
          else if (c === 10) this.state = this.remaining === 0 ? TRAILER_LINE : CHUNK_DATA;
          else this.state = CHUNK_EXT;
          break;
        }
        case CHUNK_EXT:
          if (chunk[at++] === 10) this.state = this.remaining === 0 ? TRAILER_LINE : CHUNK_DATA;
          break;
        case CHUNK_DATA: {
          const take = Math.min(this.remaining, n - at);
          this.data(chunk, at, at + take, now);
          at += take;
          this.remaining -= take;
          if (this.remaining === 0) this.state = CHUNK_DATA_CR;
          break;
        }
        case CHUNK_DATA_CR:
        case CHUNK_DATA_LF: {
          const expected = this.state === CHUNK_DATA_CR ? 13 : 10;
          if (chunk[at++] !== expected) {
            fail('protocol', 'malformed chunked encoding');
            this.socket.destroy();
            return -1;
          }
          this.state = this.state === CHUNK_DATA_CR ? CHUNK_DATA_LF : CHUNK_SIZE;
          break;
        }
        case TRAILER_LINE:
          this.state = chunk[at++] === 13 ? FINAL_LF : TRAILER_SKIP;
          break;
        case TRAILER_SKIP:
          if (chunk[at++] === 10) this.state = TRAILER_LINE;
          break;
        case FINAL_LF:
          if (chunk[at++] === 10) return at;
          break;
      }
    }
    return -1;
  }

  /** Body bytes chunk[from..to): timestamps the first, remembers the last few for validation. */
  data(chunk: Buffer, from: number, to: number, now: bigint): void {
    if (to <= from) return;
    if (this.firstByteAt === 0n) this.firstByteAt = now;
    this.capture?.push(Buffer.from(chunk.subarray(from, to)));
    const length = to - from;
    if (length >= TAIL) {
      chunk.copy(this.tail, 0, to - TAIL, to);
      this.tailLength = TAIL;
    } else {
      const keep = Math.min(this.tailLength, TAIL - length);
      this.tail.copy(this.tail, 0, this.tailLength - keep, this.tailLength);
      chunk.copy(this.tail, keep, from, to);
      this.tailLength = keep + length;
    }
  }

  complete(now: bigint, extraBytes: boolean): void {
    this.busy = false;
    if (this.capture !== undefined) {
      sample = checkSample(this.status, this.headText, Buffer.concat(this.capture));
      this.capture = undefined;
    }
    if (this.status !== 200) fail(`http_${this.status}`, this.headText.split('\r\n')[0] ?? '');
    else if (!this.endsCorrectly()) fail('bad_body', `response body ends with ${JSON.stringify(this.tail.toString('utf8', 0, this.tailLength))}`);
    else if (phase === 'measure') {
      latencies.push(Number(now - this.sentAt) / 1e6);
      if (streaming) ttfbs.push(Number(this.firstByteAt - this.sentAt) / 1e6);
    }
    if (extraBytes) {
      fail('protocol', 'bytes after the end of the response');
      this.socket.destroy();
      return;
    }
    if (this.closeAfter) {
      this.socket.end();
      return; // 'close' reconnects
    }
    if (phase !== 'drain') this.send();
  }

  endsCorrectly(): boolean {
    if (streaming) {
      return this.tailLength >= DONE.length && this.tail.subarray(this.tailLength - DONE.length, this.tailLength).equals(DONE);
    }
    return this.tailLength > 0 && this.tail[this.tailLength - 1] === 0x7d; // '}'
  }

  onClose(): void {
    if (this.busy) fail('socket', 'connection closed with a request outstanding');
    this.busy = false;
    if (phase === 'drain') return;
    // Back off a little so a dead target cannot turn this into a busy loop.
    setTimeout(() => {
      this.open().then(() => this.send(), () => this.onClose());
    }, 20);
  }
}

/** Parses one whole response the way a client would, so a target cannot pass on framing alone. */
function checkSample(status: number, head: string, body: Buffer): SampleCheck {
  const viaGateway = /\r\nx-portcullis-request-id:/i.test(head);
  const result = (problem?: string): SampleCheck => ({ ok: problem === undefined, viaGateway, bytes: body.length, ...(problem ? { problem } : {}) });
  if (status !== 200) return result(`status ${status}: ${body.toString('utf8').slice(0, 300)}`);
  const contentType = /\r\ncontent-type: *([^\r]*)/i.exec(head)?.[1] ?? '';
  try {
    if (!streaming) {
      if (!contentType.startsWith('application/json')) return result(`content-type ${contentType}`);
      const json = JSON.parse(body.toString('utf8')) as { choices?: { message?: { content?: unknown } }[]; usage?: { total_tokens?: unknown } };
      const content = json.choices?.[0]?.message?.content;
      if (typeof content !== 'string' || !content.startsWith('Stand-in reply to:')) return result('no assistant content in the JSON response');
      if (typeof json.usage?.total_tokens !== 'number') return result('no usage in the JSON response');
      return result();
    }
    if (!contentType.startsWith('text/event-stream')) return result(`content-type ${contentType}`);
    const events = body.toString('utf8').split('\n\n');
    if (events.pop() !== '' || events.pop() !== 'data: [DONE]') return result('stream does not end with data: [DONE]');
    let text = '';
    let usage = false;
    for (const event of events) {
      if (!event.startsWith('data: ')) return result(`unexpected SSE line ${JSON.stringify(event.slice(0, 80))}`);
      const chunk = JSON.parse(event.slice(6)) as { choices: { delta?: { content?: string } }[]; usage?: unknown };
      text += chunk.choices[0]?.delta?.content ?? '';
      if (chunk.usage) usage = true;
    }
    if (!text.startsWith('Stand-in reply to:')) return result('streamed deltas do not add up to the reply');
    if (!usage) return result('no usage chunk although include_usage was requested');
    return result();
  } catch (error) {
    return result(`unparseable body: ${String(error)}`);
  }
}

function emit(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

const connections = Array.from({ length: config.connections }, () => new Connection());
await Promise.all(connections.map((c) => c.open()));

// One sweep a second is enough to catch a hung target without a timer per request.
const watchdog = setInterval(() => {
  const now = process.hrtime.bigint();
  for (const c of connections) {
    if (c.busy && Number(now - c.sentAt) / 1e6 > config.timeoutMs) {
      fail('timeout', `no complete response within ${config.timeoutMs} ms`);
      c.busy = false;
      c.socket.destroy();
    }
  }
}, 1_000);

for (const c of connections) c.send();
await new Promise((resolve) => setTimeout(resolve, config.warmupMs));
phase = 'measure';
emit({ event: 'measuring' });
const t0 = process.hrtime.bigint();
latencies.length = 0;
ttfbs.length = 0;
await new Promise((resolve) => setTimeout(resolve, config.durationMs));
const t1 = process.hrtime.bigint();
phase = 'drain';
emit({ event: 'measured' });

// Let outstanding responses finish (they are validated too), then hang up.
const drainDeadline = Date.now() + config.timeoutMs;
while (connections.some((c) => c.busy) && Date.now() < drainDeadline) await new Promise((resolve) => setTimeout(resolve, 5));
clearInterval(watchdog);
for (const c of connections) c.socket.destroy();

const seconds = Number(t1 - t0) / 1e9;
const result: LoadResult = {
  mode: config.mode,
  connections: config.connections,
  seconds,
  requests: latencies.length,
  rps: latencies.length / seconds,
  latencyMs: summarize(latencies),
  ttfbMs: streaming ? summarize(ttfbs) : null,
  errors,
  sample,
};
emit({ result });
