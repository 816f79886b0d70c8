import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { openAIResponses } from '../../src/protocols/openai-responses/index.ts';
import {
  byteByByte, crlf, decodedCalls, deferred, events, fromStandin, JSON_TYPE, notice, replay, runGate, SSE, twoChunkSplits, withholding,
} from './helpers.ts';

const tools: OpenAI.Responses.FunctionTool[] = [
  { type: 'function', name: 'get_weather', parameters: { type: 'object', properties: {} }, strict: false },
  { type: 'function', name: 'get_time', parameters: { type: 'object', properties: {} }, strict: false },
];

function request(input: string, stream = true): object {
  return { model: 'gpt-test', stream, tools, input };
}

const TWO_CALLS = request('[[standin:preamble Let me check.]] get_weather {"city":"Oslo"} then get_time {"tz":"CET"}');
const ONE_CALL = request('get_weather {"c":"é😀"}');

/** The raw event iteration and the stream helper's final response, for the same bytes. */
async function judge(bytes: Buffer): Promise<{ streamed: OpenAI.Responses.ResponseStreamEvent[]; final: OpenAI.Responses.Response }> {
  return replay(bytes, SSE, async (url) => {
    const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'x', maxRetries: 0 });
    const streamed: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const event of await client.responses.create({ model: 'gpt-test', input: 'hi', tools, stream: true })) streamed.push(event);
    const final = await client.responses.stream({ model: 'gpt-test', input: 'hi', tools }).finalResponse();
    return { streamed, final };
  });
}

function assertNumbering(streamed: OpenAI.Responses.ResponseStreamEvent[]): void {
  const seqs = streamed.map((e) => e.sequence_number);
  assert.deepEqual(seqs, seqs.map((_, i) => i), 'sequence numbers stay consecutive from 0');
}

/** What the final snapshot holds, in a comparable form. */
function shape(output: OpenAI.Responses.ResponseOutputItem[]): string[] {
  return output.map((item) => {
    if (item.type === 'function_call') return `call ${item.name} ${item.arguments}`;
    if (item.type === 'message') return `text ${item.content.map((c) => (c.type === 'output_text' ? c.text : '')).join('')}`;
    return item.type;
  });
}

describe('OpenAI Responses: streamed tool-call gate', () => {
  let twoCalls: Buffer;
  let oneCall: Buffer;
  before(async () => {
    twoCalls = await fromStandin('/v1/responses', TWO_CALLS);
    oneCall = await fromStandin('/v1/responses', ONE_CALL);
  });

  test('nothing withheld: the output is the input byte for byte, and the decider sees what the decoder reads', async () => {
    const run = await runGate(openAIResponses, TWO_CALLS, () => undefined, [twoCalls]);
    assert.ok(run.output.equals(twoCalls));
    assert.deepEqual(run.asked, decodedCalls(openAIResponses, TWO_CALLS, twoCalls));
    assert.deepEqual(run.asked.map((c) => [c.name, c.argumentsText, c.index]), [['get_weather', '{"city":"Oslo"}', 0], ['get_time', '{"tz":"CET"}', 1]]);
    const { final } = await judge(run.output);
    assert.deepEqual(shape(final.output), ['text Let me check.', 'call get_weather {"city":"Oslo"}', 'call get_time {"tz":"CET"}']);
  });

  test('first of two calls withheld: a message item in its place, numbering and final snapshot consistent', async () => {
    const run = await runGate(openAIResponses, TWO_CALLS, withholding('get_weather'), [twoCalls]);
    const { streamed, final } = await judge(run.output);
    assertNumbering(streamed);
    assert.deepEqual(shape(final.output), ['text Let me check.', `text ${notice('get_weather')}`, 'call get_time {"tz":"CET"}']);
    assert.equal(final.status, 'completed');
    assert.equal(final.output_text, `Let me check.${notice('get_weather')}`);
    // Each item's events carry its own output_index, and what was streamed is what the snapshot says.
    const done = streamed.filter((e) => e.type === 'response.output_item.done');
    assert.deepEqual(done.map((e) => e.output_index), [0, 1, 2]);
    const completed = streamed.find((e) => e.type === 'response.completed');
    assert.deepEqual(done.map((e) => e.item), completed?.response.output);
    assert.equal((final.output[2] as OpenAI.Responses.ResponseFunctionToolCall).call_id, run.asked[1]?.id);
  });

  test('every call withheld: only message items, status completed', async () => {
    const run = await runGate(openAIResponses, TWO_CALLS, withholding('get_weather', 'get_time'), [twoCalls]);
    const { streamed, final } = await judge(run.output);
    assertNumbering(streamed);
    assert.deepEqual(shape(final.output), ['text Let me check.', `text ${notice('get_weather')}`, `text ${notice('get_time')}`]);
    assert.equal(final.status, 'completed');
    assert.ok(!run.output.toString().includes('function_call'));
  });

  test('an asynchronous decision holds back everything behind the call, then releases it in order', async () => {
    const first = deferred<string | undefined>();
    const written: Buffer[] = [];
    const gate = openAIResponses.createToolCallGate(openAIResponses.decodeRequest(TWO_CALLS), (call) => (call.index === 0 ? first.promise : undefined), {
      write: (bytes) => written.push(Buffer.from(bytes)),
    });
    gate.push(twoCalls);
    const ended = gate.end();
    await new Promise((r) => setImmediate(r));
    const sofar = events(Buffer.concat(written));
    assert.equal(sofar.at(-1)?.event, 'response.output_item.done', 'the text item went out');
    assert.equal(sofar.at(-1)?.data.item.type, 'message');
    first.resolve(notice('get_weather'));
    await ended;
    const sync = await runGate(openAIResponses, TWO_CALLS, withholding('get_weather'), [twoCalls]);
    assert.ok(Buffer.concat(written).equals(sync.output));
  });

  test('the same output however the input is cut, with LF or CRLF line ends', async () => {
    for (const input of [oneCall, crlf(oneCall)]) {
      for (const decide of [() => undefined, withholding('get_weather')]) {
        const whole = await runGate(openAIResponses, ONE_CALL, decide, [input]);
        for (const chunks of twoChunkSplits(input)) {
          const run = await runGate(openAIResponses, ONE_CALL, decide, chunks);
          assert.ok(run.output.equals(whole.output), `split at ${chunks[0]?.length}`);
        }
        assert.ok((await runGate(openAIResponses, ONE_CALL, decide, byteByByte(input))).output.equals(whole.output));
      }
      assert.ok((await runGate(openAIResponses, ONE_CALL, () => undefined, [input])).output.equals(input));
    }
    const { final } = await judge((await runGate(openAIResponses, ONE_CALL, withholding('get_weather'), [crlf(oneCall)])).output);
    assert.deepEqual(shape(final.output), [`text ${notice('get_weather')}`]);
  });

  test('a lone call withheld without text: the SDK accepts a response made only of the notice', async () => {
    const run = await runGate(openAIResponses, ONE_CALL, withholding('get_weather'), [oneCall]);
    const { streamed, final } = await judge(run.output);
    assertNumbering(streamed);
    assert.equal(final.output_text, notice('get_weather'));
  });

  test('deltas that disagree with the finished item fail the gate', async () => {
    const forged = Buffer.from(oneCall.toString().replace('"delta":"{\\"c\\":', '"delta":"{\\"x\\":'));
    assert.notDeepEqual(forged, oneCall);
    await assert.rejects(runGate(openAIResponses, ONE_CALL, () => undefined, [forged]), /disagree/);
  });
});

describe('OpenAI Responses: JSON responses', () => {
  const json = async (input: string): Promise<any> => JSON.parse((await fromStandin('/v1/responses', request(input, false))).toString());

  async function judgeJson(body: unknown): Promise<OpenAI.Responses.Response> {
    return replay(JSON.stringify(body), JSON_TYPE, (url) =>
      new OpenAI({ baseURL: `${url}/v1`, apiKey: 'x', maxRetries: 0 }).responses.create({ model: 'gpt-test', input: 'hi', tools }));
  }

  test('a withheld function_call item becomes a message item in its place; others keep their order', async () => {
    const body = await json('[[standin:preamble On it.]] get_weather {} then get_time {}');
    body.output_text = 'On it.';
    openAIResponses.withholdToolCalls(body, [{ index: 0, notice: 'A' }]);
    assert.equal(body.output_text, 'On it.A', 'a present output_text follows the items');
    const final = await judgeJson(body);
    assert.deepEqual(shape(final.output), ['text On it.', 'text A', 'call get_time {}']);
    assert.equal(final.status, 'completed');
    assert.equal(final.output_text, 'On it.A');
    assert.deepEqual(openAIResponses.decodeResponse(body, openAIResponses.decodeRequest(request('x'))).toolCalls.map((c) => [c.name, c.index]), [['get_time', 0]]);
  });

  test('every call withheld leaves message items only', async () => {
    const body = await json('get_weather {} get_time {}');
    openAIResponses.withholdToolCalls(body, [{ index: 1, notice: 'B' }, { index: 0, notice: 'A' }]);
    const final = await judgeJson(body);
    assert.deepEqual(shape(final.output), ['text A', 'text B']);
    assert.equal('output_text' in body, false, 'no output_text is invented');
  });
});
