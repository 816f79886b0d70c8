import { GatewayError } from '../core/errors.ts';

/** Small shape checks shared by the adapters; each failure names the offending field. */
export type JsonObject = Record<string, unknown>;

export function invalid(message: string): GatewayError {
  return new GatewayError('invalid_request', 'invalid_request_body', message);
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function requireObject(value: unknown, what: string): JsonObject {
  if (!isObject(value)) throw invalid(`${what} must be a JSON object`);
  return value;
}

export function requireModel(body: JsonObject): string {
  const model = body['model'];
  if (typeof model !== 'string' || model.length === 0) {
    throw invalid("'model' is required and must be a non-empty string");
  }
  return model;
}

export function requireArray(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw invalid(`${what} must be an array`);
  return value;
}

export function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Tolerant accessors for responses: upstream output is observed, not validated. */
export function asObject(value: unknown): JsonObject {
  return isObject(value) ? value : {};
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asNumber(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/**
 * Usage in the `input_tokens` / `output_tokens` shape (Responses, Anthropic), taking input
 * from `first` and output from `last` (the same object unless a stream split them).
 */
export function inputOutputUsage(
  first: JsonObject | undefined, last: JsonObject | undefined,
): { inputTokens: number; outputTokens: number } | undefined {
  const final = last ?? first;
  if (first === undefined || final === undefined) return undefined;
  return { inputTokens: asNumber(first['input_tokens']), outputTokens: asNumber(final['output_tokens']) };
}

/** A JSON object parsed from text, or undefined when the text is not one (never throws). */
export function parseObject(text: string): JsonObject | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
