/**
 * HIPAA Security Rule technical safeguards (45 CFR 164.312), plus the other Part 164 sections
 * that policy rules cite in their tags (administrative safeguards, minimum necessary), so every
 * tag resolves. Titles follow the regulation's headings; paraphrases are ours.
 */
import type { Catalog, CatalogEntry } from './types.ts';

const TECH = '164.312 Technical safeguards';
const ADMIN = '164.308 Administrative safeguards';
const ORG = '164.314 Organizational requirements';
const PRIVACY = 'Privacy Rule (164.502-164.526), cited by policy rules';

const ENTRIES: readonly CatalogEntry[] = [
  { id: '164.312(a)(1)', title: 'Access control', group: TECH, evidence: 'direct', queries: ['access-refusals', 'tool-calls', 'denials-by-rule'],
    paraphrase: 'Let only authorized people and software reach ePHI systems.', related: { iso42001: ['A.9.4'], pci: ['7.2.2'] } },
  { id: '164.312(a)(2)(i)', title: 'Unique user identification (required)', group: TECH, evidence: 'direct', queries: ['exchanges', 'admin-acts'],
    paraphrase: 'Give every user a unique identifier so activity can be traced to them.',
    note: 'Every record names the agent or admin and the id of the key used.' },
  { id: '164.312(a)(2)(ii)', title: 'Emergency access procedure (required)', group: TECH, evidence: 'organizational', queries: [],
    paraphrase: 'Have a procedure to reach necessary ePHI in an emergency.' },
  { id: '164.312(a)(2)(iii)', title: 'Automatic logoff (addressable)', group: TECH, evidence: 'organizational', queries: [],
    paraphrase: 'End idle sessions after a set time.',
    note: 'Console sessions and pending approvals expire in the gateway; this is not recorded in the ledger.' },
  { id: '164.312(a)(2)(iv)', title: 'Encryption and decryption (addressable)', group: TECH, evidence: 'organizational', queries: [],
    paraphrase: 'Encrypt and decrypt ePHI where reasonable.',
    note: 'Captured payloads are sealed with AES-256-GCM when capture is on; storage encryption of hosts is the organization\'s.' },
  { id: '164.312(b)', title: 'Audit controls', group: TECH, evidence: 'direct', queries: ['integrity', 'exchanges', 'mcp-requests', 'admin-acts'],
    paraphrase: 'Record and let people examine activity in systems holding ePHI.',
    related: { iso42001: ['A.6.2.8'], pci: ['10.2.1'], 'eu-ai-act': ['12(1)'] } },
  { id: '164.312(c)(1)', title: 'Integrity', group: TECH, evidence: 'supporting', queries: ['approvals', 'integrity'],
    paraphrase: 'Protect ePHI from improper change or destruction.',
    note: 'Writes to patient records can be held for a human; the integrity of the EMR itself is the organization\'s.' },
  { id: '164.312(d)', title: 'Person or entity authentication', group: TECH, evidence: 'direct', queries: ['access-refusals', 'exchanges'],
    paraphrase: 'Verify that whoever asks for ePHI is who they claim to be.' },
  { id: '164.312(e)(1)', title: 'Transmission security', group: TECH, evidence: 'supporting', queries: ['denials-by-rule'],
    paraphrase: 'Guard ePHI sent over networks against unauthorized access.',
    note: 'Egress rules stop ePHI leaving through agent tools; TLS between systems is the organization\'s.' },
  { id: '164.308(a)(1)(ii)(D)', title: 'Information system activity review (required)', group: ADMIN, evidence: 'supporting',
    queries: ['policy-decisions', 'denials-by-rule', 'incidents'],
    paraphrase: 'Regularly review records of system activity such as audit logs and access reports.' },
  { id: '164.308(a)(4)', title: 'Information access management', group: ADMIN, evidence: 'supporting', queries: ['tool-calls', 'denials-by-rule'],
    paraphrase: 'Authorize access to ePHI according to policy.' },
  { id: '164.308(a)(5)(ii)(B)', title: 'Protection from malicious software (addressable)', group: ADMIN, evidence: 'supporting', queries: ['injections'],
    paraphrase: 'Guard against, detect and report malicious software.',
    note: 'Prompt injections are the malicious input an agent meets; anti-malware on hosts is the organization\'s.' },
  { id: '164.308(b)(1)', title: 'Business associate contracts and other arrangements', group: ADMIN, evidence: 'supporting', queries: ['denials-by-rule'],
    paraphrase: 'Let a business associate handle ePHI only under satisfactory written assurances.',
    note: 'Rules keep PHI to providers flagged as covered by a BAA; the contracts are the organization\'s.' },
  { id: '164.314(a)', title: 'Business associate contracts or other arrangements', group: ORG, evidence: 'organizational', queries: [],
    paraphrase: 'Put the required terms into business associate contracts.' },
  { id: '164.502(a)', title: 'Uses and disclosures of PHI: standard', group: PRIVACY, evidence: 'supporting', queries: ['denials-by-rule'],
    paraphrase: 'Use or disclose PHI only as the Privacy Rule permits or requires.' },
  { id: '164.502(b)', title: 'Minimum necessary', group: PRIVACY, evidence: 'supporting', queries: ['denials-by-rule', 'redactions', 'sensitive-data'],
    paraphrase: 'Limit PHI used, disclosed or requested to the minimum needed for the purpose.' },
  { id: '164.502(e)', title: 'Disclosures to business associates', group: PRIVACY, evidence: 'supporting', queries: ['denials-by-rule'],
    paraphrase: 'Disclose PHI to a business associate only with satisfactory assurances.' },
  { id: '164.506(c)', title: 'Treatment, payment, or health care operations', group: PRIVACY, evidence: 'supporting', queries: ['denials-by-rule'],
    paraphrase: 'Use PHI for treatment, payment or operations within the stated conditions.' },
  { id: '164.514(d)', title: 'Minimum necessary requirements', group: PRIVACY, evidence: 'supporting', queries: ['denials-by-rule'],
    paraphrase: 'Implement policies that put the minimum-necessary standard into practice.' },
  { id: '164.514(d)(3)', title: 'Minimum necessary disclosures of PHI', group: PRIVACY, evidence: 'supporting', queries: ['denials-by-rule'],
    paraphrase: 'Limit routine and non-routine disclosures to the minimum necessary.' },
  { id: '164.526', title: 'Amendment of protected health information', group: PRIVACY, evidence: 'supporting', queries: ['approvals'],
    paraphrase: 'Handle requests to amend PHI through a defined process.' },
];

export const HIPAA: Catalog = {
  id: 'hipaa',
  name: 'HIPAA (45 CFR Part 164)',
  source: '45 CFR 164.312 Technical safeguards (Security Rule), with the 164.308, 164.314 and Privacy Rule sections cited by policy tags. Titles from the CFR headings; paraphrases are Portcullis\'s own.',
  entries: ENTRIES,
};
