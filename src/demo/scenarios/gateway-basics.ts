import type { Scenario } from '../runner.ts';

const WEATHER_TOOL = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

/**
 * The gateway core: an agent built on the official SDKs reaches both provider protocols
 * through one base URL and its own key; the gateway routes by model, relays streams and
 * tool calls, and refuses what the agent's identity does not allow.
 */
export const gatewayBasics: Scenario = {
  name: 'gateway-basics',
  description: 'one agent, both providers, JSON and streams, a tool round trip, and two refusals',
  async run({ openai, anthropic, strangerOpenAI, step }) {
    await step('chat completion', async () => {
      const completion = await openai.chat.completions.create({
        model: 'standin-gpt',
        messages: [
          { role: 'system', content: 'You are a claims assistant.' },
          { role: 'user', content: 'Summarise the status of claim 4471.' },
        ],
      });
      return completion.choices[0]?.message.content ?? '';
    });

    await step('chat completion, streamed', async () => {
      const stream = await openai.chat.completions.create({
        model: 'standin-gpt',
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: 'user', content: 'Explain prior authorisation in one line.' }],
      });
      let text = '';
      let tokens = 0;
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta.content ?? '';
        tokens = chunk.usage?.total_tokens ?? tokens;
      }
      return `${text} (${tokens} tokens)`;
    });

    const messages: Parameters<typeof openai.chat.completions.create>[0]['messages'] = [
      { role: 'user', content: 'Use get_weather for {"city": "Lisbon"} before I fly.' },
    ];
    let toolCall: { id: string; name: string; arguments: string } | undefined;
    await step('tool call proposed', async () => {
      const completion = await openai.chat.completions.create({ model: 'standin-gpt', messages, tools: [WEATHER_TOOL] });
      const message = completion.choices[0]?.message;
      const call = message?.tool_calls?.[0];
      if (message === undefined || call === undefined || call.type !== 'function') return 'no tool call';
      messages.push(message);
      toolCall = { id: call.id, name: call.function.name, arguments: call.function.arguments };
      return `${call.function.name}(${call.function.arguments})`;
    });

    await step('tool result returned', async () => {
      if (toolCall === undefined) return 'skipped: no tool call to answer';
      const { city } = JSON.parse(toolCall.arguments) as { city: string };
      messages.push({ role: 'tool', tool_call_id: toolCall.id, content: `${city}: 19°C, light wind` });
      const completion = await openai.chat.completions.create({ model: 'standin-gpt', messages, tools: [WEATHER_TOOL] });
      return completion.choices[0]?.message.content ?? '';
    });

    await step('responses API', async () => {
      const response = await openai.responses.create({ model: 'standin-gpt', input: 'Draft a one-line payment reminder.' });
      return response.output_text;
    });

    await step('anthropic messages, streamed', async () => {
      const message = await anthropic.messages
        .stream({ model: 'standin-claude', max_tokens: 256, messages: [{ role: 'user', content: 'List two HIPAA safeguards.' }] })
        .finalMessage();
      const first = message.content[0];
      return first?.type === 'text' ? first.text : first?.type ?? '';
    });

    await step('model outside allow-list', async () => {
      await openai.chat.completions.create({ model: 'standin-mini', messages: [{ role: 'user', content: 'Hello' }] });
      return 'answered (unexpected)';
    });

    await step('unknown agent key', async () => {
      await strangerOpenAI.chat.completions.create({ model: 'standin-gpt', messages: [{ role: 'user', content: 'Hello' }] });
      return 'answered (unexpected)';
    });
  },
};
