import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { GatewayError } from '../../src/core/errors.ts';
import type { Guard } from '../../src/core/guard.ts';
import { startHarness, type Harness } from '../helpers/harness.ts';

/**
 * The seam later guards (redaction, injection, policy) plug into: a guard sees the
 * normalized exchange of any protocol, and its edits or denials come out in that protocol.
 */
const marking: Guard = {
  name: 'test-marker',
  onRequest({ exchange }) {
    const edits = exchange.parts
      .filter((part) => part.text.includes('CODEWORD'))
      .map((part) => ({ op: 'replace' as const, path: part.path, value: part.text.replaceAll('CODEWORD', '[MASKED]') }));
    return edits.length > 0 ? { edits } : undefined;
  },
  async onResponse({ exchange }) {
    await new Promise((resolve) => setTimeout(resolve, 1)); // an asynchronous guard, as a Redis-backed one would be
    if (exchange.parts.some((part) => part.text.includes('FORBIDDEN'))) {
      return { deny: new GatewayError('permission', 'response_blocked', 'the response was withheld by a test guard') };
    }
    return undefined;
  },
};

describe('guards plug into one pipeline for every protocol', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ guards: [marking] });
  });
  after(() => h.close());

  it('rewrites a Chat Completions request at the exact part, re-encoding only then', async () => {
    await h.openai().chat.completions.create({
      model: 'standin-gpt',
      messages: [{ role: 'system', content: 'keep CODEWORD safe' }, { role: 'user', content: [{ type: 'text', text: 'say CODEWORD' }] }],
    });
    const sent = JSON.parse(h.standin.requests.at(-1)!.body.toString('utf8'));
    assert.equal(sent.messages[0].content, 'keep [MASKED] safe');
    assert.equal(sent.messages[1].content[0].text, 'say [MASKED]');
    const record = h.records.at(-1) ?? (await h.recorded(1)).at(-1);
    assert.ok(record?.decisions.some((d) => d.guard === 'test-marker'));
  });

  it('rewrites Responses and Anthropic requests the same way', async () => {
    await h.openai().responses.create({ model: 'standin-gpt', instructions: 'CODEWORD rules', input: 'hi' });
    assert.equal(JSON.parse(h.standin.requests.at(-1)!.body.toString('utf8')).instructions, '[MASKED] rules');
    await h.anthropic().messages.create({
      model: 'standin-claude', max_tokens: 20,
      messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'CODEWORD inside a tool result' }] }],
    });
    assert.equal(JSON.parse(h.standin.requests.at(-1)!.body.toString('utf8')).messages[0].content[0].content, '[MASKED] inside a tool result');
  });

  it('denies a JSON response in the protocol error shape before the agent sees it', async () => {
    await assert.rejects(
      h.openai().chat.completions.create({ model: 'standin-gpt', messages: [{ role: 'user', content: '[[standin:say a FORBIDDEN answer]]' }] }),
      (error: unknown) => error instanceof OpenAI.PermissionDeniedError && error.code === 'response_blocked',
    );
    await assert.rejects(
      h.anthropic().messages.create({ model: 'standin-claude', max_tokens: 20, messages: [{ role: 'user', content: '[[standin:say FORBIDDEN]]' }] }),
      Anthropic.PermissionDeniedError,
    );
  });
});
