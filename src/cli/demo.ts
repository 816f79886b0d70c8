import { join, resolve } from 'node:path';
import { auditVerify, coverUp, showLedger, snapshotLedger, writeAuditConfig } from '../demo/ledger-check.ts';
import { consoleLoginUrl } from '../demo/console-login.ts';
import { DEMO_SCENARIOS } from '../demo/scenarios/index.ts';
import { startDemo } from '../demo/setup.ts';
import { renderPolicyDecisions, renderTable } from '../demo/table.ts';
import { parseCommandLine, UsageError } from './usage.ts';

/**
 * `portcullis demo`: the gateway on embedded defaults in front of the local stand-in model,
 * driven by a scripted agent built on the official SDKs. No network, no API key.
 *
 * At the end the gateway keeps running with the operator console open (its URL and a one-time
 * login are printed) until Ctrl-C, when the demo runs in a terminal. Tests and CI run it with
 * stdout piped and must not hang, so without a terminal it exits; `--keep-running` and
 * `--exit` override that either way.
 */
export async function runDemo(args: string[]): Promise<void> {
  const { values } = parseCommandLine('demo', args, {
    out: { type: 'string', default: '.portcullis/demo' },
    'keep-running': { type: 'boolean', default: false },
    exit: { type: 'boolean', default: false },
  });
  if (values['keep-running'] && values.exit) throw new UsageError('portcullis demo: --keep-running and --exit contradict each other');
  const keepRunning = values['keep-running'] || (!values.exit && process.stdout.isTTY === true);
  const outDir = resolve(values.out);

  const demo = await startDemo(outDir);
  const { url, runner, ledger } = demo;
  console.log(`Portcullis demo: gateway at ${url}, stand-in model at ${demo.standin.url}`);
  console.log(`MCP server 'emr' at ${url}/mcp/emr: ${demo.approvedTools} tool definitions approved in ${demo.mcp.lockfile}\n`);
  try {
    await runner.run(DEMO_SCENARIOS, url, demo.keys);
    await ledger.writer.flush();
    // Sign what the scenarios wrote now, so the checkpoint shown covers all of it.
    await ledger.checkpoints.close();
  } catch (error) {
    await demo.close();
    throw error;
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
  console.log(`Structured gateway log (no prompt text, no keys): ${demo.logFile}`);

  const auditConfig = writeAuditConfig(outDir, ledger.config);
  console.log(`\n${(await showLedger(ledger, auditConfig)).join('\n')}`);
  // The cover-up is staged on a copy: the live ledger keeps recording (and the console keeps
  // verifying) while the edited copy shows what `portcullis audit verify` makes of an edit.
  const copy = snapshotLedger(demo.ledgerPath, join(outDir, 'ledger-covered-up.sqlite'));
  const edited = coverUp(copy);
  if (edited !== undefined) {
    const copyConfig = writeAuditConfig(outDir, { ...ledger.config, path: copy }, 'audit-covered-up.yaml');
    console.log(`\nA cover-up: record ${edited} (a denied call) edited to read "allow" in a copy of the SQLite file. Then:`);
    const verdict = await auditVerify(copyConfig);
    console.log(`  $ portcullis audit verify -c ${copyConfig}\n  ${verdict.output}\n  (exit code ${verdict.code})`);
  }

  if (!keepRunning) {
    await demo.close();
    console.log('\nThe operator console was not kept open (not a terminal, or --exit); `npm run demo -- --keep-running` keeps it.');
    return;
  }
  console.log(`\nOperator console: ${consoleLoginUrl(demo.gateway, url)}`);
  console.log('  (a one-time login for demo-approver: it works once, within 15 minutes)');
  console.log('The gateway and the stand-in model keep running until Ctrl-C.');
  console.log(`Prometheus metrics: curl ${url}/metrics (see docs/observability.md)`);
  await new Promise<void>((resolveStop) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolveStop();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  console.log('\nStopping the demo gateway…');
  await demo.close();
}
