import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { startStandin, type Standin } from '../../src/standin/index.ts';
import { KEY, openai, parseSse, rawPost } from './helpers.ts';

const weatherTools: OpenAI.ChatCompletionTool[] = [
  { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } },
  { type: 'function', function: { name: 'get_time', parameters: { type: 'object', properties: { tz: { type: 'string' } } } } },
];

describe('stand-in: OpenAI Chat Completions', () => {
  let standin: Standin;
  let client: OpenAI;
  before(async () => {
    standin = await startStandin({ apiKey: KEY });
    client = openai(standin.url);
  });
  after(() => standin.close());

  test('JSON text reply echoes the model and reports usage', async () => {
    const res = await client.chat.completions.create({ model: 'any-model-name', messages: [{ role: 'user', content: 'Hello there' }] });
    assert.equal(res.object, 'chat.completion');
    assert.equal(res.model, 'any-model-name');
    assert.equal(res.choices[0]?.message.content, 'Stand-in reply to: Hello there');
    assert.equal(res.choices[0]?.finish_reason, 'stop');
    assert.equal(res.usage?.prompt_tokens, Math.ceil('Hello there'.length / 4));
    assert.equal(res.usage?.completion_tokens, Math.ceil('Stand-in reply to: Hello there'.length / 4));
    assert.equal(res.usage?.total_tokens, (res.usage?.prompt_tokens ?? 0) + (res.usage?.completion_tokens ?? 0));
  });

  test('the say directive makes the reply exactly the given text', async () => {
    const res = await client.chat.completions.create({
      model: 'standin-gpt',
      messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'x [[standin:say The secret is AKIA1234 ok]] y' }],
    });
    assert.equal(res.choices[0]?.message.content, 'The secret is AKIA1234 ok');
  });

  test('streaming with include_usage: several deltas, finish chunk, usage chunk, [DONE]', async () => {
    const stream = await client.chat.completions.create({
      model: 'standin-gpt', stream: true, stream_options: { include_usage: true },
      messages: [{ role: 'user', content: '[[standin:say one two three four five]]' }],
    });
    let text = '';
    let deltas = 0;
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      if (choice?.delta.content) {
        text += choice.delta.content;
        deltas++;
      }
      if (choice?.finish_reason) finish = choice.finish_reason;
      if (chunk.choices.length === 0) usage = chunk.usage;
    }
    assert.equal(text, 'one two three four five');
    assert.equal(deltas, 5);
    assert.equal(finish, 'stop');
    assert.equal(usage?.completion_tokens, Math.ceil('one two three four five'.length / 4));
  });

  test('raw stream ends with data: [DONE] and omits usage unless asked', async () => {
    const raw = await rawPost(standin.url, '/v1/chat/completions', { model: 'm', stream: true, messages: [{ role: 'user', content: 'hi' }] }, { authorization: `Bearer ${KEY}` });
    assert.match(String(raw.headers['content-type']), /^text\/event-stream/);
    const events = parseSse(raw.body);
    assert.equal(events.at(-1)?.data, '[DONE]');
    assert.equal(events[0]?.data.choices[0].delta.role, 'assistant');
    assert.ok(events.slice(0, -1).every((e) => !('usage' in e.data)));
  });

  test('stream helper finalChatCompletion assembles text', async () => {
    const final = await client.chat.completions
      .stream({ model: 'standin-mini', messages: [{ role: 'user', content: 'stream me please' }], stream_options: { include_usage: true } })
      .finalChatCompletion();
    assert.equal(final.choices[0]?.message.content, 'Stand-in reply to: stream me please');
    assert.equal(final.choices[0]?.message.role, 'assistant');
    assert.ok(final.usage && final.usage.total_tokens > 0);
  });

  test('tool call in JSON: arguments are the first JSON object in the user text', async () => {
    const res = await client.chat.completions.create({
      model: 'standin-gpt', tools: weatherTools,
      messages: [{ role: 'user', content: 'Please use get_weather with {"city": "Paris", "units": {"temp": "C"}} now' }],
    });
    const choice = res.choices[0];
    assert.equal(choice?.finish_reason, 'tool_calls');
    assert.equal(choice?.message.content, null);
    const call = choice?.message.tool_calls?.[0];
    assert.ok(call && call.type === 'function');
    assert.equal(call.function.name, 'get_weather');
    assert.deepEqual(JSON.parse(call.function.arguments), { city: 'Paris', units: { temp: 'C' } });
    assert.match(call.id, /^call_/);
  });

  test('parallel tool calls assembled from a stream by the SDK helper', async () => {
    const final = await client.chat.completions
      .stream({
        model: 'standin-gpt', tools: weatherTools,
        messages: [{ role: 'user', content: 'get_time {"tz":"UTC"} and then get_weather {"city":"Amsterdam, NL"}' }],
      })
      .finalChatCompletion();
    const calls = final.choices[0]?.message.tool_calls ?? [];
    assert.equal(final.choices[0]?.finish_reason, 'tool_calls');
    assert.deepEqual(calls.map((c) => (c.type === 'function' ? c.function.name : '')), ['get_time', 'get_weather']);
    assert.deepEqual(calls.map((c) => (c.type === 'function' ? JSON.parse(c.function.arguments) : null)), [{ tz: 'UTC' }, { city: 'Amsterdam, NL' }]);
    assert.notEqual(calls[0]?.id, calls[1]?.id);
  });

  test('tool argument deltas really arrive in several fragments', async () => {
    const raw = await rawPost(standin.url, '/v1/chat/completions', {
      model: 'm', stream: true, tools: weatherTools, messages: [{ role: 'user', content: 'get_weather {"city":"Reykjavik"}' }],
    }, { authorization: `Bearer ${KEY}` });
    const deltas = parseSse(raw.body).filter((e) => e.data !== '[DONE]').flatMap((e) => e.data.choices[0]?.delta.tool_calls ?? []);
    assert.deepEqual(Object.keys(deltas[0]).sort(), ['function', 'id', 'index', 'type']);
    assert.equal(deltas[0].function.arguments, '');
    assert.ok(deltas.length > 2);
    assert.equal(deltas.map((d: any) => d.function.arguments).join(''), '{"city":"Reykjavik"}');
  });

  test('no tool is called when the user does not name one, or tool_choice is none', async () => {
    const plain = await client.chat.completions.create({ model: 'm', tools: weatherTools, messages: [{ role: 'user', content: 'what is the weather?' }] });
    assert.equal(plain.choices[0]?.finish_reason, 'stop');
    const none = await client.chat.completions.create({ model: 'm', tools: weatherTools, tool_choice: 'none', messages: [{ role: 'user', content: 'get_weather {}' }] });
    assert.equal(none.choices[0]?.finish_reason, 'stop');
  });

  test('after a tool result the reply names the tool and quotes the result', async () => {
    const res = await client.chat.completions.create({
      model: 'm', tools: weatherTools,
      messages: [
        { role: 'user', content: 'get_weather {"city":"Paris"}' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'x'.repeat(250) },
      ],
    });
    assert.equal(res.choices[0]?.message.content, `Tool get_weather returned: ${'x'.repeat(200)}`);
  });

  test('tiny max_tokens truncates with finish_reason length', async () => {
    const res = await client.chat.completions.create({ model: 'm', max_completion_tokens: 2, messages: [{ role: 'user', content: 'a long question indeed' }] });
    assert.equal(res.choices[0]?.finish_reason, 'length');
    assert.equal(res.choices[0]?.message.content, 'Stand-in');
  });

  test('wrong key → OpenAI.AuthenticationError with the native body', async () => {
    await assert.rejects(openai(standin.url, 'sk-wrong').chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }), (err: unknown) => {
      assert.ok(err instanceof OpenAI.AuthenticationError);
      assert.equal(err.status, 401);
      assert.equal(err.code, 'invalid_api_key');
      return true;
    });
  });

  test('models.list returns the fixed list in the OpenAI shape', async () => {
    const ids: string[] = [];
    for await (const m of client.models.list()) {
      assert.equal(m.object, 'model');
      ids.push(m.id);
    }
    assert.deepEqual(ids, ['standin-gpt', 'standin-mini', 'standin-claude']);
    assert.equal((await client.models.retrieve('standin-mini')).id, 'standin-mini');
    await assert.rejects(client.models.retrieve('nope'), OpenAI.NotFoundError);
  });
});

describe('stand-in: OpenAI errors', () => {
  let standin: Standin;
  before(async () => {
    standin = await startStandin({
      script: (req) => {
        const content = JSON.stringify(req.json);
        if (content.includes('boom')) return { kind: 'error', status: 500 };
        if (content.includes('slow-down')) return { kind: 'error', status: 429, headers: { 'retry-after': '7' } };
        if (content.includes('raw')) return { kind: 'error', status: 503, body: 'upstream unavailable' };
        return undefined;
      },
    });
  });
  after(() => standin.close());

  test('error behaviour → typed SDK errors', async () => {
    const client = openai(standin.url);
    await assert.rejects(client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'boom' }] }), (err: unknown) => {
      assert.ok(err instanceof OpenAI.InternalServerError);
      assert.equal(err.type, 'server_error');
      return true;
    });
    await assert.rejects(client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'slow-down' }] }), (err: unknown) => {
      assert.ok(err instanceof OpenAI.RateLimitError);
      assert.equal(err.headers.get('retry-after'), '7');
      return true;
    });
  });

  test('an error body given as a string is passed through raw', async () => {
    const raw = await rawPost(standin.url, '/v1/chat/completions', { model: 'm', messages: [{ role: 'user', content: 'raw' }] });
    assert.equal(raw.status, 503);
    assert.equal(raw.body, 'upstream unavailable');
  });

  test('malformed JSON → 400 in the OpenAI error envelope', async () => {
    const raw = await rawPost(standin.url, '/v1/chat/completions', '{"model": ');
    assert.equal(raw.status, 400);
    const body = JSON.parse(raw.body);
    assert.equal(body.error.type, 'invalid_request_error');
    assert.equal(typeof body.error.message, 'string');
    assert.ok('param' in body.error && 'code' in body.error);
  });

  test('missing messages → BadRequestError', async () => {
    await assert.rejects(openai(standin.url).chat.completions.create({ model: 'm' } as never), OpenAI.BadRequestError);
  });
});
