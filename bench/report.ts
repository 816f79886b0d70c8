// Turns load-generator runs into the bench's report: one row per target and cell (the
// median of its rounds), the side-by-side table, and the verdict on each target the gateway
// must meet relative to the floor.
import type { LoadResult } from './loadgen.ts';
import type { Mode } from './request.ts';
import { median } from './stats.ts';

export type TargetName = 'floor' | 'gateway' | 'gateway-silent' | 'gateway-inspect';

export const TARGET_LABELS: Record<TargetName, string> = {
  floor: 'floor (bare proxy)',
  gateway: 'gateway (default, log info)',
  'gateway-silent': 'gateway (log silent)',
  'gateway-inspect': 'gateway (+ detectors, log info)',
};

/** One load-generator run plus what the orchestrator measured around its window. */
export interface Run extends LoadResult {
  /** CPU time per completed request of the target, the mock and the load generator. */
  cpuUsPerRequest: { target: number; mock: number; loadgen: number };
  /** Cores' worth of CPU used by processes other than the bench's during the measured window. */
  otherLoadCores: number;
  /** Runs discarded before this one because other load disturbed them. */
  retries: number;
  /** Gateways only: bytes of log written per request. */
  logBytesPerRequest?: number;
}

export interface Row {
  target: TargetName;
  mode: Mode;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  ttfbP50: number;
  ttfbP99: number;
  cpuUsPerRequest: number;
  mockCpuUsPerRequest: number;
  logBytesPerRequest?: number;
  errors: number;
  valid: boolean;
  problems: string[];
  rounds: Run[];
}

export interface Verdict {
  target: string;
  met: boolean | null;
  detail: string;
}

/**
 * Combines the rounds of one target in one cell. Each figure is the median over rounds, so
 * one disturbed round cannot move it; errors are summed, and any problem invalidates the row.
 */
export function summarizeRuns(target: TargetName, mode: Mode, connections: number, runs: Run[]): Row {
  const problems = new Set<string>();
  for (const run of runs) {
    if (!run.sample.ok) problems.add(`sample: ${run.sample.problem}`);
    // Proves the traffic took the intended path (a misrouted port would otherwise pass).
    if (run.sample.viaGateway !== (target !== 'floor')) {
      problems.add(`x-portcullis-request-id header ${run.sample.viaGateway ? 'present' : 'missing'}`);
    }
    if (run.errors.first) problems.add(run.errors.first);
    if (run.requests === 0) problems.add('no request completed');
  }
  const pick = (f: (run: Run) => number): number => median(runs.map(f));
  return {
    target, mode, connections,
    rps: pick((r) => r.rps),
    p50: pick((r) => r.latencyMs.p50),
    p99: pick((r) => r.latencyMs.p99),
    ttfbP50: pick((r) => r.ttfbMs?.p50 ?? Number.NaN),
    ttfbP99: pick((r) => r.ttfbMs?.p99 ?? Number.NaN),
    cpuUsPerRequest: pick((r) => r.cpuUsPerRequest.target),
    mockCpuUsPerRequest: pick((r) => r.cpuUsPerRequest.mock),
    ...(runs[0]?.logBytesPerRequest !== undefined ? { logBytesPerRequest: pick((r) => r.logBytesPerRequest ?? Number.NaN) } : {}),
    errors: runs.reduce((n, r) => n + r.errors.total, 0),
    valid: problems.size === 0,
    problems: [...problems],
    rounds: runs,
  };
}

export const fixed = (n: number, digits: number): string => (Number.isFinite(n) ? n.toFixed(digits) : '-');
const signed = (n: number, digits: number): string => (Number.isFinite(n) ? `${n >= 0 ? '+' : ''}${n.toFixed(digits)}` : '-');

function floorOf(rows: Row[], row: Row): Row | undefined {
  return rows.find((r) => r.target === 'floor' && r.mode === row.mode && r.connections === row.connections);
}

/** A Markdown table that also reads well in a terminal (columns padded to equal width). */
export function table(rows: Row[]): string {
  const header = [
    'target', 'mode', 'conns', 'req/s', 'p50 ms', 'p99 ms', 'TTFB p50', 'TTFB p99', 'CPU µs/req', 'core %', 'errors',
    '% of floor', '+p50 ms', '+TTFB p50',
  ];
  const body = rows.map((row) => {
    const floor = row.target === 'floor' ? undefined : floorOf(rows, row);
    return [
      TARGET_LABELS[row.target] + (row.valid ? '' : ' INVALID'),
      row.mode,
      String(row.connections),
      fixed(row.rps, 0),
      fixed(row.p50, 3),
      fixed(row.p99, 3),
      fixed(row.ttfbP50, 3),
      fixed(row.ttfbP99, 3),
      fixed(row.cpuUsPerRequest, 0),
      // How busy the target's process was: near 100% its one event loop is what limits the cell.
      fixed((row.cpuUsPerRequest * row.rps) / 10_000, 0),
      String(row.errors),
      floor ? `${fixed((100 * row.rps) / floor.rps, 1)}%` : '',
      floor ? signed(row.p50 - floor.p50, 3) : '',
      floor && row.mode === 'stream' ? signed(row.ttfbP50 - floor.ttfbP50, 3) : '',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => (cells[i] as string).length)));
  const numeric = (i: number): boolean => i >= 2;
  const line = (cells: string[]): string =>
    `| ${cells.map((c, i) => (numeric(i) ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (numeric(i) ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(header), rule, ...body.map(line)].join('\n');
}

/** The issue's targets, judged on the default gateway (logging on) against the floor. */
export function verdicts(rows: Row[]): Verdict[] {
  const gateway = rows.filter((r) => r.target === 'gateway' && floorOf(rows, r) !== undefined);
  if (gateway.length === 0) return [];
  const vs = (r: Row): Row => floorOf(rows, r) as Row;
  const judge = (
    target: string, cells: Row[], value: (r: Row) => number, ok: (v: number) => boolean, show: (v: number) => string,
  ): Verdict => {
    if (cells.length === 0) return { target, met: null, detail: 'not measured in this run' };
    const parts = cells.map((r) => `${r.mode}/${r.connections}: ${show(value(r))}${ok(value(r)) ? '' : ' (missed)'}`);
    return { target, met: cells.every((r) => ok(value(r)) && r.valid && vs(r).valid), detail: parts.join(', ') };
  };
  return [
    judge('throughput >= 85% of floor (every cell)', gateway, (r) => (100 * r.rps) / vs(r).rps, (v) => v >= 85,
      (v) => `${v.toFixed(1)}%`),
    judge('added p50 <= 0.1 ms at 1 connection', gateway.filter((r) => r.connections === 1), (r) => r.p50 - vs(r).p50,
      (v) => v <= 0.1, (v) => `${signed(v, 3)} ms`),
    judge('stream first byte within 0.5 ms of floor (TTFB p50, 1 connection)',
      gateway.filter((r) => r.mode === 'stream' && r.connections === 1), (r) => r.ttfbP50 - vs(r).ttfbP50,
      (v) => v <= 0.5, (v) => `${signed(v, 3)} ms`),
  ];
}

export function printVerdicts(judged: Verdict[]): string[] {
  return judged.map((v) => `  [${v.met === null ? ' ? ' : v.met ? 'met' : 'MISSED'}] ${v.target}: ${v.detail}`);
}
