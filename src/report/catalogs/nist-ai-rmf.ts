/**
 * NIST AI RMF 1.0 (NIST AI 100-1): only the subcategories the gateway's records bear on. The
 * framework's subcategories have no titles: titles are our short labels, paraphrases ours.
 */
import type { Catalog, CatalogEntry } from './types.ts';

const ENTRIES: readonly CatalogEntry[] = [
  { id: 'GOVERN 1.5', title: 'Ongoing monitoring and periodic review of risk management', group: 'GOVERN', evidence: 'supporting',
    queries: ['policy-versions'], paraphrase: 'Plan monitoring and periodic review of the risk process, with roles and frequency.' },
  { id: 'GOVERN 1.6', title: 'Inventory of AI systems', group: 'GOVERN', evidence: 'supporting', queries: ['exchanges', 'tool-inventory'],
    paraphrase: 'Keep an inventory of AI systems, resourced by risk priority.' },
  { id: 'GOVERN 4.3', title: 'Testing, incident identification and information sharing', group: 'GOVERN', evidence: 'supporting',
    queries: ['incidents'], paraphrase: 'Have practices that enable AI testing, finding incidents and sharing information.' },
  { id: 'GOVERN 6.1', title: 'Third-party AI risk policies', group: 'GOVERN', evidence: 'supporting', queries: ['tool-inventory'],
    paraphrase: 'Have policies for the risks of third-party entities, software and data.' },
  { id: 'MAP 3.5', title: 'Human oversight processes', group: 'MAP', evidence: 'supporting', queries: ['approvals', 'kill-switch'],
    paraphrase: 'Define, assess and document the processes for human oversight.' },
  { id: 'MEASURE 2.4', title: 'Production monitoring of functionality and behavior', group: 'MEASURE', evidence: 'direct',
    queries: ['exchanges', 'policy-decisions', 'usage'], paraphrase: 'Monitor the system\'s functioning and behaviour in production.' },
  { id: 'MEASURE 2.7', title: 'Security and resilience evaluated', group: 'MEASURE', evidence: 'direct',
    queries: ['injections', 'denials-by-rule', 'integrity'], paraphrase: 'Evaluate and document the system\'s security and resilience.' },
  { id: 'MEASURE 2.8', title: 'Transparency and accountability risks', group: 'MEASURE', evidence: 'supporting', queries: ['integrity', 'admin-acts'],
    paraphrase: 'Examine and document risks to transparency and accountability.' },
  { id: 'MEASURE 2.10', title: 'Privacy risk', group: 'MEASURE', evidence: 'supporting', queries: ['sensitive-data', 'redactions'],
    paraphrase: 'Examine and document the system\'s privacy risk.' },
  { id: 'MANAGE 2.4', title: 'Supersede, disengage or deactivate', group: 'MANAGE', evidence: 'direct', queries: ['kill-switch'],
    paraphrase: 'Have and use ways to disengage or deactivate systems that act outside intended use.' },
  { id: 'MANAGE 3.1', title: 'Third-party risks monitored', group: 'MANAGE', evidence: 'supporting', queries: ['tool-inventory'],
    paraphrase: 'Monitor risks of third-party resources regularly and apply documented controls.' },
  { id: 'MANAGE 4.1', title: 'Post-deployment monitoring plans', group: 'MANAGE', evidence: 'direct',
    queries: ['approvals', 'incidents', 'policy-versions'],
    paraphrase: 'Run post-deployment monitoring with override, incident response, recovery and change management.' },
  { id: 'MANAGE 4.3', title: 'Incidents and errors tracked and communicated', group: 'MANAGE', evidence: 'supporting', queries: ['incidents'],
    paraphrase: 'Communicate incidents and errors, and follow and document processes to track and recover from them.' },
];

export const NIST_AI_RMF: Catalog = {
  id: 'nist-ai-rmf',
  name: 'NIST AI RMF 1.0',
  source: 'NIST AI 100-1 Artificial Intelligence Risk Management Framework (AI RMF 1.0), subcategories the gateway evidences. Titles and paraphrases are Portcullis\'s own.',
  entries: ENTRIES,
};
