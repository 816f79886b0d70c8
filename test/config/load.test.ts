import assert from 'node:assert/strict';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { describe, test } from 'node:test';
import { ConfigError } from '../../src/config/errors.ts';
import { loadConfig, parseConfig } from '../../src/config/load.ts';
import { HASH_A, VALID_YAML, writeTempConfig } from './fixtures.ts';

describe('loadConfig', () => {
  test('loads a valid file and applies every default', () => {
    const config = loadConfig(writeTempConfig(VALID_YAML), {});
    assert.deepEqual(config.server, {
      host: '127.0.0.1',
      port: 8080,
      limits: { maxBodyBytes: 4194304, maxJsonDepth: 64, maxMessages: 2000, maxResponseBytes: 33554432 },
      timeouts: { headersMs: 30000, drainMs: 10000 },
    });
    assert.deepEqual(config.log, { level: 'info' });
    const [openai, anthropic] = config.providers;
    assert.deepEqual(openai, {
      id: 'openai',
      kind: 'openai',
      baseUrl: 'https://api.openai.com/v1',
      apiKey: 'sk-test',
      auth: 'bearer',
      headers: {},
      models: ['gpt-4o', 'gpt-4o-mini', 'o4-*'],
      apis: ['chat', 'responses'],
      timeouts: { connectMs: 5000, headersMs: 60000, bodyMs: 300000 },
      pool: { connections: 64, keepAliveMs: 30000 },
      flags: [],
    });
    assert.equal(anthropic?.auth, 'x-api-key');
    assert.deepEqual(anthropic?.apis, ['messages']);
    assert.deepEqual(config.agents, [
      {
        id: 'claims-assistant',
        team: 'claims',
        env: 'prod',
        tier: 'standard',
        clearances: [],
        keyHash: HASH_A,
        models: ['gpt-4o-mini', 'claude-*'],
        tools: [],
      },
    ]);
    assert.deepEqual(config.tools, []);
    assert.deepEqual(config.admins, []);
    assert.deepEqual(config.state, {});
    assert.deepEqual(config.policy, {
      rules: [],
      limits: [],
      sessions: { header: 'x-portcullis-session', idleTtl: 86_400_000, taints: [] },
      approvals: { ttl: 900_000 },
      requestHeaders: [],
    });
  });

  test('explicit values override defaults', () => {
    const text = VALID_YAML.replace('version: 1\n', 'version: 1\nserver: { port: 0, limits: { maxJsonDepth: 10 } }\nlog: { level: debug }\n');
    const config = parseConfig(text, 'portcullis.yaml', {});
    assert.equal(config.server.port, 0);
    assert.equal(config.server.limits.maxJsonDepth, 10);
    assert.equal(config.server.limits.maxBodyBytes, 4194304);
    assert.equal(config.log.level, 'debug');
  });

  test('agents may be omitted', () => {
    const text = VALID_YAML.slice(0, VALID_YAML.indexOf('agents:'));
    assert.deepEqual(parseConfig(text, 'portcullis.yaml', {}).agents, []);
  });

  test('a missing file is a ConfigError naming the file', () => {
    const file = join(tmpdir(), 'portcullis-does-not-exist', 'portcullis.yaml');
    assert.throws(() => loadConfig(file, {}), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.issues.length, 1);
      assert.equal(error.issues[0]?.file, file);
      assert.match(error.message, /cannot read config file \(ENOENT\)/);
      return true;
    });
  });

  test('errors from a file name that file', () => {
    const file = writeTempConfig('version: 1\nproviders: []\n');
    assert.throws(() => loadConfig(file, {}), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.issues[0]?.file, file);
      assert.ok(error.message.includes(`${file}:2:1: providers: configure at least one provider`), error.message);
      return true;
    });
  });

  test('an empty file is rejected with a clear message', () => {
    assert.throws(() => parseConfig('', 'portcullis.yaml', {}), /portcullis\.yaml:1:1: the config is empty/);
  });
});
