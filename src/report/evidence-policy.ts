/** Evidence about what policy decided: decisions, denials, tool calls, data, injections, tool inventory. */
import { result, Tally, type RecordQuery } from './evidence-types.ts';
import { decisionsOf, findingsOf, protectedOf, responseFindingsOf } from './records.ts';
import { rate } from './evidence-activity.ts';

const INJECTION_TYPES = new Set(['PROMPT_INJECTION', 'INVISIBLE_TEXT']);
const CALL_EVENTS = new Set(['tool.call', 'mcp.call']);

/** The rule a decision names first is the one that decided it; approvals and kill switches carry an id suffix. */
export function decidingRule(rules: readonly string[]): string {
  const first = rules[0] ?? 'default';
  if (first.startsWith('approval:')) return 'approval (a person decided)';
  if (first.startsWith('kill_switch')) return 'kill switch';
  return first;
}

export const policyDecisions: RecordQuery = (records) => {
  const tally = new Tally();
  for (const r of records) for (const d of decisionsOf(r)) tally.add(`${d.event}: ${d.action}`, r.index);
  const enforced = tally.rows().filter((row) => !row.label.endsWith(': allow')).reduce((n, row) => n + row.count, 0);
  return result('policy-decisions', 'Policy decisions by event and action (allows included)', 'decisions', tally,
    'every entry of `decisions` in every record', { figures: [{ label: 'decisions other than allow', value: rate(enforced, tally.total()) }] });
};

export const denialsByRule: RecordQuery = (records) => {
  const tally = new Tally();
  for (const r of records) for (const d of decisionsOf(r)) if (d.action === 'deny') tally.add(decidingRule(d.rules), r.index);
  return result('denials-by-rule', 'Denials by deciding rule', 'decisions', tally, 'decisions with action deny (portcullis audit show --rule <id>)');
};

export const toolCalls: RecordQuery = (records) => {
  const tally = new Tally();
  let untrusted = 0, unasked = 0;
  for (const r of records) {
    for (const d of decisionsOf(r)) {
      if (!CALL_EVENTS.has(d.event)) continue;
      tally.add(d.action === 'approve' ? 'held for approval' : d.action === 'deny' ? 'denied' : 'allowed', r.index);
      if ((d.untrustedArgs?.length ?? 0) > 0) untrusted++;
      if (d.untrustedAction === true) unasked++;
    }
  }
  const denied = tally.rows().find((row) => row.label === 'denied')?.count ?? 0;
  return result('tool-calls', 'Tool calls governed (proposed by a model, or MCP tools/call)', 'calls', tally,
    'decisions on events tool.call and mcp.call, and their `untrustedArgs` and `untrustedAction`', {
      figures: [
        { label: 'denial rate', value: rate(denied, tally.total()) },
        // Argument provenance: how often a model acted on values a third party supplied.
        { label: 'calls with a value only a tool result or document supplied', value: rate(untrusted, tally.total()) },
        // Action provenance: how often a model took an action only a third party asked for.
        { label: 'calls whose action only a tool result or document asked for', value: rate(unasked, tally.total()) },
      ],
    });
};

export const sensitiveData: RecordQuery = (records) => {
  const tally = new Tally();
  for (const r of records) {
    for (const [type, count] of Object.entries(findingsOf(r))) if (!INJECTION_TYPES.has(type)) tally.add(type, r.index, count);
  }
  return result('sensitive-data', 'Sensitive data detected, by entity type', 'findings', tally,
    'the `findings` counts of each record (types and counts only, never the values)');
};

export const redactions: RecordQuery = (records) => {
  const tally = new Tally();
  for (const r of records) {
    // Data protection's own actions, per entity type (what the provider got instead of the value).
    for (const [type, byAction] of Object.entries(protectedOf(r))) {
      for (const [action, count] of Object.entries(byAction)) tally.add(`${type}: ${action}`, r.index, count);
    }
    for (const d of decisionsOf(r)) if (d.action === 'redact') tally.add(`policy ${d.event}: ${decidingRule(d.rules)}`, r.index);
  }
  return result('redactions', 'Sensitive data protected, by entity type and action, and redact decisions', 'actions', tally,
    'the `protected` counts of each record (data protection: mask, partial, hash, tokenize, block) and decisions with action redact');
};

export const injections: RecordQuery = (records) => {
  const detected = new Tally();
  let neutralized = 0;
  let refused = 0;
  let secretsWithheld = 0;
  for (const r of records) {
    for (const [type, count] of Object.entries(findingsOf(r))) if (INJECTION_TYPES.has(type)) detected.add(`detected: ${type}`, r.index, count);
    // A secret of the system prompt the gateway took out of an answer (OWASP LLM07).
    if ((responseFindingsOf(r)['PROMPT_SECRET_LEAK'] ?? 0) > 0) secretsWithheld += 1;
    for (const d of decisionsOf(r)) {
      if (d.action === 'neutralize') {
        detected.add('neutralize decisions (injected passages cut, the rest fenced as data)', r.index);
        neutralized += 1;
      }
      if (d.action === 'deny' && d.event === 'llm.request' && Object.keys(findingsOf(r)).some((t) => INJECTION_TYPES.has(t))) refused += 1;
    }
  }
  const withInjection = detected.indices().length;
  return result('injections', 'Prompt injections detected, neutralized and refused', 'records', detected,
    'records whose findings include PROMPT_INJECTION or INVISIBLE_TEXT, or with a neutralize decision', {
      total: withInjection,
      figures: [
        { label: 'neutralize decisions', value: String(neutralized) },
        { label: 'requests refused carrying an injection', value: String(refused) },
        { label: 'answers that gave away a secret of the system prompt, withheld from the agent', value: String(secretsWithheld) },
      ],
    });
};

export const toolInventory: RecordQuery = (records) => {
  const tally = new Tally();
  for (const r of records) {
    if (r.type === 'mcp.inventory') {
      for (const tool of (r.body['unapproved'] as { name: string; status: string }[] | undefined) ?? []) {
        tally.add(`unapproved definition offered: ${String(r.body['server'])}/${tool.name} (${tool.status})`, r.index);
      }
    }
    for (const d of decisionsOf(r)) if (d.action === 'deny' && d.rules.includes('tool-pinning')) tally.add(`call refused, definition quarantined: ${d.tool ?? '?'}`, r.index);
  }
  return result('tool-inventory', 'MCP tool definitions: unapproved or changed ones offered, and calls refused for it', 'events', tally,
    'records of type mcp.inventory, and deny decisions by tool-pinning', { show: { rule: 'tool-pinning' } });
};
