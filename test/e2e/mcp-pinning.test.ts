import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { startHarness, type Harness } from '../helpers/harness.ts';
import { approveAll, connectClient, mcpConfig, npmServer, stdioServer, tempLockfile } from '../helpers/mcp.ts';

// Pinning against the repo's EMR server and its deliberately poisoned one: an approved tool
// works; the server changes its description mid-run (a rug pull) and the tool is quarantined
// before any agent sees the new definition; a poisoned server's tools never reach an agent.

const run = promisify(execFile);
const EMR = join(import.meta.dirname, '../../examples/mcp/emr-server.ts');
const POISONED = join(import.meta.dirname, '../../examples/mcp/poisoned-server.ts');

describe('MCP tool pinning and quarantine', () => {
  let h: Harness;
  const lockfile = tempLockfile();
  before(async () => {
    const emr = stdioServer('emr', EMR, [], { env: { EMR_RUGPULL_AFTER: '1' } });
    await approveAll(mcpConfig([emr], { lockfile }));
    h = await startHarness({
      configure(config) {
        config.mcp = mcpConfig([emr, stdioServer('poisoned', POISONED)], { lockfile });
      },
    });
  });
  after(() => h.close());

  test('a rug pull: the changed tool is quarantined before the agent sees it, and calls to it are refused', async () => {
    const { client } = await connectClient(h.url, 'emr', h.agentKey);
    try {
      assert.ok((await client.listTools()).tools.some((t) => t.name === 'lookup_claim'));
      const first = await client.callTool({ name: 'lookup_claim', arguments: { claim_id: 'CLM-100001' } });
      assert.notEqual(first.isError, true);
      // The server now changes lookup_claim and says its list changed; the gateway re-lists first.
      let names: string[] = [];
      for (let i = 0; i < 50; i++) {
        names = (await client.listTools()).tools.map((t) => t.name);
        if (!names.includes('lookup_claim')) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.ok(!names.includes('lookup_claim'), 'the changed definition is not offered');
      assert.ok(names.includes('get_patient_summary'), 'unchanged tools still are');
      const refused = await client.callTool({ name: 'lookup_claim', arguments: { claim_id: 'CLM-100001' } });
      assert.equal(refused.isError, true);
      assert.match(JSON.stringify(refused.content), /quarantined until approved.*'lookup_claim' \(changed since it was approved; scan: [A-Z_, ]*HIDDEN_INSTRUCTIONS/);
      assert.equal(h.mcpRecords.at(-1)?.outcome, 'quarantined');
    } finally {
      await client.close();
    }
  });

  test("a poisoned server's tools are all held back, with what the scan found recorded", async () => {
    const { client } = await connectClient(h.url, 'poisoned', h.agentKey);
    try {
      assert.deepEqual((await client.listTools()).tools, []);
      const decision = h.mcpRecords.at(-1)?.policy.find((d) => d.matches[0]?.id === 'tool-pinning');
      assert.match(decision?.reason ?? '', /'add' \(not approved yet; scan: [^)]*HIDDEN_INSTRUCTIONS/);
      assert.match(decision?.reason ?? '', /'send_report' \(not approved yet; scan: [^)]*TOOL_SHADOWING/);
      assert.match(decision?.reason ?? '', /INVISIBLE_TEXT/);
    } finally {
      await client.close();
    }
  });
});

describe('portcullis tools scan | approve | risk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-tools-'));
  const config = join(dir, 'portcullis.yaml');
  const lock = join(dir, 'portcullis.lock');
  writeFileSync(config, `version: 1
providers: [{ id: p, kind: openai, baseUrl: "http://127.0.0.1:9/v1", apiKey: k, models: [m] }]
agents:
  - { id: claims, team: c, env: prod, keyHash: "sha256:${'a'.repeat(64)}", tools: ["emr/lookup_claim", "emr/export_records"] }
mcp:
  lockfile: ${JSON.stringify(lock)}
  servers:
    - { id: emr, transport: stdio, command: ${JSON.stringify(process.execPath)}, args: [${JSON.stringify(EMR)}] }
    - { id: poisoned, transport: stdio, command: ${JSON.stringify(process.execPath)}, args: [${JSON.stringify(POISONED)}] }
`);
  const cli = (...args: string[]) => run(process.execPath, [join(import.meta.dirname, '../../src/cli/main.ts'), 'tools', ...args, '-c', config])
    .then(({ stdout }) => ({ code: 0, stdout, stderr: '' }), (e: { code: number; stdout: string; stderr: string }) => e);

  before(async () => {
    writeFileSync(lock, '');
  });

  test('scan reports every definition as new and flags the poisoned ones (exit 1)', async () => {
    const { code, stdout } = await cli('scan');
    assert.equal(code, 1);
    assert.match(stdout, /new\s+tool\s+lookup_claim/);
    assert.match(stdout, /! tool add: HIDDEN_INSTRUCTIONS/);
    assert.match(stdout, /! tool send_report: TOOL_SHADOWING/);
  });

  test('approve pins clean definitions and refuses flagged ones without --force', async () => {
    const refused = await cli('approve', '--server', 'poisoned');
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /flagged by the scan; review, then use --force/);
    const approved = await cli('approve', '--server', 'emr', '--by', 'alice');
    assert.equal(approved.code, 0);
    assert.match(approved.stdout, /approved 5 definitions/);
    assert.match(readFileSync(lock, 'utf8'), /lookup_claim:\n\s+hash: sha256:[0-9a-f]{64}\n\s+approvedAt: .*\n\s+approvedBy: alice/);
    const again = await cli('scan', '--server', 'emr');
    assert.equal(again.code, 0);
  });

  test('risk prints each tool\'s capabilities and each agent\'s blast radius', async () => {
    const { code, stdout } = await cli('risk', '--json');
    assert.equal(code, 0);
    const register = JSON.parse(stdout) as { tools: { server: string; name: string; capabilities: string[]; level: string }[]; agents: { agent: string; capabilities: string[] }[] };
    const exportTool = register.tools.find((t) => t.server === 'emr' && t.name === 'export_records');
    assert.ok(exportTool?.capabilities.includes('network_egress'));
    const claims = register.agents.find((a) => a.agent === 'claims');
    assert.ok(claims?.capabilities.includes('network_egress'));
  });
});

describe('prompts and resource templates are pinned like tools', () => {
  let h: Harness;
  const lockfile = tempLockfile();
  const everything = stdioServer('everything', npmServer('@modelcontextprotocol/server-everything'), ['stdio']);
  before(async () => {
    // Only the tools are approved: the server's prompts and resource templates are new to the lockfile.
    await approveAll(mcpConfig([everything], { lockfile }), 'test', ['tool']);
    h = await startHarness({ configure(config) { config.mcp = mcpConfig([everything], { lockfile }); } });
  });
  after(() => h.close());

  test('unapproved ones are hidden and a prompt is refused, until they are approved', async () => {
    const { client } = await connectClient(h.url, 'everything', h.agentKey);
    try {
      assert.ok((await client.listTools()).tools.length > 0, 'the approved tools are offered');
      assert.deepEqual((await client.listPrompts()).prompts, []);
      assert.deepEqual((await client.listResourceTemplates()).resourceTemplates, []);
      await assert.rejects(client.getPrompt({ name: 'simple-prompt' }), /The prompt 'simple-prompt' was refused: quarantined until approved .*'simple-prompt' \(not approved yet/);
      assert.equal(h.mcpRecords.at(-1)?.outcome, 'quarantined');

      await approveAll(mcpConfig([everything], { lockfile }));
      await new Promise((resolve) => setTimeout(resolve, 1_100)); // the lockfile is re-read at most once a second
      assert.ok((await client.listPrompts()).prompts.some((p) => p.name === 'simple-prompt'));
      assert.ok((await client.listResourceTemplates()).resourceTemplates.length > 0);
      const prompt = await client.getPrompt({ name: 'simple-prompt' });
      assert.ok(prompt.messages.length > 0);
    } finally {
      await client.close();
    }
  });
});
