import { decodeRecord } from '../ledger/record.ts';
import type { StoredRecord } from '../ledger/types.ts';

/** One line per record, for a terminal: index, time, who, what, how it ended, which rules. */
export function renderRecords(records: readonly StoredRecord[]): string {
  if (records.length === 0) return '(no records match)';
  return records.map((record) => {
    const r = decodeRecord(record.bytes);
    const principal = (r['principal'] as { id?: string } | undefined)?.id ?? '-';
    const what = r['type'] === 'llm.exchange'
      ? `${String(r['route'] ?? '')} ${String(r['model'] ?? '')}`.trim()
      : String(r['action'] ?? r['type']);
    const decisions = (r['decisions'] as { event: string; action: string; rules: string[]; tool?: string }[] | undefined) ?? [];
    const notable = decisions.filter((d) => d.action !== 'allow' || d.tool !== undefined)
      .map((d) => `${d.event}${d.tool === undefined ? '' : `(${d.tool})`}:${d.action}${d.rules.length === 0 ? '' : `[${d.rules.join(',')}]`}`);
    const status = r['status'] === undefined ? '' : ` ${String(r['status'])}`;
    return `${String(record.index).padStart(6)}  ${String(r['time'])}  ${principal.padEnd(28)} ${String(r['outcome']).padEnd(7)}${status}  ${what}` +
      (notable.length === 0 ? '' : `  ${notable.join(' ')}`);
  }).join('\n');
}
