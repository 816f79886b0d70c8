// Plumbing for the tool-gate tests: real input streams from the stand-in, a gate run over
// any chunking of them, and a tiny server that replays the gate's bytes to an official SDK.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ToolCall } from '../../src/core/exchange.ts';
import type { ProtocolAdapter, ToolCallDecider } from '../../src/protocols/adapter.ts';
import { SseParser } from '../../src/protocols/sse.ts';
import { startStandin } from '../../src/standin/index.ts';
import { KEY, rawPost } from '../standin/helpers.ts';

/** The raw bytes the stand-in answers to one request (a stream when body.stream is true). */
export async function fromStandin(path: string, body: object): Promise<Buffer> {
  const standin = await startStandin();
  try {
    const headers: Record<string, string> = path === '/v1/messages'
      ? { 'x-api-key': KEY, 'anthropic-version': '2023-06-01' }
      : { authorization: `Bearer ${KEY}` };
    const res = await rawPost(standin.url, path, body, headers);
    if (res.status !== 200) throw new Error(`stand-in answered ${res.status}: ${res.body}`);
    return Buffer.from(res.body);
  } finally {
    await standin.close();
  }
}

export interface GateRun {
  output: Buffer;
  /** Every call the decider was asked about, in order. */
  asked: ToolCall[];
}

/** Runs `input`, cut into `chunks`, through the adapter's gate for `request`. */
export async function runGate(
  adapter: ProtocolAdapter, request: object, decide: ToolCallDecider, chunks: readonly Buffer[],
): Promise<GateRun> {
  const written: Buffer[] = [];
  const asked: ToolCall[] = [];
  const gate = adapter.createToolCallGate(adapter.decodeRequest(request), (call) => {
    asked.push(call);
    return decide(call);
  }, { write: (bytes) => written.push(Buffer.from(bytes)) });
  for (const chunk of chunks) gate.push(chunk);
  await gate.end();
  return { output: Buffer.concat(written), asked };
}

/** The tool calls the adapter's own stream decoder reads from `bytes`: what a decider must be shown. */
export function decodedCalls(adapter: ProtocolAdapter, request: object, bytes: Buffer): ToolCall[] {
  const decoder = adapter.createStreamDecoder(adapter.decodeRequest(request));
  const parser = new SseParser((event, data) => decoder.onEvent(event, data));
  parser.push(bytes);
  parser.end();
  return decoder.result().toolCalls;
}

/** Withholds the calls with these names, with a notice naming them. */
export function withholding(...names: string[]): ToolCallDecider {
  return (call) => (names.includes(call.name) ? notice(call.name) : undefined);
}

export const notice = (name: string): string => `[Portcullis] The call to ${name} was withheld by policy.`;

/** Every way to cut `bytes` in two (and the uncut input), for split-invariance checks. */
export function* twoChunkSplits(bytes: Buffer): Generator<Buffer[]> {
  yield [bytes];
  for (let cut = 1; cut < bytes.length; cut++) yield [bytes.subarray(0, cut), bytes.subarray(cut)];
}

export function byteByByte(bytes: Buffer): Buffer[] {
  return [...bytes].map((b) => Buffer.from([b]));
}

export function crlf(bytes: Buffer): Buffer {
  return Buffer.from(bytes.toString('utf8').replaceAll('\n', '\r\n'));
}

/** A resolver the test controls, to hold a decision open while it looks at the output so far. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** Serves `body` to every request, as an SSE stream or a JSON body; the SDK under test is the judge. */
export async function replay<T>(body: Buffer | string, contentType: string, use: (url: string) => Promise<T>): Promise<T> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': contentType });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    return await use(`http://127.0.0.1:${port}`);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

export const SSE = 'text/event-stream; charset=utf-8';
export const JSON_TYPE = 'application/json';

/** The events of an SSE body (any line ends), data parsed where it is JSON. */
export function events(body: Buffer | string): { event: string; data: any }[] {
  return body.toString().split(/\r\n\r\n|\n\n|\r\r/).filter((block) => block.trim() !== '').map((block) => {
    let event = '';
    const data: string[] = [];
    for (const line of block.split(/\r\n|\n|\r/)) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
    }
    const text = data.join('\n');
    try {
      return { event, data: JSON.parse(text) };
    } catch {
      return { event, data: text };
    }
  });
}
