/**
 * The `mcp:` section: the MCP servers the gateway fronts. Agents reach each at `/mcp/<id>`
 * (Streamable HTTP); the gateway reaches it over stdio (a process it starts itself, from this
 * file only, never from a request) or Streamable HTTP. Absent: no MCP endpoint.
 */
import { z } from 'zod';
import { HEADER_NAME_PATTERN } from './policy-schema.ts';

/** Server ids appear in URLs and as tool-name prefixes on the federated endpoint. */
export const SERVER_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}$/;

const common = {
  id: z.string().regex(SERVER_ID_PATTERN, { error: 'server ids are 1-32 lowercase letters, digits and dashes, starting with a letter or digit' })
    .describe('Server id: the endpoint is /mcp/<id>'),
  description: z.string().optional().describe('What the server is for, for people reading the config'),
};

const stdioServer = z.strictObject({
  ...common,
  transport: z.literal('stdio'),
  command: z.string().min(1).describe('Executable to start (one process per agent session)'),
  args: z.array(z.string()).default([]).describe('Its arguments'),
  cwd: z.string().min(1).optional().describe('Working directory (default: the gateway\'s)'),
  env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string()).default({})
    .describe('Environment given to the server, e.g. { EMR_DB: "${EMR_DB}" }'),
  inheritEnv: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/)).default(['PATH', 'HOME', 'LANG', 'TZ'])
    .describe("Variables passed on from the gateway's own environment; nothing else is (no provider keys)"),
});

const httpServer = z.strictObject({
  ...common,
  transport: z.literal('http'),
  url: z.url({ protocol: /^https?$/ }).describe('Streamable HTTP endpoint of the server'),
  headers: z.record(z.string().regex(HEADER_NAME_PATTERN), z.string()).default({})
    .describe('Headers sent to the server, e.g. { Authorization: "Bearer ${TOKEN}" }'),
});

export const mcpServerSchema = z.discriminatedUnion('transport', [stdioServer, httpServer]);

export const mcpSchema = z.strictObject({
  servers: z.array(mcpServerSchema).default([]).describe('MCP servers behind the gateway (portcullis mcp wrap can bring its own)'),
  lockfile: z.string().min(1).default('portcullis.lock')
    .describe('Approved tool definitions (portcullis tools approve); a new or changed definition is quarantined'),
  pinning: z.enum(['enforce', 'monitor']).default('enforce')
    .describe('enforce: quarantine new and changed definitions until approved; monitor: record them, offer them anyway'),
  allowedOrigins: z.array(z.url()).default([])
    .describe('Browser origins allowed to call the MCP endpoints (requests without an Origin header are allowed)'),
  allowedHosts: z.array(z.string().min(1)).default([])
    .describe('Host header values accepted besides localhost and the listen address (DNS-rebinding protection)'),
  federation: z.strictObject({
    enabled: z.boolean().default(true)
      .describe('Serve /mcp: every server behind one session, tools and prompts named <server>__<name>'),
  }).prefault({}).describe('The federated endpoint (server ids cannot contain "_", so "__" always ends the prefix)'),
  timeouts: z.strictObject({
    requestMs: z.int().positive().default(60_000).describe('How long a request may wait for the server'),
    startMs: z.int().positive().default(10_000).describe('How long a server may take to start and initialize'),
  }).prefault({}),
}).describe('MCP servers the gateway governs');

export type McpConfig = z.output<typeof mcpSchema>;
export type McpServerConfig = z.output<typeof mcpServerSchema>;
