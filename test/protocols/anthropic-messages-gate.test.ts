import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { anthropicMessages } from '../../src/protocols/anthropic-messages/index.ts';
import {
  byteByByte, crlf, decodedCalls, deferred, events, fromStandin, JSON_TYPE, notice, replay, runGate, SSE, twoChunkSplits, withholding,
} from './helpers.ts';

const tools: Anthropic.Tool[] = [
  { name: 'get_weather', input_schema: { type: 'object', properties: {} } },
  { name: 'get_time', input_schema: { type: 'object', properties: {} } },
];
const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'hi' }];

function request(content: string, stream = true): object {
  return { model: 'claude-test', max_tokens: 256, stream, tools, messages: [{ role: 'user', content }] };
}

const TWO_CALLS = request('[[standin:preamble Let me check.]] get_weather {"city":"Oslo"} then get_time {"tz":"CET"}');
/** A tool_use as the first block: the stand-in, like the API, sends a ping inside it. */
const ONE_CALL = request('get_weather {"c":"é😀"}');

async function judge(bytes: Buffer): Promise<{ streamed: Anthropic.RawMessageStreamEvent[]; final: Anthropic.Message }> {
  return replay(bytes, SSE, async (url) => {
    const client = new Anthropic({ baseURL: url, apiKey: 'x', maxRetries: 0 });
    const streamed: Anthropic.RawMessageStreamEvent[] = [];
    for await (const event of await client.messages.create({ model: 'claude-test', max_tokens: 256, messages, tools, stream: true })) streamed.push(event);
    const final = await client.messages.stream({ model: 'claude-test', max_tokens: 256, messages, tools }).finalMessage();
    return { streamed, final };
  });
}

function shape(content: Anthropic.ContentBlock[]): string[] {
  return content.map((block) => {
    if (block.type === 'text') return `text ${block.text}`;
    if (block.type === 'tool_use') return `tool_use ${block.name} ${JSON.stringify(block.input)}`;
    return block.type;
  });
}

describe('Anthropic Messages: streamed tool-call gate', () => {
  let twoCalls: Buffer;
  let oneCall: Buffer;
  before(async () => {
    twoCalls = await fromStandin('/v1/messages', TWO_CALLS);
    oneCall = await fromStandin('/v1/messages', ONE_CALL);
  });

  test('nothing withheld: the output is the input byte for byte, and the decider sees what the decoder reads', async () => {
    const run = await runGate(anthropicMessages, TWO_CALLS, () => undefined, [twoCalls]);
    assert.ok(run.output.equals(twoCalls));
    assert.deepEqual(run.asked, decodedCalls(anthropicMessages, TWO_CALLS, twoCalls));
    assert.deepEqual(run.asked.map((c) => [c.name, c.argumentsText, c.index]), [['get_weather', '{"city":"Oslo"}', 0], ['get_time', '{"tz":"CET"}', 1]]);
    const { final } = await judge(run.output);
    assert.deepEqual(shape(final.content), ['text Let me check.', 'tool_use get_weather {"city":"Oslo"}', 'tool_use get_time {"tz":"CET"}']);
    assert.equal(final.stop_reason, 'tool_use');
  });

  test('first of two calls withheld: a text block at its index, the other tool_use unmoved, stop_reason tool_use', async () => {
    const run = await runGate(anthropicMessages, TWO_CALLS, withholding('get_weather'), [twoCalls]);
    const { streamed, final } = await judge(run.output);
    assert.deepEqual(shape(final.content), ['text Let me check.', `text ${notice('get_weather')}`, 'tool_use get_time {"tz":"CET"}']);
    assert.equal(final.stop_reason, 'tool_use');
    assert.equal((final.content[2] as Anthropic.ToolUseBlock).id, run.asked[1]?.id);
    const starts = streamed.filter((e) => e.type === 'content_block_start');
    assert.deepEqual(starts.map((e) => [e.index, e.content_block.type]), [[0, 'text'], [1, 'text'], [2, 'tool_use']]);
  });

  test('every call withheld: text blocks only, stop_reason end_turn, usage kept', async () => {
    const run = await runGate(anthropicMessages, TWO_CALLS, withholding('get_weather', 'get_time'), [twoCalls]);
    const { final } = await judge(run.output);
    assert.deepEqual(shape(final.content), ['text Let me check.', `text ${notice('get_weather')}`, `text ${notice('get_time')}`]);
    assert.equal(final.stop_reason, 'end_turn');
    assert.ok(final.usage.output_tokens > 1);
    assert.ok(!run.output.toString().includes('tool_use'));
  });

  test('a lone call withheld: the ping that arrived inside it follows the replacement block', async () => {
    const run = await runGate(anthropicMessages, ONE_CALL, withholding('get_weather'), [oneCall]);
    assert.deepEqual(events(run.output).map((e) => e.event), [
      'message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'ping', 'message_delta', 'message_stop',
    ]);
    const { final } = await judge(run.output);
    assert.deepEqual(shape(final.content), [`text ${notice('get_weather')}`]);
    assert.equal(final.stop_reason, 'end_turn');
  });

  test('an asynchronous decision holds back everything behind the call, then releases it in order', async () => {
    const first = deferred<string | undefined>();
    const written: Buffer[] = [];
    const gate = anthropicMessages.createToolCallGate(anthropicMessages.decodeRequest(TWO_CALLS), (call) => (call.index === 0 ? first.promise : undefined), {
      write: (bytes) => written.push(Buffer.from(bytes)),
    });
    gate.push(twoCalls);
    const ended = gate.end();
    await new Promise((r) => setImmediate(r));
    const sofar = events(Buffer.concat(written));
    assert.deepEqual(sofar.at(-1)?.data, { type: 'content_block_stop', index: 0 }, 'up to the end of the text block');
    first.resolve(notice('get_weather'));
    await ended;
    const sync = await runGate(anthropicMessages, TWO_CALLS, withholding('get_weather'), [twoCalls]);
    assert.ok(Buffer.concat(written).equals(sync.output));
  });

  test('the same output however the input is cut, with LF or CRLF line ends', async () => {
    for (const input of [oneCall, crlf(oneCall)]) {
      for (const decide of [() => undefined, withholding('get_weather')]) {
        const whole = await runGate(anthropicMessages, ONE_CALL, decide, [input]);
        for (const chunks of twoChunkSplits(input)) {
          const run = await runGate(anthropicMessages, ONE_CALL, decide, chunks);
          assert.ok(run.output.equals(whole.output), `split at ${chunks[0]?.length}`);
        }
        assert.ok((await runGate(anthropicMessages, ONE_CALL, decide, byteByByte(input))).output.equals(whole.output));
      }
      assert.ok((await runGate(anthropicMessages, ONE_CALL, () => undefined, [input])).output.equals(input));
    }
  });
});

describe('Anthropic Messages: JSON responses', () => {
  const json = async (content: string): Promise<any> => JSON.parse((await fromStandin('/v1/messages', request(content, false))).toString());

  async function judgeJson(body: unknown): Promise<Anthropic.Message> {
    return replay(JSON.stringify(body), JSON_TYPE, (url) =>
      new Anthropic({ baseURL: url, apiKey: 'x', maxRetries: 0 }).messages.create({ model: 'claude-test', max_tokens: 256, messages, tools }));
  }

  test('the second of two calls withheld: a text block in its place, stop_reason stays tool_use', async () => {
    const body = await json('[[standin:preamble On it.]] get_weather {} then get_time {}');
    anthropicMessages.withholdToolCalls(body, [{ index: 1, notice: 'B' }]);
    const final = await judgeJson(body);
    assert.deepEqual(shape(final.content), ['text On it.', 'tool_use get_weather {}', 'text B']);
    assert.equal(final.stop_reason, 'tool_use');
  });

  test('every call withheld: text blocks only, stop_reason end_turn', async () => {
    const body = await json('get_weather {} get_time {}');
    anthropicMessages.withholdToolCalls(body, [{ index: 0, notice: 'A' }, { index: 1, notice: 'B' }]);
    const final = await judgeJson(body);
    assert.deepEqual(shape(final.content), ['text A', 'text B']);
    assert.equal(final.stop_reason, 'end_turn');
    assert.deepEqual(anthropicMessages.decodeResponse(body, anthropicMessages.decodeRequest(request('x'))).toolCalls, []);
  });
});
