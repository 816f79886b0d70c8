/** Evidence about people: approvals and their timing, kill switches, admin acts, and policy versions. */
import { result, Tally, type RecordQuery } from './evidence-types.ts';
import { decisionsOf, type LedgerRecord } from './records.ts';

export interface ApprovalTrail {
  readonly id: string;
  /** Record where the call was held. */
  readonly requested?: { readonly index: number; readonly time: number };
  /** The admin act that decided it, if recorded in the period. */
  readonly decided?: { readonly index: number; readonly time: number; readonly verdict: string; readonly by: string };
  /** The last status seen in a decision (pending, approved, denied, expired). */
  readonly status: string;
}

/** Every approval in the period: where it was requested, who decided it and when. */
export function approvalTrails(records: readonly LedgerRecord[]): ApprovalTrail[] {
  const trails = new Map<string, { id: string; requested?: { index: number; time: number }; decided?: ApprovalTrail['decided']; status: string }>();
  const trail = (id: string) => {
    let t = trails.get(id);
    if (t === undefined) trails.set(id, (t = { id, status: 'pending' }));
    return t;
  };
  for (const r of records) {
    for (const d of decisionsOf(r)) {
      if (d.approval === undefined) continue;
      const t = trail(d.approval.id);
      if (d.approval.status === 'pending') t.requested ??= { index: r.index, time: r.time };
      t.status = d.approval.status;
    }
    const action = String(r.body['action'] ?? '');
    if (r.type === 'admin.act' && action.startsWith('approval.') && r.outcome === 'success') {
      const t = trail(String(r.body['target']));
      t.decided = { index: r.index, time: r.time, verdict: action.slice('approval.'.length), by: r.principal };
      t.status = t.decided.verdict === 'approve' ? 'approved' : 'denied';
    }
  }
  return [...trails.values()];
}

export const approvals: RecordQuery = (records) => {
  const tally = new Tally();
  const waits: number[] = [];
  for (const t of approvalTrails(records)) {
    if (t.requested !== undefined) tally.add('requested', t.requested.index);
    if (t.decided !== undefined) {
      tally.add(t.decided.verdict === 'approve' ? 'approved by a person' : 'denied by a person', t.decided.index);
      if (t.requested !== undefined) waits.push(t.decided.time - t.requested.time);
    } else if (t.status === 'expired' && t.requested !== undefined) tally.add('expired', t.requested.index);
  }
  waits.sort((a, b) => a - b);
  return result('approvals', 'Human approvals: requested, approved, denied, expired', 'approvals', tally,
    'decisions carrying an approval, and admin acts approval.approve / approval.deny', {
      figures: [
        { label: 'decided', value: String(waits.length) },
        { label: 'median time to decision (ms)', value: waits.length === 0 ? 'n/a' : String(waits[Math.floor(waits.length / 2)]) },
        { label: 'longest time to decision (ms)', value: waits.length === 0 ? 'n/a' : String(waits.at(-1)) },
      ],
    });
};

export const killSwitch: RecordQuery = (records) => {
  const tally = new Tally();
  for (const r of records) {
    const action = String(r.body['action'] ?? '');
    if (r.type === 'admin.act' && action.startsWith('kill_switch.')) tally.add(`${action} ${String(r.body['target'] ?? '')} by ${r.principal || '?'}: ${r.outcome}`.replace(/ +/g, ' '), r.index);
    for (const d of decisionsOf(r)) if (d.rules.some((rule) => rule.startsWith('kill_switch'))) tally.add(`${d.event} refused by an engaged kill switch`, r.index);
  }
  return result('kill-switch', 'Kill switches engaged and released, and what they stopped', 'events', tally,
    'admin acts kill_switch.*, and decisions by a kill switch', { show: { type: 'admin.act' } });
};

export const adminActs: RecordQuery = (records) => {
  const tally = new Tally();
  for (const r of records) {
    if (r.type === 'admin.act') tally.add(`${String(r.body['action'])} by ${r.principal || '(unauthenticated)'}: ${r.outcome}`, r.index);
    if (r.type === 'admin.erasure') tally.add('payload erasure', r.index);
  }
  return result('admin-acts', 'Administrative acts by action, admin and outcome', 'acts', tally,
    'records of type admin.act and admin.erasure', { show: { type: 'admin.act' } });
};

export const policyVersions: RecordQuery = (records) => {
  const tally = new Tally();
  for (const r of records) {
    if (r.type === 'gateway.start' || r.type === 'policy.reload') tally.add(`${r.type}: ${String(r.body['policyVersion'])}`, r.index);
    const seen = new Set(decisionsOf(r).map((d) => d.policyVersion).filter((v): v is string => v !== undefined));
    for (const version of seen) tally.add(`decided under ${version}`, r.index);
  }
  const versions = new Set(tally.rows().map((row) => row.label.replace(/^.*?(sha256:[0-9a-f]+).*$/, '$1')));
  return result('policy-versions', 'Policy versions in force, and when they changed', 'records', tally,
    'gateway.start and policy.reload records, and the policyVersion of every decision', {
      figures: [{ label: 'distinct policy versions', value: String(versions.size) }],
      show: { type: 'policy.reload' },
    });
};
