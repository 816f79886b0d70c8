/**
 * The tool risk register for the report: what `portcullis tools risk` computes (the servers in
 * the config, discovered now, judged by the same rules), plus an evidence summary of it.
 */
import type { Config } from '../config/schema.ts';
import { configuredRiskRegister, discoverServer } from '../mcp/discover.ts';
import type { RiskRegister } from '../mcp/inventory/risk-register.ts';
import { Tally, result, type EvidenceResult } from './evidence-types.ts';

export interface ToolRiskSection {
  readonly register?: RiskRegister;
  /** Why there is no register, or which servers could not be reached. */
  readonly notes: readonly string[];
}

export async function toolRiskSection(config: Config): Promise<ToolRiskSection> {
  const mcp = config.mcp;
  if (mcp === undefined || mcp.servers.length === 0) return { notes: ['no MCP servers are configured, so there is no tool register'] };
  const inventories = await Promise.all(mcp.servers.map((server) => discoverServer(server, mcp.timeouts.startMs)));
  const register = configuredRiskRegister(config, inventories);
  return { register, notes: inventories.flatMap((inv) => (inv.error === undefined ? [] : [`${inv.server.id}: ${inv.error}`])) };
}

export function toolRiskEvidence(section: ToolRiskSection): EvidenceResult {
  const tally = new Tally();
  // Not ledger records: index -1 never reaches the indices list shown to readers.
  for (const tool of section.register?.tools ?? []) tally.add(`tools at ${tool.level}`, -1);
  for (const agent of section.register?.agents ?? []) tally.add(`agents at ${agent.level}`, -1);
  const found = result('tool-risk', 'Tool risk register: tools and agents by risk level', 'entries', tally,
    section.register === undefined ? section.notes.join('; ') : 'MCP servers in the config, discovered when the report was built', { indices: [] });
  return { ...found, breakdown: found.breakdown.map((row) => ({ ...row, indices: [] })), samples: [], source: 'configuration' };
}
