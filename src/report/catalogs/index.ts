/**
 * Every catalog, and how a policy rule's tag key names one: the example packs write `pci-dss`,
 * the demo policy `pci`; both mean the PCI DSS catalog.
 */
import { ATLAS } from './atlas.ts';
import { EU_AI_ACT } from './eu-ai-act.ts';
import { HIPAA } from './hipaa.ts';
import { ISO42001 } from './iso42001.ts';
import { NIST_AI_RMF } from './nist-ai-rmf.ts';
import { OWASP_LLM } from './owasp-llm.ts';
import { PCI } from './pci.ts';
import type { Catalog, CatalogEntry, FrameworkId } from './types.ts';

export type { Catalog, CatalogEntry, EvidenceKind, FrameworkId } from './types.ts';

export const CATALOGS: Readonly<Record<FrameworkId, Catalog>> = {
  iso42001: ISO42001, hipaa: HIPAA, pci: PCI, 'eu-ai-act': EU_AI_ACT, 'owasp-llm': OWASP_LLM, 'nist-ai-rmf': NIST_AI_RMF, atlas: ATLAS,
};

/** Tag keys used in policy files, by the catalog they name. */
export const TAG_KEYS: Readonly<Record<string, FrameworkId>> = {
  iso42001: 'iso42001', 'iso-42001': 'iso42001',
  hipaa: 'hipaa',
  pci: 'pci', 'pci-dss': 'pci',
  'eu-ai-act': 'eu-ai-act',
  'owasp-llm': 'owasp-llm',
  'nist-ai-rmf': 'nist-ai-rmf', nist: 'nist-ai-rmf',
  atlas: 'atlas',
};

/** What `--framework` accepts: the frameworks a report is built for. */
export const REPORT_FRAMEWORKS = ['iso42001', 'hipaa', 'pci', 'eu-ai-act', 'owasp-llm', 'nist-ai-rmf'] as const satisfies readonly FrameworkId[];

/** Every entry of a catalog, clauses included. */
export function allEntries(catalog: Catalog): readonly CatalogEntry[] {
  return [...catalog.entries, ...(catalog.clauses ?? [])];
}

/**
 * The entry a tag value names. `164.312(a)` style parents and `LLM01:2025` style suffixes are
 * tolerated; anything else must match an id exactly.
 */
export function resolveTag(tagKey: string, value: string): { framework: FrameworkId; entry: CatalogEntry } | undefined {
  const framework = TAG_KEYS[tagKey];
  if (framework === undefined) return undefined;
  const entries = allEntries(CATALOGS[framework]);
  const wanted = value.trim().replace(/:20\d\d$/, '');
  const entry = entries.find((e) => e.id === wanted) ?? entries.find((e) => e.id.startsWith(`${wanted}(`));
  return entry === undefined ? undefined : { framework, entry };
}
