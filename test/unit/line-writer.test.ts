import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineWriter } from '../../src/observe/line-writer.ts';

/** A sink that keeps each batch as text, and the buffers themselves to check they are never reused. */
function recorder(): { writes: string[]; buffers: Buffer[]; sink: { write(chunk: Buffer): void } } {
  const writes: string[] = [];
  const buffers: Buffer[] = [];
  return { writes, buffers, sink: { write: (chunk: Buffer) => { buffers.push(chunk); writes.push(chunk.toString('utf8')); } } };
}

describe('LineWriter', () => {
  it('batches lines into one write, in order, before the batch would overflow', () => {
    const { writes, sink } = recorder();
    const writer = new LineWriter({ out: sink, limitBytes: 24, intervalMs: 60_000 });
    writer.write('a\n');
    writer.write('bb\n');
    assert.deepEqual(writes, [], 'below the limit nothing is written yet');
    writer.write('cccccc\n');
    assert.deepEqual(writes, ['a\nbb\n'], 'a line that might not fit sends the batch first');
    writer.flush();
    assert.deepEqual(writes, ['a\nbb\n', 'cccccc\n']);
  });

  it('writes what is pending on flush and on its interval', async () => {
    const { writes, sink } = recorder();
    const writer = new LineWriter({ out: sink, intervalMs: 5 });
    writer.write('x\n');
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.deepEqual(writes, ['x\n']);
    writer.write('y\n');
    writer.flush();
    writer.flush();
    assert.deepEqual(writes, ['x\n', 'y\n']);
  });

  it('encodes non-ASCII text as UTF-8 and passes a line larger than the batch through whole', () => {
    const { writes, sink } = recorder();
    const writer = new LineWriter({ out: sink, limitBytes: 30, intervalMs: 60_000 });
    writer.write('{"agent":"Zoë 🙂"}\n');
    const long = `${'é'.repeat(40)}\n`;
    writer.write(long);
    assert.deepEqual(writes, ['{"agent":"Zoë 🙂"}\n', long]);
  });

  it('never writes into a buffer it has handed to the stream', () => {
    const { buffers, sink } = recorder();
    const writer = new LineWriter({ out: sink, intervalMs: 60_000 });
    writer.write('first\n');
    writer.flush();
    writer.write('second\n');
    writer.flush();
    assert.equal(buffers[0]?.toString(), 'first\n');
    assert.notEqual(buffers[0]?.buffer, buffers[1]?.buffer);
  });
});
