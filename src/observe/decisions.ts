/**
 * What metrics and traces read of an exchange's decisions and findings: actions, rule ids and
 * entity types. Never reasons (a built-in reason can quote a tool name or an argument error),
 * never matched text.
 */
import type { Decision, DecisionAction } from '../core/decision.ts';
import type { Finding } from '../core/exchange.ts';

const STRENGTH: Record<DecisionAction, number> = { allow: 0, neutralize: 1, redact: 2, approve: 3, deny: 4 };

/** The strongest action among the decisions (deny > approve > redact > neutralize > allow); undefined when none. */
export function strongestAction(decisions: readonly Decision[]): DecisionAction | undefined {
  let strongest: DecisionAction | undefined;
  for (const decision of decisions) {
    if (strongest === undefined || STRENGTH[decision.action] > STRENGTH[strongest]) strongest = decision.action;
  }
  return strongest;
}

/** Ids of every enforced match behind the decisions' actions, each once, in order. */
export function enforcedRuleIds(decisions: readonly Decision[]): string[] {
  const ids = new Set<string>();
  for (const decision of decisions) {
    for (const match of decision.matches) if (match.action === decision.action) ids.add(match.id);
  }
  return [...ids];
}

/** Ids of monitor-mode matches, each once. */
export function monitoredRuleIds(decisions: readonly Decision[]): string[] {
  const ids = new Set<string>();
  for (const decision of decisions) for (const match of decision.monitored) ids.add(match.id);
  return [...ids];
}

/** Entity types found, each once, sorted. */
export function findingTypes(...lists: readonly (readonly Finding[] | undefined)[]): string[] {
  const types = new Set<string>();
  for (const list of lists) if (list !== undefined) for (const finding of list) types.add(finding.type);
  return [...types].sort();
}
