import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SseFramer, type SseFrame } from '../../src/protocols/sse-frames.ts';
import { GateRunner, type FrameHandler } from '../../src/protocols/gate-runner.ts';

function frames(chunks: Buffer[]): [string, string, string | undefined][] {
  const out: [string, string, string | undefined][] = [];
  const framer = new SseFramer((f) => out.push([f.raw.toString(), f.event, f.data]));
  for (const chunk of chunks) framer.push(chunk);
  framer.end();
  return out;
}

// LF, CRLF and lone-CR line ends, a comment-only event, multi-line data, multi-byte text, and
// a last event without its blank line.
const STREAM = 'event: a\ndata: {"t":"é😀"}\n\n: keep-alive\r\n\r\ndata: x\r\ndata: y\r\n\r\ndata: cr\r\rdata: [DONE]';
const EXPECTED: [string, string, string | undefined][] = [
  ['event: a\ndata: {"t":"é😀"}\n\n', 'a', '{"t":"é😀"}'],
  [': keep-alive\r\n\r\n', '', undefined],
  ['data: x\r\ndata: y\r\n\r\n', '', 'x\ny'],
  ['data: cr\r\r', '', 'cr'],
  ['data: [DONE]', '', '[DONE]'],
];

describe('SseFramer', () => {
  test('splits events keeping their exact bytes, whatever the line ends', () => {
    assert.deepEqual(frames([Buffer.from(STREAM)]), EXPECTED);
  });

  test('the same frames however the bytes are cut, inside UTF-8 and between CR and LF included', () => {
    const bytes = Buffer.from(STREAM);
    for (let cut = 1; cut < bytes.length; cut++) {
      assert.deepEqual(frames([bytes.subarray(0, cut), bytes.subarray(cut)]), EXPECTED, `split at ${cut}`);
    }
    assert.deepEqual(frames([...bytes].map((b) => Buffer.from([b]))), EXPECTED);
  });

  test('a lone CR blank line waits for the next byte before ending the event', () => {
    const seen: string[] = [];
    const framer = new SseFramer((f) => seen.push(f.raw.toString()));
    framer.push(Buffer.from('data: a\r\r'));
    assert.deepEqual(seen, [], 'an LF may still follow');
    framer.push(Buffer.from('\ndata: b\n\n'));
    assert.deepEqual(seen, ['data: a\r\r\n', 'data: b\n\n']);
  });
});

describe('GateRunner', () => {
  test('writes made while handling one push go out as one write', async () => {
    const writes: Buffer[] = [];
    const runner = new GateRunner({ write: (b) => writes.push(Buffer.from(b)) }, (out): FrameHandler => ({
      onFrame: (f: SseFrame) => out.write(f.raw),
      onEnd: () => undefined,
    }));
    runner.push(Buffer.from('data: 1\n\ndata: 2\n\ndata: 3'));
    assert.deepEqual(writes.map(String), ['data: 1\n\ndata: 2\n\n']);
    await runner.end();
    assert.deepEqual(writes.map(String), ['data: 1\n\ndata: 2\n\n', 'data: 3']);
  });

  test('a handler that throws fails the gate: nothing more is written and end() rejects', async () => {
    const writes: string[] = [];
    const runner = new GateRunner({ write: (b) => writes.push(String(b)) }, (out) => ({
      onFrame: (f) => {
        if (f.data === 'bad') throw new Error('broken');
        out.write(f.raw);
      },
      onEnd: () => undefined,
    }));
    runner.push(Buffer.from('data: ok\n\ndata: bad\n\ndata: after\n\n'));
    runner.push(Buffer.from('data: later\n\n'));
    await assert.rejects(runner.end(), /broken/);
    assert.deepEqual(writes, ['data: ok\n\n']);
  });
});
