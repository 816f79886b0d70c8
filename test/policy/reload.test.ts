import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { loadConfig } from '../../src/config/load.ts';
import type { Logger } from '../../src/observe/log.ts';
import { compilePolicy } from '../../src/policy/compile.ts';
import { PolicyEngine } from '../../src/policy/engine.ts';
import { MemoryPolicyStore } from '../../src/policy/state/memory.ts';
import { watchPolicy } from '../../src/server/policy-reload.ts';

const config = (rule: string) => `version: 1
providers: [{ id: p, kind: openai, baseUrl: "http://127.0.0.1:9/v1", apiKey: "\${KEY:-unset}", models: ["*"] }]
agents: [{ id: a, team: t, env: dev, keyHash: "sha256:${'1'.repeat(64)}", models: ["*"], tools: [lookup] }]
policy:
  rules:
    - { id: r1, on: tool.call, when: '${rule}', action: deny, reason: no }
`;

/** A logger that keeps what it is told, to check what a reload reports. */
function capture() {
  const lines: { level: string; fields: Record<string, unknown>; msg: string }[] = [];
  const at = (level: string) => (fields: Record<string, unknown>, msg: string) => void lines.push({ level, fields, msg });
  return { lines, logger: { info: at('info'), warn: at('warn') } as unknown as Logger };
}

const dirs: string[] = [];
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-reload-'));
  dirs.push(dir);
  const file = join(dir, 'portcullis.yaml');
  writeFileSync(file, config('args.n > 10.0'));
  const loaded = loadConfig(file);
  const engine = new PolicyEngine(compilePolicy(loaded), { store: new MemoryPolicyStore() });
  const { lines, logger } = capture();
  return { file, loaded, engine, lines, reloader: watchPolicy(file, loaded, engine, logger) };
}

const principal = { agentId: 'a', team: 't', env: 'dev', tier: 'standard', clearances: [], keyId: 'k' };
const decide = (engine: PolicyEngine, n: number) =>
  (engine.decide({ kind: 'tool.call', principal, tool: { name: 'lookup' }, argumentsText: `{"n": ${n}}` }) as { action: string }).action;

describe('policy hot reload', () => {
  test('a valid change replaces the policy and logs the new version', () => {
    const { file, engine, lines, reloader } = setup();
    const before = engine.current.version;
    assert.equal(decide(engine, 5), 'allow');
    writeFileSync(file, config('args.n > 1.0'));
    const version = reloader.reload();
    reloader.close();
    assert.notEqual(version, before);
    assert.equal(engine.current.version, version);
    assert.equal(decide(engine, 5), 'deny');
    assert.deepEqual(lines.at(-1), { level: 'info', fields: { version, previous: before }, msg: 'policy reloaded' });
  });

  test('an invalid change keeps the running policy and says why, with file and line', () => {
    const { file, engine, lines, reloader } = setup();
    const before = engine.current.version;
    writeFileSync(file, config('args.n >'));
    assert.equal(reloader.reload(), before);
    reloader.close();
    assert.equal(decide(engine, 50), 'deny', 'the old rule still decides');
    const warning = lines.at(-1);
    assert.equal(warning?.level, 'warn');
    assert.match(String(warning?.fields['problem']), /portcullis\.yaml:6:\d+: policy\.rules\[0\]\.when/);
  });

  test('changes a reload cannot apply are named as needing a restart', () => {
    const { file, lines, reloader } = setup();
    writeFileSync(file, config('args.n > 10.0').replace('127.0.0.1:9', '127.0.0.1:10'));
    reloader.reload();
    reloader.close();
    assert.deepEqual(lines.at(-1)?.fields, { sections: ['providers'] });
  });

  test('saving the file triggers the reload', async () => {
    const { file, engine, reloader } = setup();
    const before = engine.current.version;
    writeFileSync(file, config('args.n > 2.0'));
    for (let i = 0; i < 200 && engine.current.version === before; i++) await new Promise((r) => setTimeout(r, 25));
    reloader.close();
    assert.notEqual(engine.current.version, before);
  });
});
