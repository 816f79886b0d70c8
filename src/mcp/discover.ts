/**
 * The gateway's own look at a server, outside any agent's session: start it (or connect),
 * initialize, and list every tool, prompt and resource template, page by page. What
 * `portcullis tools scan|approve|risk` review, with the same hashing the proxy pins with.
 */
import type { McpServerConfig } from '../config/mcp-schema.ts';
import type { Config } from '../config/schema.ts';
import { compilePolicy } from '../policy/compile.ts';
import type { Principal } from '../core/exchange.ts';
import type { McpDefinition } from './inventory/definition.ts';
import type { ServerInventory } from './inventory/report.ts';
import { riskRegister, type RiskRegister } from './inventory/risk-register.ts';
import { serverIdentity } from './pinning.ts';
import { McpSession } from './session.ts';
import { definitions } from './session-tools.ts';
import { connectUpstream } from './sessions.ts';

const GATEWAY: Principal = { agentId: 'portcullis', team: 'gateway', env: '', tier: '', clearances: [], keyId: '' };
const MAX_PAGES = 100;
const CLIENT_CAPABILITIES = { sampling: {}, elicitation: { form: {}, url: {} }, roots: { listChanged: true } };

const LISTS = [
  { method: 'tools/list', key: 'tools', capability: 'tools', field: 'tools' },
  { method: 'prompts/list', key: 'prompts', capability: 'prompts', field: 'prompts' },
  { method: 'resources/templates/list', key: 'resourceTemplates', capability: 'resources', field: 'resourceTemplates' },
] as const;

export async function discoverServer(server: McpServerConfig, timeoutMs: number): Promise<ServerInventory> {
  const session = new McpSession(GATEWAY, server, connectUpstream(server), { startMs: timeoutMs, requestMs: timeoutMs });
  const identity = serverIdentity(server);
  try {
    await session.start();
    // Every client capability, so tools a server offers only to capable clients are reviewed too.
    const init = await session.request('initialize', {
      protocolVersion: '2025-11-25', capabilities: CLIENT_CAPABILITIES, clientInfo: { name: 'portcullis-inventory', version: '1.0.0' },
    });
    if (init.result === undefined) return { server: identity, error: `initialize failed: ${init.error?.message ?? 'no result'}` };
    session.setProtocolVersion(String(init.result['protocolVersion']));
    session.notify({ jsonrpc: '2.0', method: 'notifications/initialized' });
    const capabilities = (init.result['capabilities'] ?? {}) as Record<string, unknown>;
    const inventory: Record<string, McpDefinition[]> = {};
    for (const list of LISTS) {
      if (capabilities[list.capability] === undefined) continue;
      inventory[list.key] = await listAll(session, list.method, list.field);
    }
    return { server: identity, ...inventory };
  } catch (error) {
    return { server: identity, error: error instanceof Error ? error.message : String(error) };
  } finally {
    await session.close().catch(() => undefined);
  }
}

async function listAll(session: McpSession, method: string, field: string): Promise<McpDefinition[]> {
  const all: McpDefinition[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const response = await session.request(method, cursor === undefined ? undefined : { cursor });
    if (response.result === undefined) throw new Error(`${method} failed: ${response.error?.message ?? 'no result'}`);
    all.push(...definitions(response.result[field]));
    cursor = typeof response.result['nextCursor'] === 'string' ? response.result['nextCursor'] : undefined;
    if (cursor === undefined) break;
  }
  return all;
}

/**
 * The risk register of what was discovered, judged with the config's policy (allow-lists and
 * tool tags): what `portcullis tools risk` prints and the compliance report includes.
 */
export function configuredRiskRegister(config: Config, inventories: readonly ServerInventory[]): RiskRegister {
  const policy = compilePolicy(config);
  const tools = inventories.flatMap((inv) => (inv.tools ?? []).map((tool) => ({ server: inv.server.id, tool })));
  return riskRegister(tools, config.agents.map((a) => a.id), {
    admits: (agent, tool, server) => policy.access.get(agent)?.admits(tool, policy.catalog.tagsOf(tool, server), server) !== undefined,
    tagsOf: (name, server) => policy.catalog.tagsOf(name, server),
  });
}
