/** Evidence about traffic: exchanges, MCP requests, refusals at the door, usage, gateway lifecycle. */
import { result, Tally, type RecordQuery } from './evidence-types.ts';

export const exchanges: RecordQuery = (records) => {
  const tally = new Tally();
  for (const r of records) if (r.type === 'llm.exchange') tally.add(`${r.principal || '(unauthenticated)'}: ${r.outcome}`, r.index);
  const total = tally.total();
  const failures = tally.rows().filter((row) => row.label.endsWith(': failure')).reduce((n, row) => n + row.count, 0);
  return result('exchanges', 'LLM exchanges by agent and outcome', 'records', tally, 'records of type llm.exchange', {
    figures: [{ label: 'failure rate', value: rate(failures, total) }],
    show: { type: 'llm.exchange' },
  });
};

export const mcpRequests: RecordQuery = (records) => {
  const tally = new Tally();
  for (const r of records) {
    if (r.type === 'mcp.request') tally.add(`${String(r.body['server'])} ${String(r.body['method'])}: ${String(r.body['detail'])}`, r.index);
  }
  return result('mcp-requests', 'MCP requests by server, method and outcome', 'records', tally, 'records of type mcp.request', { show: { type: 'mcp.request' } });
};

/** Refused before policy ran: unknown or missing keys, and built-in guards such as the model allow-list. */
export const accessRefusals: RecordQuery = (records) => {
  const tally = new Tally();
  for (const r of records) {
    if (r.type !== 'llm.exchange' && r.type !== 'mcp.request' && r.type !== 'admin.act') continue;
    const status = Number(r.body['status']);
    const code = String(r.body['errorCode'] ?? '');
    const guards = (r.body['guards'] as { guard: string; code: string }[] | undefined) ?? [];
    if (status === 401 || (r.body['detail'] === 'rejected' && code !== '')) tally.add(`authentication: ${code || status}`, r.index);
    else if (status === 403 && guards.length === 0 && r.type === 'admin.act') tally.add(`admin authorization: ${code}`, r.index);
    for (const guard of guards) tally.add(`guard ${guard.guard}: ${guard.code}`, r.index);
  }
  return result('access-refusals', 'Access refused before policy: authentication and built-in guards', 'refusals', tally,
    'records with status 401, detail "rejected" with an error code, a 403 on an admin act, or a guard refusal');
};

export const usage: RecordQuery = (records) => {
  const tally = new Tally();
  const gateway: number[] = [];
  for (const r of records) {
    if (r.type !== 'llm.exchange') continue;
    const tokens = r.body['usage'] as { input?: number; output?: number } | undefined;
    if (tokens !== undefined) tally.add(r.principal || '(unauthenticated)', r.index, (tokens.input ?? 0) + (tokens.output ?? 0));
    const latency = (r.body['latencyMs'] as { gateway?: number } | undefined)?.gateway;
    if (typeof latency === 'number') gateway.push(latency);
  }
  gateway.sort((a, b) => a - b);
  return result('usage', 'Tokens by agent, and gateway overhead', 'tokens', tally, 'llm.exchange records with usage', {
    figures: [
      { label: 'gateway overhead p50 (ms)', value: percentile(gateway, 0.5) },
      { label: 'gateway overhead p95 (ms)', value: percentile(gateway, 0.95) },
    ],
    show: { type: 'llm.exchange' },
  });
};

export const lifecycle: RecordQuery = (records) => {
  const tally = new Tally();
  for (const r of records) {
    if (r.type === 'gateway.start' || r.type === 'gateway.stop') tally.add(r.type, r.index);
  }
  return result('lifecycle', 'Gateway starts and stops (each start lists every key id in force)', 'records', tally,
    'records of type gateway.start and gateway.stop', { show: { type: 'gateway.start' } });
};

export function rate(part: number, whole: number): string {
  return whole === 0 ? 'n/a' : `${((100 * part) / whole).toFixed(1)}% (${part}/${whole})`;
}

function percentile(sorted: readonly number[], p: number): string {
  if (sorted.length === 0) return 'n/a';
  return String(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]);
}
