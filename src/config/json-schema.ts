/**
 * JSON Schema for `portcullis.yaml`, generated from the zod schema so the two never drift.
 * Editors (e.g. the YAML language server) use it for completion, hover help and validation.
 */
import { z } from 'zod';
import { configSchema } from './schema.ts';

/** Stable identifier of this schema; a URN, because the schema ships in the package rather than being hosted. */
export const CONFIG_SCHEMA_ID = 'urn:portcullis:config:v1';

type JsonObject = Record<string, unknown>;

/** What an editor sees before interpolation: `port: ${PORT}` is a string containing "${". */
const INTERPOLATED: JsonObject = {
  type: 'string',
  pattern: '\\$\\{',
  description: 'Replaced from the environment when the config is loaded: ${NAME} or ${NAME:-default}',
};
const CONSTRAINTS = ['pattern', 'format', 'enum', 'const'];

export function configJsonSchema(): object {
  // The input side is what people write: keys with defaults are optional there.
  const generated = z.toJSONSchema(configSchema, { io: 'input', target: 'draft-2020-12' });
  const { $schema, ...rest } = allowInterpolation(generated);
  // Identifying fields first, so they lead the written file.
  return { $schema, $id: CONFIG_SCHEMA_ID, title: 'Portcullis configuration', ...rest };
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Lets every constrained value (numbers, booleans, enums, patterns, URLs) also be a `${...}`
 * string, so editors do not flag `port: ${PORT}` as an error. Keys are never interpolated, so
 * `propertyNames` is left alone.
 */
function allowInterpolation(schema: JsonObject): JsonObject {
  if (schema['type'] === 'object') {
    const properties = isObject(schema['properties'])
      ? Object.fromEntries(Object.entries(schema['properties']).map(([key, value]) => [key, recurse(value)]))
      : undefined;
    const additional = schema['additionalProperties'];
    return {
      ...schema,
      ...(properties === undefined ? {} : { properties }),
      ...(isObject(additional) ? { additionalProperties: allowInterpolation(additional) } : {}),
    };
  }
  if (schema['type'] === 'array') return { ...schema, items: recurse(schema['items']) };
  const constrained = schema['type'] !== 'string' || CONSTRAINTS.some((key) => key in schema);
  if (schema['type'] === undefined || !constrained) return schema;
  // Description and default stay outside anyOf, where editors look for hover text and defaults.
  const { description, default: fallback, ...value } = schema;
  return {
    ...(description === undefined ? {} : { description }),
    ...(fallback === undefined ? {} : { default: fallback }),
    anyOf: [value, INTERPOLATED],
  };
}

function recurse(value: unknown): unknown {
  return isObject(value) ? allowInterpolation(value) : value;
}
