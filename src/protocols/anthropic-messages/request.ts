import type { Exchange, Part, PartSource, ToolCall } from '../../core/exchange.ts';
import { asObject, invalid, isObject, optionalString, requireArray, requireModel, requireObject } from '../decode-util.ts';
import type { DecodeOptions } from '../adapter.ts';
import { decodeToolDefinitions, requestExchange, textPart } from '../exchange-builder.ts';

/**
 * Decodes an Anthropic Messages request: `system` (string or text blocks), then each
 * message's blocks: text, `tool_use` (a replayed call), `tool_result` (tool output), and
 * `document` / `search_result` (retrieved documents, read as such).
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
    case 'document':
    case 'search_result':
      documentParts(block, path, 'retrieved_document', index, parts, undefined);
      return;
    default:
      return; // images, PDFs and URLs (no text here), thinking
  }
}

function collectTextBlocks(
  blocks: unknown[], path: (string | number)[], source: PartSource, index: number, parts: Part[],
  toolCallId: string | undefined,
): void {
  for (let j = 0; j < blocks.length; j++) {
    const block = asObject(blocks[j]);
    // A tool may return search results or documents (Anthropic's search_result blocks).
    if (block['type'] === 'document' || block['type'] === 'search_result') {
      documentParts(block, [...path, j], source, index, parts, toolCallId);
      continue;
    }
    const text = block['text'];
    if (typeof text === 'string') parts.push(textPart(source, index, text, [...path, j, 'text'], toolCallId));
  }
}

/**
 * The text a model reads in a `document` block (plain text in `source.data`, or text blocks in
 * `source.content`; base64 PDFs and URLs have none here) or a `search_result` block (text blocks
 * in `content`), with its `title` and `context`: retrieved documents, which RAG applications
 * send this way for citations. Read by guards as any other document: an instruction or a
 * patient's record in one reaches the model as surely as in a text block.
 */
function documentParts(
  block: Record<string, unknown>, path: (string | number)[], source: PartSource, index: number, parts: Part[], toolCallId: string | undefined,
): void {
  const push = (text: unknown, at: (string | number)[]) => {
    if (typeof text === 'string' && text !== '') parts.push(textPart(source, index, text, [...path, ...at], toolCallId));
  };
  push(block['title'], ['title']);
  push(block['context'], ['context']);
  const texts = (blocks: unknown, at: (string | number)[]) => {
    if (!Array.isArray(blocks)) return;
    blocks.forEach((inner, k) => push(isObject(inner) && inner['type'] === 'text' ? inner['text'] : undefined, [...at, k, 'text']));
  };
  if (block['type'] === 'search_result') { texts(block['content'], ['content']); return; }
  const origin = isObject(block['source']) ? block['source'] : {};
  if (origin['type'] === 'text') push(origin['data'], ['source', 'data']);
  else if (origin['type'] === 'content') {
    if (typeof origin['content'] === 'string') push(origin['content'], ['source', 'content']);
    else texts(origin['content'], ['source', 'content']);
  }
}
