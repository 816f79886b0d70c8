/**
 * Limits: calls, sums of a numeric argument, or model tokens per fixed window, counted per
 * agent, team, tool and/or session. An event that would take a counter over its maximum is
 * refused (or held for approval) and not counted; an event that fits is counted at once,
 * atomically, so replicas sharing Redis cannot overshoot together.
 */
import type { RuleMatch } from '../core/decision.ts';
import { andThen } from '../core/awaitable.ts';
import type { Activation } from './cel/index.ts';
import type { CompiledLimit } from './compile.ts';
import type { PolicyEventInput } from './event.ts';
import { ruleMatch } from './rules.ts';
import { fits as fitsUnder } from './state/shared.ts';
import type { Awaitable, PolicyStore } from './state/types.ts';

export interface LimitOutcome {
  /** The first enforced limit the event would exceed. */
  readonly exceeded?: { readonly limit: CompiledLimit; readonly match: RuleMatch };
  readonly monitored: readonly RuleMatch[];
}

interface Charge {
  readonly limit: CompiledLimit;
  readonly key: string;
  readonly amount: number;
}

const NOTHING: LimitOutcome = { monitored: [] };

/** The counter key of a limit for this event: one counter per combination of `per` values. */
export function limitKey(limit: CompiledLimit, event: PolicyEventInput): string {
  let key = `limit:${limit.id}`;
  for (const dimension of limit.per) {
    const value = dimension === 'agent' ? event.principal.agentId
      : dimension === 'team' ? event.principal.team
        : dimension === 'tool' ? event.tool?.name ?? ''
          : event.sessionId ?? '';
    key += `:${encodeURIComponent(value)}`;
  }
  return key;
}

/** The limits that apply to this event, with what the event adds to each. */
function charges(limits: readonly CompiledLimit[] | undefined, activation: Activation, event: PolicyEventInput): Charge[] {
  const out: Charge[] = [];
  for (const limit of limits ?? []) {
    let applies: boolean;
    try {
      applies = limit.when.evaluate(activation) === true;
    } catch {
      applies = true; // fail closed: a limit whose condition cannot be evaluated still counts
    }
    if (!applies) continue;
    let amount = 1;
    if (limit.tokens) amount = 0;
    else if (limit.sum !== undefined) {
      try {
        amount = limit.sum.evaluate(activation);
      } catch {
        amount = Number.NaN;
      }
    }
    out.push({ limit, key: limitKey(limit, event), amount });
  }
  return out;
}

/**
 * Checks and counts the event against every limit that applies. Stops at the first
 * enforced limit exceeded, and gives back what earlier limits had already counted, so a
 * refused event leaves no trace in any counter.
 */
export function checkLimits(
  store: PolicyStore, limits: readonly CompiledLimit[] | undefined, activation: Activation, event: PolicyEventInput, now: number,
): Awaitable<LimitOutcome> {
  const pending = charges(limits, activation, event);
  if (pending.length === 0) return NOTHING;
  const monitored: RuleMatch[] = [];
  const counted: Charge[] = [];
  const step = (i: number): Awaitable<LimitOutcome> => {
    if (i === pending.length) return { monitored };
    const charge = pending[i] as Charge;
    const { limit } = charge;
    // A sum that is not a number (missing or malformed argument) cannot be shown to fit.
    const valid = Number.isFinite(charge.amount) && charge.amount >= 0;
    const attempt = !valid
      ? { allowed: false, total: Number.NaN }
      : limit.tokens
        ? andThen(store.counter(charge.key, limit.window, now), (total) => ({ allowed: total < limit.max, total }))
        : store.tryConsume(charge.key, charge.amount, limit.max, limit.window, now);
    return andThen(attempt, (result) => {
      if (result.allowed) {
        if (!limit.tokens) counted.push(charge);
        return step(i + 1);
      }
      const error = valid ? undefined : 'the amount to add up is not a non-negative number';
      const match = ruleMatch(limit, 'limit', limit.action, error);
      if (limit.mode === 'monitor') {
        monitored.push(match);
        return step(i + 1);
      }
      return andThen(refund(store, counted, now), () => ({ exceeded: { limit, match }, monitored }));
    });
  };
  return step(0);
}

function refund(store: PolicyStore, counted: readonly Charge[], now: number): Awaitable<unknown> {
  const refunds = counted.map((c) => store.consume(c.key, -c.amount, c.limit.window, now));
  return refunds.some((r) => r instanceof Promise) ? Promise.all(refunds) : undefined;
}

/**
 * The first enforced deny limit the event would exceed, without counting it: checked before
 * a call is held for approval, because a human's approval never lifts a hard limit.
 */
export function peekLimits(
  store: PolicyStore, limits: readonly CompiledLimit[] | undefined, activation: Activation, event: PolicyEventInput, now: number,
): Awaitable<LimitOutcome['exceeded']> {
  const hard = charges(limits, activation, event).filter((c) => c.limit.action === 'deny' && c.limit.mode === 'enforce');
  const step = (i: number): Awaitable<LimitOutcome['exceeded']> => {
    if (i === hard.length) return undefined;
    const { limit, key, amount } = hard[i] as Charge;
    return andThen(store.counter(key, limit.window, now), (total) => {
      // The stores' own test (with its float tolerance), so peeking agrees with tryConsume.
      const fits = Number.isFinite(amount) && amount >= 0 && (limit.tokens ? total < limit.max : fitsUnder(total, amount, limit.max));
      return fits ? step(i + 1) : { limit, match: ruleMatch(limit, 'limit', 'deny') };
    });
  };
  return step(0);
}

/** Counts an event unconditionally: a call a human approved still counts toward the window. */
export function chargeLimits(
  store: PolicyStore, limits: readonly CompiledLimit[] | undefined, activation: Activation, event: PolicyEventInput, now: number,
  amountOverride?: number,
): Awaitable<unknown> {
  const applied = charges(limits, activation, event).map((charge) => {
    const amount = amountOverride ?? charge.amount;
    return Number.isFinite(amount) && amount > 0 ? store.consume(charge.key, amount, charge.limit.window, now) : 0;
  });
  return applied.some((r) => r instanceof Promise) ? Promise.all(applied) : undefined;
}
