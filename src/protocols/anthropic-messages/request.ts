import type { Exchange, Part, PartSource, ToolCall } from '../../core/exchange.ts';
import { asObject, invalid, isObject, optionalString, requireArray, requireModel, requireObject } from '../decode-util.ts';
import type { DecodeOptions } from '../adapter.ts';
import { decodeToolDefinitions, requestExchange } from '../exchange-builder.ts';

/**
 * Decodes an Anthropic Messages request: `system` (string or text blocks), then each
 * message's blocks: text, `tool_use` (a replayed call) and `tool_result` (tool output).
 */
export function decodeMessagesRequest(raw: unknown, options: DecodeOptions = {}): Exchange {
  const body = requireObject(raw, 'the request body');
  const model = requireModel(body);
  const messages = requireArray(body['messages'], "'messages'");
  const parts: Part[] = [];
  const toolCalls: ToolCall[] = [];
  const system = body['system'];
  if (typeof system === 'string') {
    parts.push({ source: 'system', messageIndex: -1, text: system, path: ['system'] });
  } else if (Array.isArray(system)) {
    collectTextBlocks(system, ['system'], 'system', -1, parts, undefined);
  }
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i];
    if (!isObject(message)) throw invalid(`'messages[${i}]' must be an object`);
    const role = message['role'];
    if (role !== 'user' && role !== 'assistant') throw invalid(`'messages[${i}].role' must be "user" or "assistant"`);
    const content = message['content'];
    const path = ['messages', i, 'content'];
    if (typeof content === 'string') {
      parts.push({ source: role, messageIndex: i, text: content, path });
      continue;
    }
    if (!Array.isArray(content)) throw invalid(`'messages[${i}].content' must be a string or an array of blocks`);
    for (let j = 0; j < content.length; j++) decodeBlock(content[j], i, [...path, j], role, parts, toolCalls);
  }
  const toolDefinitions = decodeToolDefinitions(body['tools'], (tool) => ({ holder: tool, path: [], where: '.name', schema: 'input_schema' }), options.toolDescriptions === true ? parts : undefined);
  return requestExchange('anthropic-messages', body, model, { parts, toolCalls, messageCount: messages.length, toolDefinitions });
}

function decodeBlock(
  raw: unknown, index: number, path: (string | number)[], role: 'user' | 'assistant', parts: Part[], toolCalls: ToolCall[],
): void {
  const block = asObject(raw);
  switch (block['type']) {
    case 'text':
      if (typeof block['text'] === 'string') {
        parts.push({ source: role, messageIndex: index, text: block['text'], path: [...path, 'text'] });
      }
      return;
    case 'tool_use':
      toolCalls.push({
        id: optionalString(block['id']) ?? '',
        name: optionalString(block['name']) ?? '',
        argumentsText: JSON.stringify(block['input'] ?? {}),
        index: toolCalls.length,
      });
      return;
    case 'tool_result': {
      const toolCallId = optionalString(block['tool_use_id']) ?? '';
      const content = block['content'];
      if (typeof content === 'string') {
        parts.push({ source: 'tool_result', messageIndex: index, text: content, path: [...path, 'content'], toolCallId });
      } else if (Array.isArray(content)) {
        collectTextBlocks(content, [...path, 'content'], 'tool_result', index, parts, toolCallId);
      }
      return;
    }
    default:
      return; // images, documents, thinking: no text for guards at this stage
  }
}

function collectTextBlocks(
  blocks: unknown[], path: (string | number)[], source: PartSource, index: number, parts: Part[],
  toolCallId: string | undefined,
): void {
  for (let j = 0; j < blocks.length; j++) {
    const text = asObject(blocks[j])['text'];
    if (typeof text !== 'string') continue;
    const part: Part = { source, messageIndex: index, text, path: [...path, j, 'text'] };
    parts.push(toolCallId === undefined ? part : { ...part, toolCallId });
  }
}
