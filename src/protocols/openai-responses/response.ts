import type { Exchange, Part, ToolCall } from '../../core/exchange.ts';
import type { StreamDecoder } from '../adapter.ts';
import { asArray, asNumber, asObject, optionalString } from '../decode-util.ts';
import { responseExchange } from '../exchange-builder.ts';

/** Decodes a Responses API `response` object: message text and function calls. */
export function decodeResponsesResponse(raw: unknown, request: Exchange): Exchange {
  const body = asObject(raw);
  const parts: Part[] = [];
  const toolCalls: ToolCall[] = [];
  const output = asArray(body['output']);
  for (let i = 0; i < output.length; i++) {
    const item = asObject(output[i]);
    if (item['type'] === 'function_call') {
      toolCalls.push({
        id: optionalString(item['call_id']) ?? '',
        name: optionalString(item['name']) ?? '',
        argumentsText: optionalString(item['arguments']) ?? '',
        index: toolCalls.length,
      });
    } else if (item['type'] === 'message') {
      const content = asArray(item['content']);
      for (let j = 0; j < content.length; j++) {
        const text = asObject(content[j])['text'];
        if (typeof text === 'string') {
          parts.push({ source: 'assistant', messageIndex: i, text, path: ['output', i, 'content', j, 'text'] });
        }
      }
    }
  }
  const usage = body['usage'] ? asObject(body['usage']) : undefined;
  return responseExchange(request, {
    parts,
    toolCalls,
    messageCount: output.length,
    usage: usage && { inputTokens: asNumber(usage['input_tokens']), outputTokens: asNumber(usage['output_tokens']) },
    stopReason: optionalString(body['status']),
  });
}

const FINAL_EVENTS = new Set(['response.completed', 'response.incomplete', 'response.failed']);

/**
 * A Responses stream ends with `response.completed` (or `.incomplete` / `.failed`) carrying
 * the whole response object, so the decoder takes that; deltas matter to guards that hold
 * streamed calls back, which arrive with the policy engine.
 */
export class ResponsesStreamDecoder implements StreamDecoder {
  private readonly request: Exchange;
  private final: unknown;

  constructor(request: Exchange) {
    this.request = request;
  }

  onEvent(event: string, data: string): void {
    // Servers that omit `event:` lines still put the type in the data.
    if (event !== '' && !FINAL_EVENTS.has(event)) return;
    try {
      const payload = asObject(JSON.parse(data));
      if (FINAL_EVENTS.has(payload['type'] as string)) this.final = payload['response'];
    } catch {
      // forwarded as is; nothing to observe
    }
  }

  result(): Exchange {
    return decodeResponsesResponse(this.final, this.request);
  }
}
