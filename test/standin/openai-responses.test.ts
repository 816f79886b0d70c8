import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { startStandin, type Standin } from '../../src/standin/index.ts';
import { KEY, openai, parseSse, rawPost } from './helpers.ts';

const tools: OpenAI.Responses.FunctionTool[] = [
  { type: 'function', name: 'lookup_order', parameters: { type: 'object', properties: { id: { type: 'string' } } }, strict: false },
  { type: 'function', name: 'refund', parameters: { type: 'object', properties: {} }, strict: false },
];

describe('stand-in: OpenAI Responses', () => {
  let standin: Standin;
  let client: OpenAI;
  before(async () => {
    standin = await startStandin({ apiKey: KEY });
    client = openai(standin.url);
  });
  after(() => standin.close());

  test('JSON: string input, instructions, message output and usage', async () => {
    const res = await client.responses.create({ model: 'whatever-model', instructions: 'be nice', input: 'How are you?' });
    assert.equal(res.object, 'response');
    assert.equal(res.status, 'completed');
    assert.equal(res.model, 'whatever-model');
    assert.equal(res.instructions, 'be nice');
    assert.equal(res.output_text, 'Stand-in reply to: How are you?');
    const item = res.output[0];
    assert.ok(item?.type === 'message');
    assert.equal(item.content[0]?.type, 'output_text');
    assert.equal(res.usage?.input_tokens, Math.ceil(('be nice' + 'How are you?').length / 4));
    assert.equal(res.usage?.total_tokens, (res.usage?.input_tokens ?? 0) + (res.usage?.output_tokens ?? 0));
  });

  test('JSON: function_call items with call_id, name and parsed-able arguments', async () => {
    const res = await client.responses.create({ model: 'm', tools, input: [{ role: 'user', content: 'lookup_order {"id":"A-17"} then refund {"amount": 5}' }] });
    const calls = res.output.filter((o) => o.type === 'function_call');
    assert.deepEqual(calls.map((c) => c.name), ['lookup_order', 'refund']);
    assert.deepEqual(calls.map((c) => JSON.parse(c.arguments)), [{ id: 'A-17' }, { amount: 5 }]);
    assert.ok(calls.every((c) => c.call_id.startsWith('call_') && c.id?.startsWith('fc_')));
  });

  test('function_call_output input → reply quoting the tool result', async () => {
    const res = await client.responses.create({
      model: 'm', tools,
      input: [
        { role: 'user', content: [{ type: 'input_text', text: 'lookup_order {"id":"A-17"}' }] },
        { type: 'function_call', call_id: 'call_9', name: 'lookup_order', arguments: '{"id":"A-17"}' },
        { type: 'function_call_output', call_id: 'call_9', output: '{"status":"shipped"}' },
      ],
    });
    assert.equal(res.output_text, 'Tool lookup_order returned: {"status":"shipped"}');
  });

  test('stream helper: finalResponse assembles text and emits deltas', async () => {
    const stream = client.responses.stream({ model: 'm', input: '[[standin:say alpha beta gamma]]' });
    const deltas: string[] = [];
    stream.on('response.output_text.delta', (e) => deltas.push(e.delta));
    const final = await stream.finalResponse();
    assert.equal(final.output_text, 'alpha beta gamma');
    assert.deepEqual(deltas, ['alpha', ' beta', ' gamma']);
    assert.equal(final.status, 'completed');
    assert.ok(final.usage && final.usage.output_tokens > 0);
  });

  test('stream helper: function call arguments assembled from fragments', async () => {
    const stream = client.responses.stream({ model: 'm', tools, input: 'please lookup_order {"id":"B-2","verbose":true}' });
    let fragments = 0;
    stream.on('response.function_call_arguments.delta', () => fragments++);
    const final = await stream.finalResponse();
    const call = final.output[0];
    assert.ok(call?.type === 'function_call');
    assert.equal(call.name, 'lookup_order');
    assert.deepEqual(JSON.parse(call.arguments), { id: 'B-2', verbose: true });
    assert.ok(fragments > 1);
  });

  test('raw SSE: exact event sequence with event lines and consecutive sequence numbers', async () => {
    const raw = await rawPost(standin.url, '/v1/responses', { model: 'm', stream: true, input: '[[standin:say hi there]]' }, { authorization: `Bearer ${KEY}` });
    const events = parseSse(raw.body);
    assert.deepEqual(events.map((e) => e.event), [
      'response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added',
      'response.output_text.delta', 'response.output_text.delta', 'response.output_text.done',
      'response.content_part.done', 'response.output_item.done', 'response.completed',
    ]);
    events.forEach((e, i) => {
      assert.equal(e.data.type, e.event);
      assert.equal(e.data.sequence_number, i);
    });
    assert.equal(events[0]?.data.response.status, 'in_progress');
    assert.equal(events.at(-1)?.data.response.output[0].content[0].text, 'hi there');
  });

  test('raw SSE for a function call: added, argument deltas, done, item done', async () => {
    const raw = await rawPost(standin.url, '/v1/responses', { model: 'm', stream: true, tools, input: 'refund {"order":"A-17"}' }, { authorization: `Bearer ${KEY}` });
    const names = parseSse(raw.body).map((e) => e.event);
    assert.equal(names[2], 'response.output_item.added');
    const firstDone = names.indexOf('response.function_call_arguments.done');
    assert.ok(firstDone > 3);
    assert.ok(names.slice(3, firstDone).every((n) => n === 'response.function_call_arguments.delta'));
    assert.deepEqual(names.slice(firstDone), ['response.function_call_arguments.done', 'response.output_item.done', 'response.completed']);
  });

  test('streamed event iteration via create({stream: true}) ends with response.completed', async () => {
    const stream = await client.responses.create({ model: 'm', input: 'hello', stream: true });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    assert.equal(types[0], 'response.created');
    assert.equal(types.at(-1), 'response.completed');
  });

  test('tiny max_output_tokens → incomplete response', async () => {
    const res = await client.responses.create({ model: 'm', max_output_tokens: 1, input: 'tell me everything' });
    assert.equal(res.status, 'incomplete');
    assert.equal(res.incomplete_details?.reason, 'max_output_tokens');
    assert.equal(res.output_text, 'Stan');
  });

  test('tiny max_output_tokens while streaming → response.incomplete, accepted by the helper', async () => {
    const stream = client.responses.stream({ model: 'm', max_output_tokens: 2, input: 'tell me everything' });
    let sawIncomplete = false;
    stream.on('response.incomplete', () => (sawIncomplete = true));
    const final = await stream.finalResponse();
    assert.ok(sawIncomplete);
    assert.equal(final.status, 'incomplete');
    assert.equal(final.output_text, 'Stand-in');
  });

  test('wrong key → AuthenticationError', async () => {
    await assert.rejects(openai(standin.url, 'nope').responses.create({ model: 'm', input: 'x' }), OpenAI.AuthenticationError);
  });
});

describe('stand-in: Responses error behaviour', () => {
  let standin: Standin;
  before(async () => {
    standin = await startStandin({ script: (req) => (req.path === '/v1/responses' ? { kind: 'error', status: 500 } : undefined) });
  });
  after(() => standin.close());

  test('scripted 500 → InternalServerError for create and for the stream helper', async () => {
    const client = openai(standin.url);
    await assert.rejects(client.responses.create({ model: 'm', input: 'x' }), OpenAI.InternalServerError);
    await assert.rejects(client.responses.stream({ model: 'm', input: 'x' }).finalResponse(), OpenAI.InternalServerError);
  });
});
