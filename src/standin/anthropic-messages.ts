// POST /v1/messages (and /v1/messages/count_tokens): Anthropic Messages, JSON and SSE.
// Stream shape follows the real API and the SDK's MessageStream accumulator:
// message_start, then per block content_block_start / deltas / content_block_stop
// (one ping after the first block start), message_delta, message_stop.
import { decide, message, type Conversation, type NormMessage } from './behaviour.ts';
import { badRequest } from './errors.ts';
import { asArray, asNumber, asString, contentText, errorAnswer, isObj, type Answer, type EndpointContext, type Json } from './endpoint.ts';
import { eventFrame } from './sse.ts';
import { splitFixed, splitWords } from './text.ts';

const ARG_FRAGMENT = 8;

export function messages(ctx: EndpointContext): Answer {
  const { body } = ctx;
  const invalid = validate(body, true);
  if (invalid) return invalid;
  const model = body.model as string;
  const outcome = decide(normalize(body));
  const id = ctx.nextId('msg_');
  const blocks: Json[] = outcome.reply.kind === 'text'
    ? [{ type: 'text', text: outcome.reply.text }]
    : [
      ...(outcome.reply.preamble === undefined ? [] : [{ type: 'text', text: outcome.reply.preamble }]),
      ...outcome.reply.calls.map((c) => ({ type: 'tool_use', id: ctx.nextId('toolu_'), name: c.name, input: JSON.parse(c.arguments) as unknown })),
    ];
  const stopReason = outcome.reply.kind === 'tool_calls' ? 'tool_use' : outcome.reply.truncated ? 'max_tokens' : 'end_turn';
  const head = { id, type: 'message', role: 'assistant', model };
  if (body.stream !== true) {
    return {
      type: 'json',
      status: 200,
      body: { ...head, content: blocks, stop_reason: stopReason, stop_sequence: null, usage: usage(outcome.inputTokens, outcome.outputTokens) },
    };
  }
  const frames: string[] = [];
  const emit = (type: string, fields: Json = {}): void => {
    frames.push(eventFrame(type, { type, ...fields }));
  };
  // Like the real API, message_start reports the input tokens and a placeholder output count.
  emit('message_start', { message: { ...head, content: [], stop_reason: null, stop_sequence: null, usage: usage(outcome.inputTokens, 1) } });
  blocks.forEach((block, index) => {
    if (block.type === 'text') {
      emit('content_block_start', { index, content_block: { type: 'text', text: '' } });
      if (index === 0) emit('ping');
      for (const text of splitWords(block.text as string)) emit('content_block_delta', { index, delta: { type: 'text_delta', text } });
    } else {
      emit('content_block_start', { index, content_block: { ...block, input: {} } });
      if (index === 0) emit('ping');
      // The real API opens every tool_use block with an empty partial_json.
      const fragments = ['', ...splitFixed(JSON.stringify(block.input), ARG_FRAGMENT)];
      for (const partial_json of fragments) emit('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json } });
    }
    emit('content_block_stop', { index });
  });
  emit('message_delta', {
    delta: { stop_reason: stopReason, stop_sequence: null },
    usage: { input_tokens: outcome.inputTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: outcome.outputTokens },
  });
  emit('message_stop');
  return { type: 'sse', frames };
}

/** POST /v1/messages/count_tokens: same estimate as the usage of a real call. */
export function countTokens(ctx: EndpointContext): Answer {
  const invalid = validate(ctx.body, false);
  if (invalid) return invalid;
  return { type: 'json', status: 200, body: { input_tokens: decide(normalize(ctx.body)).inputTokens } };
}

function validate(body: Json, needMaxTokens: boolean): Answer | undefined {
  if (typeof body.model !== 'string') return errorAnswer(badRequest('anthropic', 'model: Field required'));
  if (!Array.isArray(body.messages)) return errorAnswer(badRequest('anthropic', 'messages: Field required'));
  if (needMaxTokens && typeof body.max_tokens !== 'number') return errorAnswer(badRequest('anthropic', 'max_tokens: Field required'));
  return undefined;
}

function usage(input: number, output: number): Json {
  return { input_tokens: input, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: output, service_tier: 'standard' };
}

function normalize(body: Json): Conversation {
  const out: NormMessage[] = [];
  const system = contentText(body.system);
  if (system) out.push(message('system', system));
  for (const raw of asArray(body.messages)) {
    if (!isObj(raw)) continue;
    const assistant = raw.role === 'assistant';
    if (typeof raw.content === 'string') {
      out.push(message(assistant ? 'assistant' : 'user', raw.content));
      continue;
    }
    const m = message(assistant ? 'assistant' : 'user', '');
    const texts: string[] = [];
    for (const block of asArray(raw.content)) {
      if (!isObj(block)) continue;
      if (block.type === 'text' && typeof block.text === 'string') texts.push(block.text);
      else if (block.type === 'tool_use') {
        m.toolCalls.push({ id: asString(block.id) ?? '', name: asString(block.name) ?? '', arguments: JSON.stringify(block.input ?? {}) });
      } else if (block.type === 'tool_result') {
        m.toolResults.push({ callId: asString(block.tool_use_id) ?? '', output: contentText(block.content) });
      }
    }
    m.text = texts.join('\n');
    // A user message carrying tool results is the "tool result" turn, even if it also has text.
    if (m.toolResults.length > 0) m.role = 'tool';
    out.push(m);
  }
  return { messages: out, toolNames: toolNames(body), maxTokens: asNumber(body.max_tokens) };
}

function toolNames(body: Json): string[] {
  if (isObj(body.tool_choice) && body.tool_choice.type === 'none') return [];
  const names: string[] = [];
  for (const t of asArray(body.tools)) {
    // Server tools (web_search_...) have a versioned `type` and are never called by the client.
    if (isObj(t) && (t.type === undefined || t.type === 'custom') && typeof t.name === 'string') names.push(t.name);
  }
  return names;
}
