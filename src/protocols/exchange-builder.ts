import type { Exchange, Part, Protocol, ToolCall, ToolDefinition, Usage } from '../core/exchange.ts';
import { asArray, asObject, invalid, optionalString, type JsonObject } from './decode-util.ts';

/** The pieces an adapter decodes; the envelope around them is the same for every protocol. */
export interface DecodedContent {
  readonly parts: Part[];
  readonly toolCalls: ToolCall[];
  readonly messageCount: number;
  readonly toolDefinitions?: ToolDefinition[];
  readonly usage?: Usage | undefined;
  readonly stopReason?: string | undefined;
}

export function requestExchange(protocol: Protocol, body: JsonObject, model: string, content: DecodedContent): Exchange {
  return {
    protocol,
    direction: 'request',
    model,
    stream: body['stream'] === true,
    parts: content.parts,
    messageCount: content.messageCount,
    toolDefinitions: content.toolDefinitions ?? [],
    toolCalls: content.toolCalls,
  };
}

export function responseExchange(request: Exchange, content: DecodedContent): Exchange {
  return {
    protocol: request.protocol,
    direction: 'response',
    model: request.model,
    stream: request.stream,
    parts: content.parts,
    messageCount: content.messageCount,
    toolDefinitions: [],
    toolCalls: content.toolCalls,
    usage: content.usage,
    stopReason: content.stopReason,
  };
}

/**
 * Decodes a request's `tools` list. `locate` finds the name/description holder of one tool
 * (or undefined for tools that are not function tools, such as hosted web search) and names
 * where its name lives, for the error message.
 */
export function decodeToolDefinitions(
  tools: unknown, locate: (tool: JsonObject) => { holder: JsonObject; where: string } | undefined,
): ToolDefinition[] {
  if (tools === undefined || tools === null) return [];
  if (!Array.isArray(tools)) throw invalid("'tools' must be an array");
  const definitions: ToolDefinition[] = [];
  for (let i = 0; i < tools.length; i++) {
    const located = locate(asObject(tools[i]));
    if (located === undefined) continue;
    const name = located.holder['name'];
    if (typeof name !== 'string') throw invalid(`'tools[${i}]${located.where}' must be a string`);
    definitions.push({ name, description: optionalString(located.holder['description']) ?? '', messageIndex: i });
  }
  return definitions;
}

/** OpenAI-style tool calls (`{id, function: {name, arguments}}`), as in chat messages. */
export function decodeFunctionToolCalls(calls: unknown, into: ToolCall[] = []): ToolCall[] {
  for (const raw of asArray(calls)) {
    const call = asObject(raw);
    const fn = asObject(call['function']);
    into.push({
      id: optionalString(call['id']) ?? '',
      name: optionalString(fn['name']) ?? '',
      argumentsText: optionalString(fn['arguments']) ?? '',
      index: into.length,
    });
  }
  return into;
}
