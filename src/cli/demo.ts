import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pino } from 'pino';
import { embeddedDefaultConfig, STANDIN_API_KEY } from '../config/defaults.ts';
import { ScenarioRunner } from '../demo/runner.ts';
import { DEMO_SCENARIOS } from '../demo/scenarios/index.ts';
import { renderPolicyDecisions, renderTable } from '../demo/table.ts';
import { DEMO_ADMIN_ID, DEMO_AGENT_IDS } from '../config/demo-policy.ts';
import { createLogging, logExchanges, logMcpRequests } from '../observe/log.ts';
import { newAgentKey } from '../server/auth.ts';
import { createGateway } from '../server/gateway.ts';
import { startStandin } from '../standin/index.ts';
import { parseCommandLine } from './usage.ts';
import { ledgerSchema } from '../config/ledger-schema.ts';
import { auditVerify, coverUp, showLedger, writeAuditConfig } from '../demo/ledger-check.ts';
import { openLedger } from '../ledger/index.ts';
import { approveCurrentDefinitions, demoMcp } from '../demo/mcp-setup.ts';

/**
 * `portcullis demo`: the gateway on embedded defaults in front of the local stand-in model,
 * driven by a scripted agent built on the official SDKs. No network, no API key.
 */
export async function runDemo(args: string[]): Promise<void> {
  const { values } = parseCommandLine('demo', args, { out: { type: 'string', default: '.portcullis/demo' } });
  const outDir = resolve(values.out);
  mkdirSync(outDir, { recursive: true });
  const logFile = join(outDir, 'gateway.log');

  const standin = await startStandin({ apiKey: STANDIN_API_KEY });
  // A key for every demo agent and the approver, made fresh for this run and never written down.
  const issued = new Map([...DEMO_AGENT_IDS, DEMO_ADMIN_ID].map((id) => [id, newAgentKey()]));
  const keyOf = (id: string) => issued.get(id) as { key: string; keyHash: string };
  const config = embeddedDefaultConfig({
    standinUrl: standin.url,
    agentKeyHash: keyOf('demo-agent').keyHash,
    keyHashes: Object.fromEntries([...issued].map(([id, k]) => [id, k.keyHash])),
  });
  config.server.port = 0;
  // The EMR server behind the MCP endpoint, its current definitions approved as an operator
  // would with `portcullis tools approve` (a fresh lockfile each run).
  config.mcp = demoMcp(outDir);
  rmSync(config.mcp.lockfile, { force: true });
  const approved = await approveCurrentDefinitions(config.mcp);
  const logging = createLogging('info', pino.destination({ dest: logFile, sync: true }));
  // A fresh ledger each run, so the demo's tamper check speaks about this run only.
  const ledgerPath = join(outDir, 'ledger.sqlite');
  for (const suffix of ['', '-wal', '-shm']) rmSync(ledgerPath + suffix, { force: true });
  const ledger = await openLedger(ledgerSchema.parse({ path: ledgerPath, keyDir: join(outDir, 'keys'), checkpoints: { everyRecords: 8 } }));
  const runner = new ScenarioRunner();
  const logMcp = logMcpRequests(logging);
  const gateway = createGateway({ config, ledger, observers: [logExchanges(logging), runner.observer], onMcpRecord: (record) => {
    logMcp(record);
    runner.mcpObserver(record);
  } });
  const url = await gateway.listen();
  console.log(`Portcullis demo: gateway at ${url}, stand-in model at ${standin.url}`);
  console.log(`MCP server 'emr' at ${url}/mcp/emr: ${approved} tool definitions approved in ${config.mcp.lockfile}\n`);
  try {
    await runner.run(DEMO_SCENARIOS, url, {
      agents: Object.fromEntries(DEMO_AGENT_IDS.map((id) => [id, keyOf(id).key])),
      admin: keyOf(DEMO_ADMIN_ID).key,
      upstreamRequests: standin.requests,
    });
  } finally {
    await gateway.close();
    await standin.close();
    await ledger.writer.flush();
    await ledger.checkpoints.close();
  }
  console.log(renderTable(runner.rows));
  const decisions = renderPolicyDecisions(runner.rows);
  if (decisions !== '') console.log(`\nPolicy decisions (rule, reason, policy version):\n${decisions}`);
  for (const scenario of DEMO_SCENARIOS) {
    const rows = runner.rows.filter((row) => row.scenario === scenario.name);
    if (scenario.details === undefined || rows.length === 0) continue;
    console.log(`\n${scenario.details}:`);
    for (const row of rows) console.log(`  ${row.step}:\n    ${row.agentSaw}`);
  }
  const overheads = runner.rows.flatMap((row) => (row.record ? [row.record.overheadMs] : [])).sort((a, b) => a - b);
  const median = overheads[Math.floor(overheads.length / 2)] ?? 0;
  console.log(`\n${runner.rows.length} exchanges, median gateway overhead ${median.toFixed(3)} ms ` +
    '(a fresh process: first calls pay one-time compilation; steady-state figures in docs/benchmarks.md)');
  console.log(`Structured gateway log (no prompt text, no keys): ${logFile}`);

  const auditConfig = writeAuditConfig(outDir, ledger.config);
  console.log(`\n${(await showLedger(ledger, auditConfig)).join('\n')}`);
  await ledger.close();
  const edited = coverUp(ledgerPath);
  if (edited !== undefined) {
    console.log(`\nA cover-up: record ${edited} (a denied call) edited in the SQLite file to read "allow". Then:`);
    const verdict = await auditVerify(auditConfig);
    console.log(`  $ portcullis audit verify -c ${auditConfig}\n  ${verdict.output}\n  (exit code ${verdict.code})`);
  }
}
