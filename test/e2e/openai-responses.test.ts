import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startHarness, type Harness } from '../helpers/harness.ts';

describe('OpenAI Responses through the gateway (official openai SDK)', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  it('answers JSON with output_text and usage', async () => {
    const response = await h.openai().responses.create({ model: 'standin-gpt', instructions: 'be brief', input: '[[standin:say ok then]]' });
    assert.equal(response.output_text, 'ok then');
    assert.ok((response.usage?.input_tokens ?? 0) > 0);
    const record = (await h.recorded(1)).at(-1);
    assert.deepEqual(record?.request?.parts.map((p) => p.source), ['system', 'user']);
    assert.equal(record?.response?.parts[0]?.text, 'ok then');
  });

  it('streams events the SDK assembles, and the gateway observes the final response', async () => {
    const count = h.records.length;
    const stream = h.openai().responses.stream({ model: 'standin-gpt', input: '[[standin:say streamed reply here]]' });
    const deltas: string[] = [];
    stream.on('response.output_text.delta', (event) => deltas.push(event.delta));
    const final = await stream.finalResponse();
    assert.equal(final.output_text, 'streamed reply here');
    assert.ok(deltas.length > 1);
    const record = (await h.recorded(count + 1)).at(-1);
    assert.equal(record?.stream, true);
    assert.equal(record?.response?.parts[0]?.text, 'streamed reply here');
    assert.ok((record?.response?.usage?.outputTokens ?? 0) > 0);
  });

  it('relays function calls and accepts function_call_output items', async () => {
    const tools = [{ type: 'function' as const, name: 'lookup_claim', description: 'Find a claim', parameters: { type: 'object', properties: { id: { type: 'string' } } }, strict: false }];
    const first = await h.openai().responses.create({ model: 'standin-gpt', tools, input: 'lookup_claim {"id":"C-9"}' });
    const call = first.output.find((item) => item.type === 'function_call');
    assert.ok(call && call.type === 'function_call');
    assert.deepEqual(JSON.parse(call.arguments), { id: 'C-9' });
    const second = await h.openai().responses.create({
      model: 'standin-gpt', tools,
      input: [
        { role: 'user', content: 'lookup_claim {"id":"C-9"}' },
        { type: 'function_call', call_id: call.call_id, name: call.name, arguments: call.arguments },
        { type: 'function_call_output', call_id: call.call_id, output: 'claim C-9: approved' },
      ],
    });
    assert.match(second.output_text, /claim C-9: approved/);
    const record = (await h.recorded(h.records.length)).at(-1);
    assert.equal(record?.request?.toolCalls[0]?.name, 'lookup_claim');
    assert.equal(record?.request?.parts.find((p) => p.source === 'tool_result')?.toolCallId, call.call_id);
  });
});
