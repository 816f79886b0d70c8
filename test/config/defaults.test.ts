import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { embeddedDefaultConfig, STANDIN_API_KEY } from '../../src/config/defaults.ts';
import { ConfigError } from '../../src/config/errors.ts';
import { compileGlobs } from '../../src/config/glob.ts';
import { configSchema } from '../../src/config/schema.ts';
import { HASH_A } from './fixtures.ts';

const OPTIONS = { standinUrl: 'http://127.0.0.1:4010', agentKeyHash: HASH_A };

describe('embeddedDefaultConfig', () => {
  test('validates and has defaults applied', () => {
    const config = embeddedDefaultConfig(OPTIONS);
    assert.ok(configSchema.safeParse(config).success, 'the result is itself a valid config');
    assert.equal(config.server.port, 8080);
    assert.equal(config.server.limits.maxJsonDepth, 64);
    assert.equal(config.agents[0]?.tier, 'standard');
  });

  test('points two providers at the stand-in server', () => {
    const [openai, anthropic] = embeddedDefaultConfig({ ...OPTIONS, standinUrl: 'http://127.0.0.1:4010/' }).providers;
    assert.deepEqual(
      { id: openai?.id, kind: openai?.kind, baseUrl: openai?.baseUrl, models: openai?.models, auth: openai?.auth, apis: openai?.apis },
      { id: 'standin-openai', kind: 'openai', baseUrl: 'http://127.0.0.1:4010/v1', models: ['standin-gpt', 'standin-mini'], auth: 'bearer', apis: ['chat', 'responses'] },
    );
    assert.deepEqual(
      { id: anthropic?.id, kind: anthropic?.kind, baseUrl: anthropic?.baseUrl, models: anthropic?.models, auth: anthropic?.auth },
      { id: 'standin-anthropic', kind: 'anthropic', baseUrl: 'http://127.0.0.1:4010', models: ['standin-claude'], auth: 'x-api-key' },
    );
    assert.equal(openai?.apiKey, STANDIN_API_KEY);
  });

  test('the demo agent may use standin-gpt and standin-claude but not standin-mini', () => {
    const [agent] = embeddedDefaultConfig(OPTIONS).agents;
    assert.deepEqual({ id: agent?.id, team: agent?.team, env: agent?.env, keyHash: agent?.keyHash }, {
      id: 'demo-agent', team: 'demo', env: 'dev', keyHash: HASH_A,
    });
    const allowed = compileGlobs(agent?.models ?? []);
    assert.equal(allowed('standin-gpt'), true);
    assert.equal(allowed('standin-claude'), true);
    assert.equal(allowed('standin-mini'), false);
  });

  test('bad options fail through the schema', () => {
    assert.throws(() => embeddedDefaultConfig({ ...OPTIONS, agentKeyHash: 'not-a-hash' }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.deepEqual(error.issues.map((issue) => issue.path), ['agents[0].keyHash']);
      return true;
    });
    assert.throws(() => embeddedDefaultConfig({ ...OPTIONS, standinUrl: 'localhost:4010' }), ConfigError);
  });
});
