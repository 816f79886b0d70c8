import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { STANDIN_API_KEY } from '../../src/config/defaults.ts';
import { startHarness, type Harness } from '../helpers/harness.ts';

describe('Anthropic Messages through the gateway (official @anthropic-ai/sdk)', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  it('answers JSON with usage, swapping the agent gateway key for the provider key', async () => {
    const message = await h.anthropic().messages.create({
      model: 'standin-claude', max_tokens: 100, system: 'be kind', messages: [{ role: 'user', content: '[[standin:say bonjour]]' }],
    });
    assert.deepEqual(message.content, [{ type: 'text', text: 'bonjour' }]);
    assert.equal(message.stop_reason, 'end_turn');
    assert.ok(message.usage.input_tokens > 0);
    const seen = h.standin.requests.at(-1);
    assert.equal(seen?.headers['x-api-key'], STANDIN_API_KEY);
    assert.ok(seen?.headers['anthropic-version']);
  });

  it('streams text, and tool_use input assembled from input_json_delta', async () => {
    const text = await h.anthropic().messages
      .stream({ model: 'standin-claude', max_tokens: 100, messages: [{ role: 'user', content: '[[standin:say alpha beta gamma delta]]' }] })
      .finalText();
    assert.equal(text, 'alpha beta gamma delta');
    const count = h.records.length;
    const message = await h.anthropic().messages
      .stream({
        model: 'standin-claude', max_tokens: 100,
        tools: [{ name: 'send_payment', description: 'Pay', input_schema: { type: 'object', properties: { amount: { type: 'number' } } } }],
        messages: [{ role: 'user', content: 'send_payment {"amount": 125.5, "to": "ACME"}' }],
      })
      .finalMessage();
    const block = message.content.find((b) => b.type === 'tool_use');
    assert.ok(block && block.type === 'tool_use');
    assert.deepEqual(block.input, { amount: 125.5, to: 'ACME' });
    assert.equal(message.stop_reason, 'tool_use');
    const record = (await h.recorded(count + 1)).at(-1);
    assert.deepEqual(JSON.parse(record?.response?.toolCalls[0]?.argumentsText ?? ''), { amount: 125.5, to: 'ACME' });
  });

  it('decodes system blocks, tool_use and tool_result blocks of every message', async () => {
    const count = h.records.length;
    await h.anthropic().messages.create({
      model: 'standin-claude', max_tokens: 50,
      system: [{ type: 'text', text: 'policy text' }],
      messages: [
        { role: 'user', content: 'check balance' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'tu_1', name: 'balance', input: { acct: 'A1' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'tu_1', content: [{ type: 'text', text: '$10' }] }] },
      ],
    });
    const record = (await h.recorded(count + 1)).at(-1);
    assert.deepEqual(record?.request?.parts.map((p) => `${p.source}:${p.text}`), ['system:policy text', 'user:check balance', 'tool_result:$10']);
    assert.equal(record?.request?.toolCalls[0]?.argumentsText, '{"acct":"A1"}');
  });

  it('lists models in the Anthropic shape, filtered to the agent', async () => {
    const ids: string[] = [];
    for await (const model of h.anthropic().models.list()) ids.push(model.id);
    assert.deepEqual(ids, ['standin-gpt', 'standin-claude']);
  });

  it('raises typed SDK errors in the Anthropic error shape', async () => {
    await assert.rejects(
      h.anthropic({ apiKey: 'pcs_wrong' }).messages.create({ model: 'standin-claude', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }),
      (error: unknown) => error instanceof Anthropic.AuthenticationError && (error.error as any)?.error?.type === 'authentication_error',
    );
    await assert.rejects(
      h.anthropic().messages.create({ model: 'claude-unlisted', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }),
      (error: unknown) => error instanceof Anthropic.PermissionDeniedError && /not allowed to use model 'claude-unlisted'/.test(error.message),
    );
  });
});
