/**
 * The shape of a control catalog: data the report reads, so a control's wording or mapping
 * changes in one place. Titles name the control as its framework does; `paraphrase` is always
 * our own one-line wording (never the standard's text, which is copyrighted for ISO and PCI).
 */
import type { EvidenceQueryId } from '../query-ids.ts';

/** Frameworks with a catalog. Policy-rule tag keys map onto these (see TAG_KEYS in index.ts). */
export type FrameworkId = 'iso42001' | 'hipaa' | 'pci' | 'eu-ai-act' | 'owasp-llm' | 'nist-ai-rmf' | 'atlas';

/**
 * direct: the ledger records the control operating (counts come straight from records);
 * supporting: the ledger holds part of what an auditor needs, the rest is the organization's;
 * organizational: a management activity the gateway cannot evidence (listed as not covered).
 */
export type EvidenceKind = 'direct' | 'supporting' | 'organizational';

export interface CatalogEntry {
  readonly id: string;
  readonly title: string;
  /** Our own one-line wording of what the control asks. */
  readonly paraphrase: string;
  readonly evidence: EvidenceKind;
  /** Evidence queries (src/report/evidence) that support it; empty for organizational controls. */
  readonly queries: readonly EvidenceQueryId[];
  /** Heading the entry sits under (e.g. "A.6 AI system life cycle"). */
  readonly group: string;
  /** Why the gateway cannot evidence it, or what else an auditor needs. */
  readonly note?: string;
  /** The same concern in other frameworks. */
  readonly related?: Readonly<Partial<Record<FrameworkId, readonly string[]>>>;
}

export interface Catalog {
  readonly id: FrameworkId;
  readonly name: string;
  /** Where the ids and titles come from. */
  readonly source: string;
  readonly entries: readonly CatalogEntry[];
  /** Management-system clauses the report also speaks to (ISO/IEC 42001 only). */
  readonly clauses?: readonly CatalogEntry[];
}
