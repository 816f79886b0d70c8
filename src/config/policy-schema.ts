/**
 * The policy half of `portcullis.yaml`: rules, limits, session taints, approvals, the tool
 * catalog and the admins who may approve. CEL conditions are strings here; they are compiled
 * (and their errors located) by the policy compiler after the schema passes.
 */
import { z } from 'zod';

export const POLICY_EVENTS = ['llm.request', 'llm.response', 'tool.call', 'tool.result', 'mcp.list', 'mcp.call'] as const;
export const RULE_ACTIONS = ['allow', 'deny', 'redact', 'neutralize', 'approve', 'monitor'] as const;
export const RULE_MODES = ['enforce', 'monitor'] as const;
export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export const LIMIT_DIMENSIONS = ['agent', 'team', 'tool', 'session'] as const;

export type PolicyEvent = (typeof POLICY_EVENTS)[number];
export type RuleAction = (typeof RULE_ACTIONS)[number];
export type Severity = (typeof SEVERITIES)[number];

const ID_PATTERN = /^[a-z0-9][a-z0-9_.-]*$/;
const KEY_HASH_PATTERN = /^sha256:[0-9a-f]{64}$/;
export const HEADER_NAME_PATTERN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const LABEL_PATTERN = /^[a-z0-9][a-z0-9_:-]*$/;
const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
/** Longest duration a timer can hold; longer windows would need a calendar, not a timer. */
const MAX_DURATION_MS = 2_147_483_647 * 16;

const ruleId = (what: string) =>
  z.string().max(80).regex(ID_PATTERN, { error: `${what} id must match [a-z0-9][a-z0-9_.-]*` });

/** "90s", "15m", "24h", "1d" or a number of milliseconds. */
const durationValue = z.union([z.int().positive(), z.string()]).transform((value, ctx) => {
  if (typeof value === 'number') return value;
  const match = /^(\d{1,9})(ms|s|m|h|d)$/.exec(value.trim());
  const ms = match === null ? NaN : Number(match[1]) * (DURATION_UNITS[match[2] as string] as number);
  if (!(ms > 0 && ms <= MAX_DURATION_MS)) {
    ctx.addIssue({ code: 'custom', message: 'expected a duration such as "30s", "15m", "24h" or "1d"' });
    return z.NEVER;
  }
  return ms;
});
const durationHint = ' (a duration such as "30s", "15m", "24h", "1d", or milliseconds)';
export const duration = (description: string) => durationValue.describe(description + durationHint);
export const durationOr = (fallback: string, description: string) =>
  durationValue.prefault(fallback).describe(`${description}${durationHint}; default ${fallback}`);

const EVENTS_HINT = 'Event(s) the entry applies to: llm.request, llm.response, tool.call (a call a model proposes), ' +
  'tool.result, mcp.list, mcp.call';
const eventList = z.union([z.enum(POLICY_EVENTS), z.array(z.enum(POLICY_EVENTS)).min(1)])
  .transform((value) => (Array.isArray(value) ? [...new Set(value)] : [value]));
const events = () => eventList.describe(EVENTS_HINT);
const eventsOr = (fallback: PolicyEvent) => eventList.prefault(fallback).describe(`${EVENTS_HINT}; default ${fallback}`);

const cel = (description: string) => z.string().min(1).max(4096).describe(`${description} (a CEL expression)`);

/** Compliance mappings, e.g. {iso42001: "A.9.4", owasp-llm: "LLM06", atlas: ["AML.T0051"]}. */
const tags = z.record(
  z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, { error: 'tag keys are lowercase framework names such as iso42001' }),
  z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).transform((v) => (Array.isArray(v) ? v : [v])),
).default({}).describe('Compliance mappings, e.g. {iso42001: A.9.4, owasp-llm: LLM06, atlas: AML.T0051}');

const outcome = {
  mode: z.enum(RULE_MODES).default('enforce')
    .describe('enforce, or monitor: record what would have happened without enforcing it'),
  reason: z.string().min(1).max(500).describe('Why: shown to the agent when enforced, and recorded'),
  severity: z.enum(SEVERITIES).default('medium').describe('Severity recorded with the decision'),
  tags,
};

export const ruleSchema = z.strictObject({
  id: ruleId('rule').describe('Unique rule id, named in every decision it takes part in'),
  on: events(),
  when: cel('Condition under which the rule applies').default('true'),
  action: z.enum(RULE_ACTIONS).describe(
    'allow (admit a tool beyond the allow-lists), deny, redact (content events), ' +
      'neutralize (llm.request, tool.result: replace injected passages with a notice), approve (hold for a human), ' +
      'monitor (record a match, change nothing)',
  ),
  ...outcome,
}).superRefine((rule, ctx) => {
  const contentEvents = new Set<PolicyEvent>(['llm.request', 'llm.response', 'tool.result']);
  if (rule.action === 'redact' && !rule.on.every((e) => contentEvents.has(e))) {
    ctx.addIssue({ code: 'custom', path: ['action'], message: 'redact applies to content: llm.request, llm.response or tool.result' });
  }
  if (rule.action === 'neutralize' && !rule.on.every((e) => e === 'llm.request' || e === 'tool.result')) {
    ctx.addIssue({ code: 'custom', path: ['action'], message: 'neutralize applies to content sent to a model: llm.request or tool.result' });
  }
  const callEvents = new Set<PolicyEvent>(['tool.call', 'mcp.call']);
  if ((rule.action === 'approve' || rule.action === 'allow') && !rule.on.every((e) => callEvents.has(e))) {
    ctx.addIssue({ code: 'custom', path: ['action'], message: `${rule.action} applies to tool calls: tool.call or mcp.call` });
  }
});

export const limitSchema = z.strictObject({
  id: ruleId('limit').describe('Unique limit id'),
  on: eventsOr('tool.call'),
  when: cel('Which events count against the limit').default('true'),
  per: z.array(z.enum(LIMIT_DIMENSIONS)).min(1).default(['agent'])
    .describe('Separate counters per agent, team, tool and/or session'),
  window: duration('Fixed window, aligned to the epoch (UTC), over which the limit holds'),
  max: z.number().positive().describe('Most calls (or the largest sum, or most tokens) per window'),
  sum: cel('A number to add up per event instead of counting calls, e.g. args.amount').optional(),
  tokens: z.boolean().default(false)
    .describe('Count model tokens (input + output) instead of calls; checked on llm.request'),
  action: z.enum(['deny', 'approve']).default('deny').describe('What happens to an event that would exceed the limit'),
  ...outcome,
}).superRefine((limit, ctx) => {
  if (limit.sum !== undefined && limit.tokens) ctx.addIssue({ code: 'custom', path: ['tokens'], message: 'a limit counts either a sum or tokens, not both' });
  if (limit.tokens && !(limit.on.length === 1 && limit.on[0] === 'llm.request')) {
    ctx.addIssue({ code: 'custom', path: ['on'], message: 'a token budget applies to llm.request' });
  }
  if (limit.action === 'approve' && !limit.on.every((e) => e === 'tool.call' || e === 'mcp.call')) {
    ctx.addIssue({ code: 'custom', path: ['action'], message: 'approve applies to tool calls: tool.call or mcp.call' });
  }
});

const taintSchema = z.strictObject({
  label: z.string().regex(LABEL_PATTERN, { error: 'taint labels are lowercase, e.g. untrusted_content' })
    .describe('Label added to the session, readable in rules as session.taints'),
  on: events(),
  when: cel('When the label is added (after the event was allowed)').default('true'),
});

export const policySchema = z.strictObject({
  rules: z.array(ruleSchema).default([]).describe('Rules, evaluated on every event they apply to'),
  limits: z.array(limitSchema).default([]).describe('Rate, sum and token limits per window'),
  sessions: z.strictObject({
    header: z.string().regex(HEADER_NAME_PATTERN).default('x-portcullis-session')
      .describe('Request header naming the session; without it, the session is the conversation (agent + its first messages)'),
    idleTtl: durationOr('24h', 'How long a session is remembered after its last event'),
    taints: z.array(taintSchema).default([]).describe('When to add taint labels to a session'),
  }).prefault({}).describe('Session flows: taint labels carried across the events of one session'),
  approvals: z.strictObject({
    ttl: durationOr('15m', 'How long an approval request waits before it expires (an expired request is a denial)'),
    webhook: z.strictObject({
      url: z.url({ protocol: /^https?$/ }).describe('Receives a POST for every new approval request (no argument values)'),
      headers: z.record(z.string().regex(HEADER_NAME_PATTERN), z.string()).default({}).describe('Extra headers, e.g. a token'),
      timeoutMs: z.int().positive().max(60_000).default(5_000).describe('Webhook request timeout (milliseconds)'),
    }).optional(),
  }).prefault({}).describe('Human approval of held calls'),
  requestHeaders: z.array(z.string().regex(HEADER_NAME_PATTERN).transform((h) => h.toLowerCase())).default([])
    .describe('Request headers rules may read as request.headers (nothing else is exposed)'),
}).describe('Policy: what agents may do');

export const toolSchema = z.strictObject({
  name: z.string().min(1).describe("Tool name, or a glob where '*' matches any run of characters"),
  server: z.string().min(1).optional().describe('MCP server id; omitted: any server, and tools called through an LLM'),
  tags: z.array(z.string().regex(LABEL_PATTERN, { error: 'capability tags are lowercase, e.g. reads_phi' })).default([])
    .describe('Capability tags (reads_phi, egress, moves_money, ...), readable in rules as tool.tags and usable in allow-lists'),
  description: z.string().optional().describe('What the tool does, for people reading the config'),
});

export const adminSchema = z.strictObject({
  id: ruleId('admin').describe('Admin id, recorded as the approver'),
  keyHash: z.string().regex(KEY_HASH_PATTERN, { error: 'keyHash must be "sha256:" and 64 lowercase hex digits' })
    .describe('SHA-256 of the admin key (portcullis keys new <admin>)'),
  role: z.enum(['admin', 'approver', 'auditor']).default('admin')
    .describe('admin: everything; approver: read and decide approvals; auditor: read only'),
});

export const stateSchema = z.strictObject({
  redis: z.strictObject({
    url: z.string().regex(/^rediss?:\/\//, { error: 'expected a redis:// or rediss:// URL' }).describe('Redis URL, normally "${REDIS_URL}"'),
    keyPrefix: z.string().min(1).default('portcullis:').describe('Prefix of every key the gateway writes'),
  }).optional().describe('Share limits, sessions, approvals, kill switches and provenance memory across replicas; in-process when absent'),
}).prefault({}).describe('Where policy state lives');
