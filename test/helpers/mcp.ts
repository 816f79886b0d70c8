/** MCP test helpers: real servers from npm, and the official SDK client pointed at the gateway. */
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { mcpSchema, type McpConfig } from '../../src/config/mcp-schema.ts';

const require = createRequire(import.meta.url);

/** The entry script of an MCP server package installed from npm (run with this Node). */
export function npmServer(pkg: string): string {
  return join(dirname(require.resolve(`${pkg}/package.json`)), 'dist', 'index.js');
}

export function stdioServer(id: string, script: string, args: string[] = [], extra: Record<string, unknown> = {}) {
  return { id, transport: 'stdio' as const, command: process.execPath, args: [script, ...args], ...extra };
}

export function mcpConfig(servers: unknown[], extra: Record<string, unknown> = {}): McpConfig {
  return mcpSchema.parse({ servers, ...extra });
}

type ClientOptions = { capabilities?: Record<string, unknown>; headers?: Record<string, string> };

/** An official SDK client connected to `/mcp/<server>` with an agent's key. */
export function connectClient(gatewayUrl: string, server: string, key: string, options: ClientOptions = {}): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  return connectTo(new URL(`${gatewayUrl}/mcp/${server}`), key, options);
}

/** An official SDK client connected to the federated endpoint `/mcp` (every server, prefixed names). */
export function connectFederated(gatewayUrl: string, key: string, options: ClientOptions = {}): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  return connectTo(new URL(`${gatewayUrl}/mcp`), key, options);
}

async function connectTo(url: URL, key: string, options: ClientOptions): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const client = new Client({ name: 'portcullis-test', version: '1.0.0' }, { capabilities: options.capabilities ?? {} });
  const transport = new StreamableHTTPClientTransport(url, {
    requestInit: { headers: { authorization: `Bearer ${key}`, ...options.headers } },
  });
  await client.connect(transport);
  return { client, transport };
}

const MAIN = join(import.meta.dirname, '../../src/cli/main.ts');

/**
 * An official SDK client that spawns `portcullis mcp wrap` over stdio around a server script, as
 * a developer agent (Claude Code, Cursor) starts it instead of the server, as agent `dev-agent`.
 */
export async function connectWrap(config: string, agentKey: string, server: string, script: string): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [MAIN, 'mcp', 'wrap', '--server', server, '-c', config, '--', process.execPath, script],
    env: { PATH: process.env['PATH'] ?? '', PORTCULLIS_AGENT_KEY: agentKey },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'dev-agent', version: '1.0.0' }, { capabilities: {} });
  await client.connect(transport);
  return client;
}

/** Pins every definition the configured servers offer now, as `portcullis tools approve` would. */
export async function approveAll(config: McpConfig, by = 'test', kinds?: readonly string[]): Promise<void> {
  const { discoverServer } = await import('../../src/mcp/discover.ts');
  const { loadLockfile, saveLockfile } = await import('../../src/mcp/inventory/lockfile.ts');
  const { approvalsFor, scanInventory } = await import('../../src/mcp/inventory/report.ts');
  const lock = await loadLockfile(config.lockfile);
  const report = scanInventory(await Promise.all(config.servers.map((s) => discoverServer(s, 10_000))), lock);
  lock.approve(approvalsFor(report, (d) => kinds === undefined || kinds.includes(d.kind)), by);
  await saveLockfile(config.lockfile, lock);
}

/** A lockfile path in a fresh temporary directory. */
export function tempLockfile(): string {
  return join(mkdtempSync(join(tmpdir(), 'portcullis-lock-')), 'portcullis.lock');
}
