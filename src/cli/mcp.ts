/**
 * `portcullis mcp wrap --server <id> [-c portcullis.yaml] [--env NAME]... [-- <command> <args...>]`
 *
 * Runs as a stdio MCP server in a developer agent's config (Claude Code, Cursor): the client
 * starts this command instead of the server, and every message to the server is governed and
 * recorded. The server is the configured `mcp.servers` entry `<id>`, or the command after `--`
 * (started with PATH, HOME, LANG and TZ, plus each `--env` variable). The agent authenticates
 * with its gateway key from the environment (`PORTCULLIS_AGENT_KEY`, or `--key-env`).
 */
import { loadConfig } from '../config/load.ts';
import { mcpSchema, SERVER_ID_PATTERN, type McpServerConfig } from '../config/mcp-schema.ts';
import { detectorGuards } from '../guards/from-config.ts';
import { openLedger, type Ledger } from '../ledger/index.ts';
import { mcpGovernance } from '../mcp/index.ts';
import { McpSession } from '../mcp/session.ts';
import { connectUpstream } from '../mcp/sessions.ts';
import { serveStdioFront } from '../mcp/stdio-front.ts';
import { compilePolicy } from '../policy/compile.ts';
import { PolicyEngine } from '../policy/engine.ts';
import { MemoryPolicyStore } from '../policy/state/memory.ts';
import { openPolicyStore, openSharedProvenance } from '../policy/state/open.ts';
import { AgentDirectory } from '../server/auth.ts';
import { CONFIG_OPTION, parseCommandLine, UsageError } from './usage.ts';

const USAGE = 'usage: portcullis mcp wrap --server <id> [-c portcullis.yaml] [--key-env VAR] [--env NAME]... [-- <command> <args...>]';

export async function runMcp(args: string[]): Promise<void> {
  const { values, positionals } = parseCommandLine('mcp', args, {
    ...CONFIG_OPTION,
    server: { type: 'string' },
    'key-env': { type: 'string', default: 'PORTCULLIS_AGENT_KEY' },
    env: { type: 'string', multiple: true, default: [] },
  });
  const [sub, ...command] = positionals;
  if (sub !== 'wrap' || values.server === undefined) throw new UsageError(USAGE);
  if (!SERVER_ID_PATTERN.test(values.server)) throw new UsageError(`portcullis mcp wrap: '${values.server}' is not a valid server id`);
  const config = loadConfig(values.config);
  const server = serverFor(config.mcp?.servers ?? [], values.server, command, values.env);
  config.mcp = mcpSchema.parse({ ...(config.mcp ?? {}), servers: [server] });
  const key = process.env[values['key-env']];
  if (key === undefined || key === '') throw new UsageError(`portcullis mcp wrap: set ${values['key-env']} to the agent's gateway key`);
  const principal = new AgentDirectory(config.agents).authenticate({ authorization: `Bearer ${key}` });

  const ledger: Ledger | undefined = config.ledger === undefined ? undefined : await openLedger(config.ledger);
  // Limits and taints are shared with the gateway when the config names Redis.
  const store = await openPolicyStore(config, (error) => process.stderr.write(`portcullis mcp wrap: policy state store: ${error.message}\n`)) ?? new MemoryPolicyStore();
  // And so is provenance: the conversation the gateway's LLM door judged the agent's calls against vouches for them here.
  const provenance = await openSharedProvenance(config, (error) => process.stderr.write(`portcullis mcp wrap: ${error.message}\n`));
  const engine = new PolicyEngine(compilePolicy(config), { store });
  const { data, injection } = detectorGuards(config);
  const { governor, equip } = mcpGovernance({
    config, engine, ...(data === undefined ? {} : { data }), ...(injection === undefined ? {} : { injection }), ...(ledger === undefined ? {} : { ledger }),
    ...(provenance === undefined ? {} : { provenance }),
  });
  const session = new McpSession(principal, server, connectUpstream(server), config.mcp.timeouts);
  equip(session);
  await session.start();
  const reason = await serveStdioFront({
    session, principal, governor, input: process.stdin, output: process.stdout, ...(ledger === undefined ? {} : { ledger }),
  });
  process.stderr.write(`portcullis mcp wrap: ${reason}\n`);
  await session.close().catch(() => undefined);
  await ledger?.close();
  await store.close();
  await provenance?.close();
}

/** The configured server, or one made of the command line (whose environment is the allow-list plus --env). */
function serverFor(configured: readonly McpServerConfig[], id: string, command: readonly string[], env: readonly string[]): McpServerConfig {
  const known = configured.find((s) => s.id === id);
  if (command.length === 0) {
    if (known === undefined) throw new UsageError(`portcullis mcp wrap: no MCP server '${id}' in the config, and no command after --`);
    return known;
  }
  const [executable, ...args] = command as [string, ...string[]];
  return mcpSchema.parse({
    servers: [{ id, transport: 'stdio', command: executable, args, inheritEnv: ['PATH', 'HOME', 'LANG', 'TZ', ...env] }],
  }).servers[0] as McpServerConfig;
}
