import type { Decision } from '../core/decision.ts';
import { textTable } from '../observe/text-table.ts';
import type { DemoRow } from './runner.ts';
import { STRENGTH } from '../policy/rules.ts';

function decisionOf(row: DemoRow): string {
  if (row.mcp !== undefined) return strongest(row.mcp.policy) ?? (row.mcp.outcome === 'forwarded' ? 'allow' : row.mcp.outcome);
  const record = row.record;
  if (record === undefined) return '?';
  if (record.adminAction !== undefined) return record.adminAction;
  const policy = strongest(record.policy);
  if (policy !== undefined && record.outcome !== 'denied') return policy;
  const guard = record.decisions.find((d) => 'deny' in d.verdict)?.guard;
  switch (record.outcome) {
    case 'forwarded': {
      if (record.status >= 400) return `allow (provider ${record.status})`;
      const changed = changesMade(record);
      return changed === '' ? 'allow' : `allow; ${changed}`;
    }
    case 'denied':
      return `deny ${guard ?? ''}: ${record.errorCode ?? ''}`.trim();
    default:
      return `${record.outcome}: ${record.errorCode ?? ''}`;
  }
}

/** What the gateway took out of answers before the agent saw them: images that carry data, a system prompt's secrets. */
const REMOVED_FROM_ANSWERS = ['EXFIL_LINK', 'PROMPT_SECRET_LEAK'];

/** What the gateway changed in an allowed exchange: values protected on the way out, images and secrets removed on the way back. */
function changesMade(record: NonNullable<DemoRow['record']>): string {
  const done: string[] = [];
  const byAction = new Map<string, string[]>();
  for (const [type, actions] of Object.entries(record.protectedData ?? {})) {
    for (const action of Object.keys(actions)) byAction.set(action, [...(byAction.get(action) ?? []), type]);
  }
  for (const [action, types] of byAction) done.push(`${action} ${types.join(', ')}`);
  for (const type of REMOVED_FROM_ANSWERS) {
    const removed = record.response?.findings?.filter((f) => f.type === type).length ?? 0;
    if (removed > 0) done.push(`removed ${removed} ${type}`);
  }
  return done.join('; ');
}

/**
 * The policy decision worth a table cell: what happened to a proposed tool call if there was
 * one (the strongest, with the session taints it added), else anything stronger than allow.
 */
function strongest(decisions: readonly Decision[]): string | undefined {
  const pick = (list: readonly Decision[]) =>
    list.reduce<Decision | undefined>((best, d) => (best === undefined || STRENGTH[d.action] > STRENGTH[best.action] ? d : best), undefined);
  const call = pick(decisions.filter((d) => d.event === 'tool.call' || d.event === 'mcp.call'));
  const chosen = call ?? pick(decisions.filter((d) => d.action !== 'allow'));
  if (chosen === undefined) return undefined;
  const taints = chosen.taints === undefined ? '' : ` (+${chosen.taints.join(', ')})`;
  return `${chosen.action} ${chosen.event}${chosen.tool === undefined ? '' : ` ${chosen.tool}`}${taints}`;
}

/** The demo's rows as a table: what each call was, what the gateway decided, what the agent saw. */
export function renderTable(rows: readonly DemoRow[]): string {
  const header = ['#', 'agent', 'call', 'decision', 'status', 'overhead ms', 'agent saw'];
  const body = rows.map((row, i) => [
    String(i + 1),
    (row.mcp ?? row.record)?.principal?.agentId ?? '(unknown key)',
    `${row.step} [${row.mcp === undefined ? row.record?.model ?? '-' : `mcp:${row.mcp.server}`}]`,
    decisionOf(row),
    row.mcp === undefined ? String(row.record?.status ?? '-') : row.mcp.errorCode === undefined ? 'ok' : String(row.mcp.errorCode),
    row.mcp !== undefined ? row.mcp.gatewayMs.toFixed(3) : row.record && row.record.adminAction === undefined ? row.record.overheadMs.toFixed(3) : '-',
    truncate(row.agentSaw, 48),
  ]);
  return textTable(header, body);
}

/** Every policy decision that did more than allow, in full: the table only has room for a hint. */
export function renderPolicyDecisions(rows: readonly DemoRow[]): string {
  const lines: string[] = [];
  rows.forEach((row, i) => {
    for (const d of (row.mcp ?? row.record)?.policy ?? []) {
      if (d.action === 'allow' && d.monitored.length === 0 && d.approval === undefined) continue;
      const rules = d.matches.filter((m) => m.action === d.action).map((m) => m.id).join(', ');
      const what = `${d.event}${d.tool === undefined ? '' : ` ${d.tool}`}`;
      lines.push(`#${i + 1}  ${what} -> ${d.action.toUpperCase()} by ${rules || 'default'}: ${d.reason}`);
      lines.push(`    policy ${d.policyVersion.slice(0, 23)}…${d.taints ? `; session tainted: ${d.taints.join(', ')}` : ''}`);
    }
  });
  return lines.join('\n');
}

function truncate(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
