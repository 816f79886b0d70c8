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
