import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Exchange } from '../../src/core/exchange.ts';
import type { ProtocolAdapter } from '../../src/protocols/adapter.ts';
import { anthropicMessages } from '../../src/protocols/anthropic-messages/index.ts';
import { openAIChat } from '../../src/protocols/openai-chat/index.ts';
import { openAIResponses } from '../../src/protocols/openai-responses/index.ts';
import { ExchangeRecord } from '../../src/server/record.ts';
import { captureBufferedResponse, StreamCapture } from '../../src/server/response-capture.ts';
import { startStandin, type Standin } from '../../src/standin/index.ts';

/**
 * A response nobody inspects is recorded by its usage alone and decoded on demand. These
 * tests hold that shortcut to the full decode, on real wire output of all three protocols.
 */
const CASES: { name: string; adapter: ProtocolAdapter; path: string; body: (stream: boolean, text: string) => object }[] = [
  { name: 'chat', adapter: openAIChat, path: '/v1/chat/completions', body: (stream, text) => ({ model: 'm', stream, stream_options: stream ? { include_usage: true } : undefined, messages: [{ role: 'user', content: text }], tools: [{ type: 'function', function: { name: 'lookup', parameters: {} } }] }) },
  { name: 'responses', adapter: openAIResponses, path: '/v1/responses', body: (stream, text) => ({ model: 'm', stream, input: text, tools: [{ type: 'function', name: 'lookup', parameters: {} }] }) },
  { name: 'anthropic', adapter: anthropicMessages, path: '/v1/messages', body: (stream, text) => ({ model: 'm', stream, max_tokens: 100, messages: [{ role: 'user', content: text }], tools: [{ name: 'lookup', input_schema: { type: 'object' } }] }) },
];

describe('responses recorded by usage, decoded on demand', () => {
  let standin: Standin;
  before(async () => {
    standin = await startStandin();
  });
  after(() => standin.close());

  async function raw(path: string, body: object): Promise<Buffer> {
    const response = await fetch(standin.url + path, { method: 'POST', headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' }, body: JSON.stringify(body) });
    return Buffer.from(await response.arrayBuffer());
  }

  function freshRecord(adapter: ProtocolAdapter, body: object): ExchangeRecord {
    const record = new ExchangeRecord('r', '/', '');
    record.request = adapter.decodeRequest(body);
    return record;
  }

  for (const { name, adapter, path, body } of CASES) {
    for (const stream of [false, true]) {
      it(`${name} ${stream ? 'stream' : 'JSON'}: a plain answer gets the full decode's usage, and decodes lazily`, async () => {
        const request = body(stream, 'a plain question with several words in it');
        const bytes = await raw(path, request);
        const record = freshRecord(adapter, request);
        // Split the stream in two so kept chunks are reassembled as on the wire.
        if (stream) {
          const capture = new StreamCapture(adapter, record, false, 1 << 20);
          capture.push(bytes.subarray(0, 100));
          capture.push(bytes.subarray(100));
          capture.finish();
        } else {
          assert.equal(captureBufferedResponse(adapter, record, bytes, false), undefined, 'not decoded');
        }
        const usage = record.usage;
        assert.ok(usage && usage.inputTokens > 0 && usage.outputTokens > 0, JSON.stringify(usage));
        assert.equal(record.toolCallCount, 0);
        const decoded = record.response as Exchange;
        assert.deepEqual(decoded.usage, usage, 'summary usage equals the full decode');
        assert.match(decoded.parts[0]?.text ?? '', /^Stand-in reply to: a plain question/);
      });

      it(`${name} ${stream ? 'stream' : 'JSON'}: a tool call is always decoded at once`, async () => {
        const request = body(stream, 'lookup {"id": 7}');
        const bytes = await raw(path, request);
        const record = freshRecord(adapter, request);
        if (stream) {
          const capture = new StreamCapture(adapter, record, false, 1 << 20);
          capture.push(bytes);
          capture.finish();
        } else {
          assert.notEqual(captureBufferedResponse(adapter, record, bytes, false), undefined, 'decoded');
        }
        assert.equal(record.toolCallCount, 1);
        assert.equal(record.response?.toolCalls[0]?.name, 'lookup');
        assert.deepEqual(JSON.parse(record.response?.toolCalls[0]?.argumentsText ?? ''), { id: 7 });
      });
    }
  }

  it('a stream longer than the keep limit switches to live decoding and still records everything', async () => {
    const request = CASES[0]!.body(true, `[[standin:say ${'word '.repeat(200)}]]`);
    const bytes = await raw('/v1/chat/completions', request);
    const record = freshRecord(openAIChat, request);
    const capture = new StreamCapture(openAIChat, record, false, 1024);
    for (let i = 0; i < bytes.length; i += 300) capture.push(bytes.subarray(i, i + 300));
    capture.finish();
    assert.equal(record.response?.parts[0]?.text.trim(), 'word '.repeat(200).trim());
    assert.ok((record.usage?.outputTokens ?? 0) > 0);
  });
});
