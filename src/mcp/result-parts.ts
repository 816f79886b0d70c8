/**
 * The tool name a resource read is judged under (policy, allow-lists, records): a dot, not a
 * slash, because `server/tool` is how allow-lists name a server's tool.
 */
export const RESOURCE_READ = 'resources.read';

/** The tool name a prompt's messages are judged under, as a result (`tool.result` rules, records). */
export const PROMPT_GET = 'prompts.get';

/**
 * The text in a tool result, as parts the detectors scan and edits can address: each text
 * content block, the text of embedded resources, and every string in `structuredContent`
 * (a result often carries the same data twice: redacting one copy only would leak the other).
 */
import type { Part } from '../core/exchange.ts';

/** A hostile result with millions of tiny strings must not cost millions of scans. */
const MAX_PARTS = 2_000;
const MAX_DEPTH = 64;

export function resultParts(result: Record<string, unknown>): Part[] {
  const parts: Part[] = [];
  const add = (text: string, path: (string | number)[]) => {
    if (text.length > 0 && parts.length < MAX_PARTS) parts.push({ source: 'tool_result', messageIndex: 0, text, path });
  };
  const content = result['content'];
  if (Array.isArray(content)) {
    content.forEach((block: unknown, i) => {
      if (typeof block !== 'object' || block === null) return;
      const b = block as { type?: unknown; text?: unknown; resource?: { text?: unknown } };
      if (b.type === 'text' && typeof b.text === 'string') add(b.text, ['content', i, 'text']);
      if (b.type === 'resource' && typeof b.resource?.text === 'string') add(b.resource.text, ['content', i, 'resource', 'text']);
    });
  }
  const walk = (value: unknown, path: (string | number)[]) => {
    if (parts.length >= MAX_PARTS || path.length > MAX_DEPTH) return;
    if (typeof value === 'string') return add(value, path);
    if (Array.isArray(value)) return value.forEach((item, i) => walk(item, [...path, i]));
    if (typeof value === 'object' && value !== null) for (const [key, item] of Object.entries(value)) walk(item, [...path, key]);
  };
  if ('structuredContent' in result) walk(result['structuredContent'], ['structuredContent']);
  return parts;
}

/** The text contents of a resource read (`contents[i].text`); binary `blob` contents are not text to scan. */
export function resourceParts(result: Record<string, unknown>): Part[] {
  const parts: Part[] = [];
  const contents = result['contents'];
  if (!Array.isArray(contents)) return parts;
  contents.forEach((item: unknown, i) => {
    if (parts.length >= MAX_PARTS || typeof item !== 'object' || item === null) return;
    const text = (item as { text?: unknown }).text;
    if (typeof text === 'string' && text.length > 0) parts.push({ source: 'tool_result', messageIndex: 0, text, path: ['contents', i, 'text'] });
  });
  return parts;
}

/**
 * The text of a prompt's messages (`prompts/get`): what the agent puts in front of its model,
 * written by the server, so indirect input like a tool's result. A message's content is one
 * block (the spec) or, from some servers, an array of blocks: text, and embedded resources' text.
 */
export function promptParts(result: Record<string, unknown>): Part[] {
  const parts: Part[] = [];
  const messages = result['messages'];
  if (!Array.isArray(messages)) return parts;
  const add = (block: unknown, path: (string | number)[]) => {
    if (parts.length >= MAX_PARTS || typeof block !== 'object' || block === null) return;
    const b = block as { type?: unknown; text?: unknown; resource?: { text?: unknown } };
    if (b.type === 'text' && typeof b.text === 'string' && b.text.length > 0) parts.push({ source: 'tool_result', messageIndex: 0, text: b.text, path: [...path, 'text'] });
    if (b.type === 'resource' && typeof b.resource?.text === 'string' && b.resource.text.length > 0) {
      parts.push({ source: 'tool_result', messageIndex: 0, text: b.resource.text, path: [...path, 'resource', 'text'] });
    }
  };
  messages.forEach((message: unknown, i) => {
    const content = typeof message === 'object' && message !== null ? (message as { content?: unknown }).content : undefined;
    if (Array.isArray(content)) content.forEach((block: unknown, j) => add(block, ['messages', i, 'content', j]));
    else add(content, ['messages', i, 'content']);
  });
  return parts;
}
