import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseConfig } from '../../src/config/load.ts';
import { VALID_YAML, configErrorOf, issueAt, positionOf } from './fixtures.ts';

const SECRET = 'sk-live-SECRET-4f9a1c';

/** The fixture with the OpenAI provider's apiKey line replaced by `line`. */
function withApiKey(line: string): string {
  // A replacer function, because a replacement string would turn "$$" into "$".
  return VALID_YAML.replace('    apiKey: sk-test', () => `    apiKey: ${line}`);
}

function openaiProvider(text: string, env: Record<string, string>) {
  return parseConfig(text, 'portcullis.yaml', env).providers[0]!;
}

describe('${VAR} interpolation', () => {
  test('a whole value', () => {
    assert.equal(openaiProvider(withApiKey('${OPENAI_API_KEY}'), { OPENAI_API_KEY: SECRET }).apiKey, SECRET);
  });

  test('embedded in a string, several times', () => {
    const text = withApiKey('"${PREFIX}-${OPENAI_API_KEY}"');
    assert.equal(openaiProvider(text, { PREFIX: 'pre', OPENAI_API_KEY: SECRET }).apiKey, `pre-${SECRET}`);
  });

  test('${VAR:-default} uses the default when unset or empty, the variable otherwise', () => {
    const text = withApiKey('${OPENAI_API_KEY:-fallback-key}');
    assert.equal(openaiProvider(text, {}).apiKey, 'fallback-key');
    assert.equal(openaiProvider(text, { OPENAI_API_KEY: '' }).apiKey, 'fallback-key');
    assert.equal(openaiProvider(text, { OPENAI_API_KEY: SECRET }).apiKey, SECRET);
  });

  test('$${ is a literal ${', () => {
    const text = withApiKey("'$${NOT_A_VAR}'");
    assert.equal(openaiProvider(text, { NOT_A_VAR: 'x' }).apiKey, '${NOT_A_VAR}');
  });

  test('inside a header value', () => {
    const text = withApiKey(`k\n    headers: { OpenAI-Organization: "org-\${ORG}" }`);
    assert.deepEqual(openaiProvider(text, { ORG: '42' }).headers, { 'OpenAI-Organization': 'org-42' });
  });

  test('an unquoted number-like result becomes a number; a quoted one stays a string', () => {
    const text = VALID_YAML.replace('version: 1\n', 'version: 1\nserver:\n  port: ${PORT:-9090}\n');
    assert.equal(parseConfig(text, 'portcullis.yaml', {}).server.port, 9090);
    assert.equal(parseConfig(text, 'portcullis.yaml', { PORT: '7000' }).server.port, 7000);
    const quoted = VALID_YAML.replace('version: 1\n', 'version: 1\nserver:\n  port: "${PORT}"\n');
    assert.match(issueAt(configErrorOf(quoted, { PORT: '7000' }), 'server.port').message, /received string/);
  });

  test('a number-like secret in an unquoted string field gets a hint to quote it', () => {
    const issue = issueAt(configErrorOf(withApiKey('${OPENAI_API_KEY}'), { OPENAI_API_KEY: '12345' }), 'providers[0].apiKey');
    assert.match(issue.message, /quote it to keep a string/);
    assert.ok(!issue.message.includes('12345'));
  });

  test('keys are never interpolated', () => {
    const text = `${VALID_YAML}\${EXTRA}: 1\n`;
    assert.match(issueAt(configErrorOf(text, { EXTRA: 'log' }), '["${EXTRA}"]').message, /unknown key/);
  });

  test('a missing variable names file, line, key and variable', () => {
    const text = withApiKey('${OPENAI_API_KEY}');
    const error = configErrorOf(text, {});
    const issue = issueAt(error, 'providers[0].apiKey');
    assert.deepEqual({ line: issue.line, column: issue.column }, positionOf(text, '${OPENAI_API_KEY}'));
    assert.match(issue.message, /^environment variable OPENAI_API_KEY is not set/);
    const { line, column } = positionOf(text, '${OPENAI_API_KEY}');
    assert.ok(error.message.includes(`portcullis.yaml:${line}:${column}: providers[0].apiKey: environment variable OPENAI_API_KEY`));
    // The empty value left behind is not reported a second time by the schema.
    assert.equal(error.issues.length, 1, error.message);
  });

  test('all missing variables are reported together with schema errors', () => {
    const text = withApiKey('${A}').replace('sk-ant-test', '${B}').replace('version: 1', 'version: 7');
    const error = configErrorOf(text, {});
    assert.deepEqual(error.issues.map((issue) => issue.path), ['version', 'providers[0].apiKey', 'providers[1].apiKey']);
  });

  test('malformed references are errors', () => {
    assert.match(issueAt(configErrorOf(withApiKey('"${OPENAI_API_KEY"')), 'providers[0].apiKey').message, /unterminated/);
    assert.match(issueAt(configErrorOf(withApiKey('"${1BAD}"')), 'providers[0].apiKey').message, /invalid \$\{\.\.\.\} reference/);
  });

  test('no error message ever contains a variable value', () => {
    const env = { URL_VAR: `not a url ${SECRET}`, HASH_VAR: SECRET, KIND_VAR: SECRET, PORT_VAR: SECRET, LEVEL_VAR: SECRET };
    const text = VALID_YAML.replace('https://api.openai.com/v1', '${URL_VAR}')
      .replace(/keyHash: .*/, 'keyHash: ${HASH_VAR}')
      .replace('kind: anthropic', 'kind: ${KIND_VAR}')
      .replace('version: 1\n', 'version: 1\nserver: { port: "${PORT_VAR}" }\nlog: { level: "${LEVEL_VAR}" }\n')
      .replace('    apiKey: sk-test', '    apiKey: ${MISSING_VAR}');
    const error = configErrorOf(text, env);
    assert.equal(error.issues.length, 6, error.message);
    assert.ok(!error.message.includes('SECRET'), error.message);
    assert.ok(!JSON.stringify(error.issues).includes('SECRET'));
  });
});
