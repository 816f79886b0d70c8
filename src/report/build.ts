/**
 * Builds a compliance report: the statement of applicability for one framework, the evidence
 * behind each control, and the sections every report carries (integrity, oversight, policy
 * history, incidents, logging coverage, tool risk, what is not covered). Pure data: the
 * renderers (HTML, JSON, PDF) only present it.
 */
import type { LedgerConfig } from '../config/ledger-schema.ts';
import type { Config } from '../config/schema.ts';
import type { LedgerStore } from '../ledger/types.ts';
import { allEntries, CATALOGS, resolveTag, type CatalogEntry, type EvidenceKind, type FrameworkId } from './catalogs/index.ts';
import { runRecordQueries, type EvidenceResult, type QueryContext } from './evidence.ts';
import { findIncidents, policyChanges, type Incident, type PolicyChange } from './incidents.ts';
import { attest, proveSamples, type Attestation, type SampleProof } from './integrity.ts';
import { INTEGRITY_MECHANISM, LOGGING_STAGES, NEVER_RECORDED, type LoggingStage } from './logging-coverage.ts';
import { decisionsOf, readPeriod, type LedgerRecord, type Period } from './records.ts';
import { toolRiskEvidence, type ToolRiskSection } from './tool-risk.ts';

export const REPORT_VERSION = 1;

export interface RuleLink {
  readonly rule: string;
  readonly severity: string;
  /** Decisions naming the rule in the period, and the records they are in. */
  readonly decisions: number;
  readonly indices: readonly number[];
}

export interface ControlRow {
  readonly id: string;
  readonly title: string;
  readonly group: string;
  readonly paraphrase: string;
  readonly evidenceKind: EvidenceKind;
  readonly note?: string;
  readonly evidence: readonly { readonly query: string; readonly title: string; readonly total: number; readonly unit: string; readonly samples: readonly number[] }[];
  /** Policy rules whose tags name this control. */
  readonly rules: readonly RuleLink[];
  readonly related?: CatalogEntry['related'];
}

export interface Report {
  readonly version: number;
  readonly framework: { readonly id: FrameworkId; readonly name: string; readonly source: string };
  readonly generatedAt: string;
  readonly period: { readonly from?: string; readonly to?: string };
  readonly configFile?: string;
  readonly attestation: Attestation & { readonly allowedUnverified: boolean };
  readonly scope: { readonly records: number; readonly uncovered: number; readonly ledgerSpan?: { first: string; last: string } };
  readonly applicability: readonly ControlRow[];
  readonly clauses: readonly ControlRow[];
  readonly evidence: readonly EvidenceResult[];
  readonly proofs: readonly SampleProof[];
  readonly oversight: readonly { readonly label: string; readonly value: number; readonly indices: readonly number[] }[];
  readonly incidents: readonly Incident[];
  readonly policyHistory: readonly PolicyChange[];
  readonly toolRisk: ToolRiskSection;
  readonly logging: { readonly stages: readonly LoggingStage[]; readonly never: readonly string[]; readonly integrity: string };
  readonly notCovered: readonly { readonly id: string; readonly title: string; readonly note?: string }[];
}

export interface BuildOptions {
  readonly store: LedgerStore;
  readonly ledger: LedgerConfig;
  readonly config: Config;
  readonly framework: FrameworkId;
  readonly period?: Period;
  readonly toolRisk: ToolRiskSection;
  readonly configFile?: string;
  readonly allowUnverified?: boolean;
  readonly now?: Date;
}

export class UnverifiedLedgerError extends Error {}

export async function buildReport(options: BuildOptions): Promise<Report> {
  const { attestation, checkpoint } = await attest(options.store, options.ledger);
  if (!attestation.verified && options.allowUnverified !== true) {
    throw new UnverifiedLedgerError(`the ledger does not verify, so no report is built (--allow-unverified stamps one as such): ${attestation.statement}`);
  }
  const period = options.period ?? {};
  const scope = await readPeriod(options.store, checkpoint.size, period);
  const context: QueryContext = { rules: rulesOf(options.config) };
  const evidence = [...runRecordQueries(scope.records, context), toolRiskEvidence(options.toolRisk), integrityEvidence(attestation)];
  const byId = new Map(evidence.map((e) => [e.id, e]));
  const catalog = CATALOGS[options.framework];
  const ruleLinks = linkRules(options.framework, scope.records, context);
  const row = (entry: CatalogEntry): ControlRow => ({
    id: entry.id, title: entry.title, group: entry.group, paraphrase: entry.paraphrase, evidenceKind: entry.evidence,
    ...(entry.note === undefined ? {} : { note: entry.note }),
    evidence: entry.queries.map((q) => byId.get(q)).filter((e): e is EvidenceResult => e !== undefined)
      .map((e) => ({ query: e.id, title: e.title, total: e.total, unit: e.unit, samples: e.samples })),
    rules: ruleLinks.get(entry.id) ?? [],
    ...(entry.related === undefined ? {} : { related: entry.related }),
  });
  const incidents = findIncidents(scope.records, context);
  const approvals = byId.get('approvals');
  const count = (e: EvidenceResult | undefined, label: string) => e?.breakdown.find((b) => b.label === label);
  const kill = byId.get('kill-switch');
  const oversightRow = (label: string, found: { count: number; indices: readonly number[] } | undefined) => ({ label, value: found?.count ?? 0, indices: found?.indices ?? [] });
  return {
    version: REPORT_VERSION,
    framework: { id: catalog.id, name: catalog.name, source: catalog.source },
    generatedAt: (options.now ?? new Date()).toISOString(),
    period: {
      ...(period.from === undefined ? {} : { from: new Date(period.from).toISOString() }),
      ...(period.to === undefined ? {} : { to: new Date(period.to).toISOString() }),
    },
    ...(options.configFile === undefined ? {} : { configFile: options.configFile }),
    attestation: { ...attestation, allowedUnverified: !attestation.verified },
    scope: { records: scope.records.length, uncovered: scope.uncovered, ...(scope.ledgerSpan === undefined ? {} : { ledgerSpan: scope.ledgerSpan }) },
    applicability: catalog.entries.map(row),
    clauses: (catalog.clauses ?? []).map(row),
    evidence,
    proofs: await proveSamples(options.store, checkpoint, evidence.flatMap((e) => e.samples)),
    oversight: [
      oversightRow('approvals requested', count(approvals, 'requested')),
      oversightRow('approved by a person', count(approvals, 'approved by a person')),
      oversightRow('denied by a person', count(approvals, 'denied by a person')),
      oversightRow('expired undecided', count(approvals, 'expired')),
      { label: 'kill switch events', value: kill?.total ?? 0, indices: kill?.indices ?? [] },
    ],
    incidents,
    policyHistory: policyChanges(scope.records, incidents),
    toolRisk: options.toolRisk,
    logging: { stages: LOGGING_STAGES, never: NEVER_RECORDED, integrity: INTEGRITY_MECHANISM },
    notCovered: allEntries(catalog).filter((e) => e.evidence === 'organizational')
      .map((e) => ({ id: e.id, title: e.title, ...(e.note === undefined ? {} : { note: e.note }) })),
  };
}

function rulesOf(config: Config): QueryContext['rules'] {
  const rules = new Map<string, { severity: string; tags: Record<string, readonly string[]> }>();
  for (const rule of [...config.policy.rules, ...config.policy.limits]) {
    const tags = ('tags' in rule ? rule.tags : undefined) ?? {};
    rules.set(rule.id, { severity: rule.severity, tags });
  }
  return rules;
}

/** For each control id, the policy rules tagged with it and how often they took part in decisions. */
function linkRules(framework: FrameworkId, records: readonly LedgerRecord[], context: QueryContext): Map<string, RuleLink[]> {
  const seen = new Map<string, { decisions: number; indices: Set<number> }>();
  for (const r of records) {
    for (const d of decisionsOf(r)) {
      for (const rule of d.rules) {
        const entry = seen.get(rule) ?? { decisions: 0, indices: new Set<number>() };
        entry.decisions += 1;
        entry.indices.add(r.index);
        seen.set(rule, entry);
      }
    }
  }
  const links = new Map<string, RuleLink[]>();
  for (const [rule, { severity, tags }] of context.rules) {
    for (const [key, values] of Object.entries(tags)) {
      for (const value of values) {
        const resolved = resolveTag(key, value);
        if (resolved === undefined || resolved.framework !== framework) continue;
        const used = seen.get(rule);
        const list = links.get(resolved.entry.id) ?? [];
        if (!list.some((l) => l.rule === rule)) {
          list.push({ rule, severity, decisions: used?.decisions ?? 0, indices: [...(used?.indices ?? [])].sort((a, b) => a - b) });
        }
        links.set(resolved.entry.id, list);
      }
    }
  }
  return links;
}

function integrityEvidence(attestation: Attestation): EvidenceResult {
  return {
    id: 'integrity', title: 'Ledger integrity: verification and the signed checkpoint', unit: 'records verified',
    total: attestation.verified ? attestation.ledgerSize : 0, indices: [], breakdown: [],
    figures: [
      { label: 'verification', value: attestation.statement },
      { label: 'checkpoint tree size', value: String(attestation.checkpoint.size) },
      { label: 'checkpoint root (base64)', value: attestation.checkpoint.rootHash },
      { label: 'signed checkpoints', value: String(attestation.signedCheckpoints) },
    ],
    samples: [], selection: 'portcullis audit verify over the whole ledger', source: 'verification',
  };
}
