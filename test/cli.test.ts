import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { hashAgentKey } from '../src/server/auth.ts';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '..', 'bin', 'portcullis.js');

async function cli(args: string[], node = process.execPath, viaBin = true) {
  try {
    const env = { ...process.env, OPENAI_API_KEY: 'sk-test-openai', ANTHROPIC_API_KEY: 'sk-ant-test' };
    const { stdout, stderr } = await run(node, viaBin ? [BIN, ...args] : args, { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('portcullis CLI (built bin)', () => {
  it('keys new prints a key once and the hash that matches it', async () => {
    const { code, stdout } = await cli(['keys', 'new', 'claims-bot']);
    assert.equal(code, 0);
    const key = /\b(pcs_[A-Za-z0-9_-]{43})\b/.exec(stdout)?.[1];
    assert.ok(key, stdout);
    assert.ok(stdout.includes(`keyHash: ${hashAgentKey(key)}`));
  });

  it('config check names file, line and key of an error, and exits 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portcullis-cli-'));
    const file = join(dir, 'portcullis.yaml');
    writeFileSync(file, 'version: 1\nproviders:\n  - id: openai\n    kind: openai\n    baseUrl: not-a-url\n    models: [gpt-4o]\n');
    const { code, stderr } = await cli(['config', 'check', '-c', file]);
    assert.equal(code, 2);
    assert.match(stderr, /portcullis\.yaml:5:\d+: providers\[0\]\.baseUrl/);
  });

  it('config check accepts the example configs', async () => {
    for (const example of ['examples/portcullis.yaml']) {
      const { code, stdout, stderr } = await cli(['config', 'check', '-c', join(import.meta.dirname, '..', example)]);
      assert.equal(code, 0, stderr);
      assert.match(stdout, /OK/);
    }
  });

  it('refuses an old Node with a one-line explanation', async () => {
    // Pretend to be Node 20 (this machine's end-of-life system Node) before the bin runs.
    const pretend = 'data:text/javascript,Object.defineProperty(process.versions,"node",{value:"20.20.2"});' +
      'Object.defineProperty(process,"version",{value:"v20.20.2"})';
    const { code, stderr } = await cli(['--import', pretend, BIN, '--help'], process.execPath, false);
    assert.equal(code, 1);
    assert.match(stderr, /^portcullis needs Node\.js >= 22\.13 \(this is v20\.20\.2\)/);
    assert.equal(stderr.trim().split('\n').length, 1);
  });
});
