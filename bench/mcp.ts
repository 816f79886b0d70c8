// MCP proxy speed: tools/call latency with the official SDK client, straight to a server and
// through the gateway, against the same server-everything process over Streamable HTTP; and
// through the gateway to a stdio server. "Added" is gateway minus direct, per call, median.
// The gateway's own share (total minus time waiting for the server) is read from its records.
// Target: added latency per tools/call <= 0.3 ms median.
//
// Usage: node bench/mcp.ts [--calls 2000]
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { embeddedDefaultConfig } from '../src/config/defaults.ts';
import { newAgentKey } from '../src/server/auth.ts';
import { createGateway } from '../src/server/gateway.ts';
import type { McpRecord } from '../src/mcp/record.ts';
import { approveAll, mcpConfig, npmServer, stdioServer } from '../test/helpers/mcp.ts';
import { freePort } from './processes.ts';

const { values } = parseArgs({ options: { calls: { type: 'string', default: '2000' } } });
const CALLS = Number(values.calls);
const TARGET_MS = 0.3;
const everything = npmServer('@modelcontextprotocol/server-everything');

const port = await freePort();
const server = spawn(process.execPath, [everything, 'streamableHttp'], { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'pipe'] });
for await (const chunk of server.stderr!) if (String(chunk).includes('listening')) break;
const direct = `http://127.0.0.1:${port}/mcp`;

const agent = newAgentKey();
const config = embeddedDefaultConfig({ standinUrl: 'http://127.0.0.1:9', agentKeyHash: agent.keyHash });
config.server.port = 0;
delete config.dataProtection;
delete config.injection;
// Definitions are approved for the run in a fresh lockfile, as an operator would: a quarantined
// tool would be refused at the gateway and measure nothing.
const lockDir = mkdtempSync(join(tmpdir(), 'portcullis-bench-'));
config.mcp = mcpConfig([{ id: 'remote', transport: 'http', url: direct }, stdioServer('local', everything, ['stdio'])], { lockfile: join(lockDir, 'portcullis.lock') });
await approveAll(config.mcp);
for (const a of config.agents) if (a.id === 'demo-agent') a.tools = ['*'];
const records: McpRecord[] = [];
const gateway = createGateway({ config, onMcpRecord: (r) => records.push(r) });
const gatewayUrl = await gateway.listen();

async function measure(url: string, headers: Record<string, string>): Promise<number[]> {
  const client = new Client({ name: 'bench', version: '1.0.0' }, { capabilities: {} });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  const call = async () => {
    const result = await client.callTool({ name: 'echo', arguments: { message: 'a short message to echo back' } });
    if (result.isError === true) throw new Error(`the call failed, so nothing would be measured: ${JSON.stringify(result.content)}`);
  };
  for (let i = 0; i < 300; i++) await call();
  const samples: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const start = performance.now();
    await call();
    samples.push(performance.now() - start);
  }
  await client.close();
  return samples.sort((a, b) => a - b);
}

const median = (sorted: number[]) => sorted[Math.floor(sorted.length / 2)] as number;
const p99 = (sorted: number[]) => sorted[Math.floor(sorted.length * 0.99)] as number;
const auth = { authorization: `Bearer ${agent.key}` };

// Alternate direct and gateway runs so drift favours neither.
const rounds: { direct: number[]; gateway: number[] } = { direct: [], gateway: [] };
const remoteOwn: number[] = [];
const remoteUpstream: number[] = [];
for (let round = 0; round < 2; round++) {
  rounds.direct.push(...await measure(direct, {}));
  records.length = 0;
  rounds.gateway.push(...await measure(`${gatewayUrl}/mcp/remote`, auth));
  for (const r of records) if (r.method === 'tools/call') {
    remoteOwn.push(r.gatewayMs);
    remoteUpstream.push(r.upstreamMs);
  }
}
remoteOwn.sort((a, b) => a - b);
remoteUpstream.sort((a, b) => a - b);
rounds.direct.sort((a, b) => a - b);
rounds.gateway.sort((a, b) => a - b);
records.length = 0;
const stdio = await measure(`${gatewayUrl}/mcp/local`, auth);
const own = records.filter((r) => r.method === 'tools/call').map((r) => r.gatewayMs).sort((a, b) => a - b);

const row = (label: string, s: number[]) => `  ${label.padEnd(44)} p50 ${median(s).toFixed(3)} ms   p99 ${p99(s).toFixed(3)} ms`;
const added = median(rounds.gateway) - median(rounds.direct);
console.log(`MCP tools/call (echo), official SDK client, ${CALLS * 2} calls per path after warm-up`);
console.log(row('direct to server-everything (Streamable HTTP)', rounds.direct));
console.log(row('through the gateway (HTTP upstream)', rounds.gateway));
console.log(row('  of which waiting for the server (records)', remoteUpstream));
console.log(row('  of which the gateway itself (records)', remoteOwn));
console.log(row('through the gateway (stdio upstream)', stdio));
console.log(`  gateway's own time per call (records, stdio)    p50 ${median(own).toFixed(3)} ms   p99 ${p99(own).toFixed(3)} ms`);
console.log(`  added by the gateway (HTTP, p50 difference): ${added.toFixed(3)} ms`);
console.log(`  target: added <= ${TARGET_MS} ms median: ${added <= TARGET_MS ? 'met' : 'MISSED'}`);

await gateway.close();
server.kill();
await once(server, 'exit');
