import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import type { Client } from '@modelcontextprotocol/client';
import { newAgentKey } from '../../src/server/auth.ts';
import { approveAll, connectWrap, mcpConfig, stdioServer } from '../helpers/mcp.ts';

// `portcullis mcp wrap`: what a developer agent (Claude Code, Cursor) starts instead of an MCP
// server. The official SDK client spawns it over stdio; it governs and records every message
// to the wrapped EMR server.

const run = promisify(execFile);
const MAIN = join(import.meta.dirname, '../../src/cli/main.ts');
const EMR = join(import.meta.dirname, '../../examples/mcp/emr-server.ts');

describe('portcullis mcp wrap (stdio front door)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-wrap-'));
  const config = join(dir, 'portcullis.yaml');
  const lockfile = join(dir, 'portcullis.lock');
  const agent = newAgentKey();
  let client: Client;

  before(async () => {
    writeFileSync(config, `version: 1
providers: [{ id: p, kind: openai, baseUrl: "http://127.0.0.1:9/v1", apiKey: k, models: [m] }]
agents:
  - { id: dev-agent, team: dev, env: dev, keyHash: "${agent.keyHash}", tools: ["emr/lookup_claim", "emr/query_emr_database"] }
policy:
  rules:
    - { id: no-select-star, on: mcp.call, when: 'has(args.sql) && args.sql.matches("(?i)select\\\\s+\\\\*")', action: deny, reason: no bulk reads }
mcp:
  lockfile: ${JSON.stringify(lockfile)}
  servers: []
ledger:
  path: ${JSON.stringify(join(dir, 'ledger.sqlite'))}
  keyDir: ${JSON.stringify(join(dir, 'keys'))}
`.replace('  servers: []\n', ''));
    await approveAll(mcpConfig([stdioServer('emr', EMR)], { lockfile }));
    client = await connectWrap(config, agent.key, 'emr', EMR);
  });
  after(async () => {
    await client?.close();
  });

  test('the agent sees only the tools its allow-list admits, and calls are governed', async () => {
    const names = (await client.listTools()).tools.map((t) => t.name).sort();
    assert.deepEqual(names, ['lookup_claim', 'query_emr_database']);
    const claim = await client.callTool({ name: 'lookup_claim', arguments: { claim_id: 'CLM-100001' } });
    assert.notEqual(claim.isError, true);
    const refused = await client.callTool({ name: 'query_emr_database', arguments: { sql: 'SELECT * FROM patients' } });
    assert.equal(refused.isError, true);
    assert.match(JSON.stringify(refused.content), /blocked by policy.*no bulk reads.*no-select-star/);
  });

  test('every request is in the ledger, and the ledger verifies', async () => {
    await client.close();
    const { stdout } = await run(process.execPath, [MAIN, 'audit', 'show', '-c', config, '--type', 'mcp.request', '--json']);
    const methods = stdout.trim().split('\n').map((line) => JSON.parse(line) as { method: string; tool?: string; principal: { id: string } });
    assert.ok(methods.every((r) => r.principal.id === 'dev-agent'));
    assert.ok(methods.some((f) => f.method === 'initialize'));
    assert.ok(methods.some((f) => f.method === 'tools/call' && f.tool === 'query_emr_database'));
    const verified = await run(process.execPath, [MAIN, 'audit', 'verify', '-c', config]);
    assert.match(verified.stdout, /OK/);
  });
});
