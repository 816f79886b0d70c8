/**
 * Incidents and the policy changes that followed them. Severity is not in the ledger (records
 * name rule ids; severities stay in the policy), so it is read from the current policy: a rule
 * since removed or renamed counts as high, the safer reading. Built-in refusals of a changed
 * tool definition (tool-pinning) and kill switches count as high and critical.
 */
import { unifiedDiff } from '../core/line-diff.ts';
import { policyYaml, versionOf } from '../policy/source.ts';
import { result, Tally, type QueryContext, type RecordQuery } from './evidence-types.ts';
import { decisionsOf, type LedgerRecord } from './records.ts';
import { decidingRule } from './evidence-policy.ts';

const SERIOUS = new Set(['high', 'critical']);
const BUILT_IN: Readonly<Record<string, string>> = { 'tool-pinning': 'high', 'kill switch': 'critical' };

export interface Incident {
  readonly index: number;
  readonly time: string;
  readonly principal: string;
  readonly event: string;
  readonly action: string;
  readonly rule: string;
  readonly severity: string;
  readonly tool?: string;
  readonly policyVersion?: string;
}

export interface PolicyChange {
  readonly index: number;
  readonly time: string;
  readonly type: string;
  readonly version: string;
  readonly previous?: string;
  /** Who made the change, when the record names someone. */
  readonly by?: string;
  /** Incidents before this change and after the previous one: what it may have corrected. */
  readonly after: readonly number[];
  /**
   * The policy the record keeps: whether its hash is the version the record names (and every
   * decision under it names), or 'absent' for records written before the ledger kept policies.
   */
  readonly text: 'verified' | 'mismatch' | 'absent';
  /** For a change from a version kept earlier in the period: what changed, as a unified diff of the YAML. */
  readonly diff?: string;
}

function severityOf(rule: string, context: QueryContext): string {
  return BUILT_IN[rule] ?? context.rules.get(rule)?.severity ?? 'high';
}

export function findIncidents(records: readonly LedgerRecord[], context: QueryContext): Incident[] {
  const incidents: Incident[] = [];
  for (const r of records) {
    for (const d of decisionsOf(r)) {
      if (d.action !== 'deny' && d.action !== 'neutralize') continue;
      const rule = decidingRule(d.rules);
      // A person's denial of a held call is oversight working, not an incident.
      if (rule.startsWith('approval')) continue;
      const severity = severityOf(rule, context);
      if (!SERIOUS.has(severity)) continue;
      incidents.push({
        index: r.index, time: String(r.body['time']), principal: r.principal, event: d.event, action: d.action, rule, severity,
        ...(d.tool === undefined ? {} : { tool: d.tool }), ...(d.policyVersion === undefined ? {} : { policyVersion: d.policyVersion }),
      });
    }
  }
  return incidents;
}

/** Policy loads in time order, each with the incidents since the previous one. */
export function policyChanges(records: readonly LedgerRecord[], incidents: readonly Incident[]): PolicyChange[] {
  const changes: PolicyChange[] = [];
  let since = -1;
  /** The verified policies seen so far, by version, to diff a change against the one before it. */
  const kept = new Map<string, unknown>();
  let last: string | undefined;
  for (const r of records) {
    if (r.type !== 'policy.reload' && r.type !== 'gateway.start') continue;
    const version = String(r.body['policyVersion']);
    const policy = r.body['policy'];
    const text = policy === undefined ? 'absent' : versionOf(policy) === version ? 'verified' : 'mismatch';
    const previous = typeof r.body['previous'] === 'string' ? r.body['previous'] : last;
    const before = previous === undefined ? undefined : kept.get(previous);
    const diff = text === 'verified' && before !== undefined && previous !== version
      ? unifiedDiff(policyYaml(before), policyYaml(policy), previous as string, version) : undefined;
    changes.push({
      index: r.index, time: String(r.body['time']), type: r.type, version,
      ...(typeof r.body['previous'] === 'string' ? { previous: r.body['previous'] } : {}),
      ...(r.principal === '' ? {} : { by: r.principal }),
      after: incidents.filter((i) => i.index > since && i.index < r.index).map((i) => i.index),
      text,
      ...(diff === undefined || diff === '' ? {} : { diff }),
    });
    if (text === 'verified') kept.set(version, policy);
    last = version;
    since = r.index;
  }
  return changes;
}

export const incidentsQuery: RecordQuery = (records, context) => {
  const tally = new Tally();
  for (const incident of findIncidents(records, context)) tally.add(`${incident.severity}: ${incident.rule} (${incident.action})`, incident.index);
  const corrective = policyChanges(records, findIncidents(records, context)).filter((c) => c.type === 'policy.reload' && c.after.length > 0);
  return result('incidents', 'High and critical severity denials and neutralizations', 'decisions', tally,
    'deny and neutralize decisions whose rule has severity high or critical in the current policy', {
      figures: [{ label: 'policy reloads following incidents', value: String(corrective.length) }],
    });
};
