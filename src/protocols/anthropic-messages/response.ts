import type { Exchange, Part, ToolCall, Usage } from '../../core/exchange.ts';
import type { StreamDecoder } from '../adapter.ts';
import { asArray, asNumber, asObject, optionalString } from '../decode-util.ts';
import { responseExchange } from '../exchange-builder.ts';
import { readJsonString } from '../json-string.ts';

/** Decodes a JSON `message`: text blocks and `tool_use` blocks. */
export function decodeMessagesResponse(raw: unknown, request: Exchange): Exchange {
  const body = asObject(raw);
  const parts: Part[] = [];
  const toolCalls: ToolCall[] = [];
  const content = asArray(body['content']);
  for (let i = 0; i < content.length; i++) {
    const block = asObject(content[i]);
    if (block['type'] === 'text' && typeof block['text'] === 'string') {
      parts.push({ source: 'assistant', messageIndex: 0, text: block['text'], path: ['content', i, 'text'] });
    } else if (block['type'] === 'tool_use') {
      toolCalls.push({
        id: optionalString(block['id']) ?? '',
        name: optionalString(block['name']) ?? '',
        argumentsText: JSON.stringify(block['input'] ?? {}),
        index: toolCalls.length,
      });
    }
  }
  const usage = asObject(body['usage']);
  return responseExchange(request, {
    parts,
    toolCalls,
    messageCount: 1,
    usage: { inputTokens: asNumber(usage['input_tokens']), outputTokens: asNumber(usage['output_tokens']) },
    stopReason: optionalString(body['stop_reason']),
  });
}

interface Block { type: string; id: string; name: string; text: string }

const BLOCK_DELTA = '{"type":"content_block_delta","index":';
const DELTA_FIELDS = [',"delta":{"type":"text_delta","text":', ',"delta":{"type":"input_json_delta","partial_json":'];

/**
 * A `content_block_delta` event with a text or input-JSON delta (`json`), in the compact form
 * the Messages API emits: the bulk of a stream, read without a full JSON.parse. Anything else
 * returns undefined and takes the full path.
 */
export function plainBlockDelta(data: string): { index: number; text: string; json: boolean } | undefined {
  if (!data.startsWith(BLOCK_DELTA)) return undefined;
  let i = BLOCK_DELTA.length;
  let index = 0;
  const digits = i;
  for (let c = data.charCodeAt(i); c >= 48 && c <= 57; c = data.charCodeAt(++i)) index = index * 10 + (c - 48);
  if (i === digits || i - digits > 6) return undefined;
  const field = DELTA_FIELDS.find((f) => data.startsWith(f, i));
  if (field === undefined) return undefined;
  const literal = readJsonString(data, i + field.length);
  if (literal === undefined || data.length !== literal.end + 2 || !data.endsWith('}}')) return undefined;
  return { index, text: literal.value, json: field === DELTA_FIELDS[1] };
}

/** Assembles a streamed message from content_block_start / _delta events. */
export class MessagesStreamDecoder implements StreamDecoder {
  private readonly request: Exchange;
  private readonly blocks: Block[] = [];
  private readonly usage: Usage = { inputTokens: 0, outputTokens: 0 };
  private stopReason: string | undefined;

  constructor(request: Exchange) {
    this.request = request;
  }

  onEvent(_event: string, data: string): void {
    const delta = plainBlockDelta(data);
    if (delta !== undefined) {
      const block = this.blocks[delta.index];
      if (block) block.text += delta.text;
      return;
    }
    let payload: Record<string, unknown>;
    try {
      payload = asObject(JSON.parse(data));
    } catch {
      return;
    }
    switch (payload['type']) {
      case 'message_start': {
        const usage = asObject(asObject(payload['message'])['usage']);
        this.usage.inputTokens = asNumber(usage['input_tokens']);
        this.usage.outputTokens = asNumber(usage['output_tokens']);
        return;
      }
      case 'content_block_start': {
        const block = asObject(payload['content_block']);
        this.blocks[asNumber(payload['index'])] = {
          type: optionalString(block['type']) ?? '',
          id: optionalString(block['id']) ?? '',
          name: optionalString(block['name']) ?? '',
          text: optionalString(block['text']) ?? '',
        };
        return;
      }
      case 'content_block_delta': {
        const block = this.blocks[asNumber(payload['index'])];
        const delta = asObject(payload['delta']);
        if (!block) return;
        if (delta['type'] === 'text_delta') block.text += optionalString(delta['text']) ?? '';
        else if (delta['type'] === 'input_json_delta') block.text += optionalString(delta['partial_json']) ?? '';
        return;
      }
      case 'message_delta': {
        this.stopReason = optionalString(asObject(payload['delta'])['stop_reason']) ?? this.stopReason;
        const usage = asObject(payload['usage']);
        if (typeof usage['output_tokens'] === 'number') this.usage.outputTokens = usage['output_tokens'];
        return;
      }
      default:
        return;
    }
  }

  result(): Exchange {
    const parts: Part[] = [];
    const toolCalls: ToolCall[] = [];
    this.blocks.forEach((block, i) => {
      if (block.type === 'text') parts.push({ source: 'assistant', messageIndex: 0, text: block.text, path: ['content', i, 'text'] });
      else if (block.type === 'tool_use') {
        toolCalls.push({ id: block.id, name: block.name, argumentsText: block.text || '{}', index: toolCalls.length });
      }
    });
    return responseExchange(this.request, { parts, toolCalls, messageCount: 1, usage: { ...this.usage }, stopReason: this.stopReason });
  }
}
