import type { Scenario } from '../runner.ts';

/** A claims agent's prompt carrying a patient's identity and payment details. */
const PROMPT = 'Patient Maria Gonzalez, SSN 219-45-8812, paid with card 4539 1488 0343 6467; summarise her claim.';

/**
 * Sensitive data never reaches the model provider, and the agent does not notice: the gateway
 * replaces the patient's name, SSN and card number with placeholders before the request leaves,
 * and puts the originals back in what the model answers, in JSON and in streams.
 */
export const dataProtection: Scenario = {
  name: 'data-protection',
  description: 'PII tokenized on the way out and restored on the way back, streaming included',
  details: 'Data protection (what the model provider received, what the agent got back)',
  async run({ as, providerSaw, step }) {
    const claims = as('healthcare-claims-agent-prod');

    await step('PII in a prompt: what the provider received', async () => {
      await claims.openai.chat.completions.create({ model: 'standin-gpt', messages: [{ role: 'user', content: PROMPT }] });
      return `provider saw: ${providerSaw()}`;
    });

    await step('... and what the agent got back', async () => {
      const completion = await claims.openai.chat.completions.create({ model: 'standin-gpt', messages: [{ role: 'user', content: PROMPT }] });
      return `agent got: ${completion.choices[0]?.message.content ?? ''}`;
    });

    await step('the same, streamed (Anthropic)', async () => {
      const message = await claims.anthropic.messages
        .stream({ model: 'standin-claude', max_tokens: 256, messages: [{ role: 'user', content: PROMPT }] })
        .finalMessage();
      const first = message.content[0];
      return `agent got: ${first?.type === 'text' ? first.text : ''}  (provider saw: ${providerSaw()})`;
    });
  },
};
