import type { Exchange, Part } from '../../core/exchange.ts';
import type { StreamDecoder } from '../adapter.ts';
import { asArray, asNumber, asObject, optionalString } from '../decode-util.ts';
import { decodeFunctionToolCalls, responseExchange } from '../exchange-builder.ts';
import { readJsonString } from '../json-string.ts';

export function usageOf(raw: unknown): { inputTokens: number; outputTokens: number } | undefined {
  if (raw === null || raw === undefined) return undefined;
  const usage = asObject(raw);
  return { inputTokens: asNumber(usage['prompt_tokens']), outputTokens: asNumber(usage['completion_tokens']) };
}

/** Decodes a JSON chat completion (first choice: the gateway serves n = 1 agents). */
export function decodeChatResponse(raw: unknown, request: Exchange): Exchange {
  const body = asObject(raw);
  const choice = asObject(asArray(body['choices'])[0]);
  const message = asObject(choice['message']);
  const parts: Part[] = [];
  const content = message['content'];
  if (typeof content === 'string') {
    parts.push({ source: 'assistant', messageIndex: 0, text: content, path: ['choices', 0, 'message', 'content'] });
  }
  return responseExchange(request, {
    parts,
    toolCalls: decodeFunctionToolCalls(message['tool_calls']),
    messageCount: 1,
    usage: usageOf(body['usage']),
    stopReason: optionalString(choice['finish_reason']),
  });
}

interface PendingCall { id: string; name: string; args: string }

const CONTENT_DELTA = '"choices":[{"index":0,"delta":{"content":';

function isNullOrAbsent(data: string, key: string, from: number): boolean {
  const at = data.indexOf(key, from);
  return at === -1 || data.startsWith('null', at + key.length);
}

/**
 * The text of a chunk that carries nothing but a text delta for choice 0, in the compact form
 * OpenAI (and most compatible servers) emit; undefined for anything else, which then takes the
 * full JSON.parse path. Most chunks of a stream are such deltas.
 */
export function plainContentDelta(data: string): string | undefined {
  // From the end: the choices come last in a chunk (before usage), and the marker cannot
  // occur twice, since a string value cannot hold its unescaped quotes.
  const at = data.lastIndexOf(CONTENT_DELTA);
  if (at === -1) return undefined;
  const literal = readJsonString(data, at + CONTENT_DELTA.length);
  // The delta must hold only its content (so no tool calls), and the rest of the chunk must
  // carry no finish reason and no usage (see readJsonString on why marker checks are sound).
  // Usage placed before the choices would be missed here; servers that do that report it
  // again, cumulatively, in the final chunk, which always takes the full parse.
  if (literal === undefined || data.charCodeAt(literal.end) !== 125 /* } */) return undefined;
  if (!isNullOrAbsent(data, '"finish_reason":', literal.end) || !isNullOrAbsent(data, '"usage":', literal.end)) return undefined;
  return literal.value;
}

/** Assembles a streamed chat completion from its `chat.completion.chunk` deltas. */
export class ChatStreamDecoder implements StreamDecoder {
  private readonly request: Exchange;
  private text = '';
  private readonly calls: PendingCall[] = [];
  private usage: Exchange['usage'];
  private stopReason: string | undefined;

  constructor(request: Exchange) {
    this.request = request;
  }

  onEvent(_event: string, data: string): void {
    if (data === '[DONE]') return;
    const text = plainContentDelta(data);
    if (text !== undefined) {
      this.text += text;
      return;
    }
    let chunk: Record<string, unknown>;
    try {
      chunk = asObject(JSON.parse(data));
    } catch {
      return; // not ours to judge: the bytes were forwarded as they came
    }
    if (chunk['usage']) this.usage = usageOf(chunk['usage']);
    const choice = asObject(asArray(chunk['choices'])[0]);
    const delta = asObject(choice['delta']);
    if (typeof delta['content'] === 'string') this.text += delta['content'];
    for (const raw of asArray(delta['tool_calls'])) this.addToolDelta(asObject(raw));
    const finish = optionalString(choice['finish_reason']);
    if (finish) this.stopReason = finish;
  }

  private addToolDelta(delta: Record<string, unknown>): void {
    const index = asNumber(delta['index']);
    const fn = asObject(delta['function']);
    let call = this.calls[index];
    if (!call) {
      call = { id: '', name: '', args: '' };
      this.calls[index] = call;
    }
    if (typeof delta['id'] === 'string') call.id = delta['id'];
    if (typeof fn['name'] === 'string') call.name += fn['name'];
    if (typeof fn['arguments'] === 'string') call.args += fn['arguments'];
  }

  result(): Exchange {
    const parts: Part[] = this.text
      ? [{ source: 'assistant', messageIndex: 0, text: this.text, path: ['choices', 0, 'delta', 'content'] }]
      : [];
    const toolCalls = this.calls
      .filter((call) => call !== undefined)
      .map((call, index) => ({ id: call.id, name: call.name, argumentsText: call.args, index }));
    return responseExchange(this.request, { parts, toolCalls, messageCount: 1, usage: this.usage, stopReason: this.stopReason });
  }
}
