// Server-level behaviours: recording, routing, scripted failures, pacing, shutdown.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { startStandin, type Behaviour, type Standin } from '../../src/standin/index.ts';
import { anthropic, openai, parseSse, rawPost, waitFor } from './helpers.ts';

const chat = (content: string) => ({ model: 'm', messages: [{ role: 'user' as const, content }] });
const chatStream = (content: string) => ({ ...chat(content), stream: true as const });

describe('stand-in server', () => {
  let standin: Standin;
  const seen: { path: string; json: unknown }[] = [];
  before(async () => {
    standin = await startStandin({
      script: (req) => {
        seen.push({ path: req.path, json: req.json });
        const m = /behave:(\{.*?\})behave/.exec(JSON.stringify(req.json ?? {}).replaceAll('\\"', '"'));
        return m ? (JSON.parse(m[1] as string) as Behaviour) : undefined;
      },
    });
  });
  after(() => standin.close());
  const behave = (b: Behaviour): string => `behave:${JSON.stringify(b)}behave`;

  test('records method, path, query, headers and raw body; gives the script parsed JSON', async () => {
    const body = chat('record me');
    await rawPost(standin.url, '/v1/chat/completions?trace=1', body, { 'x-custom': 'yes' });
    const rec = standin.requests.at(-1);
    assert.equal(rec?.method, 'POST');
    assert.equal(rec?.path, '/v1/chat/completions');
    assert.equal(rec?.url, '/v1/chat/completions?trace=1');
    assert.equal(rec?.headers['x-custom'], 'yes');
    assert.deepEqual(JSON.parse(rec?.body.toString('utf8') ?? ''), body);
    assert.equal(rec?.aborted, false);
    assert.deepEqual(seen.at(-1), { path: '/v1/chat/completions', json: body });
  });

  test('unknown path → 404 in the OpenAI envelope', async () => {
    const raw = await rawPost(standin.url, '/v2/whatever', {});
    assert.equal(raw.status, 404);
    assert.deepEqual(JSON.parse(raw.body), { error: { message: 'Invalid URL (POST /v2/whatever)', type: 'invalid_request_error', param: null, code: null } });
  });

  test('identical requests get identical content; ids come from a counter', async () => {
    const a = await openai(standin.url).chat.completions.create(chat('same'));
    const b = await openai(standin.url).chat.completions.create(chat('same'));
    assert.deepEqual(a.choices, b.choices);
    assert.deepEqual(a.usage, b.usage);
    assert.notEqual(a.id, b.id);
  });

  test('delay: waits, then answers normally', async () => {
    const t0 = performance.now();
    const res = await openai(standin.url).chat.completions.create(chat(`hi ${behave({ kind: 'delay', ms: 150 })}`));
    assert.ok(performance.now() - t0 >= 140);
    assert.match(res.choices[0]?.message.content ?? '', /^Stand-in reply to: hi/);
  });

  test('hang: no headers ever; the client timeout fires and the request is marked aborted', async () => {
    const client = new OpenAI({ baseURL: `${standin.url}/v1`, apiKey: 'k', maxRetries: 0, timeout: 200 });
    const before = standin.requests.length;
    await assert.rejects(client.chat.completions.create(chat(`x ${behave({ kind: 'hang' })}`)), OpenAI.APIConnectionTimeoutError);
    await waitFor(() => standin.requests.length > before && standin.requests.at(-1)?.aborted === true);
  });

  test('stall: exactly N events, then silence (Anthropic)', async () => {
    const raw = await rawPost(standin.url, '/v1/messages', { model: 'm', max_tokens: 50, stream: true, messages: [{ role: 'user', content: behave({ kind: 'stall', afterEvents: 3 }) }] }, { 'anthropic-version': '2023-06-01' }, 250);
    assert.equal(raw.status, 200);
    assert.equal(raw.error?.message, 'idle');
    assert.deepEqual(parseSse(raw.body).map((e) => e.event), ['message_start', 'content_block_start', 'ping']);
    await waitFor(() => standin.requests.at(-1)?.aborted === true);
  });

  test('drop: exactly N events, then a broken connection the SDK reports', async () => {
    const raw = await rawPost(standin.url, '/v1/chat/completions', chatStream(behave({ kind: 'drop', afterEvents: 2 })));
    assert.ok(raw.error, 'the body must not end cleanly');
    assert.equal(parseSse(raw.body).length, 2);
    assert.equal(standin.requests.at(-1)?.aborted, false, 'the server dropped it; the client did not go away');

    const stream = anthropic(standin.url).messages.stream({ model: 'm', max_tokens: 50, messages: [{ role: 'user', content: `hello there ${behave({ kind: 'drop', afterEvents: 4 })}` }] });
    // A broken body surfaces as a plain SDK error ("terminated"), not as an HTTP status error.
    await assert.rejects(stream.finalMessage(), (err: unknown) => err instanceof Anthropic.AnthropicError && !(err instanceof Anthropic.APIError) && /terminated/.test(err.message));
  });

  test('drop before any event and on a non-streaming request', async () => {
    const zero = await rawPost(standin.url, '/v1/responses', { model: 'm', stream: true, input: behave({ kind: 'drop', afterEvents: 0 }) });
    assert.ok(zero.error);
    assert.equal(zero.body, '');
    await assert.rejects(openai(standin.url).chat.completions.create(chat(behave({ kind: 'drop', afterEvents: 0 }))), OpenAI.APIConnectionError);
  });

  test('error behaviour honours a custom body object and headers', async () => {
    const raw = await rawPost(standin.url, '/v1/responses', { model: 'm', input: behave({ kind: 'error', status: 418, body: { teapot: true }, headers: { 'x-why': 'tea' } }) });
    assert.equal(raw.status, 418);
    assert.deepEqual(JSON.parse(raw.body), { teapot: true });
    assert.equal(raw.headers['x-why'], 'tea');
  });

  test('a client that disconnects mid-stream is recorded as aborted', async () => {
    const body = JSON.stringify(chatStream(behave({ kind: 'stall', afterEvents: 1 })));
    await new Promise<void>((resolve) => {
      const req = request(`${standin.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', () => {});
      req.end(body);
    });
    await waitFor(() => standin.requests.at(-1)?.aborted === true);
  });

  test('keeps only the most recent 1000 requests', async () => {
    const client = openai(standin.url);
    for (let i = 0; i < 1010; i += 50) {
      await Promise.all(Array.from({ length: 50 }, (_, j) => client.chat.completions.create(chat(`n${i + j}`))));
    }
    assert.equal(standin.requests.length, 1000);
    assert.equal(JSON.parse(standin.requests.at(-1)?.body.toString() ?? '{}').messages[0].content, 'n1049');
  });
});

describe('stand-in pacing and shutdown', () => {
  let standin: Standin;
  before(async () => {
    standin = await startStandin({
      streamChunkDelayMs: 30,
      script: (req) => (JSON.stringify(req.json).includes('paced-drop') ? { kind: 'drop', afterEvents: 3 } : undefined),
    });
  });
  after(() => standin.close());

  test('streamChunkDelayMs paces SSE events', async () => {
    const arrivals: number[] = [];
    const stream = await openai(standin.url).chat.completions.create(chatStream('[[standin:say a b c d]]'));
    for await (const _chunk of stream) arrivals.push(performance.now());
    // role, 4 deltas, finish chunk → 6 chunks, 5 gaps of ~30ms.
    assert.equal(arrivals.length, 6);
    assert.ok((arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0) >= 5 * 30 - 15);
  });

  test('paced streams also honour drop after N events', async () => {
    const t0 = performance.now();
    const raw = await rawPost(standin.url, '/v1/chat/completions', chatStream('[[standin:say a b c d e f]] paced-drop'));
    assert.ok(raw.error);
    assert.equal(parseSse(raw.body).length, 3);
    assert.ok(performance.now() - t0 >= 2 * 30 - 10);
  });

  test('close() resolves even with a hung request outstanding', async () => {
    const other = await startStandin({ script: () => ({ kind: 'hang' }) });
    const pending = rawPost(other.url, '/v1/responses', { model: 'm', input: 'x' });
    await waitFor(() => other.requests.length === 1);
    await other.close();
    const res = await pending;
    assert.ok(res.error);
  });
});
