import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Guard } from '../../src/core/guard.ts';
import { TokenVault, transformText } from '../../src/detect/transform.ts';
import { startHarness, type Harness } from '../helpers/harness.ts';

// Tokenized values come back to the agent restored, whatever the protocol and framing: the
// provider never sees them. A guard with a fixed "detector" isolates the plumbing (request
// edits, the restorer on the record, the JSON rewrite and the stream pipeline) from detection.

const SECRET = ['Maria Gonzalez', '219-45-8812'];

const tokenizer: Guard = {
  name: 'test-tokenizer',
  onRequest({ exchange, context }) {
    const vault = new TokenVault();
    const edits = [];
    for (const part of exchange.parts) {
      const spans = SECRET.flatMap((value, i) => {
        const start = part.text.indexOf(value);
        return start === -1 ? [] : [{ type: i === 0 ? 'PERSON' : 'US_SSN', start, end: start + value.length }];
      }).sort((a, b) => a.start - b.start);
      const result = transformText(part.text, spans, () => 'tokenize', { vault });
      if (result.changed) edits.push({ op: 'replace' as const, path: part.path, value: result.text });
    }
    if (vault.size > 0) context.restorer = vault;
    return edits.length === 0 ? undefined : { edits };
  },
};

const PROMPT = 'Claim for Maria Gonzalez (SSN 219-45-8812), please summarise.';

describe('tokenized values are restored for the agent', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ guards: [tokenizer] });
  });
  after(() => h.close());

  const providerSaw = () => JSON.stringify(JSON.parse(h.standin.requests.at(-1)!.body.toString()));

  test('Chat Completions, JSON', async () => {
    const completion = await h.openai().chat.completions.create({ model: 'standin-gpt', messages: [{ role: 'user', content: PROMPT }] });
    assert.ok(!providerSaw().includes('Maria') && !providerSaw().includes('219-45'), 'the provider never sees the values');
    assert.match(providerSaw(), /<PERSON_1> \(SSN <US_SSN_1>\)/);
    assert.equal(completion.choices[0]?.message.content, `Stand-in reply to: ${PROMPT}`);
  });

  test('Chat Completions, streamed word by word', async () => {
    const stream = await h.openai().chat.completions.create({ model: 'standin-gpt', stream: true, messages: [{ role: 'user', content: PROMPT }] });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    assert.equal(text, `Stand-in reply to: ${PROMPT}`);
  });

  test('Responses, streamed, and the final snapshot', async () => {
    const response = await h.openai().responses.stream({ model: 'standin-gpt', input: PROMPT }).finalResponse();
    assert.equal(response.output_text, `Stand-in reply to: ${PROMPT}`);
  });

  test('Anthropic Messages, streamed', async () => {
    const message = await h.anthropic().messages.stream({ model: 'standin-claude', max_tokens: 256, messages: [{ role: 'user', content: PROMPT }] }).finalMessage();
    const first = message.content[0];
    assert.equal(first?.type === 'text' ? first.text : '', `Stand-in reply to: ${PROMPT}`);
  });

  test('a proposed tool call gets the real values back in its arguments, and policy judges those', async () => {
    const completion = await h.openai().chat.completions.create({
      model: 'standin-gpt',
      tools: [{ type: 'function', function: { name: 'lookup_claim', parameters: { type: 'object', properties: {} } } }],
      messages: [{ role: 'user', content: 'lookup_claim {"patient": "Maria Gonzalez", "ssn": "219-45-8812"}' }],
    });
    const call = completion.choices[0]?.message.tool_calls?.[0];
    assert.deepEqual(call?.type === 'function' && JSON.parse(call.function.arguments), { patient: 'Maria Gonzalez', ssn: '219-45-8812' });
    assert.match(providerSaw(), /<PERSON_1>/);
  });
});
