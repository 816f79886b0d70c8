/**
 * The official MCP conformance suite (`@modelcontextprotocol/conformance`, server scenarios) run
 * against each upstream directly (its own Streamable HTTP endpoint: the baseline) and through the
 * gateway's `/mcp/<server>`, with the gateway reaching the upstream over stdio and over Streamable
 * HTTP. Prints, per scenario, the direct result next to each through-gateway result, then every
 * check whose status differs. Exits 1 only when a scenario passes direct (or only warns) and
 * fails through the gateway.
 *
 *   node scripts/mcp-conformance.ts [--upstream everything,fixture] [--scenario a,b] [--markdown] [--json out.json]
 *
 * Upstreams: `everything` is @modelcontextprotocol/server-everything from npm; `fixture` is
 * test/mcp/conformance-fixture.ts, which implements the tools, resources and prompts the suite's
 * scenarios name (server-everything names its own differently, so most scenarios fail against it
 * before the gateway is involved). The suite cannot send headers, so each run goes through a local
 * forwarder that adds the agent key (see test/mcp/conformance-kit.ts).
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  compare, CONFORMANCE_VERSION, routeId, runSuite, startConformanceGateway, startForwarder, startHttpUpstream, UPSTREAMS,
  type ChildServer, type Forwarder, type Outcome, type Route, type Row, type SuiteRun,
} from '../test/mcp/conformance-kit.ts';

const { values } = parseArgs({
  options: {
    upstream: { type: 'string', default: UPSTREAMS.map((u) => u.id).join(',') },
    scenario: { type: 'string' },
    markdown: { type: 'boolean', default: false },
    json: { type: 'string' },
  },
});

const upstreams = UPSTREAMS.filter((u) => values.upstream.split(',').includes(u.id));
if (upstreams.length === 0) {
  console.error(`--upstream names none of: ${UPSTREAMS.map((u) => u.id).join(', ')}`);
  process.exit(2);
}
const scenarios = values.scenario?.split(',').filter((s) => s !== '');
const ROUTES: readonly Route[] = ['stdio', 'http'];

interface UpstreamReport {
  readonly upstream: string;
  readonly label: string;
  readonly direct: SuiteRun;
  readonly routes: Record<Route, { run: SuiteRun; rows: Row[] }>;
}

const started = performance.now();
const children: ChildServer[] = [];
const forwarders: Forwarder[] = [];
const reports: UpstreamReport[] = [];
let gateway: Awaited<ReturnType<typeof startConformanceGateway>> | undefined;
try {
  const httpUrls: Record<string, string> = {};
  for (const upstream of upstreams) {
    const child = await startHttpUpstream(upstream);
    children.push(child);
    httpUrls[upstream.id] = child.url;
  }
  gateway = await startConformanceGateway(upstreams, httpUrls);
  const viaGateway = await startForwarder(gateway.harness.url, `Bearer ${gateway.harness.agentKey}`);
  forwarders.push(viaGateway);
  for (const upstream of upstreams) {
    // The baseline goes through the same kind of forwarder (adding no header), so both sides take the same extra hop.
    const direct = await startForwarder(new URL(httpUrls[upstream.id] as string).origin, undefined);
    forwarders.push(direct);
    log(`${upstream.id}: direct`);
    const directRun = await runSuite(`${direct.url}/mcp`, scenarios === undefined ? {} : { scenarios });
    const routes = {} as UpstreamReport['routes'];
    for (const route of ROUTES) {
      log(`${upstream.id}: through the gateway, ${route} upstream`);
      const run = await runSuite(`${viaGateway.url}/mcp/${routeId(upstream, route)}`, scenarios === undefined ? {} : { scenarios });
      routes[route] = { run, rows: compare(directRun, run) };
    }
    reports.push({ upstream: upstream.id, label: upstream.label, direct: directRun, routes });
  }
} finally {
  await Promise.all(forwarders.map((f) => f.close()));
  await gateway?.close();
  await Promise.all(children.map((c) => c.close()));
}

const totalMs = performance.now() - started;
const regressions = reports.flatMap((r) => ROUTES.flatMap((route) => r.routes[route].rows.filter((row) => row.regression).map((row) => ({ upstream: r.upstream, route, row }))));

if (values.json !== undefined) {
  writeFileSync(values.json, `${JSON.stringify({
    conformance: CONFORMANCE_VERSION, totalMs: Math.round(totalMs),
    upstreams: reports.map((r) => ({
      upstream: r.upstream, label: r.label, directMs: Math.round(r.direct.ms),
      routes: Object.fromEntries(ROUTES.map((route) => [route, { ms: Math.round(r.routes[route].run.ms), rows: r.routes[route].rows }])),
      checks: Object.fromEntries([...r.direct.results].map(([name, result]) => [name, {
        direct: result.checks.filter((c) => c.status !== 'INFO').map((c) => ({ id: c.id, status: c.status, errorMessage: c.errorMessage })),
        ...Object.fromEntries(ROUTES.map((route) => [route, (r.routes[route].run.results.get(name)?.checks ?? []).filter((c) => c.status !== 'INFO').map((c) => ({ id: c.id, status: c.status, errorMessage: c.errorMessage }))])),
      }])),
    })),
  }, null, 2)}\n`);
}
if (values.markdown) printMarkdown();
else printText();
process.exit(regressions.length > 0 ? 1 : 0);

function log(message: string): void {
  process.stderr.write(`[mcp-conformance] ${message} (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
}

function rowsOf(report: UpstreamReport): { scenario: string; direct: Outcome; stdio: Row | undefined; http: Row | undefined }[] {
  const names = [...new Set([...report.direct.results.keys(), ...ROUTES.flatMap((route) => report.routes[route].rows.map((r) => r.scenario))])].sort();
  return names.map((scenario) => ({
    scenario,
    direct: report.direct.results.get(scenario)?.outcome ?? 'missing',
    stdio: report.routes.stdio.rows.find((r) => r.scenario === scenario),
    http: report.routes.http.rows.find((r) => r.scenario === scenario),
  }));
}

/** The gateway's result; `*` when some check differs from direct, and the time when it took far longer than direct. */
function mark(row: Row | undefined): string {
  if (row === undefined) return 'missing';
  const slow = row.gatewayMs > 5_000 && row.gatewayMs > 5 * row.directMs ? ` (${(row.gatewayMs / 1000).toFixed(0)} s)` : '';
  return `${row.gateway}${row.regression ? ' REGRESSION' : row.differences.length > 0 ? ' *' : ''}${slow}`;
}

function printText(): void {
  for (const report of reports) {
    console.log(`\n${report.label}   (conformance ${CONFORMANCE_VERSION}; * = some check differs from direct; (N s) = took N s, far longer than direct)`);
    console.log(`${'scenario'.padEnd(32)} ${'direct'.padEnd(9)} ${'gateway/stdio'.padEnd(20)} gateway/http`);
    for (const r of rowsOf(report)) console.log(`${r.scenario.padEnd(32)} ${r.direct.padEnd(9)} ${mark(r.stdio).padEnd(20)} ${mark(r.http)}`);
    for (const route of ROUTES) {
      const differing = report.routes[route].rows.filter((r) => r.differences.length > 0);
      if (differing.length === 0) continue;
      console.log(`\n  checks that differ, direct -> gateway (${route} upstream):`);
      for (const row of differing) for (const d of row.differences) console.log(`    ${row.scenario}: ${d}`);
    }
    console.log(`\n  time: direct ${(report.direct.ms / 1000).toFixed(1)} s, gateway/stdio ${(report.routes.stdio.run.ms / 1000).toFixed(1)} s, gateway/http ${(report.routes.http.run.ms / 1000).toFixed(1)} s`);
  }
  console.log(`\ntotal ${(totalMs / 1000).toFixed(1)} s; ${regressions.length === 0 ? 'no scenario passes direct and fails through the gateway' : `REGRESSIONS: ${regressions.map((r) => `${r.upstream}/${r.route}/${r.row.scenario}`).join(', ')}`}`);
}

function printMarkdown(): void {
  for (const report of reports) {
    console.log(`\n### ${report.label}\n`);
    console.log('| scenario | direct | gateway, stdio upstream | gateway, HTTP upstream |');
    console.log('|---|---|---|---|');
    for (const r of rowsOf(report)) console.log(`| ${r.scenario} | ${r.direct} | ${mark(r.stdio)} | ${mark(r.http)} |`);
    for (const route of ROUTES) {
      const differing = report.routes[route].rows.filter((r) => r.differences.length > 0);
      if (differing.length === 0) continue;
      console.log(`\nChecks that differ, direct -> gateway (${route} upstream):\n`);
      for (const row of differing) for (const d of row.differences) console.log(`- \`${row.scenario}\`: ${d}`);
    }
    console.log(`\nTime: direct ${(report.direct.ms / 1000).toFixed(1)} s, gateway/stdio ${(report.routes.stdio.run.ms / 1000).toFixed(1)} s, gateway/http ${(report.routes.http.run.ms / 1000).toFixed(1)} s.`);
  }
  console.log(`\nTotal ${(totalMs / 1000).toFixed(1)} s.`);
}
