/**
 * The named evidence queries, as ids the catalogs refer to. Kept apart from the query code so
 * the catalogs stay plain data; test/report/catalogs.test.ts checks each id has a query.
 */
export const EVIDENCE_QUERY_IDS = [
  'exchanges', 'mcp-requests', 'access-refusals', 'policy-decisions', 'denials-by-rule', 'tool-calls',
  'tool-inventory', 'tool-risk', 'sensitive-data', 'redactions', 'injections', 'approvals', 'kill-switch',
  'admin-acts', 'policy-versions', 'lifecycle', 'usage', 'integrity', 'incidents',
] as const;

export type EvidenceQueryId = (typeof EVIDENCE_QUERY_IDS)[number];
