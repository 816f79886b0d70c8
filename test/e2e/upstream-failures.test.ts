import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { behaviourFromMarker, rawRequest, startHarness, type Harness } from '../helpers/harness.ts';

const marker = (behaviour: object) => `[[upstream:${JSON.stringify(behaviour)}]]`;
const ask = (content: string) => ({ model: 'standin-gpt', messages: [{ role: 'user' as const, content }] });

describe('upstream errors, timeouts and disconnects', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({
      standin: { script: behaviourFromMarker, streamChunkDelayMs: 5 },
      configure(config) {
        const openai = config.providers[0]!;
        config.server.limits.maxResponseBytes = 64 * 1024;
        openai.timeouts.headersMs = 400;
        openai.timeouts.bodyMs = 400;
        config.agents[0]!.models.push('ghost-*', 'down-*');
        config.providers.push({
          ...openai, id: 'unreachable', baseUrl: 'http://127.0.0.1:9/v1', models: ['down-*'],
          timeouts: { ...openai.timeouts, connectMs: 1000 },
        });
      },
    });
  });
  after(() => h.close());

  it('passes a provider 4xx through faithfully: status, body and rate-limit headers', async () => {
    const body = { error: { message: 'Rate limit reached for requests', type: 'requests', param: null, code: 'rate_limit_exceeded' } };
    const behaviour = { kind: 'error', status: 429, body, headers: { 'x-ratelimit-remaining-requests': '0', 'set-cookie': 'tracker=1' } };
    const res = await rawRequest(h.url, '/v1/chat/completions', {
      headers: { authorization: `Bearer ${h.agentKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(ask(marker(behaviour))),
    });
    assert.equal(res.status, 429);
    assert.deepEqual(res.json, body);
    assert.equal(res.headers.get('x-ratelimit-remaining-requests'), '0');
    assert.equal(res.headers.get('set-cookie'), null, 'provider cookies must not reach agents');
    await assert.rejects(h.openai().chat.completions.create(ask(marker(behaviour))), OpenAI.RateLimitError);
  });

  it('refuses a JSON response too large to inspect with 502, and keeps serving', async () => {
    const huge = { id: 'x', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'y'.repeat(200_000) }, finish_reason: 'stop' }] };
    await assert.rejects(
      h.openai().chat.completions.create(ask(marker({ kind: 'error', status: 200, body: huge }))),
      (error: unknown) => error instanceof OpenAI.APIError && error.status === 502 && error.code === 'upstream_response_too_large',
    );
    const ok = await h.openai().chat.completions.create(ask('after the big one'));
    assert.ok(ok.choices[0]?.message.content);
  });

  it('passes a provider 5xx through as the SDK error class for its status', async () => {
    const behaviour = { kind: 'error', status: 503, body: { error: { message: 'overloaded', type: 'server_error', param: null, code: null } } };
    await assert.rejects(
      h.openai().chat.completions.create(ask(marker(behaviour))),
      (error: unknown) => error instanceof OpenAI.InternalServerError && error.status === 503 && error.message.includes('overloaded'),
    );
  });

  it('answers 504 in OpenAI shape when the provider never answers, and keeps serving', async () => {
    await assert.rejects(
      h.openai().chat.completions.create(ask(marker({ kind: 'hang' }))),
      (error: unknown) => error instanceof OpenAI.APIError && error.status === 504 && error.code === 'upstream_timeout',
    );
    const ok = await h.openai().chat.completions.create(ask('still there?'));
    assert.equal(ok.choices[0]?.message.content, 'Stand-in reply to: still there?');
  });

  it('answers 502 when the provider cannot be reached', async () => {
    await assert.rejects(
      h.openai().chat.completions.create({ ...ask('x'), model: 'down-1' }),
      (error: unknown) => error instanceof OpenAI.APIError && error.status === 502 && error.code === 'upstream_unavailable',
    );
  });

  it('answers 404 in provider shape for an allowed model no provider serves', async () => {
    await assert.rejects(
      h.openai().chat.completions.create({ ...ask('x'), model: 'ghost-7' }),
      (error: unknown) => error instanceof OpenAI.NotFoundError && error.code === 'model_not_found',
    );
  });

  it('breaks the agent stream when the provider drops mid-stream, and records it', async () => {
    const { data: stream, response } = await h.openai().chat.completions
      .create({ ...ask(`${marker({ kind: 'drop', afterEvents: 2 })} a b c d e f g`), stream: true })
      .withResponse();
    await assert.rejects(async () => {
      for await (const _chunk of stream) { /* drain */ }
    });
    const record = await h.recordOf(response);
    assert.equal(record?.outcome, 'upstream_failed');
  });

  it('cuts a stream that stalls longer than the body timeout', async () => {
    const stream = await h.openai().chat.completions.create({ ...ask(`${marker({ kind: 'stall', afterEvents: 2 })} a b c d`), stream: true });
    const started = Date.now();
    await assert.rejects(async () => {
      for await (const _chunk of stream) { /* drain */ }
    });
    assert.ok(Date.now() - started < 5000);
  });

  it('aborts the upstream request when the agent disconnects mid-stream', async () => {
    const controller = new AbortController();
    const words = Array.from({ length: 200 }, (_, i) => `w${i}`).join(' ');
    const { data: stream, response } = await h.openai().chat.completions
      .create({ ...ask(`[[standin:say ${words}]]`), stream: true }, { signal: controller.signal })
      .withResponse();
    let chunks = 0;
    // The SDK ends an aborted stream quietly, as it would for any client-side abort.
    for await (const _chunk of stream) {
      chunks++;
      controller.abort();
    }
    assert.ok(chunks >= 1 && chunks < 200);
    const record = await h.recordOf(response);
    assert.equal(record?.outcome, 'client_closed');
    for (let i = 0; i < 100 && !h.standin.requests.at(-1)?.aborted; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(h.standin.requests.at(-1)?.aborted, true, 'the provider saw the request aborted');
    const ok = await h.openai().chat.completions.create(ask('after the disconnect'));
    assert.ok(ok.choices[0]?.message.content);
  });

  it('aborts the upstream request when the agent disconnects before the provider answers', async () => {
    const controller = new AbortController();
    const pending = h.openai().chat.completions.create(ask(marker({ kind: 'delay', ms: 300 })), { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(pending);
    for (let i = 0; i < 100 && !h.standin.requests.at(-1)?.aborted; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(h.standin.requests.at(-1)?.aborted, true);
  });
});

describe('shutdown', () => {
  it('lets in-flight exchanges finish, then cuts what outlives the drain period', async () => {
    const h = await startHarness({
      standin: { script: behaviourFromMarker },
      configure(config) {
        config.server.timeouts.drainMs = 300;
      },
    });
    const finishing = h.openai().chat.completions.create(ask(marker({ kind: 'delay', ms: 100 })));
    // Settled into a value at once: it fails during close(), before anything could await it.
    const hanging = h.openai().chat.completions.create(ask(marker({ kind: 'hang' }))).then(() => 'answered', (error: unknown) => error);
    // Shut down only once both exchanges are in flight at the provider.
    for (let i = 0; i < 200 && h.standin.requests.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.equal(h.standin.requests.length, 2);
    const started = Date.now();
    await h.close();
    const took = Date.now() - started;
    const finished = await finishing;
    assert.ok(finished.choices[0]?.message.content, 'the exchange in flight at shutdown completed');
    assert.ok((await hanging) instanceof OpenAI.APIConnectionError, 'the exchange that outlived the drain period was cut');
    assert.ok(took >= 250 && took < 3000, `shutdown took ${took} ms`);
  });
});
