/**
 * The gateway's own look at a server, outside any agent's session: start it (or connect),
 * initialize, and list every tool, prompt and resource template, page by page. What
 * `portcullis tools scan|approve|risk` review, with the same hashing the proxy pins with.
 */
import type { McpServerConfig } from '../config/mcp-schema.ts';
import type { Config } from '../config/schema.ts';
import { compilePolicy } from '../policy/compile.ts';
import type { Principal } from '../core/exchange.ts';
import { DEFINITION_KINDS, KIND_LISTS, type DefinitionKind, type McpDefinition } from './inventory/definition.ts';
import type { ServerInventory } from './inventory/report.ts';
import { riskRegister, type RiskRegister } from './inventory/risk-register.ts';
import { serverIdentity } from './pinning.ts';
import { McpSession } from './session.ts';
import { LIST_METHODS, listAll } from './session-tools.ts';
import { connectUpstream } from './sessions.ts';

const GATEWAY: Principal = { agentId: 'portcullis', team: 'gateway', env: '', tier: '', clearances: [], keyId: '' };
const CLIENT_CAPABILITIES = { sampling: {}, elicitation: { form: {}, url: {} }, roots: { listChanged: true } };

/** The capability a server declares for each kind of definition it can list. */
const CAPABILITY: Readonly<Record<DefinitionKind, string>> = { tool: 'tools', prompt: 'prompts', resource_template: 'resources' };

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
    session.adoptVersion(init);
    session.notify({ jsonrpc: '2.0', method: 'notifications/initialized' });
    const capabilities = (init.result['capabilities'] ?? {}) as Record<string, unknown>;
    const inventory: Record<string, McpDefinition[]> = {};
    for (const kind of DEFINITION_KINDS) {
      if (capabilities[CAPABILITY[kind]] === undefined) continue;
      inventory[KIND_LISTS[kind]] = await listAll(session, LIST_METHODS[kind], KIND_LISTS[kind]);
    }
    return { server: identity, ...inventory };
  } catch (error) {
    return { server: identity, error: error instanceof Error ? error.message : String(error) };
  } finally {
    await session.close().catch(() => undefined);
  }
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
