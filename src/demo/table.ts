import type { DemoRow } from './runner.ts';

function decisionOf(row: DemoRow): string {
  const record = row.record;
  if (record === undefined) return '?';
  const guard = record.decisions.find((d) => 'deny' in d.verdict)?.guard;
  switch (record.outcome) {
    case 'forwarded':
      return record.status < 400 ? 'allow' : `allow (provider ${record.status})`;
    case 'denied':
      return `deny ${guard ?? ''}: ${record.errorCode ?? ''}`.trim();
    default:
      return `${record.outcome}: ${record.errorCode ?? ''}`;
  }
}

/** A plain-text table that reads well in a terminal and in a CI log. */
export function renderTable(rows: readonly DemoRow[]): string {
  const header = ['#', 'agent', 'call', 'decision', 'status', 'overhead ms', 'agent saw'];
  const body = rows.map((row, i) => [
    String(i + 1),
    row.record?.principal?.agentId ?? '(unknown key)',
    `${row.step} [${row.record?.model ?? '-'}]`,
    decisionOf(row),
    String(row.record?.status ?? '-'),
    row.record ? row.record.overheadMs.toFixed(3) : '-',
    truncate(row.agentSaw, 48),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((r) => (r[c] as string).length)));
  const line = (cells: string[]) => cells.map((cell, c) => cell.padEnd(widths[c] as number)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

function truncate(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
