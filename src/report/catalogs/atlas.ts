/** MITRE ATLAS techniques that policy rules cite in their tags (reference only, no report of its own). */
import type { Catalog, CatalogEntry } from './types.ts';

const G = 'MITRE ATLAS techniques';

const ENTRIES: readonly CatalogEntry[] = [
  { id: 'AML.T0051', title: 'LLM Prompt Injection', group: G, evidence: 'direct', queries: ['injections'],
    paraphrase: 'Crafted input that makes a model ignore its instructions.' },
  { id: 'AML.T0051.000', title: 'LLM Prompt Injection: Direct', group: G, evidence: 'direct', queries: ['injections', 'denials-by-rule'],
    paraphrase: 'The injection arrives in the user\'s own input.' },
  { id: 'AML.T0051.001', title: 'LLM Prompt Injection: Indirect', group: G, evidence: 'direct', queries: ['injections'],
    paraphrase: 'The injection arrives in content the model reads, such as a tool result.' },
  { id: 'AML.T0057', title: 'LLM Data Leakage', group: G, evidence: 'direct', queries: ['denials-by-rule', 'sensitive-data'],
    paraphrase: 'Getting a model or agent to reveal or send out data it should not.' },
  { id: 'AML.T0048.000', title: 'External Harms: Financial Harm', group: G, evidence: 'supporting', queries: ['approvals', 'denials-by-rule'],
    paraphrase: 'Using an AI system to cause financial loss.' },
];

export const ATLAS: Catalog = {
  id: 'atlas',
  name: 'MITRE ATLAS',
  source: 'MITRE ATLAS (atlas.mitre.org) technique ids and names; paraphrases are Portcullis\'s own.',
  entries: ENTRIES,
};
