/**
 * Rule evaluation and precedence. Every rule whose `on` names the event and whose `when`
 * holds is a match. Deny beats approve beats redact beats neutralize beats allow; monitor-mode rules and
 * monitor actions are recorded without effect. A condition that fails to evaluate fails
 * closed: a deny, approve, redact or neutralize rule then matches (and says why), an allow or monitor
 * rule does not.
 */
import type { DecisionAction, MatchSource, RuleMatch } from '../core/decision.ts';
import type { Activation } from './cel/index.ts';
import type { CompiledRule } from './compile.ts';

/** How strong each action is when several matches disagree. */
export const STRENGTH: Readonly<Record<DecisionAction, number>> = { allow: 0, neutralize: 1, redact: 2, approve: 3, deny: 4 };

export function stronger(a: DecisionAction, b: DecisionAction): DecisionAction {
  return STRENGTH[a] >= STRENGTH[b] ? a : b;
}

export interface RuleOutcome {
  /** Enforced deny/approve/redact matches. */
  readonly enforced: RuleMatch[];
  /** Enforced allow rules (they admit a tool beyond the allow-list). */
  readonly allows: RuleMatch[];
  readonly monitored: RuleMatch[];
}

export function evaluateRules(rules: readonly CompiledRule[] | undefined, activation: Activation): RuleOutcome {
  const outcome: RuleOutcome = { enforced: [], allows: [], monitored: [] };
  if (rules === undefined) return outcome;
  for (const rule of rules) {
    let matched: boolean;
    let error: string | undefined;
    try {
      matched = rule.when.evaluate(activation) === true;
    } catch (failure) {
      error = failure instanceof Error ? failure.message : String(failure);
      matched = rule.action !== 'allow' && rule.action !== 'monitor';
    }
    if (!matched) continue;
    const match = ruleMatch(rule, 'rule', rule.action, error);
    if (rule.mode === 'monitor' || rule.action === 'monitor') outcome.monitored.push(match);
    else if (rule.action === 'allow') outcome.allows.push(match);
    else outcome.enforced.push(match);
  }
  return outcome;
}

export function ruleMatch(
  rule: { readonly id: string; readonly reason: string; readonly severity: string; readonly tags: Readonly<Record<string, readonly string[]>> },
  source: MatchSource, action: RuleMatch['action'], error?: string,
): RuleMatch {
  const match = { id: rule.id, source, action, reason: rule.reason, severity: rule.severity, tags: rule.tags };
  return error === undefined ? match : { ...match, error };
}

/** The strongest enforced action, and the matches ordered strongest first (stable otherwise). */
export function resolve(matches: readonly RuleMatch[]): { action: DecisionAction; ordered: RuleMatch[] } {
  let action: DecisionAction = 'allow';
  for (const match of matches) if (match.action !== 'monitor') action = stronger(action, match.action);
  const rank = (m: RuleMatch) => (m.action === 'monitor' ? -1 : STRENGTH[m.action]);
  const ordered = [...matches].sort((a, b) => rank(b) - rank(a));
  return { action, ordered };
}
