import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SseParser } from '../../src/protocols/sse.ts';

function parse(chunks: Buffer[]): [string, string][] {
  const events: [string, string][] = [];
  const parser = new SseParser((event, data) => events.push([event, data]));
  for (const chunk of chunks) parser.push(chunk);
  parser.end();
  return events;
}

const STREAM = 'event: response.created\ndata: {"a":"é😀"}\n\n: keep-alive comment\r\n\r\ndata: line1\r\ndata: line2\r\n\r\ndata:nospace\n\ndata: [DONE]\n\n';
const EXPECTED: [string, string][] = [['response.created', '{"a":"é😀"}'], ['', 'line1\nline2'], ['', 'nospace'], ['', '[DONE]']];

describe('SseParser', () => {
  it('parses events, multi-line data, comments, CRLF and LF', () => {
    assert.deepEqual(parse([Buffer.from(STREAM)]), EXPECTED);
  });

  it('gives the same events however the bytes are split, including inside UTF-8 and CRLF', () => {
    const bytes = Buffer.from(STREAM);
    for (let cut = 1; cut < bytes.length; cut++) {
      assert.deepEqual(parse([bytes.subarray(0, cut), bytes.subarray(cut)]), EXPECTED, `split at byte ${cut}`);
    }
    assert.deepEqual(parse([...bytes].map((b) => Buffer.from([b]))), EXPECTED, 'one byte at a time');
  });

  it('dispatches a final event that lacks its blank line when the stream ends', () => {
    assert.deepEqual(parse([Buffer.from('data: last')]), [['', 'last']]);
  });
});
