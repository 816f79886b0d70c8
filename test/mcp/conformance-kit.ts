/**
 * The official MCP conformance suite (`@modelcontextprotocol/conformance`) run against an MCP
 * server twice: directly, and through the gateway's `/mcp/<server>`, so each scenario's result
 * through the gateway can be compared with the server's own. Shared by scripts/mcp-conformance.ts
 * and test/mcp/conformance.test.ts.
 *
 * The suite's client (SDK v1 `StreamableHTTPClientTransport` built from a bare URL) has no option,
 * flag or environment variable for request headers, so it cannot send an agent key. Each run
 * therefore goes through a small local forwarder that adds `Authorization: Bearer <agent key>`
 * when the request has none and changes nothing else: method, path, body and every end-to-end
 * header (Host and Origin included, which the DNS-rebinding scenario sets on purpose) pass as
 * sent, and responses (JSON or SSE) stream back untouched; only hop-by-hop headers (Connection,
 * Transfer-Encoding, ...) are the forwarder's own, as for any HTTP proxy. The direct baseline goes through an identical
 * forwarder, so both columns see the same extra hop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { Agent, createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { McpConfig } from '../../src/config/mcp-schema.ts';
import type { Harness } from '../helpers/harness.ts';
import { npmServer } from '../helpers/mcp.ts';

const require = createRequire(import.meta.url);

/** The suite's CLI entry (its package exports nothing else). */
export const CONFORMANCE_CLI = join(dirname(require.resolve('@modelcontextprotocol/conformance/package.json')), 'dist', 'index.js');
export const CONFORMANCE_VERSION = (JSON.parse(readFileSync(join(dirname(CONFORMANCE_CLI), '..', 'package.json'), 'utf8')) as { version: string }).version;
export const EVERYTHING = npmServer('@modelcontextprotocol/server-everything');
export const EVERYTHING_VERSION = (JSON.parse(readFileSync(join(dirname(EVERYTHING), '..', 'package.json'), 'utf8')) as { version: string }).version;

export type CheckStatus = 'SUCCESS' | 'FAILURE' | 'WARNING' | 'INFO' | 'SKIPPED';
export interface Check {
  readonly id: string;
  readonly name?: string;
  readonly status: CheckStatus;
  readonly description?: string;
  readonly errorMessage?: string;
  readonly details?: unknown;
}

/** A scenario's outcome: fail if any check failed, warn if any warned, else pass; missing if it left no results. */
export type Outcome = 'pass' | 'warn' | 'fail' | 'missing';

export interface ScenarioResult {
  readonly scenario: string;
  readonly outcome: Outcome;
  readonly checks: readonly Check[];
  /** From this scenario's start to the next one's (or the end of the run). */
  readonly ms: number;
}

export interface SuiteRun {
  readonly url: string;
  readonly results: Map<string, ScenarioResult>;
  readonly ms: number;
  readonly exitCode: number | null;
  readonly stderr: string;
}

export function outcomeOf(checks: readonly Check[]): Outcome {
  if (checks.length === 0) return 'missing';
  if (checks.some((c) => c.status === 'FAILURE')) return 'fail';
  if (checks.some((c) => c.status === 'WARNING')) return 'warn';
  return 'pass';
}

/**
 * Runs the suite's server scenarios against `url`: the whole suite (`--suite all`, pending
 * scenarios included) when `scenarios` is undefined, else one CLI run per named scenario.
 */
export async function runSuite(url: string, options: { scenarios?: readonly string[]; timeoutMs?: number } = {}): Promise<SuiteRun> {
  const out = mkdtempSync(join(tmpdir(), 'portcullis-conformance-'));
  const started = performance.now();
  let exitCode: number | null = 0;
  let stderr = '';
  try {
    const runs = options.scenarios === undefined ? [['--suite', 'all']] : options.scenarios.map((s) => ['--scenario', s]);
    for (const selection of runs) {
      const run = await runCli(['server', '--url', url, ...selection, '-o', out], options.timeoutMs ?? 180_000);
      if (run.exitCode !== 0) exitCode = run.exitCode;
      stderr += run.stderr;
    }
    return { url, results: readResults(out, Date.now()), ms: performance.now() - started, exitCode, stderr };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** `<out>/server-<scenario>-<ISO time with dashes>/checks.json`, one directory per scenario run. */
function readResults(out: string, endedAt: number): Map<string, ScenarioResult> {
  const runs: { scenario: string; dir: string; startedAt: number }[] = [];
  for (const entry of readdirSync(out)) {
    const match = /^server-(.+)-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z$/.exec(entry);
    if (match === null) continue;
    const [, scenario, day, h, m, sec, milli] = match as unknown as [string, string, string, string, string, string, string];
    runs.push({ scenario, dir: entry, startedAt: Date.parse(`${day}T${h}:${m}:${sec}.${milli}Z`) });
  }
  runs.sort((a, b) => a.startedAt - b.startedAt);
  const results = new Map<string, ScenarioResult>();
  runs.forEach(({ scenario, dir, startedAt }, i) => {
    let checks: Check[] = [];
    try {
      checks = JSON.parse(readFileSync(join(out, dir, 'checks.json'), 'utf8')) as Check[];
    } catch {
      // a scenario that crashed before writing its checks: reported as missing
    }
    results.set(scenario, { scenario, outcome: outcomeOf(checks), checks, ms: (runs[i + 1]?.startedAt ?? endedAt) - startedAt });
  });
  return results;
}

function runCli(args: string[], timeoutMs: number): Promise<{ exitCode: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CONFORMANCE_CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ exitCode: code, stdout, stderr });
    });
  });
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'proxy-authorization', 'te', 'trailer']);

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));
}

export interface Forwarder {
  /** The forwarder's base URL (`http://localhost:<port>`): the suite checks DNS rebinding only against localhost URLs. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * A local HTTP forwarder to `target` (an origin) that adds `authorization` when the request
 * carries none. Nothing else changes: same method, path and body, same headers (Host and Origin
 * as the client sent them), and the response streamed back as it comes.
 */
export async function startForwarder(target: string, authorization: string | undefined): Promise<Forwarder> {
  const origin = new URL(target);
  const agent = new Agent({ keepAlive: true });
  const server: Server = createServer((req, res) => {
    const headers = endToEnd(req.headers);
    if (authorization !== undefined && headers.authorization === undefined) headers.authorization = authorization;
    const upstream = request({ hostname: origin.hostname, port: origin.port, method: req.method, path: req.url, headers, agent }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, endToEnd(answer.headers));
      res.flushHeaders();
      answer.pipe(res);
    });
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    // The client hanging up (an SSE stream it is done with) hangs up upstream too.
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      agent.destroy();
      server.close(() => resolve());
    }),
  };
}

export async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

export interface ChildServer {
  /** The server's Streamable HTTP endpoint. */
  readonly url: string;
  close(): Promise<void>;
}

/** The conformance fixture (test/mcp/conformance-fixture.ts): what the suite's scenarios call for. */
export const FIXTURE = fileURLToPath(new URL('./conformance-fixture.ts', import.meta.url));

/** An upstream the suite runs against: how to start its own Streamable HTTP endpoint, and its stdio command. */
export interface Upstream {
  readonly id: string;
  readonly label: string;
  readonly script: string;
  readonly httpArgs: readonly string[];
  readonly stdioArgs: readonly string[];
}

export const UPSTREAMS: readonly Upstream[] = [
  { id: 'everything', label: `@modelcontextprotocol/server-everything ${EVERYTHING_VERSION}`, script: EVERYTHING, httpArgs: ['streamableHttp'], stdioArgs: ['stdio'] },
  { id: 'fixture', label: 'conformance fixture (test/mcp/conformance-fixture.ts)', script: FIXTURE, httpArgs: ['http'], stdioArgs: ['stdio'] },
];

/** An upstream's own Streamable HTTP endpoint (`node <script> <httpArgs>`, env PORT): the baseline. */
export async function startHttpUpstream(upstream: Upstream): Promise<ChildServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [upstream.script, ...upstream.httpArgs], {
    env: { PATH: process.env['PATH'] ?? '', PORT: String(port) }, stdio: ['ignore', 'ignore', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let said = '';
    const timer = setTimeout(() => reject(new Error(`${upstream.id} did not start: ${said.slice(-500)}`)), 20_000);
    child.stderr?.on('data', (c: Buffer) => {
      said += c.toString('utf8');
      if (/listening on port/.test(said)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${upstream.id} exited with code ${code}: ${said.slice(-500)}`));
    });
  });
  // A run that dies without closing it must not leave the server behind.
  const orphanGuard = () => child.kill('SIGKILL');
  process.once('exit', orphanGuard);
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    close: async () => {
      process.removeListener('exit', orphanGuard);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** How the gateway reaches an upstream. */
export type Route = 'stdio' | 'http';

/** The gateway's server id (its `/mcp/<id>` route) for an upstream over a transport. */
export const routeId = (upstream: Upstream, route: Route): string => (route === 'stdio' ? upstream.id : `${upstream.id}-http`);

export interface ConformanceGateway {
  readonly harness: Harness;
  readonly mcp: McpConfig;
  close(): Promise<void>;
}

/**
 * A gateway (the test harness: demo config, demo-agent's allow-list '*') fronting each upstream
 * twice: `/mcp/<id>` over stdio (a process per session, as configured in production) and
 * `/mcp/<id>-http` over Streamable HTTP to the upstream's own endpoint (`httpUrls[id]`). Every
 * definition they offer now is approved in a fresh lockfile, so pinning is enforced as in
 * production but withholds nothing.
 */
export async function startConformanceGateway(upstreams: readonly Upstream[], httpUrls: Record<string, string>, extra: Record<string, unknown> = {}): Promise<ConformanceGateway> {
  const servers = upstreams.flatMap((u) => [
    { id: routeId(u, 'stdio'), transport: 'stdio', command: process.execPath, args: [u.script, ...u.stdioArgs] },
    ...(httpUrls[u.id] === undefined ? [] : [{ id: routeId(u, 'http'), transport: 'http', url: httpUrls[u.id] }]),
  ]);
  // Loaded here, so running the suite directly against a server does not load the gateway.
  const { approveAll, mcpConfig, tempLockfile } = await import('../helpers/mcp.ts');
  const { startHarness } = await import('../helpers/harness.ts');
  const mcp = mcpConfig(servers, { lockfile: tempLockfile(), ...extra });
  await approveAll(mcp, 'conformance');
  const harness = await startHarness({ configure(config) { config.mcp = mcp; } });
  return { harness, mcp, close: () => harness.close() };
}

export interface Row {
  readonly scenario: string;
  readonly direct: Outcome;
  readonly gateway: Outcome;
  /** Passes (or only warns) direct, fails through the gateway. */
  readonly regression: boolean;
  /** Checks whose status differs, `id: direct -> gateway`, with the gateway's message. */
  readonly differences: readonly string[];
  readonly directMs: number;
  readonly gatewayMs: number;
}

const rank: Record<Outcome, number> = { pass: 0, warn: 1, fail: 2, missing: 2 };

export function compare(direct: SuiteRun, gateway: SuiteRun): Row[] {
  const scenarios = [...new Set([...direct.results.keys(), ...gateway.results.keys()])];
  return scenarios.map((scenario) => {
    const d = direct.results.get(scenario);
    const g = gateway.results.get(scenario);
    const dOutcome = d?.outcome ?? 'missing';
    const gOutcome = g?.outcome ?? 'missing';
    return {
      scenario, direct: dOutcome, gateway: gOutcome, regression: rank[dOutcome] < 2 && rank[gOutcome] === 2,
      differences: checkDifferences(d?.checks ?? [], g?.checks ?? []), directMs: d?.ms ?? 0, gatewayMs: g?.ms ?? 0,
    };
  });
}

function checkDifferences(direct: readonly Check[], gateway: readonly Check[]): string[] {
  const verdicts = (checks: readonly Check[]) => new Map(checks.filter((c) => c.status !== 'INFO').map((c) => [c.id, c]));
  const d = verdicts(direct);
  const g = verdicts(gateway);
  const out: string[] = [];
  for (const id of new Set([...d.keys(), ...g.keys()])) {
    const a = d.get(id);
    const b = g.get(id);
    if (a?.status === b?.status) continue;
    const why = b?.errorMessage === undefined ? '' : `: ${b.errorMessage.replace(/\s+/g, ' ').slice(0, 200)}`;
    out.push(`${id}: ${a?.status ?? 'absent'} -> ${b?.status ?? 'absent'}${why}`);
  }
  return out;
}
