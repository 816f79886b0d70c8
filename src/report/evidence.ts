/**
 * The named evidence queries, run over a period's records. Each result carries the indices of
 * the records behind its numbers and a few samples whose inclusion proofs the report prints.
 * `tool-risk` and `integrity` are not counted from records: the builder adds them.
 */
import { accessRefusals, exchanges, lifecycle, mcpRequests, usage } from './evidence-activity.ts';
import { adminActs, approvals, killSwitch, policyVersions } from './evidence-oversight.ts';
import { denialsByRule, injections, policyDecisions, redactions, sensitiveData, toolCalls, toolInventory } from './evidence-policy.ts';
import { pickSamples, type EvidenceResult, type QueryContext, type RecordQuery } from './evidence-types.ts';
import { incidentsQuery } from './incidents.ts';
import type { EvidenceQueryId } from './query-ids.ts';
import type { LedgerRecord } from './records.ts';

export type { EvidenceResult, QueryContext } from './evidence-types.ts';

/** Queries computed from ledger records. */
export const RECORD_QUERIES: Readonly<Partial<Record<EvidenceQueryId, RecordQuery>>> = {
  exchanges, 'mcp-requests': mcpRequests, 'access-refusals': accessRefusals, 'policy-decisions': policyDecisions,
  'denials-by-rule': denialsByRule, 'tool-calls': toolCalls, 'tool-inventory': toolInventory, 'sensitive-data': sensitiveData,
  redactions, injections, approvals, 'kill-switch': killSwitch, 'admin-acts': adminActs, 'policy-versions': policyVersions,
  lifecycle, usage, incidents: incidentsQuery,
};

/** Queries whose result comes from elsewhere (the builder supplies them). */
export const OTHER_QUERIES: readonly EvidenceQueryId[] = ['tool-risk', 'integrity'];

export function runRecordQueries(records: readonly LedgerRecord[], context: QueryContext): EvidenceResult[] {
  return Object.values(RECORD_QUERIES).map((query) => {
    const found = query(records, context);
    return { ...found, samples: pickSamples(found.indices), source: 'ledger' as const };
  });
}
