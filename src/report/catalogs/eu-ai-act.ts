/**
 * Regulation (EU) 2024/1689 (the AI Act): Article 12 record-keeping, Article 14 human
 * oversight, Article 19 automatically generated logs, and the deployer's log duty in 26(6).
 * Ids are paragraph references; paraphrases are ours. Paragraphs specific to remote biometric
 * identification are listed as not applicable to the gateway.
 */
import type { Catalog, CatalogEntry } from './types.ts';

const A12 = 'Article 12 Record-keeping';
const A14 = 'Article 14 Human oversight';
const A19 = 'Article 19 Automatically generated logs';
const A26 = 'Article 26 Obligations of deployers of high-risk AI systems';
const BIOMETRIC = 'Applies to remote biometric identification systems only; not applicable to an agent gateway.';

const ENTRIES: readonly CatalogEntry[] = [
  { id: '12(1)', title: 'Automatic recording of events', group: A12, evidence: 'direct', queries: ['integrity', 'exchanges', 'mcp-requests'],
    paraphrase: 'High-risk systems must be able to log events automatically over their whole lifetime.',
    related: { iso42001: ['A.6.2.8'], hipaa: ['164.312(b)'] } },
  { id: '12(2)(a)', title: 'Logs to identify risk situations and substantial modifications', group: A12, evidence: 'direct',
    queries: ['incidents', 'denials-by-rule', 'injections', 'policy-versions'],
    paraphrase: 'Logging should let one find situations that may create risk or amount to a substantial change.' },
  { id: '12(2)(b)', title: 'Logs to facilitate post-market monitoring', group: A12, evidence: 'supporting', queries: ['exchanges', 'policy-decisions'],
    paraphrase: 'Logging should support the provider\'s post-market monitoring (Art. 72).' },
  { id: '12(2)(c)', title: 'Logs to monitor operation', group: A12, evidence: 'direct', queries: ['exchanges', 'usage', 'policy-decisions'],
    paraphrase: 'Logging should support the deployer\'s monitoring of operation (Art. 26(5)).' },
  { id: '12(3)', title: 'Minimum logs of remote biometric identification systems', group: A12, evidence: 'organizational', queries: [],
    paraphrase: 'Biometric identification systems must log period of use, reference database, input and verifiers.', note: BIOMETRIC },
  { id: '14(1)', title: 'Effective oversight by natural persons', group: A14, evidence: 'direct', queries: ['approvals', 'kill-switch', 'admin-acts'],
    paraphrase: 'Design the system, interface tools included, so people can oversee it effectively while in use.',
    related: { 'nist-ai-rmf': ['MAP 3.5'] } },
  { id: '14(2)', title: 'Oversight aims to prevent or minimise risks', group: A14, evidence: 'supporting', queries: ['approvals', 'denials-by-rule'],
    paraphrase: 'Oversight should prevent or reduce risks to health, safety and fundamental rights.' },
  { id: '14(3)', title: 'Oversight measures commensurate with risks', group: A14, evidence: 'supporting', queries: ['policy-versions', 'approvals'],
    paraphrase: 'Match oversight measures to the risk, autonomy and context, built in or set up by the deployer.' },
  { id: '14(4)(a)', title: 'Understand capacities and limitations; monitor operation', group: A14, evidence: 'supporting',
    queries: ['policy-decisions', 'incidents'],
    paraphrase: 'Overseers can understand the system\'s limits and watch for anomalies and unexpected behaviour.' },
  { id: '14(4)(b)', title: 'Awareness of automation bias', group: A14, evidence: 'organizational', queries: [],
    paraphrase: 'Overseers stay aware of the tendency to over-rely on the system\'s output.' },
  { id: '14(4)(c)', title: 'Correct interpretation of output', group: A14, evidence: 'organizational', queries: [],
    paraphrase: 'Overseers can interpret the system\'s output correctly.' },
  { id: '14(4)(d)', title: 'Decide not to use, disregard, override or reverse output', group: A14, evidence: 'direct', queries: ['approvals'],
    paraphrase: 'Overseers can choose to ignore, override or reverse what the system produces.',
    note: 'Held tool calls wait for a person, whose approval or denial is recorded.' },
  { id: '14(4)(e)', title: 'Intervene or interrupt (stop button)', group: A14, evidence: 'direct', queries: ['kill-switch'],
    paraphrase: 'Overseers can step in or halt the system safely, e.g. with a stop button.',
    related: { 'nist-ai-rmf': ['MANAGE 2.4'] } },
  { id: '14(5)', title: 'Two-person verification for remote biometric identification', group: A14, evidence: 'organizational', queries: [],
    paraphrase: 'Biometric identification results need separate verification by two people.', note: BIOMETRIC },
  { id: '19(1)', title: 'Providers keep automatically generated logs', group: A19, evidence: 'supporting', queries: ['integrity', 'lifecycle'],
    paraphrase: 'Providers keep the logs under their control for a fitting period, at least six months.',
    note: 'The report states the ledger\'s earliest record; the retention period set is the organization\'s.' },
  { id: '19(2)', title: 'Logs of financial institutions', group: A19, evidence: 'organizational', queries: [],
    paraphrase: 'Regulated financial institutions keep the logs as part of their financial-services documentation.' },
  { id: '26(6)', title: 'Deployers keep automatically generated logs', group: A26, evidence: 'supporting', queries: ['integrity'],
    paraphrase: 'Deployers keep the logs under their control for a fitting period, at least six months.' },
];

export const EU_AI_ACT: Catalog = {
  id: 'eu-ai-act',
  name: 'EU AI Act (Regulation (EU) 2024/1689)',
  source: 'Regulation (EU) 2024/1689, Articles 12, 14, 19 and 26(6). Paragraph references as published; titles and paraphrases are Portcullis\'s own.',
  entries: ENTRIES,
};
