import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { configSchema, type ConfigInput } from '../../src/config/schema.ts';
import { HASH_A } from './fixtures.ts';

type ProviderInput = ConfigInput['providers'][number];

const OPENAI: ProviderInput = { id: 'openai', kind: 'openai', baseUrl: 'https://api.openai.com/v1', apiKey: 'k', models: ['gpt-4o'] };

/** Issues as "path: message" lines, for compact assertions. */
function issuesOf(providers: ProviderInput[], agents: ConfigInput['agents'] = []): string[] {
  const result = configSchema.safeParse({ version: 1, providers, agents });
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

function provider(overrides: Partial<ProviderInput>) {
  const result = configSchema.safeParse({ version: 1, providers: [{ ...OPENAI, ...overrides }] });
  assert.ok(result.success, JSON.stringify(result.error?.issues));
  return result.data.providers[0]!;
}

describe('provider defaults that depend on kind', () => {
  test('auth defaults per kind, and to none without an apiKey', () => {
    assert.equal(provider({}).auth, 'bearer');
    assert.equal(provider({ kind: 'openai-compatible' }).auth, 'bearer');
    assert.equal(provider({ kind: 'anthropic', baseUrl: 'https://api.anthropic.com' }).auth, 'x-api-key');
    assert.equal(provider({ apiKey: undefined, kind: 'openai-compatible', baseUrl: 'http://localhost:11434/v1' }).auth, 'none');
    assert.equal(provider({ auth: 'api-key' }).auth, 'api-key');
  });

  test('apis default per kind', () => {
    assert.deepEqual(provider({}).apis, ['chat', 'responses']);
    assert.deepEqual(provider({ kind: 'openai-compatible' }).apis, ['chat']);
    assert.deepEqual(provider({ kind: 'anthropic', baseUrl: 'https://api.anthropic.com' }).apis, ['messages']);
    assert.deepEqual(provider({ apis: ['responses'] }).apis, ['responses']);
  });

  test('a trailing slash on baseUrl is removed', () => {
    assert.equal(provider({ baseUrl: 'https://api.openai.com/v1/' }).baseUrl, 'https://api.openai.com/v1');
  });
});

describe('provider cross-field checks', () => {
  test('openai kinds need /v1; anthropic must not have it', () => {
    assert.deepEqual(issuesOf([{ ...OPENAI, baseUrl: 'https://api.openai.com' }]), [
      "providers.0.baseUrl: openai kinds' baseUrl must end in /v1, like the OpenAI SDK's baseURL (e.g. https://api.openai.com/v1)",
    ]);
    assert.match(issuesOf([{ ...OPENAI, kind: 'anthropic', baseUrl: 'https://api.anthropic.com/v1' }]).join(), /^providers\.0\.baseUrl: anthropic baseUrl must not end in \/v1/);
  });

  test('baseUrl may not carry credentials, a query or a fragment', () => {
    assert.match(issuesOf([{ ...OPENAI, baseUrl: 'https://user:pw@api.openai.com/v1' }]).join(), /must not embed credentials/);
    assert.match(issuesOf([{ ...OPENAI, baseUrl: 'https://api.openai.com/v1?x=1' }]).join(), /query or fragment/);
  });

  test('auth and apiKey must agree', () => {
    assert.deepEqual(issuesOf([{ ...OPENAI, apiKey: undefined, auth: 'bearer' }]), ['providers.0.auth: this auth mode needs an apiKey']);
    assert.deepEqual(issuesOf([{ ...OPENAI, auth: 'none' }]), ['providers.0.apiKey: apiKey is set but auth is none, so it is never sent']);
  });

  test('static headers may not clash with the auth header or the HTTP framing', () => {
    assert.deepEqual(issuesOf([{ ...OPENAI, headers: { Authorization: 'x', 'Content-Length': '1', 'X-Ok': 'y' } }]), [
      'providers.0.headers.Authorization: this header is set from apiKey by the auth mode',
      'providers.0.headers.Content-Length: this header is managed by the HTTP client',
    ]);
    // Without an apiKey the gateway sends no auth header, so a static one is the way to authenticate.
    assert.deepEqual(issuesOf([{ ...OPENAI, apiKey: undefined, headers: { Authorization: 'Basic eA==' } }]), []);
  });

  test('header names and values are checked', () => {
    assert.match(issuesOf([{ ...OPENAI, headers: { 'X-Ok': 'a\r\nInjected: 1' } }]).join(), /must not contain CR, LF or NUL/);
    assert.match(issuesOf([{ ...OPENAI, headers: { 'Bad Name': 'x' } }]).join(), /Invalid key in record/);
  });

  test('apis may not repeat', () => {
    assert.deepEqual(issuesOf([{ ...OPENAI, apis: ['chat', 'chat'] }]), ['providers.0.apis.1: listed twice']);
  });

  test('ids must match the id pattern', () => {
    assert.match(issuesOf([{ ...OPENAI, id: 'OpenAI' }]).join(), /provider id must match/);
  });
});

describe('whole-config checks', () => {
  const agent = { id: 'a', team: 't', env: 'dev', keyHash: HASH_A };

  test('an agent allowed an exact model no provider serves is reported', () => {
    assert.deepEqual(issuesOf([OPENAI], [{ ...agent, models: ['gpt-4o', 'gpt-4o-mnii', 'claude-*'] }]), [
      'agents.0.models.1: no provider serves this model (check for a typo against providers[].models)',
    ]);
    assert.deepEqual(issuesOf([{ ...OPENAI, models: ['gpt-*'] }], [{ ...agent, models: ['gpt-4o-mnii'] }]), []);
  });

  test('uniqueness checks still run when other fields are invalid', () => {
    // A wrong type is an issue zod does not continue past, unlike e.g. a malformed URL.
    const issues = issuesOf([OPENAI, { ...OPENAI, models: 'gpt-4o' as unknown as string[] }, { ...OPENAI }]);
    assert.ok(issues.includes('providers.1.models: Invalid input: expected array, received string'), issues.join('\n'));
    assert.ok(issues.includes('providers.1.id: duplicate provider id (same as providers[0])'), issues.join('\n'));
    assert.ok(issues.includes('providers.2.id: duplicate provider id (same as providers[0])'), issues.join('\n'));
  });

  test('at least one provider', () => {
    assert.deepEqual(issuesOf([]), ['providers: configure at least one provider']);
  });
});
