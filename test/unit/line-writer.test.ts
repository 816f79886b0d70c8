import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineWriter } from '../../src/observe/line-writer.ts';

describe('LineWriter', () => {
  it('batches lines into one write, in order, once the batch is large enough', () => {
    const writes: string[] = [];
    const writer = new LineWriter({ out: { write: (chunk: string) => writes.push(chunk) }, limitChars: 10, intervalMs: 60_000 });
    writer.write('a\n');
    writer.write('bb\n');
    assert.deepEqual(writes, [], 'below the limit nothing is written yet');
    writer.write('cccccc\n');
    assert.deepEqual(writes, ['a\nbb\ncccccc\n']);
  });

  it('writes what is pending on flush and on its interval', async () => {
    const writes: string[] = [];
    const writer = new LineWriter({ out: { write: (chunk: string) => writes.push(chunk) }, intervalMs: 5 });
    writer.write('x\n');
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.deepEqual(writes, ['x\n']);
    writer.write('y\n');
    writer.flush();
    writer.flush();
    assert.deepEqual(writes, ['x\n', 'y\n']);
  });
});
