import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { openAIResponses } from '../../src/protocols/openai-responses/index.ts';
import { byteByByte, events, fromStandin, JSON_TYPE, notice, replay, SSE, twoChunkSplits, withholding } from './helpers.ts';
import {
  assertWholePieces, cutsOf, ORIGINALS, placeholderRewriter, recut, restored, runChain, runRewrite, type PieceField,
} from './text-rewrite-helpers.ts';

const tools: OpenAI.Responses.FunctionTool[] = [
  { type: 'function', name: 'get_weather', parameters: { type: 'object', properties: {} }, strict: false },
];

function request(input: string, stream = true): object {
  return { model: 'gpt-test', stream, tools, input };
}

const TEXT = 'Hi <PERSON_1>, your SSN is <US_SSN_2>. Bye';
const ARGS = '{"who":"<PERSON_1>","ssn":"<US_SSN_2>"}';
const SAY = request(`[[standin:say ${TEXT}]]`);
const CALL = request(`[[standin:preamble Checking <PERSON_1>.]] get_weather ${ARGS}`);
const PLAIN = request('[[standin:preamble Let me check.]] get_weather {"city":"Oslo"}');

const piece = (type: string): PieceField => ({
  get: (data) => (data?.type === type ? data.delta : undefined),
  set: (data, text) => {
    data.delta = text;
  },
});
const textPiece = piece('response.output_text.delta');
const argsPiece = piece('response.function_call_arguments.delta');

type Event = OpenAI.Responses.ResponseStreamEvent;

async function judge(bytes: Buffer): Promise<{ streamed: Event[]; final: OpenAI.Responses.Response }> {
  return replay(bytes, SSE, async (url) => {
    const stream = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'x', maxRetries: 0 }).responses.stream({ model: 'gpt-test', input: 'hi', tools });
    const streamed: Event[] = [];
    for await (const event of stream) streamed.push(event);
    return { streamed, final: await stream.finalResponse() };
  });
}

/** What the agent reads, every way the stream says it, checked to agree. */
function read(streamed: Event[], final: OpenAI.Responses.Response): { text: string; args: string } {
  const seqs = streamed.map((e) => e.sequence_number);
  assert.deepEqual(seqs, seqs.map((_, i) => i), 'sequence numbers stay consecutive from 0');
  const of = <T extends Event['type']>(type: T) => streamed.filter((e): e is Extract<Event, { type: T }> => e.type === type);
  const text = of('response.output_text.delta').map((e) => e.delta).join('');
  const args = of('response.function_call_arguments.delta').map((e) => e.delta).join('');
  assert.equal(of('response.output_text.done').map((e) => e.text).join(''), text);
  assert.equal(final.output_text, text);
  const call = final.output.find((item) => item.type === 'function_call');
  assert.equal(call?.arguments ?? '', args);
  assert.deepEqual(of('response.function_call_arguments.done').map((e) => e.arguments), call === undefined ? [] : [args]);
  // The final snapshot says what the items said when they were done.
  assert.deepEqual(of('response.output_item.done').map((e) => e.item), of('response.completed')[0]?.response.output);
  return { text, args };
}

describe('OpenAI Responses: streamed text rewriter', () => {
  let say: Buffer;
  let call: Buffer;
  let plain: Buffer;
  before(async () => {
    say = await fromStandin('/v1/responses', SAY);
    call = await fromStandin('/v1/responses', CALL);
    plain = await fromStandin('/v1/responses', PLAIN);
  });

  test('placeholders cut at every offset of the deltas, and the stream at every byte, come back restored', async () => {
    for (const cuts of cutsOf(TEXT)) {
      const input = recut(say, textPiece, cuts);
      const seen: string[] = [];
      const output = await runRewrite(openAIResponses, SAY, [input], placeholderRewriter(seen));
      assertWholePieces(seen);
      assert.ok((await runRewrite(openAIResponses, SAY, byteByByte(input))).equals(output), `cuts ${cuts}: byte by byte`);
      const { streamed, final } = await judge(output);
      assert.equal(read(streamed, final).text, restored(TEXT), `cuts ${cuts}`);
    }
    const input = recut(say, textPiece, [TEXT.indexOf('SON_1')]);
    const whole = await runRewrite(openAIResponses, SAY, [input]);
    for (const chunks of twoChunkSplits(input)) assert.ok((await runRewrite(openAIResponses, SAY, chunks)).equals(whole));
  });

  test('without placeholders the stream is the input byte for byte, however it is cut', async () => {
    for (const input of [plain, say.subarray(0, 0)]) {
      assert.ok((await runRewrite(openAIResponses, PLAIN, [input])).equals(input));
      assert.ok((await runRewrite(openAIResponses, PLAIN, byteByByte(input))).equals(input));
    }
  });

  test('a "<" that never becomes a placeholder is released in a delta before output_text.done; later events renumbered', async () => {
    const text = 'Cost <5 and <UNKNOWN_9> stays, then <NOT_A';
    const req = request(`[[standin:say ${text}]]`);
    const input = await fromStandin('/v1/responses', req);
    const output = await runRewrite(openAIResponses, req, [input]);
    const list = events(output);
    const done = list.findIndex((e) => e.event === 'response.output_text.done');
    assert.equal(list[done - 1]?.event, 'response.output_text.delta');
    assert.deepEqual(list[done - 1]?.data, { ...list[done - 2]?.data, sequence_number: done - 1, delta: '<NOT_A' });
    assert.equal(list.length, events(input).length + 1);
    const { streamed, final } = await judge(output);
    assert.equal(read(streamed, final).text, text);
  });

  test('a stream cut inside a text: the held tail is written at the end, numbered on', async () => {
    const req = request('[[standin:say Ask <NOT_A]]');
    const input = await fromStandin('/v1/responses', req);
    const cut = input.subarray(0, input.indexOf('event: response.output_text.done'));
    const list = events(await runRewrite(openAIResponses, req, [cut]));
    assert.deepEqual(list.at(-1)?.data, { ...list.at(-2)?.data, sequence_number: list.length - 1, delta: '<NOT_A' });
  });

  test('function call arguments: the original comes back inside valid JSON (quote, backslash), cut at every offset', async () => {
    const expected = { who: ORIGINALS.get('<PERSON_1>'), ssn: ORIGINALS.get('<US_SSN_2>') };
    for (const cuts of cutsOf(ARGS)) {
      const input = recut(call, argsPiece, cuts);
      const seen: string[] = [];
      const output = await runRewrite(openAIResponses, CALL, [input], placeholderRewriter(seen));
      assertWholePieces(seen);
      const { streamed, final } = await judge(output);
      const { text, args } = read(streamed, final);
      assert.deepEqual(JSON.parse(args), expected, `cuts ${cuts}`);
      assert.equal(text, restored('Checking <PERSON_1>.'));
    }
  });

  test('partial placeholders in the arguments are held and go out with the next delta, completed or not', async () => {
    const req = request('get_weather {"note":"<US_SSN_2> or <NOT_A"}');
    const output = await runRewrite(openAIResponses, req, [await fromStandin('/v1/responses', req)]);
    const deltas = events(output).filter((e) => e.event === 'response.function_call_arguments.delta').map((e) => e.data.delta);
    // Upstream's 8-character fragments: {"note": / "<US_SSN / _2> or < / NOT_A"}
    assert.deepEqual(deltas, ['{"note":', '"', `${ORIGINALS.get('<US_SSN_2>')} or `, '<NOT_A"}']);
    const { streamed, final } = await judge(output);
    assert.deepEqual(JSON.parse(read(streamed, final).args), { note: `${ORIGINALS.get('<US_SSN_2>')} or <NOT_A` });
  });

  test('chained with the tool-call gate, either order: the same stream; rewriter first, the decider sees the originals', async () => {
    for (const withhold of [false, true]) {
      const decide = withhold ? withholding('get_weather') : () => undefined;
      const first = await runChain(openAIResponses, CALL, decide, 'rewriter first', byteByByte(call));
      const second = await runChain(openAIResponses, CALL, decide, 'gate first', [call]);
      assert.ok(first.output.equals(second.output), 'the same bytes either way');
      assert.equal(first.asked[0]?.argumentsText, restored(ARGS, true));
      assert.equal(second.asked[0]?.argumentsText, ARGS);
      const { streamed, final } = await judge(first.output);
      const { text, args } = read(streamed, final);
      assert.equal(text, restored('Checking <PERSON_1>.') + (withhold ? notice('get_weather') : ''));
      assert.equal(args, withhold ? '' : restored(ARGS, true));
    }
  });
});

describe('OpenAI Responses: JSON text rewriter', () => {
  test('message text and function_call arguments restored; the SDK reads valid JSON arguments', async () => {
    const body = JSON.parse((await fromStandin('/v1/responses', request(`[[standin:preamble ${TEXT}]] get_weather ${ARGS}`, false))).toString());
    openAIResponses.rewriteResponseText(body, placeholderRewriter());
    const final = await replay(JSON.stringify(body), JSON_TYPE, (url) =>
      new OpenAI({ baseURL: `${url}/v1`, apiKey: 'x', maxRetries: 0 }).responses.create({ model: 'gpt-test', input: 'hi', tools }));
    assert.equal(final.output_text, restored(TEXT));
    const call = final.output.find((item) => item.type === 'function_call');
    assert.deepEqual(JSON.parse(call?.arguments ?? ''), { who: ORIGINALS.get('<PERSON_1>'), ssn: ORIGINALS.get('<US_SSN_2>') });
  });

  test('refusals and custom tool input too; reasoning is left as it came', () => {
    const body = {
      output: [
        { type: 'reasoning', summary: [{ type: 'summary_text', text: '<PERSON_1>' }] },
        { type: 'message', content: [{ type: 'refusal', refusal: 'not <US_SSN_2>' }] },
        { type: 'custom_tool_call', input: 'call <PERSON_1>' },
      ],
    };
    openAIResponses.rewriteResponseText(body, placeholderRewriter());
    assert.deepEqual(body.output, [
      { type: 'reasoning', summary: [{ type: 'summary_text', text: '<PERSON_1>' }] },
      { type: 'message', content: [{ type: 'refusal', refusal: restored('not <US_SSN_2>') }] },
      { type: 'custom_tool_call', input: restored('call <PERSON_1>') },
    ]);
  });
});
