import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startHarness, type Harness } from '../helpers/harness.ts';

// dataProtection.responseRules through the real gateway, detectors and SDKs: sensitive values
// in model output are masked before the agent sees them, in JSON and in streams that the
// stand-in sends word by word (so values arrive split across events), while values the
// gateway tokenized on the way out come back restored, not masked. The stand-in echoes the
// prompt it received, which is how "the model" comes to write these values.

const PROMPT = 'Patient phone (415) 555-0132, SSN 219-45-8812, email maria.g@example.org. Call back today.';
const MASKED = 'Stand-in reply to: Patient phone [PHONE_NUMBER], SSN 219-45-8812, email [EMAIL_ADDRESS]. Call back today.';
const LEAKS = ['555-0132', 'maria.g@', 'example.org'];

describe('sensitive values in model output are masked for the agent', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({
      configure(config) {
        config.dataProtection = {
          detectors: ['pii'], threshold: 0.5, allow: [], responses: true,
          rules: [{ types: ['US_SSN'], action: 'tokenize', agents: ['*'], providers: ['*'], unlessProviderFlags: [] }],
          responseRules: [{ types: ['PHONE_NUMBER', 'EMAIL_ADDRESS', 'US_SSN'], action: 'mask', agents: ['*'] }],
        };
      },
    });
  });
  after(() => h.close());

  const providerSaw = () => h.standin.requests.at(-1)!.body.toString();

  test('Chat Completions, JSON: the model\'s values masked, the agent\'s tokenized SSN restored', async () => {
    const completion = await h.openai().chat.completions.create({ model: 'standin-gpt', messages: [{ role: 'user', content: PROMPT }] });
    // The request rules alone decide what the provider gets: phone and email go out as they are.
    assert.match(providerSaw(), /phone \(415\) 555-0132, SSN <US_SSN_1>, email maria\.g@example\.org/);
    assert.equal(completion.choices[0]?.message.content, MASKED);
  });

  test('Chat Completions, streamed word by word: no event carries a piece of a masked value', async () => {
    const stream = await h.openai().chat.completions.create({ model: 'standin-gpt', stream: true, messages: [{ role: 'user', content: PROMPT }] });
    const deltas: string[] = [];
    for await (const chunk of stream) deltas.push(chunk.choices[0]?.delta.content ?? '');
    assert.equal(deltas.join(''), MASKED);
    for (const delta of deltas) for (const leak of LEAKS) assert.ok(!delta.includes(leak), `${leak} in ${JSON.stringify(delta)}`);
    assert.ok(deltas.filter((d) => d !== '').length > 1, 'still streamed in pieces, not held to the end');
  });

  test('Responses, streamed, and its final snapshot', async () => {
    const stream = h.openai().responses.stream({ model: 'standin-gpt', input: PROMPT });
    let text = '';
    for await (const event of stream) if (event.type === 'response.output_text.delta') text += event.delta;
    const response = await stream.finalResponse();
    assert.equal(text, MASKED);
    assert.equal(response.output_text, MASKED);
  });

  test('Anthropic Messages, JSON and streamed', async () => {
    const message = await h.anthropic().messages.create({ model: 'standin-claude', max_tokens: 256, messages: [{ role: 'user', content: PROMPT }] });
    assert.equal(message.content[0]?.type === 'text' ? message.content[0].text : '', MASKED);
    const final = await h.anthropic().messages.stream({ model: 'standin-claude', max_tokens: 256, messages: [{ role: 'user', content: PROMPT }] }).finalMessage();
    assert.equal(final.content[0]?.type === 'text' ? final.content[0].text : '', MASKED);
  });

  test('an agent no response rule names gets the model\'s output as it was', async () => {
    await h.close();
    h = await startHarness({
      configure(config) {
        config.dataProtection = {
          detectors: ['pii'], threshold: 0.5, allow: [], responses: true, rules: [],
          responseRules: [{ types: ['*'], action: 'mask', agents: ['someone-else'] }],
        };
      },
    });
    const completion = await h.openai().chat.completions.create({ model: 'standin-gpt', messages: [{ role: 'user', content: PROMPT }] });
    assert.equal(completion.choices[0]?.message.content, `Stand-in reply to: ${PROMPT}`);
  });
});
