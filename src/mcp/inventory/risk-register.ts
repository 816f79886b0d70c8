/**
 * The risk register: every tool with its capabilities and risk level, and every agent with its
 * blast radius, the union of what the tools its allow-list admits can do. An agent that can read
 * PHI with one tool and send e-mail with another can leak PHI even though neither tool can alone,
 * so an agent's level is judged on the union, not only as the worst of its tools.
 *
 * Levels (the first rule that applies):
 * - critical: pii_phi_access with network_egress (personal data can leave), or execute with
 *   network_egress (code that can reach out can do anything, exfiltration included);
 * - high: delete, execute or financial, or pii_phi_access with write;
 * - medium: write, network_egress or pii_phi_access; also a tool with no capability derived at
 *   all (unknown is not safe: tag it in the tool catalog);
 * - low: read only.
 */
import type { McpDefinition } from './definition.ts';
import { CAPABILITIES, classifyTool, type Capability } from './risk.ts';
import { printable } from './text.ts';
import { textTable } from '../../observe/text-table.ts';

export type RiskLevel = 'low' | 'medium' | 'high' | 'critical';

const LEVELS: readonly RiskLevel[] = ['low', 'medium', 'high', 'critical'];

export interface ToolRisk {
  readonly server: string;
  readonly name: string;
  readonly capabilities: readonly Capability[];
  readonly reasons: readonly string[];
  readonly level: RiskLevel;
  /** Why this level (the rule that applied). */
  readonly levelReason: string;
}

export interface AgentBlastRadius {
  readonly agent: string;
  readonly level: RiskLevel;
  readonly levelReason: string;
  readonly capabilities: readonly Capability[];
  /** `server/tool` of every admitted tool, sorted. */
  readonly tools: readonly string[];
  /** For each capability the agent has, the admitted tools that give it. */
  readonly via: Readonly<Partial<Record<Capability, readonly string[]>>>;
}

export interface RiskRegister {
  readonly tools: readonly ToolRisk[];
  readonly agents: readonly AgentBlastRadius[];
}

export interface RiskRegisterOptions {
  /** Whether the agent's allow-list admits the tool (the lead passes the policy engine's check). */
  readonly admits: (agentId: string, tool: string, server: string) => boolean;
  /** The tool catalog's capability tags (`policy.catalog.tagsOf`); they override derived capabilities. */
  readonly tagsOf?: (name: string, server: string) => readonly string[];
}

/** The level of a set of capabilities, and the rule that gave it. */
export function riskLevel(capabilities: readonly Capability[]): { readonly level: RiskLevel; readonly reason: string } {
  const has = (c: Capability) => capabilities.includes(c);
  if (has('pii_phi_access') && has('network_egress')) return { level: 'critical', reason: 'PII/PHI access with network egress' };
  if (has('execute') && has('network_egress')) return { level: 'critical', reason: 'code execution with network egress' };
  const high = (['delete', 'execute', 'financial'] as const).filter(has);
  if (high.length > 0) return { level: 'high', reason: high.join(', ') };
  if (has('pii_phi_access') && has('write')) return { level: 'high', reason: 'PII/PHI access with write' };
  const medium = (['write', 'network_egress', 'pii_phi_access'] as const).filter(has);
  if (medium.length > 0) return { level: 'medium', reason: medium.join(', ') };
  if (capabilities.length === 0) return { level: 'medium', reason: 'unclassified: no capability could be derived' };
  return { level: 'low', reason: 'read only' };
}

const rank = (level: RiskLevel) => LEVELS.indexOf(level);
const key = (tool: { server: string; name: string }) => `${tool.server}/${tool.name}`;
const byLevelThen = <T>(level: (x: T) => RiskLevel, id: (x: T) => string) => (a: T, b: T) => rank(level(b)) - rank(level(a)) || (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0);

/** Classifies every tool and works out every agent's blast radius. */
export function riskRegister(tools: readonly { readonly server: string; readonly tool: McpDefinition }[], agents: readonly string[], options: RiskRegisterOptions): RiskRegister {
  const risks: ToolRisk[] = tools.map(({ server, tool }) => {
    const tags = options.tagsOf?.(tool.name, server);
    const { capabilities, reasons } = classifyTool(server, tool, tags === undefined ? undefined : { tags });
    const { level, reason } = riskLevel(capabilities);
    return { server, name: tool.name, capabilities, reasons, level, levelReason: reason };
  }).sort(byLevelThen<ToolRisk>((t) => t.level, key));

  const blast: AgentBlastRadius[] = agents.map((agent) => {
    const admitted = risks.filter((tool) => options.admits(agent, tool.name, tool.server));
    const via: Partial<Record<Capability, string[]>> = {};
    for (const tool of admitted) for (const c of tool.capabilities) (via[c] ??= []).push(key(tool));
    const capabilities = CAPABILITIES.filter((c) => via[c] !== undefined);
    const union = riskLevel(capabilities);
    // An admitted unclassified tool keeps the agent at medium at least, though it adds no capability.
    const worst = admitted.reduce<ToolRisk | undefined>((w, t) => (w === undefined || rank(t.level) > rank(w.level) ? t : w), undefined);
    let level: RiskLevel = union.level, levelReason = union.reason;
    if (worst === undefined) [level, levelReason] = ['low', 'no tools admitted'];
    else if (rank(worst.level) > rank(union.level)) [level, levelReason] = [worst.level, `${key(worst)}: ${worst.levelReason}`];
    for (const list of Object.values(via)) list.sort();
    return { agent, level, levelReason, capabilities, tools: admitted.map(key).sort(), via };
  }).sort(byLevelThen((a) => a.level, (a) => a.agent));

  return { tools: risks, agents: blast };
}

/** The register as `portcullis tools risk` prints it: tools, agents, then why for everything above low. */
export function renderRiskRegister(register: RiskRegister): string {
  const show = (text: string) => printable(text, 60);
  const tools = textTable(['SERVER', 'TOOL', 'RISK', 'CAPABILITIES'],
    register.tools.map((t) => [show(t.server), show(t.name), t.level, t.capabilities.join(', ') || '(none)']));
  const agents = textTable(['AGENT', 'RISK', 'CAPABILITIES', 'TOOLS'],
    register.agents.map((a) => [show(a.agent), a.level, a.capabilities.join(', ') || '(none)', String(a.tools.length)]));
  const why: string[] = [];
  for (const t of register.tools) {
    if (t.level === 'low') continue;
    why.push(`  ${show(key(t))} (${t.level}: ${t.levelReason})`);
    for (const reason of t.reasons) why.push(`    - ${printable(reason, 160)}`);
  }
  for (const a of register.agents) {
    if (a.level === 'low') continue;
    why.push(`  agent ${show(a.agent)} (${a.level}: ${printable(a.levelReason, 120)})`);
    for (const c of a.capabilities) why.push(`    - ${c} via ${(a.via[c] ?? []).map(show).join(', ')}`);
  }
  return [`Tools (${register.tools.length})`, tools, '', `Agents: blast radius (${register.agents.length})`, agents,
    ...(why.length > 0 ? ['', 'Why', ...why] : [])].join('\n');
}

/** The register for `portcullis tools risk --json`: versioned, with the level rules spelled out. */
export function riskRegisterJson(register: RiskRegister): string {
  return JSON.stringify({ version: 1, levels: LEVEL_RULES, tools: register.tools, agents: register.agents }, null, 2);
}

const LEVEL_RULES = {
  critical: 'pii_phi_access with network_egress, or execute with network_egress',
  high: 'delete, execute or financial, or pii_phi_access with write',
  medium: 'write, network_egress or pii_phi_access, or no capability derived',
  low: 'read only',
};
