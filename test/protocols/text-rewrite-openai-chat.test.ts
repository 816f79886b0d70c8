import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { openAIChat } from '../../src/protocols/openai-chat/index.ts';
import { byteByByte, crlf, events, fromStandin, JSON_TYPE, notice, replay, SSE, twoChunkSplits, withholding } from './helpers.ts';
import {
  assertWholePieces, cutsOf, ORIGINALS, placeholderRewriter, recut, restored, runChain, runRewrite, type PieceField,
} from './text-rewrite-helpers.ts';

const tools: OpenAI.ChatCompletionTool[] = [
  { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: {} } } },
  { type: 'function', function: { name: 'get_time', parameters: { type: 'object', properties: {} } } },
];
const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'hi' }];

function request(content: string, stream = true): object {
  return { model: 'gpt-test', stream, tools, messages: [{ role: 'user', content }], stream_options: stream ? { include_usage: true } : undefined };
}

const TEXT = 'Hi <PERSON_1>, your SSN is <US_SSN_2>. Bye';
const ARGS = '{"who":"<PERSON_1>","ssn":"<US_SSN_2>"}';
const SAY = request(`[[standin:say ${TEXT}]]`);
const CALL = request(`[[standin:preamble Checking <PERSON_1>.]] get_weather ${ARGS}`);
const PLAIN = request('[[standin:preamble Let me check.]] get_weather {"city":"Oslo"} then get_time {"tz":"CET"}');

/** Content deltas of choice 0 that carry nothing else. */
const contentPiece: PieceField = {
  get: (data) => {
    const delta = data?.choices?.[0]?.delta;
    return delta !== undefined && Object.keys(delta).join() === 'content' ? delta.content : undefined;
  },
  set: (data, text) => {
    data.choices[0].delta.content = text;
  },
};
/** Argument deltas of a call already started (no id). */
const argsPiece: PieceField = {
  get: (data) => {
    const call = data?.choices?.[0]?.delta?.tool_calls?.[0];
    return call !== undefined && call.id === undefined ? call.function?.arguments : undefined;
  },
  set: (data, text) => {
    data.choices[0].delta.tool_calls[0].function.arguments = text;
  },
};

/** The SDK's stream helper: every chunk, and the completion it assembles. */
async function judge(bytes: Buffer): Promise<{ text: string; args: string; final: OpenAI.ChatCompletion }> {
  return replay(bytes, SSE, async (url) => {
    const stream = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'x', maxRetries: 0 }).chat.completions.stream({ model: 'gpt-test', messages, tools });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    const deltas = chunks.map((c) => c.choices[0]?.delta);
    return {
      text: deltas.map((d) => d?.content ?? '').join(''),
      args: deltas.flatMap((d) => d?.tool_calls ?? []).map((t) => t.function?.arguments ?? '').join(''),
      final: await stream.finalChatCompletion(),
    };
  });
}

describe('OpenAI Chat: streamed text rewriter', () => {
  let say: Buffer;
  let call: Buffer;
  let plain: Buffer;
  before(async () => {
    say = await fromStandin('/v1/chat/completions', SAY);
    call = await fromStandin('/v1/chat/completions', CALL);
    plain = await fromStandin('/v1/chat/completions', PLAIN);
  });

  test('placeholders cut at every offset of the deltas, and the stream at every byte, come back restored', async () => {
    for (const cuts of cutsOf(TEXT)) {
      const input = recut(say, contentPiece, cuts);
      const seen: string[] = [];
      const output = await runRewrite(openAIChat, SAY, [input], placeholderRewriter(seen));
      assertWholePieces(seen);
      assert.ok((await runRewrite(openAIChat, SAY, byteByByte(input))).equals(output), `cuts ${cuts}: byte by byte`);
      const { text, final } = await judge(output);
      assert.equal(text, restored(TEXT), `cuts ${cuts}: the deltas`);
      assert.equal(final.choices[0]?.message.content, restored(TEXT), `cuts ${cuts}: the completion`);
      assert.equal(final.choices[0]?.finish_reason, 'stop');
    }
    const input = recut(say, contentPiece, [TEXT.indexOf('SON_1')]);
    const whole = await runRewrite(openAIChat, SAY, [input]);
    for (const chunks of twoChunkSplits(input)) assert.ok((await runRewrite(openAIChat, SAY, chunks)).equals(whole));
    // Untouched events keep their CRLF line ends, rewritten ones are written with LF: both are SSE.
    assert.equal((await judge(await runRewrite(openAIChat, SAY, byteByByte(crlf(input))))).final.choices[0]?.message.content, restored(TEXT));
  });

  test('a held tail joins the next delta of the same text; the usage chunk and [DONE] stay as they came', async () => {
    const input = recut(say, contentPiece, [TEXT.indexOf('SON_1')]);
    const output = await runRewrite(openAIChat, SAY, [input]);
    const contents = events(output).map((e) => e.data?.choices?.[0]?.delta?.content).filter((c) => c !== undefined);
    assert.deepEqual(contents, ['', 'Hi ', `${ORIGINALS.get('<PERSON_1>')}, your SSN is ${ORIGINALS.get('<US_SSN_2>')}. Bye`]);
    assert.equal(events(output).length, events(input).length, 'nothing was held at the end: no chunk added');
    assert.ok(output.toString().endsWith(input.toString().slice(input.toString().lastIndexOf('data: {'))), 'usage chunk and [DONE] byte for byte');
  });

  test('without placeholders the stream is the input byte for byte, however it is cut', async () => {
    for (const input of [plain, crlf(plain), say.subarray(0, 0)]) {
      assert.ok((await runRewrite(openAIChat, PLAIN, [input])).equals(input));
      assert.ok((await runRewrite(openAIChat, PLAIN, byteByByte(input))).equals(input));
    }
  });

  test('a "<" that never becomes a placeholder is released: later in the text, or before the finish chunk', async () => {
    const text = 'Cost <5 and <UNKNOWN_9> stays, then <NOT_A';
    const req = request(`[[standin:say ${text}]]`);
    const output = await runRewrite(openAIChat, req, [await fromStandin('/v1/chat/completions', req)]);
    const list = events(output);
    const finish = list.findIndex((e) => e.data?.choices?.[0]?.finish_reason === 'stop');
    assert.deepEqual(list[finish - 1]?.data.choices[0], { index: 0, delta: { content: '<NOT_A' }, logprobs: null, finish_reason: null });
    assert.equal(list[finish - 1]?.data.id, list[finish]?.data.id, 'the added chunk has the stream\'s envelope');
    const { text: deltas, final } = await judge(output);
    assert.equal(deltas, text);
    assert.equal(final.choices[0]?.message.content, text);
  });

  test('texts end per choice: at a tool call of the choice, at its finish (also in the same chunk), each choice on its own', async () => {
    const chunk = (index: number, delta: object, finish: string | null = null): string =>
      `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index, delta, logprobs: null, finish_reason: finish }] })}\n\n`;
    const start = { index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"a":"<PERS' } };
    const input = Buffer.from([
      chunk(0, { role: 'assistant', content: '' }), chunk(1, { role: 'assistant', content: '' }),
      chunk(0, { content: 'Hi <PER' }), chunk(1, { content: 'Yo <US_' }), chunk(0, { content: 'SON_1> <NOT_A' }),
      chunk(0, { tool_calls: [start] }), chunk(1, { content: 'SSN_2>' }, 'stop'),
      chunk(0, { tool_calls: [{ index: 0, function: { arguments: 'ON_1>"}' } }] }), chunk(0, {}, 'tool_calls'), 'data: [DONE]\n\n',
    ].join(''));
    const output = await runRewrite(openAIChat, CALL, byteByByte(input));
    const deltas = events(output).slice(0, -1).map((e) => [e.data.choices[0].index, e.data.choices[0].delta]);
    assert.deepEqual(deltas.slice(2, 6), [[0, { content: 'Hi ' }], [1, { content: 'Yo ' }], [0, { content: `${ORIGINALS.get('<PERSON_1>')} ` }], [0, { content: '<NOT_A' }]]);
    const { final } = await judge(output);
    const [zero, one] = final.choices;
    assert.equal(zero?.message.content, restored('Hi <PERSON_1> <NOT_A'));
    const fn = zero?.message.tool_calls?.[0]?.type === 'function' ? zero.message.tool_calls[0].function : undefined;
    assert.deepEqual(JSON.parse(fn?.arguments ?? ''), { a: ORIGINALS.get('<PERSON_1>') });
    assert.equal(one?.message.content, restored('Yo <US_SSN_2>'));
    assert.equal(one?.finish_reason, 'stop');
  });

  test('tool call arguments: the original comes back inside valid JSON (quote, backslash), cut at every offset', async () => {
    const expected = { who: ORIGINALS.get('<PERSON_1>'), ssn: ORIGINALS.get('<US_SSN_2>') };
    for (const cuts of cutsOf(ARGS)) {
      const input = recut(call, argsPiece, cuts);
      const seen: string[] = [];
      const output = await runRewrite(openAIChat, CALL, [input], placeholderRewriter(seen));
      assertWholePieces(seen);
      const { text, args, final } = await judge(output);
      assert.deepEqual(JSON.parse(args), expected, `cuts ${cuts}: the deltas`);
      const message = final.choices[0]?.message;
      const fn = message?.tool_calls?.[0]?.type === 'function' ? message.tool_calls[0].function : undefined;
      assert.deepEqual(JSON.parse(fn?.arguments ?? ''), expected, `cuts ${cuts}: the completion`);
      assert.equal(text, restored('Checking <PERSON_1>.'));
      assert.equal(final.choices[0]?.finish_reason, 'tool_calls');
    }
  });

  test('chained with the tool-call gate, either order: the same stream; rewriter first, the decider sees the originals', async () => {
    for (const withhold of [false, true]) {
      const decide = withhold ? withholding('get_weather') : () => undefined;
      const first = await runChain(openAIChat, CALL, decide, 'rewriter first', byteByByte(call));
      const second = await runChain(openAIChat, CALL, decide, 'gate first', [call]);
      assert.ok(first.output.equals(second.output), 'the same bytes either way');
      assert.equal(first.asked[0]?.argumentsText, restored(ARGS, true));
      assert.equal(second.asked[0]?.argumentsText, ARGS);
      const { final } = await judge(first.output);
      const message = final.choices[0]?.message;
      if (withhold) {
        assert.equal(message?.tool_calls, undefined);
        assert.equal(message?.content, `${restored('Checking <PERSON_1>.')}\n\n${notice('get_weather')}`);
      } else {
        const fn = message?.tool_calls?.[0]?.type === 'function' ? message.tool_calls[0].function : undefined;
        assert.equal(fn?.arguments, restored(ARGS, true));
      }
    }
  });
});

describe('OpenAI Chat: JSON text rewriter', () => {
  test('content and tool call arguments restored; the SDK reads valid JSON arguments', async () => {
    const body = JSON.parse((await fromStandin('/v1/chat/completions', request(`[[standin:preamble ${TEXT}]] get_weather ${ARGS}`, false))).toString());
    openAIChat.rewriteResponseText(body, placeholderRewriter());
    const final = await replay(JSON.stringify(body), JSON_TYPE, (url) =>
      new OpenAI({ baseURL: `${url}/v1`, apiKey: 'x', maxRetries: 0 }).chat.completions.create({ model: 'gpt-test', messages, tools }));
    const message = final.choices[0]?.message;
    assert.equal(message?.content, restored(TEXT));
    const fn = message?.tool_calls?.[0]?.type === 'function' ? message.tool_calls[0].function : undefined;
    assert.deepEqual(JSON.parse(fn?.arguments ?? ''), { who: ORIGINALS.get('<PERSON_1>'), ssn: ORIGINALS.get('<US_SSN_2>') });
  });

  test('text parts, refusals, every choice', () => {
    const body = {
      choices: [
        { index: 0, message: { content: [{ type: 'text', text: 'a <PERSON_1>' }], refusal: null } },
        { index: 1, message: { content: null, refusal: 'not <US_SSN_2>' } },
      ],
    };
    openAIChat.rewriteResponseText(body, placeholderRewriter());
    assert.deepEqual(body.choices.map((c) => c.message), [
      { content: [{ type: 'text', text: restored('a <PERSON_1>') }], refusal: null },
      { content: null, refusal: restored('not <US_SSN_2>') },
    ]);
  });
});
