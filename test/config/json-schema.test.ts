import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CONFIG_SCHEMA_ID, configJsonSchema } from '../../src/config/json-schema.ts';

type Json = Record<string, any>;

/** Round-trips through JSON text, as the CLI writes it, so anything non-JSON would fail here. */
function writtenSchema(): Json {
  return JSON.parse(JSON.stringify(configJsonSchema())) as Json;
}

describe('configJsonSchema', () => {
  test('is plain JSON with identification and the top-level shape', () => {
    const schema = writtenSchema();
    assert.deepEqual(schema, configJsonSchema(), 'survives a JSON round trip unchanged');
    assert.equal(schema['$schema'], 'https://json-schema.org/draft/2020-12/schema');
    assert.equal(schema['$id'], CONFIG_SCHEMA_ID);
    assert.equal(schema['title'], 'Portcullis configuration');
    assert.equal(schema['type'], 'object');
    assert.equal(schema['additionalProperties'], false);
    assert.deepEqual(Object.keys(schema['properties']), ['version', 'server', 'log', 'providers', 'agents', 'tools', 'policy', 'admins', 'state', 'ledger', 'dataProtection', 'injection', 'mcp', 'observability']);
    assert.equal(schema['properties'].providers.type, 'array');
    assert.equal(schema['properties'].providers.minItems, 1);
  });

  test('describes the input side: keys with defaults are optional', () => {
    const schema = writtenSchema();
    assert.deepEqual(schema['required'], ['version', 'providers']);
    const provider = schema['properties'].providers.items;
    assert.deepEqual(provider.required, ['id', 'kind', 'baseUrl', 'models']);
    assert.equal(provider.additionalProperties, false);
    const agent = schema['properties'].agents.items;
    assert.deepEqual(agent.required, ['id', 'team', 'env', 'keyHash']);
  });

  test('fields carry descriptions and defaults for editors', () => {
    const schema = writtenSchema();
    const port = schema['properties'].server.properties.port;
    assert.match(port.description, /ephemeral/);
    assert.equal(port.default, 8080);
    const provider = schema['properties'].providers.items.properties;
    for (const [key, field] of Object.entries<Json>(provider)) {
      assert.equal(typeof field['description'], 'string', `providers[].${key} has no description`);
    }
  });

  test('constrained values also accept a ${VAR} reference, so editors do not flag them', () => {
    const port = writtenSchema()['properties'].server.properties.port;
    assert.equal(port.anyOf.length, 2);
    assert.equal(port.anyOf[0].type, 'integer');
    assert.deepEqual(port.anyOf[1].type, 'string');
    assert.ok(new RegExp(port.anyOf[1].pattern).test('${PORT}'));
    // Keys are never interpolated, so header names keep their plain pattern.
    const headers = writtenSchema()['properties'].providers.items.properties.headers;
    assert.equal(headers.propertyNames.anyOf, undefined);
    assert.equal(typeof headers.propertyNames.pattern, 'string');
  });
});
