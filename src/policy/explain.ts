/**
 * `policy explain`: why an event gets its decision. Lists every rule and limit written for
 * the event with whether its condition held (and why not, when it failed to evaluate), the
 * allow-list entry that admits the tool, the session taints it would add, and the decision
 * itself. Runs on a fresh in-process store: counters and approvals start empty.
 */
import type { Decision } from '../core/decision.ts';
import { eventActivation } from './activation.ts';
import type { CompiledPolicy } from './compile.ts';
import { PolicyEngine } from './engine.ts';
import { isCallEvent, parseArguments, type PolicyEventInput } from './event.ts';
import { MemoryPolicyStore } from './state/memory.ts';

export interface Explanation {
  readonly lines: readonly string[];
  readonly decision: Decision;
}

export async function explain(policy: CompiledPolicy, event: PolicyEventInput, taints: readonly string[] = []): Promise<Explanation> {
  const store = new MemoryPolicyStore();
  const now = event.now ?? Date.now();
  if (event.sessionId !== undefined && taints.length > 0) store.taint(event.sessionId, taints, policy.sessions.idleTtl, now);
  const parsed = parseArguments(event.argumentsText);
  const args = 'args' in parsed ? parsed.args : {};
  const session = event.sessionId === undefined ? { id: '', taints: [], counters: {} } : store.session(event.sessionId, policy.sessions.idleTtl, now);
  const activation = eventActivation(policy, event, args, session);
  const held = (run: () => boolean): string => {
    try {
      return run() ? 'holds' : 'does not hold';
    } catch (error) {
      return `failed to evaluate (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
    }
  };

  const lines: string[] = [`policy ${policy.version}`, `event ${event.kind} by agent ${event.principal.agentId}` +
    (event.tool === undefined ? '' : ` on tool ${event.tool.name}`)];
  if ('error' in parsed && isCallEvent(event.kind)) lines.push(`arguments: ${parsed.error}`);
  if (event.tool !== undefined) {
    const tags = policy.catalog.tagsOf(event.tool.name, event.tool.server);
    lines.push(`tool tags: ${tags.length === 0 ? '(none in the catalog)' : tags.join(', ')}`);
    if (isCallEvent(event.kind)) {
      const entry = policy.access.get(event.principal.agentId)?.admits(event.tool.name, tags);
      lines.push(`allow-list: ${entry === undefined ? 'no entry admits this tool' : `admitted by '${entry}'`}`);
    }
  }
  const rules = policy.rules.get(event.kind)?.all ?? [];
  lines.push(rules.length === 0 ? 'rules: none apply to this event' : 'rules:');
  for (const rule of rules) {
    const mode = rule.mode === 'monitor' ? ' [monitor mode]' : '';
    lines.push(`  ${rule.id} (${rule.action}${mode}): ${held(() => rule.when.evaluate(activation))}   when: ${rule.when.source}`);
  }
  const limits = policy.limits.get(event.kind) ?? [];
  for (const limit of limits) {
    const what = limit.tokens ? 'tokens' : limit.sum === undefined ? 'calls' : `sum of ${limit.sum.source}`;
    lines.push(`  limit ${limit.id} (${what} <= ${limit.max} per ${limit.per.join('+')} per ${limit.window} ms, then ${limit.action}): ` +
      `applies: ${held(() => limit.when.evaluate(activation))}`);
  }
  const decision = await new PolicyEngine(policy, { store }).decide(event);
  lines.push(`decision: ${decision.action.toUpperCase()}: ${decision.reason}`);
  for (const match of decision.matches) lines.push(`  ${match.source} ${match.id}: ${match.action}${match.error ? ` (error: ${match.error})` : ''}`);
  for (const match of decision.monitored) lines.push(`  monitored ${match.id}: would ${match.action}`);
  if (decision.taints !== undefined) lines.push(`session taints added: ${decision.taints.join(', ')}`);
  return { lines, decision };
}
