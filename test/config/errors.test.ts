import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatIssue } from '../../src/config/errors.ts';
import { HASH_A, HASH_B, VALID_YAML, configErrorOf, issueAt, positionOf } from './fixtures.ts';

/** Asserts the issue at `path` points at the `occurrence`-th `needle` and says `message`. */
function assertIssue(text: string, path: string, needle: string, message: RegExp, occurrence = 1): void {
  const error = configErrorOf(text);
  const issue = issueAt(error, path);
  const { line, column } = positionOf(text, needle, occurrence);
  assert.deepEqual({ line: issue.line, column: issue.column }, { line, column }, error.message);
  assert.match(issue.message, message);
  assert.equal(issue.file, 'portcullis.yaml');
  // The aggregate message lists the issue in the compiler-style format.
  assert.ok(error.message.includes(`portcullis.yaml:${line}:${column}: ${path}: `), error.message);
}

describe('config errors name file, line, column and key path', () => {
  test('unknown key (a typo) points at the key and suggests the right one', () => {
    const text = VALID_YAML.replace('    models: ["claude-*"]', '    modles: ["claude-*"]');
    assertIssue(text, 'providers[1].modles', 'modles', /^unknown key "modles" \(did you mean "models"\?\)$/);
  });

  test('unknown top-level key', () => {
    const text = VALID_YAML.replace('providers:', 'provider:');
    const error = configErrorOf(text);
    assert.match(issueAt(error, 'provider').message, /^unknown key "provider" \(did you mean "providers"\?\)$/);
    assert.equal(issueAt(error, 'providers').message, 'missing required key "providers"');
  });

  test('a key differing only in case is suggested however far apart', () => {
    const text = VALID_YAML.replace('version: 1\n', 'version: 1\nserver:\n  limits:\n    MAXBODYBYTES: 2048\n');
    assertIssue(text, 'server.limits.MAXBODYBYTES', 'MAXBODYBYTES', /\(did you mean "maxBodyBytes"\?\)$/);
  });

  test('an unknown key unlike any known one gets no suggestion', () => {
    const text = `${VALID_YAML}telemetry: {}\n`;
    assertIssue(text, 'telemetry', 'telemetry', /^unknown key "telemetry"$/);
  });

  test('wrong type', () => {
    const text = VALID_YAML.replace('version: 1\n', 'version: 1\nserver:\n  port: eighty\n');
    assertIssue(text, 'server.port', 'port:', /expected int, received string|expected number, received string/);
  });

  test('bad URL', () => {
    const text = VALID_YAML.replace('https://api.openai.com/v1', 'not a url');
    assertIssue(text, 'providers[0].baseUrl', 'baseUrl', /^Invalid URL/);
  });

  test('non-http URL scheme', () => {
    const text = VALID_YAML.replace('https://api.openai.com/v1', 'ftp://api.openai.com/v1');
    assertIssue(text, 'providers[0].baseUrl', 'baseUrl', /^Invalid URL: expected an http\(s\) URL$/);
  });

  test('missing required key points at the mapping it is missing from', () => {
    const text = VALID_YAML.replace('    team: claims\n', '');
    assertIssue(text, 'agents[0].team', 'id: claims-assistant', /^missing required key "team"$/);
  });

  test('missing version points at the document', () => {
    const text = VALID_YAML.replace('version: 1\n', '');
    assertIssue(text, 'version', 'providers:', /^missing required key "version"$/);
  });

  test('unsupported version', () => {
    assertIssue(VALID_YAML.replace('version: 1', 'version: 2'), 'version', 'version', /unsupported config version/);
  });

  test('duplicate agent id is reported on the duplicate', () => {
    const second = `  - id: claims-assistant\n    team: other\n    env: dev\n    keyHash: ${HASH_B}\n`;
    assertIssue(`${VALID_YAML}${second}`, 'agents[1].id', 'id: claims-assistant', /duplicate agent id \(same as agents\[0\]\)/, 2);
  });

  test('duplicate provider id is reported on the duplicate', () => {
    const text = VALID_YAML.replace('id: anthropic', 'id: openai');
    assertIssue(text, 'providers[1].id', 'id: openai', /duplicate provider id \(same as providers\[0\]\)/, 2);
  });

  test('duplicate YAML key', () => {
    const text = VALID_YAML.replace('    kind: anthropic\n', '    kind: anthropic\n    kind: openai\n');
    assertIssue(text, 'providers[1].kind', 'kind: openai', /Map keys must be unique/, 2);
  });

  test('bad keyHash', () => {
    const text = VALID_YAML.replace(HASH_A, 'sha256:ABC');
    assertIssue(text, 'agents[0].keyHash', 'keyHash', /keyHash must be "sha256:" and 64 lowercase hex digits/);
  });

  test('duplicate keyHash across agents', () => {
    const second = `  - id: other-agent\n    team: other\n    env: dev\n    keyHash: ${HASH_A}\n`;
    assertIssue(`${VALID_YAML}${second}`, 'agents[1].keyHash', 'keyHash', /duplicate keyHash/, 2);
  });

  test('YAML syntax error stops before validation', () => {
    const text = VALID_YAML.replace('apiKey: sk-test', 'apiKey: "sk-test').replace('version: 1', 'version: 2');
    const error = configErrorOf(text);
    assert.equal(error.issues.length, 1, error.message);
    const issue = error.issues[0]!;
    assert.equal(issue.line, positionOf(text, '"sk-test').line);
    assert.ok(issue.column > 0);
    assert.match(issue.message, /Missing closing "quote/);
    assert.equal(issue.path, 'providers[0].apiKey');
  });

  test('a syntax error path never echoes value text as a key', () => {
    const text = VALID_YAML.replace('    kind: anthropic', '   kind: anthropic');
    const error = configErrorOf(text);
    assert.ok(error.issues.length > 0);
    assert.ok(!error.message.includes('sk-ant-test'), error.message);
    // yaml reports two symptoms at the same spot here; one issue per position is enough.
    const positions = error.issues.map((issue) => `${issue.line}:${issue.column}`);
    assert.equal(new Set(positions).size, positions.length, error.message);
  });

  test('every problem is reported at once, in file order', () => {
    const text = VALID_YAML.replace('version: 1', 'version: 3')
      .replace('https://api.openai.com/v1', 'nope')
      .replace(HASH_A, 'plaintext-key');
    const error = configErrorOf(text);
    assert.deepEqual(error.issues.map((issue) => issue.path), ['version', 'providers[0].baseUrl', 'agents[0].keyHash']);
    assert.match(error.message, /^invalid configuration \(3 problems\):\n {2}portcullis\.yaml:1:1: version: /);
    assert.equal(error.message.split('\n').length, 4);
  });

  test('formatIssue omits a missing position and an empty path', () => {
    assert.equal(formatIssue({ file: 'a.yaml', line: 0, column: 0, path: '', message: 'm' }), 'a.yaml: m');
    assert.equal(formatIssue({ file: 'a.yaml', line: 3, column: 7, path: 'x.y', message: 'm' }), 'a.yaml:3:7: x.y: m');
  });
});
