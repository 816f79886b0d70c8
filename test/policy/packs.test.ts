/**
 * The policy packs in examples/: every `examples/<pack>/policy-tests.yaml` passes, and every
 * example config loads (with dummy values for the environment variables it references).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { loadConfig } from '../../src/config/load.ts';
import { runFixture } from '../../src/policy/fixtures.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const EXAMPLES = join(ROOT, 'examples');

/** Every file under examples/, as absolute paths, sorted so the test order is stable. */
const exampleFiles = (readdirSync(EXAMPLES, { recursive: true, encoding: 'utf8' }))
  .map((path) => join(EXAMPLES, path))
  .sort();

const fixtures = readdirSync(EXAMPLES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => join(EXAMPLES, entry.name, 'policy-tests.yaml'))
  .filter((file) => existsSync(file))
  .sort();

const configs = exampleFiles.filter((file) => /\.ya?ml$/.test(file) && /^version\s*:/m.test(readFileSync(file, 'utf8')));

/** A value for every `${NAME}` the file references that passes the schema wherever it is used. */
function dummyEnv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  // `$${` is an escaped literal, not a reference.
  for (const match of text.matchAll(/(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)/g)) {
    const name = match[1] as string;
    env[name] = /REDIS/.test(name) ? 'redis://127.0.0.1:6379'
      : /DATABASE_URL$/.test(name) ? 'postgres://portcullis@db.invalid/portcullis'
      : /HASH_KEY$/.test(name) ? '0'.repeat(64)
      : /_URL$/.test(name) ? 'https://example.invalid/v1'
        : `dummy-${name.toLowerCase()}`;
  }
  return env;
}

const rel = (file: string) => relative(ROOT, file);

describe('policy packs', () => {
  test('finds the packs', () => {
    assert.ok(fixtures.length >= 2, `expected policy-tests.yaml in at least two packs, found: ${fixtures.map(rel).join(', ')}`);
  });

  for (const file of fixtures) {
    test(`${rel(file)}: every case passes`, async () => {
      const result = await runFixture(file);
      assert.ok(result.cases.length > 0, 'the fixture has no cases');
      const failed = result.cases.filter((c) => !c.passed);
      const report = failed.map((c) => `  ${c.name}\n${c.failures.map((f) => `      ${f}`).join('\n')}`).join('\n');
      assert.equal(failed.length, 0, `${failed.length} of ${result.cases.length} cases failed:\n${report}`);
    });
  }
});

describe('example configs', () => {
  test('the starting-point example is among the configs checked', () => {
    assert.ok(configs.includes(join(EXAMPLES, 'portcullis.yaml')), `configs found: ${configs.map(rel).join(', ')}`);
  });

  for (const file of configs) {
    test(`${rel(file)} loads`, () => {
      const config = loadConfig(file, dummyEnv(readFileSync(file, 'utf8')));
      assert.equal(config.version, 1);
    });
  }

  test('a pack config names the environment variables it needs (none is silently defaulted)', () => {
    for (const file of configs.filter((f) => f !== join(EXAMPLES, 'portcullis.yaml'))) {
      assert.throws(() => loadConfig(file, {}), /is not set/, `${rel(file)} should need its provider keys from the environment`);
    }
  });
});
