import type { Exchange, Part, PartSource, ToolCall } from '../../core/exchange.ts';
import { asObject, invalid, isObject, optionalString, requireArray, requireModel, requireObject } from '../decode-util.ts';
import type { DecodeOptions } from '../adapter.ts';
import { decodeFunctionToolCalls, decodeToolDefinitions, requestExchange, textPart } from '../exchange-builder.ts';

const ROLE_SOURCE: Record<string, PartSource> = {
  system: 'system',
  developer: 'system',
  user: 'user',
  assistant: 'assistant',
  tool: 'tool_result',
  function: 'tool_result',
};

/** Decodes a Chat Completions request: every message's text, replayed tool calls and tools. */
export function decodeChatRequest(raw: unknown, options: DecodeOptions = {}): Exchange {
  const body = requireObject(raw, 'the request body');
  const model = requireModel(body);
  const messages = requireArray(body['messages'], "'messages'");
  if (messages.length === 0) throw invalid("'messages' must contain at least one message");
  const parts: Part[] = [];
  const toolCalls: ToolCall[] = [];
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i];
    if (!isObject(message)) throw invalid(`'messages[${i}]' must be an object`);
    const role = message['role'];
    const source = typeof role === 'string' ? ROLE_SOURCE[role] : undefined;
    if (source === undefined) throw invalid(`'messages[${i}].role' must be one of ${Object.keys(ROLE_SOURCE).join(', ')}`);
    const toolCallId = optionalString(message['tool_call_id']);
    collectContent(message['content'], i, source, toolCallId, parts);
    decodeFunctionToolCalls(message['tool_calls'], toolCalls);
  }
  const toolDefinitions = decodeToolDefinitions(body['tools'], (tool) => ({ holder: asObject(tool['function']), path: ['function'], where: '.function.name', schema: 'parameters' }), options.toolDescriptions === true ? parts : undefined);
  // Proposed tool calls are judged in the first choice; more choices would carry calls unjudged.
  if (toolDefinitions.length > 0 && typeof body['n'] === 'number' && body['n'] > 1) {
    throw invalid("'n' greater than 1 is not supported together with 'tools': the gateway governs the tool calls of one choice");
  }
  return requestExchange('openai-chat', body, model, { parts, toolCalls, messageCount: messages.length, toolDefinitions });
}

function collectContent(
  content: unknown, index: number, source: PartSource, toolCallId: string | undefined, parts: Part[],
): void {
  if (typeof content === 'string') {
    parts.push(textPart(source, index, content, ['messages', index, 'content'], toolCallId));
    return;
  }
  if (content === null || content === undefined) return;
  if (!Array.isArray(content)) throw invalid(`'messages[${index}].content' must be a string or an array of parts`);
  for (let j = 0; j < content.length; j++) {
    const item = asObject(content[j]);
    const text = item['text'];
    if (typeof text === 'string') {
      parts.push(textPart(source, index, text, ['messages', index, 'content', j, 'text'], toolCallId));
    } else if (typeof item['refusal'] === 'string') {
      parts.push(textPart(source, index, item['refusal'] as string, ['messages', index, 'content', j, 'refusal'], toolCallId));
    }
  }
}
