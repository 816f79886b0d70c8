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

type Path = (string | number)[];

/** Text parts collected up to MAX_PARTS, empty texts left out. */
class PartList {
  readonly parts: Part[] = [];
  get full(): boolean {
    return this.parts.length >= MAX_PARTS;
  }
  add(text: string, path: Path): void {
    if (text.length > 0 && !this.full) this.parts.push({ source: 'tool_result', messageIndex: 0, text, path });
  }
  /** A content block (a tool result's or a prompt message's): its text, or an embedded resource's text. */
  addBlock(block: unknown, path: Path): void {
    if (typeof block !== 'object' || block === null) return;
    const b = block as { type?: unknown; text?: unknown; resource?: { text?: unknown } };
    if (b.type === 'text' && typeof b.text === 'string') this.add(b.text, [...path, 'text']);
    if (b.type === 'resource' && typeof b.resource?.text === 'string') this.add(b.resource.text, [...path, 'resource', 'text']);
  }
}

export function resultParts(result: Record<string, unknown>): Part[] {
  const list = new PartList();
  const content = result['content'];
  if (Array.isArray(content)) content.forEach((block: unknown, i) => list.addBlock(block, ['content', i]));
  const walk = (value: unknown, path: Path) => {
    if (list.full || path.length > MAX_DEPTH) return;
    if (typeof value === 'string') return list.add(value, path);
    if (Array.isArray(value)) return value.forEach((item, i) => walk(item, [...path, i]));
    if (typeof value === 'object' && value !== null) for (const [key, item] of Object.entries(value)) walk(item, [...path, key]);
  };
  if ('structuredContent' in result) walk(result['structuredContent'], ['structuredContent']);
  return list.parts;
}

/** The text contents of a resource read (`contents[i].text`); binary `blob` contents are not text to scan. */
export function resourceParts(result: Record<string, unknown>): Part[] {
  const list = new PartList();
  const contents = result['contents'];
  if (!Array.isArray(contents)) return list.parts;
  contents.forEach((item: unknown, i) => {
    const text = typeof item === 'object' && item !== null ? (item as { text?: unknown }).text : undefined;
    if (typeof text === 'string') list.add(text, ['contents', i, 'text']);
  });
  return list.parts;
}

/**
 * The text of a prompt's messages (`prompts/get`): what the agent puts in front of its model,
 * written by the server, so indirect input like a tool's result. A message's content is one
 * block (the spec) or, from some servers, an array of blocks: text, and embedded resources' text.
 */
export function promptParts(result: Record<string, unknown>): Part[] {
  const list = new PartList();
  const messages = result['messages'];
  if (!Array.isArray(messages)) return list.parts;
  messages.forEach((message: unknown, i) => {
    const content = typeof message === 'object' && message !== null ? (message as { content?: unknown }).content : undefined;
    if (Array.isArray(content)) content.forEach((block: unknown, j) => list.addBlock(block, ['messages', i, 'content', j]));
    else list.addBlock(content, ['messages', i, 'content']);
  });
  return list.parts;
}
