// POST /v1/responses: OpenAI Responses API, JSON and SSE. The SDK's ResponseStream
// validates event order, item ids, output/content indexes and sequence numbers, so the
// event sequence below mirrors the real API exactly (see openai/lib/responses/ResponseStream).
import { decide, message, type Conversation, type NormMessage, type Outcome } from './behaviour.ts';
import { openaiError } from './errors.ts';
import { asArray, asNumber, asString, contentText, errorAnswer, isObj, type Answer, type EndpointContext, type Json } from './endpoint.ts';
import { eventFrame } from './sse.ts';
import { splitFixed, splitWords } from './text.ts';

const ARG_FRAGMENT = 8;

export function responses(ctx: EndpointContext): Answer {
  const { body } = ctx;
  const model = asString(body.model);
  if (!model) return errorAnswer(openaiError(400, "Missing required parameter: 'model'.", 'invalid_request_error', 'missing_required_parameter', 'model'));
  const outcome = decide(normalize(body));
  const id = ctx.nextId('resp_');
  const items = outputItems(ctx, outcome);
  const truncated = outcome.reply.kind === 'text' && outcome.reply.truncated;
  const status = truncated ? 'incomplete' : 'completed';
  const final = envelope(ctx, body, model, id, status, items, usage(outcome));
  if (body.stream !== true) return { type: 'json', status: 200, body: final };

  const frames: string[] = [];
  let seq = 0;
  const emit = (type: string, fields: Json): void => {
    frames.push(eventFrame(type, { type, sequence_number: seq++, ...fields }));
  };
  const pending = envelope(ctx, body, model, id, 'in_progress', [], null);
  emit('response.created', { response: pending });
  emit('response.in_progress', { response: pending });
  items.forEach((item, outputIndex) => {
    const itemId = item.id;
    if (item.type === 'message') {
      const text = item.content[0]?.text ?? '';
      emit('response.output_item.added', { output_index: outputIndex, item: { ...item, status: 'in_progress', content: [] } });
      const where = { item_id: itemId, output_index: outputIndex, content_index: 0 };
      emit('response.content_part.added', { ...where, part: { type: 'output_text', annotations: [], logprobs: [], text: '' } });
      for (const delta of splitWords(text)) emit('response.output_text.delta', { ...where, delta, logprobs: [] });
      emit('response.output_text.done', { ...where, text, logprobs: [] });
      emit('response.content_part.done', { ...where, part: item.content[0] });
    } else {
      emit('response.output_item.added', { output_index: outputIndex, item: { ...item, status: 'in_progress', arguments: '' } });
      const where = { item_id: itemId, output_index: outputIndex };
      for (const delta of splitFixed(item.arguments, ARG_FRAGMENT)) emit('response.function_call_arguments.delta', { ...where, delta });
      emit('response.function_call_arguments.done', { ...where, arguments: item.arguments });
    }
    emit('response.output_item.done', { output_index: outputIndex, item });
  });
  emit(truncated ? 'response.incomplete' : 'response.completed', { response: final });
  return { type: 'sse', frames };
}

type OutputText = { type: 'output_text'; text: string; annotations: never[]; logprobs: never[] };
type Item =
  | { id: string; type: 'message'; status: string; role: 'assistant'; content: OutputText[] }
  | { id: string; type: 'function_call'; status: string; arguments: string; call_id: string; name: string };

function outputItems(ctx: EndpointContext, o: Outcome): Item[] {
  if (o.reply.kind === 'text') {
    const content: OutputText[] = [{ type: 'output_text', text: o.reply.text, annotations: [], logprobs: [] }];
    return [{ id: ctx.nextId('msg_'), type: 'message', status: o.reply.truncated ? 'incomplete' : 'completed', role: 'assistant', content }];
  }
  const items: Item[] = [];
  if (o.reply.preamble !== undefined) {
    const content: OutputText[] = [{ type: 'output_text', text: o.reply.preamble, annotations: [], logprobs: [] }];
    items.push({ id: ctx.nextId('msg_'), type: 'message', status: 'completed', role: 'assistant', content });
  }
  for (const c of o.reply.calls) {
    items.push({ id: ctx.nextId('fc_'), type: 'function_call', status: 'completed', arguments: c.arguments, call_id: ctx.nextId('call_'), name: c.name });
  }
  return items;
}

/** The response object; request settings are echoed back as the real API does. */
function envelope(ctx: EndpointContext, body: Json, model: string, id: string, status: string, output: Item[], usage: Json | null): Json {
  return {
    id, object: 'response', created_at: ctx.now, status,
    background: false, error: null,
    incomplete_details: status === 'incomplete' ? { reason: 'max_output_tokens' } : null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    model, output,
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    previous_response_id: body.previous_response_id ?? null,
    reasoning: { effort: null, summary: null },
    store: body.store ?? true,
    temperature: body.temperature ?? 1,
    text: body.text ?? { format: { type: 'text' } },
    tool_choice: body.tool_choice ?? 'auto',
    tools: body.tools ?? [],
    top_p: body.top_p ?? 1,
    truncation: body.truncation ?? 'disabled',
    usage,
    user: body.user ?? null,
    metadata: body.metadata ?? {},
  };
}

function usage(o: Outcome): Json {
  return {
    input_tokens: o.inputTokens,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: o.outputTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: o.inputTokens + o.outputTokens,
  };
}

function normalize(body: Json): Conversation {
  const messages: NormMessage[] = [];
  const instructions = asString(body.instructions);
  if (instructions) messages.push(message('system', instructions));
  if (typeof body.input === 'string') messages.push(message('user', body.input));
  for (const item of asArray(body.input)) {
    if (!isObj(item)) continue;
    if (item.type === 'function_call') {
      const m = message('assistant', '');
      m.toolCalls.push({ id: asString(item.call_id) ?? '', name: asString(item.name) ?? '', arguments: asString(item.arguments) ?? '' });
      messages.push(m);
    } else if (item.type === 'function_call_output') {
      const result = { callId: asString(item.call_id) ?? '', output: contentText(item.output) };
      // Parallel call outputs arrive as consecutive items: they form one "tool turn".
      const last = messages[messages.length - 1];
      if (last?.role === 'tool') last.toolResults.push(result);
      else messages.push({ ...message('tool', ''), toolResults: [result] });
    } else if (item.type === undefined || item.type === 'message') {
      const role = asString(item.role);
      const norm = role === 'assistant' ? 'assistant' : role === 'system' || role === 'developer' ? 'system' : 'user';
      messages.push(message(norm, contentText(item.content)));
    }
    // Other item types (reasoning, web search calls, ...) carry no text the stand-in reacts to.
  }
  return { messages, toolNames: toolNames(body), maxTokens: asNumber(body.max_output_tokens) };
}

function toolNames(body: Json): string[] {
  if (body.tool_choice === 'none') return [];
  const names: string[] = [];
  for (const t of asArray(body.tools)) {
    if (isObj(t) && t.type === 'function' && typeof t.name === 'string') names.push(t.name);
  }
  return names;
}
