import type { GatewayError } from '../core/errors.ts';
import type { Edit } from '../core/edits.ts';
import type { Guard, GuardDecision, GuardInput, GuardVerdict } from '../core/guard.ts';

export type Stage = 'onRequest' | 'onResponse';

/** What a stage of guards concluded: refuse, or pass with the edits (possibly none) to apply. */
export type StageOutcome =
  | { readonly deny: GatewayError }
  | { readonly edits: readonly Edit[]; readonly removeToolDefinitions: readonly number[] };

const PASS: StageOutcome = { edits: [], removeToolDefinitions: [] };

/**
 * Runs the guards of one stage in order. The first denial wins and stops the stage (deny
 * beats everything); edits accumulate. Stays synchronous until a guard returns a Promise, so
 * a pipeline of synchronous guards costs no microtasks. Every guard that spoke is appended
 * to `decisions`, which is how a decision names what produced it.
 */
export function runStage(
  guards: readonly Guard[], stage: Stage, input: GuardInput, decisions: GuardDecision[],
): StageOutcome | Promise<StageOutcome> {
  return continueStage(guards, 0, stage, input, decisions, { edits: [], removeToolDefinitions: [] });
}

interface Rewrites { readonly edits: Edit[]; readonly removeToolDefinitions: number[] }

function continueStage(
  guards: readonly Guard[], from: number, stage: Stage, input: GuardInput, decisions: GuardDecision[], edits: Rewrites,
): StageOutcome | Promise<StageOutcome> {
  for (let i = from; i < guards.length; i++) {
    const guard = guards[i] as Guard;
    const check = guard[stage];
    if (check === undefined) continue;
    const verdict = check.call(guard, input);
    if (verdict instanceof Promise) {
      return verdict.then((settled) => {
        const outcome = absorb(guard, settled, decisions, edits);
        return outcome ?? continueStage(guards, i + 1, stage, input, decisions, edits);
      });
    }
    const outcome = absorb(guard, verdict, decisions, edits);
    if (outcome) return outcome;
  }
  return edits.edits.length === 0 && edits.removeToolDefinitions.length === 0 ? PASS : edits;
}

function absorb(guard: Guard, verdict: GuardVerdict, decisions: GuardDecision[], edits: Rewrites): StageOutcome | undefined {
  if (verdict === undefined) return undefined;
  decisions.push({ guard: guard.name, verdict });
  if ('deny' in verdict) return verdict;
  edits.edits.push(...verdict.edits);
  if (verdict.removeToolDefinitions) edits.removeToolDefinitions.push(...verdict.removeToolDefinitions);
  return undefined;
}
