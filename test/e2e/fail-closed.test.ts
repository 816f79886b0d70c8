import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import type { Guard } from '../../src/core/guard.ts';
import { behaviourFromMarker, startHarness, type Harness } from '../helpers/harness.ts';

/** A guard with a bug, and an upstream that breaks its own wire format. */
const buggy: Guard = {
  name: 'buggy',
  onRequest({ exchange }) {
    if (exchange.parts.some((p) => p.text.includes('CRASH-REQUEST'))) throw new Error('guard bug');
    return undefined;
  },
  onResponse({ exchange }) {
    if (exchange.parts.some((p) => p.text.includes('CRASH-RESPONSE'))) throw new Error('guard bug');
    return undefined;
  },
};

/** An asynchronous guard whose edit points at nothing: the failure surfaces after an await. */
const badEdit: Guard = {
  name: 'bad-edit',
  async onResponse({ exchange }) {
    if (!exchange.parts.some((p) => p.text.includes('BAD-EDIT'))) return undefined;
    return { edits: [{ op: 'replace', path: ['no', 'such', 'path'], value: 'x' }] };
  },
};

const ask = (content: string) => ({ model: 'standin-gpt', messages: [{ role: 'user' as const, content }] });

describe('failures inside the gateway fail closed and never take it down', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ guards: [buggy, badEdit], standin: { script: behaviourFromMarker } });
  });
  after(() => h.close());

  async function stillServing() {
    const ok = await h.openai().chat.completions.create(ask('ping'));
    assert.equal(ok.choices[0]?.message.content, 'Stand-in reply to: ping');
  }

  it('a request guard that throws refuses the request with a 500, and nothing goes upstream', async () => {
    const before = h.standin.requests.length;
    await assert.rejects(h.openai().chat.completions.create(ask('CRASH-REQUEST')), (e: unknown) => e instanceof OpenAI.InternalServerError);
    assert.equal(h.standin.requests.length, before);
    await stillServing();
  });

  it('a response guard that throws withholds a JSON response', async () => {
    await assert.rejects(
      h.openai().chat.completions.create(ask('[[standin:say CRASH-RESPONSE]]')),
      (e: unknown) => e instanceof OpenAI.InternalServerError && e.code === 'guard_failed',
    );
    await stillServing();
  });

  it('a failure after an asynchronous response guard withholds the response instead of crashing', async () => {
    await assert.rejects(
      h.openai().chat.completions.create(ask('[[standin:say BAD-EDIT]]')),
      (e: unknown) => e instanceof OpenAI.InternalServerError && e.code === 'guard_failed',
    );
    await stillServing();
  });

  it('a response guard that throws on a stream leaves the stream whole and marks the record unobserved', async () => {
    const { data: stream, response } = await h.openai().chat.completions
      .create({ ...ask('[[standin:say CRASH-RESPONSE here]]'), stream: true })
      .withResponse();
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    assert.equal(text, 'CRASH-RESPONSE here');
    const record = await h.recordOf(response);
    assert.equal(record.unobserved, true);
    await stillServing();
  });

  it('an upstream that sends malformed SSE data is relayed as is, without crashing the gateway', async () => {
    const garbage = 'data: {"choices":[{"index":0,"delta":{"content":"bad \\x escape"}}]}\n\ndata: {not json\n\ndata: [DONE]\n\n';
    const behaviour = { kind: 'error', status: 200, body: garbage, headers: { 'content-type': 'text/event-stream' } };
    const res = await fetch(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.agentKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...ask(`[[upstream:${JSON.stringify(behaviour)}]]`), stream: true }),
    });
    assert.equal(res.status, 200);
    assert.equal(await res.text(), garbage);
    await stillServing();
  });
});
