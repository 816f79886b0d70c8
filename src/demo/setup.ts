/**
 * The demo's gateway: embedded defaults in front of the local stand-in model, the EMR MCP
 * server with its definitions approved, a fresh signed ledger, and a key for every demo agent
 * and the approver, made for this run and never written down. `portcullis demo` and the
 * console's browser test both start it here, so the test drives exactly what the demo shows.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { embeddedDefaultConfig, STANDIN_API_KEY } from '../config/defaults.ts';
import { DEMO_ADMIN_ID, DEMO_AGENT_IDS } from '../config/demo-policy.ts';
import { ledgerSchema } from '../config/ledger-schema.ts';
import type { McpConfig } from '../config/mcp-schema.ts';
import type { Config } from '../config/schema.ts';
import { openLedger, type Ledger } from '../ledger/index.ts';
import { createObservability } from '../observe/index.ts';
import { createLogging, logExchanges, logMcpRequests } from '../observe/log.ts';
import { newAgentKey } from '../server/auth.ts';
import { createGateway, type Gateway } from '../server/gateway.ts';
import { recordStart, recordStop } from '../server/ledger-events.ts';
import { startStandin, type Standin } from '../standin/index.ts';
import { approveCurrentDefinitions, demoMcp } from './mcp-setup.ts';
import { ScenarioRunner, type DemoKeys } from './runner.ts';

export interface DemoSetup {
  readonly gateway: Gateway;
  /** The gateway's base URL. */
  readonly url: string;
  readonly standin: Standin;
  readonly ledger: Ledger;
  readonly ledgerPath: string;
  readonly logFile: string;
  readonly mcp: McpConfig;
  /** How many MCP tool definitions were approved at start. */
  readonly approvedTools: number;
  /** Observes the gateway; its rows are the demo's table. */
  readonly runner: ScenarioRunner;
  /** Each demo agent's key and the approver's, for the scenarios. */
  readonly keys: DemoKeys;
  /** Stops the gateway and the stand-in and closes the ledger (signing what is unsigned). */
  close(): Promise<void>;
}

export interface DemoOptions {
  /** Adjusts the config before the gateway starts (tests add admins with other roles). */
  readonly configure?: (config: Config) => void;
}

export async function startDemo(outDir: string, options: DemoOptions = {}): Promise<DemoSetup> {
  mkdirSync(outDir, { recursive: true });
  const logFile = join(outDir, 'gateway.log');
  const standin = await startStandin({ apiKey: STANDIN_API_KEY });
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
  const approvedTools = await approveCurrentDefinitions(config.mcp);
  options.configure?.(config);
  const logging = createLogging('info', pino.destination({ dest: logFile, sync: true }));
  // A fresh ledger each run, so the demo's tamper check speaks about this run only.
  const ledgerPath = join(outDir, 'ledger.sqlite');
  for (const suffix of ['', '-wal', '-shm']) rmSync(ledgerPath + suffix, { force: true });
  const ledger = await openLedger(ledgerSchema.parse({ path: ledgerPath, keyDir: join(outDir, 'keys'), checkpoints: { everyRecords: 8 } }));
  const runner = new ScenarioRunner();
  const logMcp = logMcpRequests(logging);
  // Metrics at /metrics, as `portcullis start` serves them; open to curl here (loopback only, and
  // no key of the demo's is ever shown), where a real config defaults to an admin key.
  config.observability.metrics.auth = 'none';
  const observability = await createObservability(config, { ledger, policyStore: () => gateway.policy.store });
  const observers = [logExchanges(logging), runner.observer, ...observability.observers];
  const gateway = createGateway({ config, ledger, observers, metrics: observability.metrics, onMcpRecord: (record) => {
    logMcp(record);
    observability.onMcpRecord(record);
    runner.mcpObserver(record);
  } });
  // As `portcullis start` does: the ledger says when the gateway started, with which policy and keys.
  await recordStart(ledger, config, gateway.policy.current.version);
  const url = await gateway.listen();
  let closing: Promise<void> | undefined;
  return {
    gateway, url, standin, ledger, ledgerPath, logFile, mcp: config.mcp, approvedTools, runner,
    keys: {
      agents: Object.fromEntries(DEMO_AGENT_IDS.map((id) => [id, keyOf(id).key])),
      admin: keyOf(DEMO_ADMIN_ID).key,
      upstreamRequests: standin.requests,
    },
    close() {
      closing ??= (async () => {
        await gateway.close();
        await standin.close();
        await recordStop(ledger, 'demo finished');
        await ledger.close();
        await observability.close();
      })();
      return closing;
    },
  };
}
