/**
 * The demo's MCP side: the repo's EMR server (examples/mcp/emr-server.ts) behind the gateway,
 * set to change one of its tools after two calls, and its definitions approved at start.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mcpSchema, type McpConfig } from '../config/mcp-schema.ts';
import { discoverServer } from '../mcp/discover.ts';
import { loadLockfile, saveLockfile } from '../mcp/inventory/lockfile.ts';
import { approvalsFor, scanInventory } from '../mcp/inventory/report.ts';

const EMR_SERVER = fileURLToPath(new URL('../../examples/mcp/emr-server.ts', import.meta.url));

export function demoMcp(outDir: string): McpConfig {
  return mcpSchema.parse({
    lockfile: join(outDir, 'portcullis.lock'),
    servers: [{
      id: 'emr', transport: 'stdio', command: process.execPath, args: [EMR_SERVER],
      description: 'Electronic medical record (synthetic patients, SQLite)', env: { EMR_RUGPULL_AFTER: '2' },
    }],
  });
}

/** What `portcullis tools approve` does: pin every definition the servers offer now. Returns how many. */
export async function approveCurrentDefinitions(config: McpConfig): Promise<number> {
  const lock = await loadLockfile(config.lockfile);
  const report = scanInventory(await Promise.all(config.servers.map((s) => discoverServer(s, config.timeouts.startMs))), lock);
  const approvals = approvalsFor(report, (d) => d.findings.length === 0);
  lock.approve(approvals, 'demo');
  await saveLockfile(config.lockfile, lock);
  return approvals.length;
}
