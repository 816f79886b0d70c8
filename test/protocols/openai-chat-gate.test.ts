import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { openAIChat } from '../../src/protocols/openai-chat/index.ts';
import {
  byteByByte, crlf, decodedCalls, deferred, events, fromStandin, JSON_TYPE, notice, replay, runGate, SSE, twoChunkSplits, withholding,
} from './helpers.ts';

const tools: OpenAI.ChatCompletionTool[] = [
  { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: {} } } },
  { type: 'function', function: { name: 'get_time', parameters: { type: 'object', properties: {} } } },
];
const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'hi' }];

function request(content: string, extra: object = {}): object {
  return { model: 'gpt-test', stream: true, tools, messages: [{ role: 'user', content }], ...extra };
}

/** Text, then two calls, then a usage chunk: the richest stream the stand-in produces. */
const TWO_CALLS = request('[[standin:preamble Let me check.]] get_weather {"city":"Oslo"} then get_time {"tz":"CET"}', {
  stream_options: { include_usage: true },
});
/** A single call and nothing else, short enough to try every split point. */
const ONE_CALL = request('get_weather {"c":"é😀"}');

/** What both SDK paths make of a stream: the raw chunk iteration and the stream helper's final completion. */
async function judge(bytes: Buffer): Promise<{ chunks: OpenAI.ChatCompletionChunk[]; final: OpenAI.ChatCompletion }> {
  return replay(bytes, SSE, async (url) => {
    const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'x', maxRetries: 0 });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of await client.chat.completions.create({ model: 'gpt-test', messages, tools, stream: true })) chunks.push(chunk);
    const final = await client.chat.completions.stream({ model: 'gpt-test', messages, tools }).finalChatCompletion();
    return { chunks, final };
  });
}

function streamedIndices(chunks: OpenAI.ChatCompletionChunk[]): number[] {
  return chunks.flatMap((c) => c.choices[0]?.delta.tool_calls?.map((t) => t.index) ?? []);
}

describe('OpenAI Chat: streamed tool-call gate', () => {
  let twoCalls: Buffer;
  let oneCall: Buffer;
  before(async () => {
    twoCalls = await fromStandin('/v1/chat/completions', TWO_CALLS);
    oneCall = await fromStandin('/v1/chat/completions', ONE_CALL);
  });

  test('nothing withheld: the output is the input byte for byte, and the decider sees what the decoder reads', async () => {
    const run = await runGate(openAIChat, TWO_CALLS, () => undefined, [twoCalls]);
    assert.ok(run.output.equals(twoCalls));
    assert.deepEqual(run.asked, decodedCalls(openAIChat, TWO_CALLS, twoCalls));
    assert.deepEqual(run.asked.map((c) => [c.name, c.argumentsText, c.index]), [['get_weather', '{"city":"Oslo"}', 0], ['get_time', '{"tz":"CET"}', 1]]);
    const { final } = await judge(run.output);
    assert.equal(final.choices[0]?.message.content, 'Let me check.');
    assert.deepEqual(final.choices[0]?.message.tool_calls?.map((t) => t.id), run.asked.map((c) => c.id));
  });

  test('first of two calls withheld: notice follows the text, the second call becomes index 0', async () => {
    const run = await runGate(openAIChat, TWO_CALLS, withholding('get_weather'), [twoCalls]);
    const { chunks, final } = await judge(run.output);
    assert.deepEqual(streamedIndices(chunks), [0, 0, 0]);
    const choice = final.choices[0];
    assert.equal(choice?.finish_reason, 'tool_calls');
    assert.equal(choice?.message.role, 'assistant');
    assert.equal(choice?.message.content, `Let me check.\n\n${notice('get_weather')}`);
    assert.deepEqual(choice?.message.tool_calls?.map((t) => t.type === 'function' && [t.function.name, t.function.arguments]), [['get_time', '{"tz":"CET"}']]);
    assert.equal(choice?.message.tool_calls?.[0]?.id, run.asked[1]?.id);
    assert.ok(chunks.at(-1)?.usage, 'the usage chunk still arrives');
    assert.equal(events(run.output).at(-1)?.data, '[DONE]');
  });

  test('second of two calls withheld: the first keeps its bytes, the notice comes after it', async () => {
    const run = await runGate(openAIChat, TWO_CALLS, withholding('get_time'), [twoCalls]);
    const { final } = await judge(run.output);
    const message = final.choices[0]?.message;
    assert.equal(message?.content, `Let me check.\n\n${notice('get_time')}`);
    assert.deepEqual(message?.tool_calls?.map((t) => t.type === 'function' && t.function.name), ['get_weather']);
    assert.equal(final.choices[0]?.finish_reason, 'tool_calls');
    const untilFirstCall = twoCalls.toString().split('get_time')[0]!.lastIndexOf('data: ');
    assert.ok(run.output.subarray(0, untilFirstCall).equals(twoCalls.subarray(0, untilFirstCall)));
  });

  test('the middle of three calls withheld: the first keeps index 0, the third becomes 1', async () => {
    const three = { ...request('get_weather {} get_time {} get_date {}'), tools: [...tools, { type: 'function', function: { name: 'get_date' } }] };
    const input = await fromStandin('/v1/chat/completions', three);
    const run = await runGate(openAIChat, three, withholding('get_time'), [input]);
    const { chunks, final } = await judge(run.output);
    assert.deepEqual([...new Set(streamedIndices(chunks))], [0, 1]);
    assert.deepEqual(final.choices[0]?.message.tool_calls?.map((t) => t.type === 'function' && t.function.name), ['get_weather', 'get_date']);
    assert.equal(final.choices[0]?.message.content, notice('get_time'));
  });

  test('every call withheld: both notices, no tool_calls, finish_reason stop', async () => {
    const run = await runGate(openAIChat, TWO_CALLS, withholding('get_weather', 'get_time'), [twoCalls]);
    const { chunks, final } = await judge(run.output);
    assert.deepEqual(streamedIndices(chunks), []);
    const choice = final.choices[0];
    assert.equal(choice?.finish_reason, 'stop');
    assert.equal(choice?.message.tool_calls, undefined);
    assert.equal(choice?.message.content, `Let me check.\n\n${notice('get_weather')}\n\n${notice('get_time')}`);
    // The withheld calls' argument chunks are gone rather than sent empty.
    assert.ok(!run.output.toString().includes('arguments'));
  });

  test('a lone call withheld: the role chunk survives and the notice is the whole content', async () => {
    const run = await runGate(openAIChat, ONE_CALL, withholding('get_weather'), [oneCall]);
    const { final } = await judge(run.output);
    assert.deepEqual(final.choices[0]?.message.content, notice('get_weather'));
    assert.equal(final.choices[0]?.message.role, 'assistant');
    assert.equal(final.choices[0]?.finish_reason, 'stop');
  });

  test('an asynchronous decision holds back everything behind the call, then releases it in order', async () => {
    const first = deferred<string | undefined>();
    const written: Buffer[] = [];
    const gate = openAIChat.createToolCallGate(openAIChat.decodeRequest(TWO_CALLS), (call) => (call.index === 0 ? first.promise : undefined), {
      write: (bytes) => written.push(Buffer.from(bytes)),
    });
    gate.push(twoCalls);
    const ended = gate.end();
    await new Promise((r) => setImmediate(r));
    const sofar = events(Buffer.concat(written));
    assert.deepEqual(sofar.map((e) => e.data.choices[0].delta.content), ['', 'Let', ' me', ' check.'], 'only the text before the call');
    first.resolve(notice('get_weather'));
    await ended;
    const sync = await runGate(openAIChat, TWO_CALLS, withholding('get_weather'), [twoCalls]);
    assert.ok(Buffer.concat(written).equals(sync.output));
  });

  test('the same output however the input is cut, with LF or CRLF line ends', async () => {
    for (const input of [oneCall, crlf(oneCall)]) {
      for (const decide of [() => undefined, withholding('get_weather')]) {
        const whole = await runGate(openAIChat, ONE_CALL, decide, [input]);
        for (const chunks of twoChunkSplits(input)) {
          const run = await runGate(openAIChat, ONE_CALL, decide, chunks);
          assert.ok(run.output.equals(whole.output), `split at ${chunks[0]?.length}`);
        }
        assert.ok((await runGate(openAIChat, ONE_CALL, decide, byteByByte(input))).output.equals(whole.output));
      }
      assert.ok((await runGate(openAIChat, ONE_CALL, () => undefined, [input])).output.equals(input));
    }
  });

  test('whole calls in one chunk, finish in the same chunk (as some compatible servers send them)', async () => {
    const chunk = (delta: object, finish: string | null): string => `data: ${JSON.stringify({
      id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }],
    })}\n\n`;
    const call = (index: number, name: string): object => ({ index, id: `call_${name}`, type: 'function', function: { name, arguments: '{}' } });
    const input = Buffer.from(`${chunk({ role: 'assistant', tool_calls: [call(0, 'get_weather'), call(1, 'get_time')] }, 'tool_calls')}: keep-alive\n\ndata: [DONE]\n\n`);
    const kept = await runGate(openAIChat, TWO_CALLS, () => undefined, [input]);
    assert.ok(kept.output.equals(input));
    assert.deepEqual(kept.asked.map((c) => c.name), ['get_weather', 'get_time']);
    const run = await runGate(openAIChat, TWO_CALLS, withholding('get_weather'), [input]);
    const { final } = await judge(run.output);
    assert.deepEqual(final.choices[0]?.message.tool_calls?.map((t) => t.id), ['call_get_time']);
    assert.equal(final.choices[0]?.message.content, notice('get_weather'));
    assert.ok(run.output.toString().endsWith(': keep-alive\n\ndata: [DONE]\n\n'), 'comments and [DONE] pass through');
  });

  test('a decider that fails fails the gate: end() rejects and nothing after the call is written', async () => {
    const written: Buffer[] = [];
    const gate = openAIChat.createToolCallGate(openAIChat.decodeRequest(TWO_CALLS), () => Promise.reject(new Error('policy down')), {
      write: (bytes) => written.push(Buffer.from(bytes)),
    });
    gate.push(twoCalls);
    await assert.rejects(gate.end(), /policy down/);
    assert.ok(!Buffer.concat(written).toString().includes('tool_calls'));
  });

  test('tool calls in another choice (n > 1) are refused rather than passed unjudged', async () => {
    const input = Buffer.from(`data: ${JSON.stringify({ choices: [{ index: 1, delta: { tool_calls: [{ index: 0, function: { name: 'x', arguments: '' } }] } }] })}\n\n`);
    await assert.rejects(runGate(openAIChat, TWO_CALLS, () => undefined, [input]), /choice other than 0/);
  });
});

describe('OpenAI Chat: JSON responses', () => {
  const json = async (content: string): Promise<any> => JSON.parse((await fromStandin('/v1/chat/completions', { ...request(content), stream: false })).toString());

  async function judgeJson(body: unknown): Promise<OpenAI.ChatCompletion> {
    return replay(JSON.stringify(body), JSON_TYPE, (url) =>
      new OpenAI({ baseURL: `${url}/v1`, apiKey: 'x', maxRetries: 0 }).chat.completions.create({ model: 'gpt-test', messages, tools }));
  }

  test('the first of two calls withheld: notice appended to null content, the other call kept', async () => {
    const body = await json('get_weather {"city":"Oslo"} then get_time {"tz":"CET"}');
    const ids = body.choices[0].message.tool_calls.map((t: any) => t.id);
    openAIChat.withholdToolCalls(body, [{ index: 0, notice: notice('get_weather') }]);
    const final = await judgeJson(body);
    assert.equal(final.choices[0]?.message.content, notice('get_weather'));
    assert.deepEqual(final.choices[0]?.message.tool_calls?.map((t) => t.id), [ids[1]]);
    assert.equal(final.choices[0]?.finish_reason, 'tool_calls');
  });

  test('every call withheld after text: notices appended as paragraphs, tool_calls gone, finish_reason stop', async () => {
    const body = await json('[[standin:preamble On it.]] get_weather {} get_time {}');
    openAIChat.withholdToolCalls(body, [{ index: 0, notice: 'A' }, { index: 1, notice: 'B' }]);
    const final = await judgeJson(body);
    assert.equal(final.choices[0]?.message.content, 'On it.\n\nA\n\nB');
    assert.equal(final.choices[0]?.message.tool_calls, undefined);
    assert.equal(final.choices[0]?.finish_reason, 'stop');
    assert.deepEqual(openAIChat.decodeResponse(body, openAIChat.decodeRequest(request('x'))).toolCalls, []);
  });

  test('nothing to withhold leaves the body untouched', async () => {
    const body = await json('get_weather {}');
    const before = JSON.stringify(body);
    openAIChat.withholdToolCalls(body, []);
    assert.equal(JSON.stringify(body), before);
  });
});
