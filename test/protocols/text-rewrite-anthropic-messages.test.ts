import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { anthropicMessages } from '../../src/protocols/anthropic-messages/index.ts';
import { byteByByte, crlf, events, fromStandin, JSON_TYPE, notice, replay, SSE, twoChunkSplits, withholding } from './helpers.ts';
import {
  assertWholePieces, cutsOf, ORIGINALS, placeholderRewriter, recut, restored, runChain, runRewrite, type PieceField,
} from './text-rewrite-helpers.ts';

const tools: Anthropic.Tool[] = [{ name: 'get_weather', input_schema: { type: 'object', properties: {} } }];
const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'hi' }];

function request(content: string, stream = true): object {
  return { model: 'claude-test', max_tokens: 256, stream, tools, messages: [{ role: 'user', content }] };
}

const TEXT = 'Hi <PERSON_1>, your SSN is <US_SSN_2>. Bye';
const ARGS = '{"who":"<PERSON_1>","ssn":"<US_SSN_2>"}';
const SAY = request(`[[standin:say ${TEXT}]]`);
const CALL = request(`[[standin:preamble Checking <PERSON_1>.]] get_weather ${ARGS}`);
const PLAIN = request('[[standin:preamble Let me check.]] get_weather {"city":"Oslo"}');
const EXPECTED = { who: ORIGINALS.get('<PERSON_1>'), ssn: ORIGINALS.get('<US_SSN_2>') };

const piece = (type: string, field: string): PieceField => ({
  get: (data) => (data?.type === 'content_block_delta' && data.delta?.type === type ? data.delta[field] : undefined),
  set: (data, text) => {
    data.delta[field] = text;
  },
});
const textPiece = piece('text_delta', 'text');
const argsPiece = piece('input_json_delta', 'partial_json');

/** The SDK's stream helper: the deltas it passed on, and the message it assembled. */
async function judge(bytes: Buffer): Promise<{ text: string; json: string; final: Anthropic.Message }> {
  return replay(bytes, SSE, async (url) => {
    const stream = new Anthropic({ baseURL: url, apiKey: 'x', maxRetries: 0 }).messages.stream({ model: 'claude-test', max_tokens: 256, messages, tools });
    let text = '';
    let json = '';
    for await (const event of stream) {
      if (event.type !== 'content_block_delta') continue;
      if (event.delta.type === 'text_delta') text += event.delta.text;
      if (event.delta.type === 'input_json_delta') json += event.delta.partial_json;
    }
    return { text, json, final: await stream.finalMessage() };
  });
}

function shape(content: Anthropic.ContentBlock[]): unknown[] {
  return content.map((block) => (block.type === 'text' ? block.text : block.type === 'tool_use' ? block.input : block.type));
}

describe('Anthropic Messages: streamed text rewriter', () => {
  let say: Buffer;
  let call: Buffer;
  let plain: Buffer;
  before(async () => {
    say = await fromStandin('/v1/messages', SAY);
    call = await fromStandin('/v1/messages', CALL);
    plain = await fromStandin('/v1/messages', PLAIN);
  });

  test('placeholders cut at every offset of the deltas, and the stream at every byte, come back restored', async () => {
    for (const cuts of cutsOf(TEXT)) {
      const input = recut(say, textPiece, cuts);
      const seen: string[] = [];
      const output = await runRewrite(anthropicMessages, SAY, [input], placeholderRewriter(seen));
      assertWholePieces(seen);
      assert.ok((await runRewrite(anthropicMessages, SAY, byteByByte(input))).equals(output), `cuts ${cuts}: byte by byte`);
      const { text, final } = await judge(output);
      assert.equal(text, restored(TEXT), `cuts ${cuts}: the deltas`);
      assert.deepEqual(shape(final.content), [restored(TEXT)], `cuts ${cuts}: the message`);
    }
    const input = recut(say, textPiece, [TEXT.indexOf('SON_1')]);
    const whole = await runRewrite(anthropicMessages, SAY, [input]);
    for (const chunks of twoChunkSplits(input)) assert.ok((await runRewrite(anthropicMessages, SAY, chunks)).equals(whole));
  });

  test('without placeholders the stream is the input byte for byte, however it is cut', async () => {
    for (const input of [plain, crlf(plain), say.subarray(0, 0)]) {
      assert.ok((await runRewrite(anthropicMessages, PLAIN, [input])).equals(input));
      assert.ok((await runRewrite(anthropicMessages, PLAIN, byteByByte(input))).equals(input));
    }
  });

  test('a "<" that never becomes a placeholder is released in a delta just before content_block_stop', async () => {
    const text = 'Cost <5 and <UNKNOWN_9> stays, then <NOT_A';
    const req = request(`[[standin:say ${text}]]`);
    const output = await runRewrite(anthropicMessages, req, [await fromStandin('/v1/messages', req)]);
    const list = events(output);
    const stop = list.findIndex((e) => e.event === 'content_block_stop');
    assert.deepEqual(list[stop - 1], { event: 'content_block_delta', data: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: '<NOT_A' } } });
    const { text: deltas, final } = await judge(output);
    assert.equal(deltas, text);
    assert.deepEqual(shape(final.content), [text]);
  });

  test('a stream cut inside a text: the held tail is written at the end', async () => {
    const req = request('[[standin:say Ask <NOT_A]]');
    const input = await fromStandin('/v1/messages', req);
    const output = await runRewrite(anthropicMessages, req, [input.subarray(0, input.indexOf('event: content_block_stop'))]);
    assert.deepEqual(events(output).at(-1)?.data, { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: '<NOT_A' } });
  });

  test('tool_use input: the original comes back inside valid JSON (quote, backslash), cut at every offset', async () => {
    for (const cuts of cutsOf(ARGS)) {
      const input = recut(call, argsPiece, cuts);
      const seen: string[] = [];
      const output = await runRewrite(anthropicMessages, CALL, [input], placeholderRewriter(seen));
      assertWholePieces(seen);
      const { text, json, final } = await judge(output);
      assert.deepEqual(JSON.parse(json), EXPECTED, `cuts ${cuts}: the deltas`);
      assert.equal(text, restored('Checking <PERSON_1>.'));
      assert.deepEqual(shape(final.content), [restored('Checking <PERSON_1>.'), EXPECTED], `cuts ${cuts}: the message`);
    }
  });

  test('chained with the tool-call gate, either order: the same stream; rewriter first, the decider sees the originals', async () => {
    for (const withhold of [false, true]) {
      const decide = withhold ? withholding('get_weather') : () => undefined;
      const first = await runChain(anthropicMessages, CALL, decide, 'rewriter first', byteByByte(call));
      const second = await runChain(anthropicMessages, CALL, decide, 'gate first', [call]);
      assert.ok(first.output.equals(second.output), 'the same bytes either way');
      assert.deepEqual(JSON.parse(first.asked[0]?.argumentsText ?? ''), EXPECTED);
      assert.equal(second.asked[0]?.argumentsText, ARGS);
      const { final } = await judge(first.output);
      assert.deepEqual(shape(final.content), [restored('Checking <PERSON_1>.'), withhold ? notice('get_weather') : EXPECTED]);
    }
  });
});

describe('Anthropic Messages: JSON text rewriter', () => {
  test('text blocks and every string of a tool_use input (keys too) restored; thinking left alone', async () => {
    const body = JSON.parse((await fromStandin('/v1/messages', request(`[[standin:preamble ${TEXT}]] get_weather {"who":"<PERSON_1>","list":["<US_SSN_2>",1,{"<PERSON_1>":null}]}`, false))).toString());
    body.content.unshift({ type: 'thinking', thinking: 'about <PERSON_1>', signature: 'sig' });
    anthropicMessages.rewriteResponseText(body, placeholderRewriter());
    const final = await replay(JSON.stringify(body), JSON_TYPE, (url) =>
      new Anthropic({ baseURL: url, apiKey: 'x', maxRetries: 0 }).messages.create({ model: 'claude-test', max_tokens: 256, messages, tools }));
    const person = ORIGINALS.get('<PERSON_1>') as string;
    assert.deepEqual(shape(final.content), ['thinking', restored(TEXT), { who: person, list: [ORIGINALS.get('<US_SSN_2>'), 1, { [person]: null }] }]);
    assert.equal((final.content[0] as Anthropic.ThinkingBlock).thinking, 'about <PERSON_1>');
  });

  test('a body without placeholders keeps its objects', () => {
    const input = { a: ['b', { c: 'd' }] };
    const body = { content: [{ type: 'tool_use', input }] };
    anthropicMessages.rewriteResponseText(body, placeholderRewriter());
    assert.equal(body.content[0]?.input, input);
  });
});
