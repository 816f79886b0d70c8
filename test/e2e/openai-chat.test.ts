import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { STANDIN_API_KEY } from '../../src/config/defaults.ts';
import { rawRequest, startHarness, type Harness } from '../helpers/harness.ts';

const WEATHER = {
  type: 'function' as const,
  function: { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
};

describe('OpenAI Chat Completions through the gateway (official openai SDK)', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  it('answers a JSON completion with usage and gateway headers', async () => {
    const { data, response } = await h.openai().chat.completions
      .create({ model: 'standin-gpt', messages: [{ role: 'user', content: 'hello there' }] })
      .withResponse();
    assert.equal(data.choices[0]?.message.content, 'Stand-in reply to: hello there');
    assert.ok((data.usage?.prompt_tokens ?? 0) > 0);
    assert.match(response.headers.get('x-portcullis-request-id') ?? '', /^[0-9a-f-]{36}$/);
    assert.match(response.headers.get('x-portcullis-overhead-ms') ?? '', /^\d+\.\d{3}$/);
    // A whole body goes out with its length, not in chunks (cheaper for both sides' HTTP stacks).
    assert.equal(response.headers.get('transfer-encoding'), null);
    assert.ok(Number(response.headers.get('content-length')) > 0);
  });

  it('streams deltas and the include_usage chunk', async () => {
    const stream = await h.openai().chat.completions.create({
      model: 'standin-gpt', stream: true, stream_options: { include_usage: true },
      messages: [{ role: 'user', content: '[[standin:say one two three four five six]]' }],
    });
    let text = '';
    let chunks = 0;
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      chunks++;
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    assert.equal(text, 'one two three four five six');
    assert.ok(chunks > 3, `expected several chunks, got ${chunks}`);
    assert.ok(usage && usage.completion_tokens > 0);
  });

  it('relays a proposed tool call (JSON) and records it in the normalized exchange', async () => {
    const before = h.records.length;
    const completion = await h.openai().chat.completions.create({
      model: 'standin-gpt', tools: [WEATHER],
      messages: [{ role: 'user', content: 'use get_weather with {"city":"Porto"}' }],
    });
    const call = completion.choices[0]?.message.tool_calls?.[0];
    assert.equal(completion.choices[0]?.finish_reason, 'tool_calls');
    assert.ok(call && call.type === 'function');
    assert.deepEqual(JSON.parse(call.function.arguments), { city: 'Porto' });
    const [record] = (await h.recorded(before + 1)).slice(before);
    assert.equal(record?.response?.toolCalls[0]?.name, 'get_weather');
    assert.equal(record?.request?.toolDefinitions[0]?.name, 'get_weather');
  });

  it('assembles a streamed tool call from deltas, for the SDK and for the gateway', async () => {
    const before = h.records.length;
    const final = await h.openai().chat.completions
      .stream({ model: 'standin-gpt', tools: [WEATHER], messages: [{ role: 'user', content: 'get_weather {"city":"Faro","days":3}' }] })
      .finalChatCompletion();
    const call = final.choices[0]?.message.tool_calls?.[0];
    assert.ok(call && call.type === 'function');
    assert.deepEqual(JSON.parse(call.function.arguments), { city: 'Faro', days: 3 });
    const [record] = (await h.recorded(before + 1)).slice(before);
    assert.equal(record?.response?.toolCalls.length, 1);
    assert.deepEqual(JSON.parse(record?.response?.toolCalls[0]?.argumentsText ?? ''), { city: 'Faro', days: 3 });
    assert.equal(record?.response?.stopReason, 'tool_calls');
  });

  it('decodes every message of the request, not only the last', async () => {
    const before = h.records.length;
    await h.openai().chat.completions.create({
      model: 'standin-gpt',
      messages: [
        { role: 'system', content: 'sys' },
        { role: 'user', content: [{ type: 'text', text: 'first' }] },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'get_weather', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'c1', content: 'sunny' },
        { role: 'user', content: 'last' },
      ],
    });
    const [record] = (await h.recorded(before + 1)).slice(before);
    const parts = record?.request?.parts.map((p) => `${p.source}:${p.text}`);
    assert.deepEqual(parts, ['system:sys', 'user:first', 'tool_result:sunny', 'user:last']);
    assert.equal(record?.request?.parts[2]?.toolCallId, 'c1');
    assert.equal(record?.request?.toolCalls[0]?.name, 'get_weather');
  });

  it('forwards an unedited request as the exact bytes it arrived in, with the provider key instead of the agent key', async () => {
    const body = '{ "model" : "standin-gpt",\n  "messages": [ {"role":"user","content":"exact \\u00e9 bytes"} ] }';
    const res = await rawRequest(h.url, '/v1/chat/completions', {
      headers: { authorization: `Bearer ${h.agentKey}`, 'content-type': 'application/json', 'openai-organization': 'org-x' },
      body,
    });
    assert.equal(res.status, 200);
    const seen = h.standin.requests.at(-1);
    assert.equal(seen?.body.toString('utf8'), body);
    assert.equal(seen?.headers.authorization, `Bearer ${STANDIN_API_KEY}`);
    assert.equal(seen?.headers['openai-organization'], undefined);
    assert.ok(!JSON.stringify(seen?.headers).includes(h.agentKey), 'the agent key must never reach the provider');
  });

  it('lists only the models the agent may use, and retrieves one', async () => {
    const models = [];
    for await (const model of h.openai().models.list()) models.push(model.id);
    assert.deepEqual(models, ['standin-gpt', 'standin-claude']);
    assert.equal((await h.openai().models.retrieve('standin-gpt')).id, 'standin-gpt');
    await assert.rejects(h.openai().models.retrieve('standin-mini'), OpenAI.NotFoundError);
  });
});
