import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type Anthropic from '@anthropic-ai/sdk';
import { startHarness, type Harness } from '../helpers/harness.ts';

// Proposed tool calls in streams, through the real gateway, read by the official SDKs' stream
// helpers: an allowed call arrives intact, a denied one never reaches the agent (its notice
// does), and what the agent assembles is a valid message in every protocol.

const PROMPT = '[[standin:preamble Checking the records.]] Use lookup_claim {"id": "4471"} and query_emr_database ' +
  '{"sql": "SELECT * FROM patient_records"} now.';
const fn = (name: string) => ({ type: 'function' as const, function: { name, parameters: { type: 'object', properties: {} } } });

describe('policy on streamed tool calls', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());
  const agent = 'healthcare-claims-agent-prod';

  test('Chat Completions: the denied call is gone, the allowed one is index 0, finish_reason stays tool_calls', async () => {
    const stream = h.openai({ agent }).chat.completions.stream({
      model: 'standin-gpt', tools: [fn('lookup_claim'), fn('query_emr_database')], messages: [{ role: 'user', content: PROMPT }],
    });
    const completion = await stream.finalChatCompletion();
    const message = completion.choices[0]?.message;
    assert.deepEqual(message?.tool_calls?.map((c) => c.type === 'function' && c.function.name), ['lookup_claim']);
    assert.match(message?.content ?? '', /^Checking the records\.[\s\S]*blocked by policy[\s\S]*hipaa-no-bulk-phi-export/);
    assert.equal(completion.choices[0]?.finish_reason, 'tool_calls');
  });

  test('Chat Completions: with every call withheld the stream ends as a plain answer', async () => {
    const chunks = await h.openai({ agent }).chat.completions.create({
      model: 'standin-gpt', stream: true, tools: [fn('query_emr_database')],
      messages: [{ role: 'user', content: 'query_emr_database {"sql": "SELECT * FROM patient_records"}' }],
    });
    let text = '';
    const finish: string[] = [];
    for await (const chunk of chunks) {
      assert.equal(chunk.choices[0]?.delta.tool_calls, undefined, 'no tool-call delta may reach the agent');
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.choices[0]?.finish_reason) finish.push(chunk.choices[0].finish_reason);
    }
    assert.match(text, /\[Portcullis\] The call to tool 'query_emr_database' was blocked by policy/);
    assert.deepEqual(finish, ['stop']);
  });

  test('Responses: the final response holds a message in place of the denied function_call', async () => {
    const stream = h.openai({ agent }).responses.stream({
      model: 'standin-gpt', input: PROMPT,
      tools: [
        { type: 'function', name: 'lookup_claim', parameters: { type: 'object', properties: {} }, strict: false },
        { type: 'function', name: 'query_emr_database', parameters: { type: 'object', properties: {} }, strict: false },
      ],
    });
    const events: string[] = [];
    stream.on('event', (event) => events.push(event.type));
    const response = await stream.finalResponse();
    const calls = response.output.filter((item) => item.type === 'function_call');
    assert.deepEqual(calls.map((c) => c.type === 'function_call' && c.name), ['lookup_claim']);
    assert.match(response.output_text, /blocked by policy/);
    assert.equal(events.at(-1), 'response.completed');
  });

  test('Anthropic Messages: a text block replaces the denied tool_use; stop_reason stays tool_use', async () => {
    const tools: Anthropic.Tool[] = ['lookup_claim', 'query_emr_database'].map((name) => ({ name, input_schema: { type: 'object' } }));
    const message = await h.anthropic({ agent }).messages
      .stream({ model: 'standin-claude', max_tokens: 512, tools, messages: [{ role: 'user', content: PROMPT }] })
      .finalMessage();
    assert.deepEqual(message.content.map((b) => b.type), ['text', 'tool_use', 'text']);
    const use = message.content[1];
    assert.deepEqual(use?.type === 'tool_use' && use.input, { id: '4471' });
    const notice = message.content[2];
    assert.match(notice?.type === 'text' ? notice.text : '', /blocked by policy.*hipaa-no-bulk-phi-export/);
    assert.equal(message.stop_reason, 'tool_use');
  });

  test('the record keeps what the model proposed and every decision taken on it', async () => {
    const { data, response } = await h.openai({ agent }).chat.completions.create({
      model: 'standin-gpt', stream: true, tools: [fn('lookup_claim'), fn('query_emr_database')], messages: [{ role: 'user', content: PROMPT }],
    }).withResponse();
    for await (const chunk of data) void chunk;
    const record = await h.recordOf(response);
    assert.deepEqual(record.policy.filter((d) => d.event === 'tool.call').map((d) => [d.tool, d.action]),
      [['lookup_claim', 'allow'], ['query_emr_database', 'deny']]);
    assert.equal(record.response?.toolCalls.length, 2, 'the record holds the response as the model sent it');
  });
});
