/**
 * Turns the policy half of a validated config into what the engine runs: every CEL
 * condition compiled once, rules indexed by event, allow-lists and the tool catalog compiled,
 * and the policy version (a content hash) computed. Every CEL error in the file is reported
 * at once, located by key path and offset so the loader can point at file:line:column.
 */
import type { Config, LimitConfig, RuleConfig } from '../config/schema.ts';
import type { PolicyEventKind } from '../core/decision.ts';
import { CelCompileError, compileCondition, compileNumber, type CompiledExpression } from './cel/index.ts';
import { decisivePolicy, versionOf } from './source.ts';
import { RuleIndex } from './rule-index.ts';
import { ToolAccess, ToolCatalog } from './tools.ts';

export interface CompiledRule extends Omit<RuleConfig, 'when' | 'on'> {
  readonly on: readonly PolicyEventKind[];
  readonly when: CompiledExpression<boolean>;
}

export interface CompiledLimit extends Omit<LimitConfig, 'when' | 'on' | 'sum'> {
  readonly on: readonly PolicyEventKind[];
  readonly when: CompiledExpression<boolean>;
  readonly sum: CompiledExpression<number> | undefined;
}

export interface CompiledTaint {
  readonly label: string;
  readonly when: CompiledExpression<boolean>;
}

export interface CompiledPolicy {
  /** `sha256:` + hex over the canonical form of everything that can change a decision. */
  readonly version: string;
  readonly rules: ReadonlyMap<PolicyEventKind, RuleIndex<CompiledRule>>;
  readonly limits: ReadonlyMap<PolicyEventKind, readonly CompiledLimit[]>;
  readonly taints: ReadonlyMap<PolicyEventKind, readonly CompiledTaint[]>;
  readonly catalog: ToolCatalog;
  readonly access: ReadonlyMap<string, ToolAccess>;
  readonly sessions: Config['policy']['sessions'];
  readonly approvals: Config['policy']['approvals'];
  readonly requestHeaders: readonly string[];
  /** Whether anything reads or writes sessions; if nothing does, events skip session lookup. */
  readonly usesSessions: boolean;
  /** Whether any condition reads session.counters; only then are allowed events counted. */
  readonly countsSessions: boolean;
  /**
   * Events whose decision reads or writes session state (a taint, a session-scoped limit, a
   * condition that reads `session`). Others are decided without a session lookup, so a shared
   * store that is down costs only the decisions that need it.
   */
  readonly sessionEvents: ReadonlySet<PolicyEventKind>;
}

export interface PolicyIssue {
  /** Key path of the offending string in the config, e.g. ['policy', 'rules', 3, 'when']. */
  readonly path: readonly (string | number)[];
  /** UTF-16 offset of the problem inside that string. */
  readonly offset: number;
  readonly message: string;
}

export class PolicyCompileError extends Error {
  readonly issues: readonly PolicyIssue[];

  constructor(issues: readonly PolicyIssue[]) {
    super(`invalid policy:\n${issues.map((i) => `  ${i.path.join('.')} (at ${i.offset}): ${i.message}`).join('\n')}`);
    this.name = 'PolicyCompileError';
    this.issues = issues;
  }
}

export function compilePolicy(config: Config): CompiledPolicy {
  const issues: PolicyIssue[] = [];
  const compile = <T>(source: string, path: (string | number)[], how: (source: string) => CompiledExpression<T>): CompiledExpression<T> => {
    try {
      return how(source);
    } catch (error) {
      const offset = error instanceof CelCompileError ? error.offset : 0;
      issues.push({ path, offset, message: error instanceof Error ? error.message : String(error) });
      // Compilation goes on to report every error; nothing evaluates this placeholder.
      return undefined as unknown as CompiledExpression<T>;
    }
  };
  const policy = config.policy;
  const rules = policy.rules.map((rule, i): CompiledRule => ({
    ...rule, when: compile(rule.when, ['policy', 'rules', i, 'when'], compileCondition),
  }));
  const limits = policy.limits.map((limit, i): CompiledLimit => ({
    ...limit,
    when: compile(limit.when, ['policy', 'limits', i, 'when'], compileCondition),
    sum: limit.sum === undefined ? undefined : compile(limit.sum, ['policy', 'limits', i, 'sum'], compileNumber),
  }));
  const taints = policy.sessions.taints.map((taint, i) => ({
    on: taint.on, label: taint.label, when: compile(taint.when, ['policy', 'sessions', 'taints', i, 'when'], compileCondition),
  }));
  if (issues.length > 0) throw new PolicyCompileError(issues);
  return {
    version: policyVersion(config),
    rules: new Map([...byEvent(rules)].map(([event, list]) => [event, new RuleIndex(list)])),
    limits: byEvent(limits),
    taints: byEvent(taints),
    catalog: new ToolCatalog(config.tools),
    access: new Map(config.agents.map((agent) => [agent.id, new ToolAccess(agent.tools)])),
    sessions: policy.sessions,
    approvals: policy.approvals,
    requestHeaders: policy.requestHeaders,
    usesSessions: taints.length > 0 || policy.limits.some((limit) => limit.per.includes('session')) ||
      conditions(policy).some((source) => /\bsession\b/.test(source)),
    countsSessions: conditions(policy).some((source) => /\bsession\s*\.\s*counters\b/.test(source)),
    sessionEvents: sessionEvents(policy),
  };
}

function sessionEvents(policy: Config['policy']): Set<PolicyEventKind> {
  const reads = (source: string | undefined) => source !== undefined && /\bsession\b/.test(source);
  const events = new Set<PolicyEventKind>();
  // A taint whose condition does not read the session needs it only when it applies (engine.ts
  // looks the session up then): an llm.request taint would otherwise cost every request a lookup.
  for (const taint of policy.sessions.taints) if (reads(taint.when)) for (const event of taint.on) events.add(event);
  for (const limit of policy.limits) if (limit.per.includes('session') || reads(limit.when) || reads(limit.sum)) for (const event of limit.on) events.add(event);
  for (const rule of policy.rules) if (reads(rule.when)) for (const event of rule.on) events.add(event);
  return events;
}

/** Every CEL source in the policy. */
function conditions(policy: Config['policy']): string[] {
  return [
    ...policy.rules.map((r) => r.when),
    ...policy.limits.flatMap((l) => [l.when, l.sum ?? '']),
    ...policy.sessions.taints.map((t) => t.when),
  ];
}

function byEvent<T extends { readonly on: readonly PolicyEventKind[] }>(items: readonly T[]): Map<PolicyEventKind, T[]> {
  const map = new Map<PolicyEventKind, T[]>();
  for (const item of items) for (const event of item.on) map.set(event, [...(map.get(event) ?? []), item]);
  return map;
}

/**
 * The version names exactly what decides: rules, limits, sessions, approvals, the catalog,
 * and each agent's identity attributes and grants. Keys, URLs and server settings are left
 * out, so rotating a secret does not look like a policy change.
 */
export function policyVersion(config: Config): string {
  return versionOf(decisivePolicy(config));
}
