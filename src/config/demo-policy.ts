/**
 * The policy the demo (and `portcullis start` without a config) runs with: a general demo
 * agent, a healthcare claims agent and a treasury agent, each allowed only its own tools,
 * with rules from the field. The full healthcare and fintech packs live in examples/.
 */
import type { ConfigInput } from './schema.ts';

export const DEMO_AGENT_IDS = ['demo-agent', 'healthcare-claims-agent-prod', 'treasury-agent-prod'] as const;
export const DEMO_ADMIN_ID = 'demo-approver';

type AgentInput = NonNullable<ConfigInput['agents']>[number];

export function demoAgents(keyHashOf: (id: string) => string): AgentInput[] {
  const models = ['standin-gpt', 'standin-claude'];
  return [
    {
      id: 'demo-agent', team: 'demo', env: 'dev', keyHash: keyHashOf('demo-agent'),
      // standin-mini is deliberately left out so the demo can show a 403 for a disallowed model.
      models, tools: ['get_weather', 'get_time', 'lookup_*'],
    },
    {
      id: 'healthcare-claims-agent-prod', team: 'claims', env: 'prod', tier: 'regulated', clearances: ['phi'],
      keyHash: keyHashOf('healthcare-claims-agent-prod'), models,
      tools: ['lookup_claim', 'query_emr_database', 'send_email', 'http_post', 'emr/export_records', 'tag:read_only'],
    },
    {
      id: 'treasury-agent-prod', team: 'treasury', env: 'prod', tier: 'regulated',
      keyHash: keyHashOf('treasury-agent-prod'), models, tools: ['get_balance', 'transfer_funds'],
    },
  ];
}

export const DEMO_TOOLS: NonNullable<ConfigInput['tools']> = [
  { name: 'query_emr_database', tags: ['reads_phi', 'database'], description: 'SQL over the electronic medical record' },
  { name: 'lookup_claim', tags: ['reads_phi', 'read_only'] },
  { name: 'get_*', tags: ['read_only'] },
  { name: 'send_email', tags: ['egress'] },
  { name: 'http_post', tags: ['egress'] },
  { name: 'export_records', server: 'emr', tags: ['egress', 'reads_phi'], description: 'EMR bulk export to an outside destination' },
  { name: 'get_patient_summary', server: 'emr', tags: ['reads_phi', 'read_only'] },
  { name: 'transfer_funds', tags: ['moves_money'] },
];

/** Identity and payment data is tokenized for the model and restored for the agent; secrets never leave. */
export const DEMO_DATA_PROTECTION: NonNullable<ConfigInput['dataProtection']> = {
  rules: [
    { types: ['SECRET_*'], action: 'block' },
    {
      types: [
        'PERSON', 'US_SSN', 'CREDIT_CARD', 'CREDIT_CARD_EXPIRY', 'CREDIT_CARD_CVV', 'EMAIL_ADDRESS', 'PHONE_NUMBER', 'FAX_NUMBER',
        'MEDICAL_RECORD_NUMBER', 'US_MBI', 'HEALTH_PLAN_ID', 'IBAN_CODE', 'US_BANK_NUMBER',
      ],
      action: 'tokenize',
    },
  ],
};

/** Every message and tool result is scored; flagged tool results are neutralized by policy. */
export const DEMO_INJECTION: NonNullable<ConfigInput['injection']> = {};

export const DEMO_POLICY: NonNullable<ConfigInput['policy']> = {
  rules: [
    {
      id: 'block-direct-injection',
      on: 'llm.request',
      when: 'findings.injection.direct > 0.0',
      action: 'deny',
      reason: 'the request carries a prompt injection',
      severity: 'high',
      tags: { iso42001: 'A.6.2.6', 'owasp-llm': 'LLM01', atlas: 'AML.T0051.000' },
    },
    {
      id: 'neutralize-injected-documents',
      on: 'llm.request',
      when: 'findings.injection.documents > 0.0',
      action: 'neutralize',
      reason: 'a document pasted or retrieved into the request carries a prompt injection',
      severity: 'high',
      tags: { iso42001: 'A.6.2.6', 'owasp-llm': 'LLM01', atlas: 'AML.T0051.001' },
    },
    {
      id: 'block-poisoned-tool-definitions',
      on: 'llm.request',
      when: 'findings.injection.tools > 0.0',
      action: 'deny',
      reason: 'a tool the agent offers carries instructions to the model in its description (tool poisoning)',
      severity: 'high',
      tags: { iso42001: 'A.6.2.6', 'owasp-llm': 'LLM01', atlas: 'AML.T0051.001' },
    },
    {
      id: 'neutralize-injected-tool-results',
      on: 'tool.result',
      when: 'findings.injection.indirect > 0.0 || "INVISIBLE_TEXT" in findings.types',
      action: 'neutralize',
      reason: 'the tool result carries a prompt injection',
      severity: 'high',
      tags: { iso42001: 'A.6.2.6', 'owasp-llm': 'LLM01', atlas: 'AML.T0051.001' },
    },
    {
      id: 'no-egress-after-injection',
      on: ['tool.call', 'mcp.call'],
      when: '"untrusted_content" in session.taints && "egress" in tool.tags',
      action: 'deny',
      reason: 'this session read content carrying a prompt injection; sending data out is not allowed',
      severity: 'critical',
      tags: { iso42001: 'A.9.4', 'owasp-llm': 'LLM01', atlas: 'AML.T0057' },
    },
    {
      // Argument provenance: where a tool result or document chose the recipient or the URL (an
      // injection the detector missed, or a swapped address in the data), a person decides.
      id: 'approve-egress-to-untrusted-destination',
      on: ['tool.call', 'mcp.call'],
      when: '"egress" in tool.tags && untrusted_args.exists(a, a in ["to", "cc", "bcc", "recipient", "recipients", "url", "destination"])',
      action: 'approve',
      reason: 'this call would send data to a destination a tool result or document chose, not the user',
      severity: 'high',
      tags: { iso42001: 'A.9.2', 'owasp-llm': 'LLM01', atlas: 'AML.T0051.001' },
    },
    {
      id: 'approve-payee-from-tool-output',
      on: ['tool.call', 'mcp.call'],
      when: 'tool.name == "transfer_funds" && "payee" in untrusted_args',
      action: 'approve',
      reason: 'the payee of this transfer was taken from a tool result or document, not given by the user',
      severity: 'high',
      tags: { iso42001: 'A.9.2', 'owasp-llm': 'LLM01', atlas: 'AML.T0051.001' },
    },
    {
      // Action provenance: the user asked to read, and a tool result or document asked to send or
      // pay ("forward this thread to ...", "settle the invoice now"); a person decides.
      id: 'approve-action-only-a-tool-result-asked-for',
      on: ['tool.call', 'mcp.call'],
      when: 'untrusted_action && ("egress" in tool.tags || "moves_money" in tool.tags)',
      action: 'approve',
      reason: 'only a tool result or document asked for this action, not the user',
      severity: 'high',
      tags: { iso42001: 'A.9.2', 'owasp-llm': 'LLM01', atlas: 'AML.T0051.001' },
    },
    {
      id: 'hipaa-no-bulk-phi-export',
      on: ['tool.call', 'mcp.call'],
      when: 'tool.name == "query_emr_database" && (args.sql.matches("(?i)select\\\\s+\\\\*") || ' +
        '(has(args.destination) && !args.destination.endsWith(".internal")))',
      action: 'deny',
      reason: 'bulk or external export of patient records is not allowed (HIPAA minimum necessary)',
      severity: 'critical',
      tags: { iso42001: 'A.9.4', 'owasp-llm': 'LLM06', hipaa: '164.502(b)' },
    },
    {
      id: 'no-egress-after-phi',
      on: ['tool.call', 'mcp.call'],
      when: '"phi_read" in session.taints && "egress" in tool.tags',
      action: 'deny',
      reason: 'this session has read PHI; sending data out is not allowed',
      severity: 'high',
      tags: { iso42001: 'A.9.4', 'owasp-llm': 'LLM02', hipaa: '164.502(b)' },
    },
    {
      id: 'approve-large-transfer',
      on: 'tool.call',
      when: 'tool.name == "transfer_funds" && args.amount > 5000',
      action: 'approve',
      reason: 'transfers above 5,000 need a human approver',
      severity: 'high',
      // Human oversight of a high-impact action: OWASP's mitigation for excessive agency.
      tags: { iso42001: 'A.9.2', 'owasp-llm': 'LLM06' },
    },
  ],
  limits: [
    {
      id: 'daily-transfer-sum',
      when: 'tool.name == "transfer_funds"',
      per: ['agent'],
      window: '1d',
      sum: 'args.amount',
      max: 10_000,
      action: 'approve',
      reason: 'the agent would exceed 10,000 transferred today',
      severity: 'high',
    },
  ],
  sessions: {
    taints: [
      { label: 'phi_read', on: ['tool.call', 'mcp.call'], when: '"reads_phi" in tool.tags' },
      { label: 'untrusted_content', on: 'tool.result', when: 'findings.injection.indirect > 0.0' },
      { label: 'untrusted_content', on: 'llm.request', when: 'findings.injection.documents > 0.0' },
    ],
  },
};
