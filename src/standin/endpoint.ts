// What every endpoint module shares: the answer it hands back to the server (which
// applies failure behaviours uniformly) and tolerant readers for untrusted JSON.
import type { ErrorAnswer } from './errors.ts';

export type Answer =
  | { type: 'json'; status: number; body: unknown }
  | { type: 'sse'; frames: string[] };

export interface EndpointContext {
  body: Record<string, unknown>;
  /** Deterministic ids: a per-server counter, so a fixed request sequence yields fixed ids. */
  nextId(prefix: string): string;
  /** Unix seconds, the only clock-derived value in any answer. */
  now: number;
}

export function errorAnswer(e: ErrorAnswer): Answer {
  return { type: 'json', status: e.status, body: e.body };
}

export type Json = Record<string, unknown>;

export function isObj(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function asString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function asNumber(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Text of a content value that is either a string or an array of parts carrying `text`. */
export function contentText(v: unknown): string {
  if (typeof v === 'string') return v;
  const texts: string[] = [];
  for (const part of asArray(v)) {
    if (typeof part === 'string') texts.push(part);
    else if (isObj(part) && typeof part.text === 'string') texts.push(part.text);
  }
  // Separate parts so adjacent blocks never fuse into one word (tool names match on word boundaries).
  return texts.join('\n');
}
