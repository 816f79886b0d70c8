import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { startStandin, type Standin } from '../../src/standin/index.ts';
import { anthropic, KEY, parseSse, rawPost } from './helpers.ts';

const tools: Anthropic.Tool[] = [
  { name: 'read_file', input_schema: { type: 'object', properties: { path: { type: 'string' } } } },
  { name: 'send_email', input_schema: { type: 'object', properties: { to: { type: 'string' } } } },
];

describe('stand-in: Anthropic Messages', () => {
  let standin: Standin;
  let client: Anthropic;
  before(async () => {
    standin = await startStandin({ apiKey: KEY });
    client = anthropic(standin.url);
  });
  after(() => standin.close());

  test('JSON text reply with system blocks, echoed model and usage', async () => {
    const msg = await client.messages.create({
      model: 'claude-anything', max_tokens: 256,
      system: [{ type: 'text', text: 'You are terse.' }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Good morning' }] }],
    });
    assert.equal(msg.type, 'message');
    assert.equal(msg.role, 'assistant');
    assert.equal(msg.model, 'claude-anything');
    assert.deepEqual(msg.content, [{ type: 'text', text: 'Stand-in reply to: Good morning' }]);
    assert.equal(msg.stop_reason, 'end_turn');
    assert.equal(msg.usage.input_tokens, Math.ceil(('You are terse.' + 'Good morning').length / 4));
    assert.equal(msg.usage.output_tokens, Math.ceil('Stand-in reply to: Good morning'.length / 4));
  });

  test('tool_use blocks with parsed input and stop_reason tool_use', async () => {
    const msg = await client.messages.create({
      model: 'm', max_tokens: 256, tools,
      messages: [{ role: 'user', content: 'read_file {"path":"/etc/passwd"} and send_email {"to":"eve@example.com"}' }],
    });
    assert.equal(msg.stop_reason, 'tool_use');
    assert.deepEqual(msg.content.map((b) => (b.type === 'tool_use' ? [b.name, b.input] : b.type)), [
      ['read_file', { path: '/etc/passwd' }],
      ['send_email', { to: 'eve@example.com' }],
    ]);
    assert.ok(msg.content.every((b) => b.type === 'tool_use' && b.id.startsWith('toolu_')));
  });

  test('tool_result → reply quoting the result under the tool name', async () => {
    const msg = await client.messages.create({
      model: 'm', max_tokens: 256, tools,
      messages: [
        { role: 'user', content: 'read_file {"path":"a.txt"}' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'read_file', input: { path: 'a.txt' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'file body' }] }] },
      ],
    });
    assert.deepEqual(msg.content, [{ type: 'text', text: 'Tool read_file returned: file body' }]);
  });

  test('stream helper finalMessage assembles text from several deltas', async () => {
    const stream = client.messages.stream({ model: 'm', max_tokens: 64, messages: [{ role: 'user', content: '[[standin:say red green blue]]' }] });
    const deltas: string[] = [];
    stream.on('text', (t) => deltas.push(t));
    const msg = await stream.finalMessage();
    assert.deepEqual(msg.content, [{ type: 'text', text: 'red green blue' }]);
    assert.deepEqual(deltas, ['red', ' green', ' blue']);
    assert.equal(msg.stop_reason, 'end_turn');
    assert.equal(msg.usage.output_tokens, Math.ceil('red green blue'.length / 4));
  });

  test('stream helper finalMessage assembles tool input from partial_json fragments', async () => {
    const stream = client.messages.stream({ model: 'm', max_tokens: 64, tools, messages: [{ role: 'user', content: 'send_email {"to":"a@b.c","body":"hello world"}' }] });
    let fragments = 0;
    stream.on('inputJson', () => fragments++);
    const msg = await stream.finalMessage();
    const block = msg.content[0];
    assert.ok(block?.type === 'tool_use');
    assert.equal(block.name, 'send_email');
    assert.deepEqual(block.input, { to: 'a@b.c', body: 'hello world' });
    assert.equal(msg.stop_reason, 'tool_use');
    assert.ok(fragments > 1);
  });

  test('raw SSE: named events in the real order, ping after the first block start', async () => {
    const raw = await rawPost(standin.url, '/v1/messages', { model: 'm', max_tokens: 9, stream: true, messages: [{ role: 'user', content: '[[standin:say a b]]' }] }, { 'x-api-key': KEY, 'anthropic-version': '2023-06-01' });
    const events = parseSse(raw.body);
    assert.deepEqual(events.map((e) => e.event), [
      'message_start', 'content_block_start', 'ping', 'content_block_delta', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop',
    ]);
    assert.ok(events.every((e) => e.data.type === e.event));
    assert.equal(events[6]?.data.delta.stop_reason, 'end_turn');
  });

  test('tiny max_tokens → stop_reason max_tokens', async () => {
    const msg = await client.messages.create({ model: 'm', max_tokens: 3, messages: [{ role: 'user', content: 'please explain everything' }] });
    assert.equal(msg.stop_reason, 'max_tokens');
    assert.deepEqual(msg.content, [{ type: 'text', text: 'Stand-in rep' }]);
  });

  test('wrong key → Anthropic.AuthenticationError with request-id', async () => {
    await assert.rejects(anthropic(standin.url, 'bad').messages.create({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }), (err: unknown) => {
      assert.ok(err instanceof Anthropic.AuthenticationError);
      assert.match(String(err.requestID), /^req_/);
      assert.equal((err.error as { error: { type: string } }).error.type, 'authentication_error');
      return true;
    });
  });

  test('the key is accepted as x-api-key (raw clients) as well as Bearer (what the v1 SDK sends)', async () => {
    const body = { model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] };
    assert.equal((await rawPost(standin.url, '/v1/messages', body, { 'x-api-key': KEY })).status, 200);
    assert.equal((await rawPost(standin.url, '/v1/messages', body, { authorization: `Bearer ${KEY}` })).status, 200);
    const wrong = await rawPost(standin.url, '/v1/messages', body, { 'x-api-key': 'bad' });
    assert.equal(wrong.status, 401);
    assert.deepEqual(JSON.parse(wrong.body).error, { type: 'authentication_error', message: 'invalid x-api-key' });
    assert.equal((await rawPost(standin.url, '/v1/messages', body)).status, 401);
  });

  test('models.list in the Anthropic shape (chosen by the anthropic-version header)', async () => {
    const ids: string[] = [];
    for await (const m of client.models.list()) {
      assert.equal(m.type, 'model');
      assert.equal(typeof m.display_name, 'string');
      ids.push(m.id);
    }
    assert.deepEqual(ids, ['standin-gpt', 'standin-mini', 'standin-claude']);
  });

  test('count_tokens matches the usage estimate', async () => {
    const res = await client.messages.countTokens({ model: 'm', messages: [{ role: 'user', content: 'twelve chars' }] });
    assert.equal(res.input_tokens, 3);
  });
});

describe('stand-in: Anthropic errors', () => {
  let standin: Standin;
  before(async () => {
    standin = await startStandin({ script: (req) => (JSON.stringify(req.json).includes('overload') ? { kind: 'error', status: 529 } : undefined) });
  });
  after(() => standin.close());

  test('scripted 529 → OverloadedError with the native envelope and request-id header', async () => {
    await assert.rejects(anthropic(standin.url).messages.create({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'overload' }] }), (err: unknown) => {
      assert.ok(err instanceof Anthropic.OverloadedError);
      assert.equal(err.status, 529);
      assert.equal((err.error as { type: string }).type, 'error');
      assert.equal((err.error as { error: { type: string } }).error.type, 'overloaded_error');
      assert.match(String(err.headers?.get('request-id')), /^req_/);
      return true;
    });
  });

  test('malformed JSON and missing max_tokens → 400 invalid_request_error', async () => {
    const raw = await rawPost(standin.url, '/v1/messages', '{nope', { 'anthropic-version': '2023-06-01' });
    assert.equal(raw.status, 400);
    const body = JSON.parse(raw.body);
    assert.equal(body.type, 'error');
    assert.equal(body.error.type, 'invalid_request_error');
    assert.match(String(raw.headers['request-id']), /^req_/);
    await assert.rejects(anthropic(standin.url).messages.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] } as never), (err: unknown) => {
      assert.ok(err instanceof Anthropic.BadRequestError);
      assert.equal(err.message.includes('max_tokens'), true);
      assert.match(String(err.requestID), /^req_/);
      return true;
    });
  });

  test('unknown path with anthropic-version → 404 not_found_error', async () => {
    const raw = await rawPost(standin.url, '/v1/complete', {}, { 'anthropic-version': '2023-06-01' });
    assert.equal(raw.status, 404);
    assert.equal(JSON.parse(raw.body).error.type, 'not_found_error');
  });
});
