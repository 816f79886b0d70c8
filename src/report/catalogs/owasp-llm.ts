/** OWASP Top 10 for LLM Applications 2025: the ten risks, with exact names; paraphrases are ours. */
import type { Catalog, CatalogEntry } from './types.ts';

const G = 'OWASP Top 10 for LLM Applications 2025';

const ENTRIES: readonly CatalogEntry[] = [
  { id: 'LLM01', title: 'LLM01:2025 Prompt Injection', group: G, evidence: 'direct', queries: ['injections', 'denials-by-rule'],
    paraphrase: 'Input that changes the model\'s behaviour against the developer\'s intent, typed in or hidden in content.',
    related: { atlas: ['AML.T0051'] } },
  { id: 'LLM02', title: 'LLM02:2025 Sensitive Information Disclosure', group: G, evidence: 'direct', queries: ['sensitive-data', 'redactions', 'denials-by-rule'],
    paraphrase: 'Personal, financial, health or secret data leaking through prompts, outputs or tools.', related: { atlas: ['AML.T0057'] } },
  { id: 'LLM03', title: 'LLM03:2025 Supply Chain', group: G, evidence: 'supporting', queries: ['tool-inventory'],
    paraphrase: 'Compromised third-party models, data, plugins or tools.',
    note: 'The gateway pins MCP tool definitions and quarantines changed ones; model provenance is the organization\'s.' },
  { id: 'LLM04', title: 'LLM04:2025 Data and Model Poisoning', group: G, evidence: 'organizational', queries: [],
    paraphrase: 'Tampered training, fine-tuning or embedding data that plants flaws or backdoors.' },
  { id: 'LLM05', title: 'LLM05:2025 Improper Output Handling', group: G, evidence: 'supporting', queries: ['tool-calls'],
    paraphrase: 'Passing model output downstream without validation.',
    note: 'Tool calls a model proposes are checked by policy before the agent can run them; other downstream handling is the application\'s.' },
  { id: 'LLM06', title: 'LLM06:2025 Excessive Agency', group: G, evidence: 'direct', queries: ['tool-calls', 'approvals', 'denials-by-rule', 'kill-switch'],
    paraphrase: 'Agents with more functionality, permissions or autonomy than their task needs.' },
  { id: 'LLM07', title: 'LLM07:2025 System Prompt Leakage', group: G, evidence: 'supporting', queries: ['sensitive-data'],
    paraphrase: 'Secrets or controls placed in system prompts that leak or are relied on for security.' },
  { id: 'LLM08', title: 'LLM08:2025 Vector and Embedding Weaknesses', group: G, evidence: 'organizational', queries: [],
    paraphrase: 'Weaknesses in how embeddings and retrieval stores are built, accessed and used.' },
  { id: 'LLM09', title: 'LLM09:2025 Misinformation', group: G, evidence: 'organizational', queries: [],
    paraphrase: 'False or misleading output that people or systems rely on.' },
  { id: 'LLM10', title: 'LLM10:2025 Unbounded Consumption', group: G, evidence: 'supporting', queries: ['usage', 'denials-by-rule'],
    paraphrase: 'Uncontrolled use of inference leading to denial of service, cost blow-ups or model theft.' },
];

export const OWASP_LLM: Catalog = {
  id: 'owasp-llm',
  name: 'OWASP Top 10 for LLM Applications 2025',
  source: 'OWASP Top 10 for LLM Applications 2025 (genai.owasp.org). Names as published; paraphrases are Portcullis\'s own.',
  entries: ENTRIES,
};
