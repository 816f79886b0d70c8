/**
 * `portcullis tools scan|approve|risk`: the MCP servers in the config, looked at offline.
 *   scan     every tool, prompt and resource template: approved, new or changed, and what the
 *            poisoning scan finds (exit 1 when anything is unapproved or flagged)
 *   approve  pin the current definitions in the lockfile (all unapproved ones, or --server/--name);
 *            definitions the scan flags are refused unless --force
 *   risk     the risk register: each tool's capabilities and level, each agent's blast radius
 */
import type { Config } from '../config/schema.ts';
import { loadConfig } from '../config/load.ts';
import { configuredRiskRegister, discoverServer } from '../mcp/discover.ts';
import { loadLockfile, saveLockfile } from '../mcp/inventory/lockfile.ts';
import { approvalsFor, renderScan, scanInventory, scanSummary, type ServerInventory } from '../mcp/inventory/report.ts';
import { renderRiskRegister, riskRegisterJson } from '../mcp/inventory/risk-register.ts';
import { CONFIG_OPTION, parseCommandLine, UsageError } from './usage.ts';

const USAGE = [
  'usage: portcullis tools scan [-c portcullis.yaml] [--json]',
  '       portcullis tools approve [-c portcullis.yaml] [--server <id>] [--name <tool>] [--by <who>] [--force]',
  '       portcullis tools risk [-c portcullis.yaml] [--json]',
].join('\n');

export async function runTools(args: string[]): Promise<void> {
  const { values, positionals } = parseCommandLine('tools', args, {
    ...CONFIG_OPTION,
    json: { type: 'boolean', default: false },
    server: { type: 'string' },
    name: { type: 'string' },
    by: { type: 'string' },
    force: { type: 'boolean', default: false },
  });
  const [sub] = positionals;
  if (sub !== 'scan' && sub !== 'approve' && sub !== 'risk') throw new UsageError(USAGE);
  const config = loadConfig(values.config);
  const mcp = config.mcp;
  if (mcp === undefined) throw new UsageError(`${values.config}: no mcp: section, so there are no MCP servers to look at`);
  const servers = mcp.servers.filter((s) => values.server === undefined || s.id === values.server);
  if (servers.length === 0) throw new UsageError(`no MCP server '${values.server}' in ${values.config}`);
  const inventories = await Promise.all(servers.map((server) => discoverServer(server, mcp.timeouts.startMs)));
  if (sub === 'risk') return risk(config, inventories, values.json);
  const lock = await loadLockfile(mcp.lockfile);
  const report = scanInventory(inventories, lock);
  if (sub === 'scan') {
    console.log(values.json ? JSON.stringify(report, null, 2) : renderScan(report));
    const summary = scanSummary(report);
    if (summary.new + summary.changed + summary.invalid + summary.flagged + summary.collisions + summary.unreachable > 0) process.exitCode = 1;
    return;
  }
  const approvals = approvalsFor(report, (d) => d.status !== 'approved' && (values.name === undefined || d.name === values.name));
  const flagged = approvals.filter((d) => d.findings.length > 0);
  if (flagged.length > 0 && !values.force) {
    console.error(renderScan(report));
    console.error(`\nnot approved: ${flagged.map((d) => `${d.server}/${d.name}`).join(', ')} ${flagged.length === 1 ? 'is' : 'are'} flagged by the scan; review, then use --force to approve anyway`);
    process.exitCode = 1;
    return;
  }
  lock.approve(approvals, values.by);
  await saveLockfile(mcp.lockfile, lock);
  console.log(approvals.length === 0
    ? `nothing to approve: every definition is already approved in ${mcp.lockfile}`
    : `approved ${approvals.length} definition${approvals.length === 1 ? '' : 's'} in ${mcp.lockfile}: ${approvals.map((a) => `${a.server}/${a.name}`).join(', ')}`);
}

function risk(config: Config, inventories: readonly ServerInventory[], json: boolean): void {
  const register = configuredRiskRegister(config, inventories);
  console.log(json ? riskRegisterJson(register) : renderRiskRegister(register));
  for (const inv of inventories) if (inv.error !== undefined) console.error(`${inv.server.id}: ${inv.error}`);
}
