// POST /v1/chat/completions: OpenAI Chat Completions, JSON and SSE.
// Stream shape follows the real API: a role chunk, content (or tool-call) deltas, a
// finish chunk with an empty delta, an optional usage chunk with `choices: []`, [DONE].
import { decide, message, type Conversation, type NormMessage, type Outcome } from './behaviour.ts';
import { badRequest, openaiError } from './errors.ts';
import { asArray, asNumber, asString, contentText, errorAnswer, isObj, type Answer, type EndpointContext, type Json } from './endpoint.ts';
import { dataFrame } from './sse.ts';
import { splitFixed, splitWords } from './text.ts';

const FINGERPRINT = 'fp_standin';
const ARG_FRAGMENT = 8;

export function chatCompletions(ctx: EndpointContext): Answer {
  const { body } = ctx;
  const model = asString(body.model);
  if (!model) return errorAnswer(openaiError(400, 'you must provide a model parameter', 'invalid_request_error'));
  if (!Array.isArray(body.messages)) {
    return errorAnswer(openaiError(400, "Missing required parameter: 'messages'.", 'invalid_request_error', 'missing_required_parameter', 'messages'));
  }
  if (body.messages.length === 0) return errorAnswer(badRequest('openai', "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.", 'messages'));
  const outcome = decide(normalize(body));
  const id = ctx.nextId('chatcmpl-');
  const calls = outcome.reply.kind === 'tool_calls'
    ? outcome.reply.calls.map((c) => ({ id: ctx.nextId('call_'), type: 'function' as const, function: { name: c.name, arguments: c.arguments } }))
    : [];
  const finish = outcome.reply.kind === 'tool_calls' ? 'tool_calls' : outcome.reply.truncated ? 'length' : 'stop';
  const head = { id, object: 'chat.completion', created: ctx.now, model };
  if (body.stream === true) {
    const includeUsage = isObj(body.stream_options) && body.stream_options.include_usage === true;
    return { type: 'sse', frames: streamFrames(head, outcome, calls, finish, includeUsage) };
  }
  const msg = outcome.reply.kind === 'text'
    ? { role: 'assistant', content: outcome.reply.text, refusal: null, annotations: [] }
    : { role: 'assistant', content: outcome.reply.preamble ?? null, tool_calls: calls, refusal: null, annotations: [] };
  return {
    type: 'json',
    status: 200,
    body: {
      ...head,
      choices: [{ index: 0, message: msg, logprobs: null, finish_reason: finish }],
      usage: usage(outcome),
      service_tier: 'default',
      system_fingerprint: FINGERPRINT,
    },
  };
}

type Call = { id: string; type: 'function'; function: { name: string; arguments: string } };

function streamFrames(head: { id: string; object: string; created: number; model: string }, outcome: Outcome, calls: Call[], finish: string, includeUsage: boolean): string[] {
  // With include_usage every chunk carries `usage: null` until the final usage chunk.
  const base = { ...head, object: 'chat.completion.chunk', service_tier: 'default', system_fingerprint: FINGERPRINT };
  const chunk = (delta: Json, finishReason: string | null = null): string =>
    dataFrame({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }], ...(includeUsage ? { usage: null } : {}) });
  const frames: string[] = [];
  if (outcome.reply.kind === 'text') {
    frames.push(chunk({ role: 'assistant', content: '', refusal: null }));
    for (const piece of splitWords(outcome.reply.text)) frames.push(chunk({ content: piece }));
  } else {
    // With a preamble the role arrives with its text, as the real API streams it.
    const preamble = outcome.reply.preamble;
    if (preamble !== undefined) {
      frames.push(chunk({ role: 'assistant', content: '', refusal: null }));
      for (const piece of splitWords(preamble)) frames.push(chunk({ content: piece }));
    }
    calls.forEach((call, index) => {
      const start = { index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } };
      const first = index === 0 && preamble === undefined;
      frames.push(chunk(first ? { role: 'assistant', content: null, tool_calls: [start], refusal: null } : { tool_calls: [start] }));
      for (const fragment of splitFixed(call.function.arguments, ARG_FRAGMENT)) {
        frames.push(chunk({ tool_calls: [{ index, function: { arguments: fragment } }] }));
      }
    });
  }
  frames.push(chunk({}, finish));
  if (includeUsage) frames.push(dataFrame({ ...base, choices: [], usage: usage(outcome) }));
  frames.push(dataFrame('[DONE]'));
  return frames;
}

function usage(o: Outcome): Json {
  return {
    prompt_tokens: o.inputTokens,
    completion_tokens: o.outputTokens,
    total_tokens: o.inputTokens + o.outputTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

function normalize(body: Json): Conversation {
  const messages: NormMessage[] = [];
  for (const raw of asArray(body.messages)) {
    if (!isObj(raw)) continue;
    const role = asString(raw.role);
    if (role === 'tool' || role === 'function') {
      const callId = asString(role === 'tool' ? raw.tool_call_id : raw.name) ?? '';
      const result = { callId, name: role === 'function' ? asString(raw.name) : undefined, output: contentText(raw.content) };
      // Parallel tool results arrive as consecutive messages: they form one "tool turn".
      const last = messages[messages.length - 1];
      if (last?.role === 'tool') last.toolResults.push(result);
      else messages.push({ ...message('tool', ''), toolResults: [result] });
    } else if (role === 'assistant') {
      const m = message('assistant', contentText(raw.content));
      for (const tc of asArray(raw.tool_calls)) {
        if (isObj(tc) && isObj(tc.function)) {
          m.toolCalls.push({ id: asString(tc.id) ?? '', name: asString(tc.function.name) ?? '', arguments: asString(tc.function.arguments) ?? '' });
        }
      }
      if (isObj(raw.function_call)) {
        const name = asString(raw.function_call.name) ?? '';
        m.toolCalls.push({ id: name, name, arguments: asString(raw.function_call.arguments) ?? '' });
      }
      messages.push(m);
    } else {
      messages.push(message(role === 'system' || role === 'developer' ? 'system' : 'user', contentText(raw.content)));
    }
  }
  return { messages, toolNames: toolNames(body), maxTokens: asNumber(body.max_completion_tokens) ?? asNumber(body.max_tokens) };
}

function toolNames(body: Json): string[] {
  // Only `tools` (not the legacy `functions`): the reply always uses `tool_calls`.
  if (body.tool_choice === 'none') return [];
  const names: string[] = [];
  for (const t of asArray(body.tools)) {
    if (isObj(t) && isObj(t.function) && typeof t.function.name === 'string') names.push(t.function.name);
  }
  return names;
}
