import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { configJsonSchema } from '../../src/config/json-schema.ts';

it('the committed schema/portcullis.schema.json matches the config schema (run `npm run schema`)', () => {
  const committed = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'schema', 'portcullis.schema.json'), 'utf8'));
  assert.deepEqual(committed, JSON.parse(JSON.stringify(configJsonSchema())));
});
