/** Shared fixtures for the config tests: a valid base file and helpers to locate and catch errors. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { ConfigError, type ConfigIssue } from '../../src/config/errors.ts';
import { parseConfig } from '../../src/config/load.ts';

export const HASH_A = `sha256:${'a'.repeat(64)}`;
export const HASH_B = `sha256:${'b'.repeat(64)}`;

/** A complete, valid config using only required keys (every default left to the schema). */
export const VALID_YAML = `version: 1
providers:
  - id: openai
    kind: openai
    baseUrl: https://api.openai.com/v1
    apiKey: sk-test
    models: ["gpt-4o", "gpt-4o-mini", "o4-*"]
  - id: anthropic
    kind: anthropic
    baseUrl: https://api.anthropic.com
    apiKey: sk-ant-test
    models: ["claude-*"]
agents:
  - id: claims-assistant
    team: claims
    env: prod
    keyHash: ${HASH_A}
    models: ["gpt-4o-mini", "claude-*"]
`;

const tempDirs: string[] = [];
after(() => tempDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

export function writeTempConfig(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-config-test-'));
  tempDirs.push(dir);
  const file = join(dir, 'portcullis.yaml');
  writeFileSync(file, text);
  return file;
}

/** 1-based line and column of the `occurrence`-th appearance of `needle` in `text`. */
export function positionOf(text: string, needle: string, occurrence = 1): { line: number; column: number } {
  let index = -1;
  for (let i = 0; i < occurrence; i++) {
    index = text.indexOf(needle, index + 1);
    assert.notEqual(index, -1, `fixture does not contain ${needle} ${occurrence} times`);
  }
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  return { line, column: index - before.lastIndexOf('\n') };
}

/** Parses `text` expecting a ConfigError, and returns it. */
export function configErrorOf(text: string, env: Record<string, string> = {}): ConfigError {
  try {
    parseConfig(text, 'portcullis.yaml', env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the config to be rejected');
}

/** The single issue whose path is `path` (fails if there is not exactly one). */
export function issueAt(error: ConfigError, path: string): ConfigIssue {
  const matching = error.issues.filter((issue) => issue.path === path);
  assert.equal(matching.length, 1, `expected one issue at ${path}, got:\n${error.message}`);
  return matching[0]!;
}
