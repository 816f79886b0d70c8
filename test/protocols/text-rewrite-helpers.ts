// Plumbing for the text-rewriter tests: a placeholder rewriter, a rewriter run over any
// chunking, streams whose text is re-cut at chosen offsets, and the rewriter chained with
// the tool-call gate in either order.
import assert from 'node:assert/strict';
import type { ToolCall } from '../../src/core/exchange.ts';
import type { GateOutput, ProtocolAdapter, TextRewriter, ToolCallDecider } from '../../src/protocols/adapter.ts';
import { stageInput } from '../../src/protocols/gate-runner.ts';
import { escapeJsonText } from '../../src/protocols/text-rewrite.ts';
import { events } from './helpers.ts';

/** Originals with what JSON escapes (quote, backslash), and beyond ASCII. */
export const ORIGINALS = new Map([
  ['<PERSON_1>', 'Ann "Nan" O\'Neil \\ Ødegård 😀'],
  ['<US_SSN_2>', '078-05-1120'],
]);

const PARTIAL = /<[A-Z_0-9]*$/;
const WHOLE = /<[A-Z_0-9]+>/g;

/** The originals put back (what the agent must end up with). */
export function restored(text: string, inJson = false): string {
  return text.replace(WHOLE, (p) => {
    const original = ORIGINALS.get(p);
    return original === undefined ? p : inJson ? escapeJsonText(original) : original;
  });
}

/**
 * Restores the placeholders above and holds back a trailing partial `<[A-Z_0-9]*` (at most 40
 * characters); `seen` records every text it is asked to rewrite.
 */
export function placeholderRewriter(seen: string[] = []): TextRewriter {
  return {
    holdBack(text) {
      const partial = PARTIAL.exec(text);
      return partial !== null && partial[0].length <= 40 ? partial[0].length : 0;
    },
    rewrite(text, context) {
      seen.push(text);
      return restored(text, context.inJson);
    },
  };
}

/** No text given to `rewrite` starts or ends inside one of the placeholders. */
export function assertWholePieces(seen: readonly string[]): void {
  for (const text of seen) {
    for (const placeholder of ORIGINALS.keys()) {
      for (let i = 1; i < placeholder.length; i++) {
        assert.ok(!text.endsWith(placeholder.slice(0, i)), `${JSON.stringify(text)} ends inside ${placeholder}`);
        assert.ok(!text.startsWith(placeholder.slice(i)), `${JSON.stringify(text)} starts inside ${placeholder}`);
      }
    }
  }
}

/** Runs `chunks` through the adapter's text rewriter. */
export async function runRewrite(adapter: ProtocolAdapter, request: object, chunks: readonly Buffer[], rewriter = placeholderRewriter()): Promise<Buffer> {
  const written: Buffer[] = [];
  const stream = adapter.createTextRewriteStream(adapter.decodeRequest(request), rewriter, { write: (bytes) => written.push(Buffer.from(bytes)) });
  for (const chunk of chunks) stream.push(chunk);
  await stream.end();
  return Buffer.concat(written);
}

/** Reads a text piece from an event's data, and writes one into a copy of it. */
export interface PieceField {
  get(data: any): string | undefined;
  set(data: any, text: string): void;
}

/**
 * The stream with the first run of consecutive events `field` reads replaced by events
 * carrying the run's joined text cut at `cuts`; every sequence_number is renumbered.
 */
export function recut(bytes: Buffer, field: PieceField, cuts: readonly number[]): Buffer {
  const list = events(bytes);
  const first = list.findIndex((e) => field.get(e.data) !== undefined);
  assert.ok(first !== -1, 'the stream has the pieces to re-cut');
  let end = first;
  while (end < list.length && field.get(list[end]!.data) !== undefined) end++;
  const text = list.slice(first, end).map((e) => field.get(e.data)).join('');
  const bounds = [...new Set([0, ...cuts.filter((c) => c > 0 && c < text.length), text.length])].sort((a, b) => a - b);
  const template = list[first]!;
  const pieces = bounds.slice(1).map((bound, i) => {
    const data = structuredClone(template.data);
    field.set(data, text.slice(bounds[i], bound));
    return { event: template.event, data };
  });
  let sequence = 0;
  return Buffer.from([...list.slice(0, first), ...pieces, ...list.slice(end)].map(({ event, data }) => {
    if (typeof data?.sequence_number === 'number') data.sequence_number = sequence++;
    return `${event === '' ? '' : `event: ${event}\n`}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
  }).join(''));
}

/** Every offset of the text (one cut each), and every character its own piece. */
export function* cutsOf(text: string): Generator<number[]> {
  for (let cut = 1; cut < text.length; cut++) yield [cut];
  yield [...text].map((_, i) => i);
}

/**
 * Upstream bytes through the rewriter and the gate chained in `order`: what the agent gets,
 * and what the decider was shown.
 */
export async function runChain(
  adapter: ProtocolAdapter, request: object, decide: ToolCallDecider, order: 'rewriter first' | 'gate first', chunks: readonly Buffer[],
): Promise<{ output: Buffer; asked: ToolCall[] }> {
  const written: Buffer[] = [];
  const asked: ToolCall[] = [];
  const exchange = adapter.decodeRequest(request);
  const out: GateOutput = { write: (bytes) => written.push(Buffer.from(bytes)) };
  const gate = (next: GateOutput) => adapter.createToolCallGate(exchange, (call) => {
    asked.push(call);
    return decide(call);
  }, next);
  const rewrite = (next: GateOutput) => adapter.createTextRewriteStream(exchange, placeholderRewriter(), next);
  let first, second;
  if (order === 'rewriter first') {
    second = gate(out);
    first = rewrite(stageInput(second));
  } else {
    second = rewrite(out);
    first = gate(stageInput(second));
  }
  for (const chunk of chunks) first.push(chunk);
  await first.end();
  await second.end();
  return { output: Buffer.concat(written), asked };
}
