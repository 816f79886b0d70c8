import type { Exchange, Part, PartSource, StoredTurn, ToolCall } from '../../core/exchange.ts';
import { asObject, invalid, isObject, optionalString, requireArray, requireModel, requireObject } from '../decode-util.ts';
import type { DecodeOptions } from '../adapter.ts';
import { decodeToolDefinitions, requestExchange } from '../exchange-builder.ts';

const ROLE_SOURCE: Record<string, PartSource> = {
  system: 'system',
  developer: 'system',
  user: 'user',
  assistant: 'assistant',
};

/**
 * Decodes a Responses API request. `input` is a string or a list of items: messages (with
 * string or typed content), replayed `function_call`s and `function_call_output`s.
 */
export function decodeResponsesRequest(raw: unknown, options: DecodeOptions = {}): Exchange {
  const body = requireObject(raw, 'the request body');
  const model = requireModel(body);
  const parts: Part[] = [];
  const toolCalls: ToolCall[] = [];
  const instructions = body['instructions'];
  if (typeof instructions === 'string') {
    parts.push({ source: 'system', messageIndex: -1, text: instructions, path: ['instructions'] });
  }
  const input = body['input'];
  let messageCount = 0;
  if (typeof input === 'string') {
    parts.push({ source: 'user', messageIndex: 0, text: input, path: ['input'] });
    messageCount = 1;
  } else if (input !== undefined) {
    const items = requireArray(input, "'input'");
    messageCount = items.length;
    for (let i = 0; i < items.length; i++) decodeItem(items[i], i, parts, toolCalls);
  } else if (body['previous_response_id'] === undefined && body['prompt'] === undefined) {
    throw invalid("'input' is required");
  }
  // Hosted tools (web_search, file_search) run at the provider: only function tools are the agent's.
  const toolDefinitions = decodeToolDefinitions(body['tools'], (tool) => (tool['type'] === 'function' ? { holder: tool, path: [], where: '.name', schema: 'parameters' } : undefined), options.toolDescriptions === true ? parts : undefined);
  const exchange = requestExchange('openai-responses', body, model, { parts, toolCalls, messageCount, toolDefinitions });
  const stored = storedTurn(body);
  return stored === undefined ? exchange : { ...exchange, stored };
}

/** Where a request stands in a conversation the provider stores: what it continues, and whether its own turn is kept. */
function storedTurn(body: Record<string, unknown>): StoredTurn | undefined {
  const previous = body['previous_response_id'];
  const raw = body['conversation'];
  // `conversation` is an id, or an object holding one.
  const id = typeof raw === 'string' ? raw : isObject(raw) && typeof raw['id'] === 'string' ? raw['id'] : undefined;
  const conversation = id === undefined ? undefined : `conversation:${id}`;
  const continues = typeof previous === 'string' ? `response:${previous}` : conversation;
  const kept = body['store'] !== false;
  if (!kept && continues === undefined) return undefined;
  return { kept, ...(continues === undefined ? {} : { continues }), ...(conversation === undefined ? {} : { conversation }) };
}

function decodeItem(raw: unknown, index: number, parts: Part[], toolCalls: ToolCall[]): void {
  if (!isObject(raw)) throw invalid(`'input[${index}]' must be an object`);
  const type = raw['type'];
  if (type === 'function_call') {
    toolCalls.push({
      id: optionalString(raw['call_id']) ?? '',
      name: optionalString(raw['name']) ?? '',
      argumentsText: optionalString(raw['arguments']) ?? '',
      index: toolCalls.length,
    });
    return;
  }
  if (type === 'function_call_output') {
    const toolCallId = optionalString(raw['call_id']) ?? '';
    collectContent(raw['output'], ['input', index, 'output'], 'tool_result', index, parts, toolCallId);
    return;
  }
  const role = raw['role'];
  if (type !== undefined && type !== 'message') return; // reasoning, web search calls, ...: no agent text
  const source = typeof role === 'string' ? ROLE_SOURCE[role] : undefined;
  if (source === undefined) throw invalid(`'input[${index}].role' must be one of ${Object.keys(ROLE_SOURCE).join(', ')}`);
  collectContent(raw['content'], ['input', index, 'content'], source, index, parts, undefined);
}

function collectContent(
  content: unknown, path: (string | number)[], source: PartSource, index: number, parts: Part[],
  toolCallId: string | undefined,
): void {
  const extra = toolCallId === undefined ? {} : { toolCallId };
  if (typeof content === 'string') {
    parts.push({ source, messageIndex: index, text: content, path, ...extra });
    return;
  }
  if (!Array.isArray(content)) return;
  for (let j = 0; j < content.length; j++) {
    const text = asObject(content[j])['text'];
    if (typeof text === 'string') parts.push({ source, messageIndex: index, text, path: [...path, j, 'text'], ...extra });
  }
}
