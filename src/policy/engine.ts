/**
 * The policy engine: deterministic, explainable decisions. For one event it checks the kill
 * switches, evaluates the rules for that event, admits tools by allow-list (least privilege:
 * a call is denied unless an allow-list entry or an allow rule admits it), counts limits,
 * resolves approvals, and taints the session. Every decision names its matches, its reason
 * and the policy version. With the in-process store the whole decision is synchronous.
 */
import type { Decision, DecisionAction, RuleMatch } from '../core/decision.ts';
import type { Principal } from '../core/exchange.ts';
import { andThen } from '../core/awaitable.ts';
import type { Activation } from './cel/index.ts';
import { eventActivation } from './activation.ts';
import type { CompiledPolicy } from './compile.ts';
import { resolveHeldCall, type ApprovalListener } from './approvals.ts';
import { isCallEvent, parseArguments, type PolicyEventInput } from './event.ts';
import { chargeLimits, checkLimits, peekLimits } from './limits.ts';
import { evaluateRules, resolve, ruleMatch, stronger } from './rules.ts';
import { GLOBAL_SCOPE, type Awaitable, type KillSwitch, type PolicyStore, type SessionState } from './state/types.ts';

const NO_TAGS = {} as const;
const NO_SESSION: SessionState = { id: '', taints: [], counters: {} };

export interface PolicyEngineOptions {
  readonly store: PolicyStore;
  /** Called once for every approval request created (webhooks, logs). */
  readonly onApprovalRequested?: ApprovalListener;
}

/** Built-in matches, so every decision can name what produced it. */
const builtin = (id: string, source: RuleMatch['source'], action: RuleMatch['action'], reason: string): RuleMatch =>
  ruleMatch({ id, reason, severity: action === 'allow' ? 'info' : 'high', tags: NO_TAGS }, source, action);

export class PolicyEngine {
  private policy: CompiledPolicy;
  readonly store: PolicyStore;
  private readonly onApprovalRequested: ApprovalListener | undefined;

  constructor(policy: CompiledPolicy, options: PolicyEngineOptions) {
    this.policy = policy;
    this.store = options.store;
    this.onApprovalRequested = options.onApprovalRequested;
  }

  get current(): CompiledPolicy {
    return this.policy;
  }

  /** Swaps in a new policy (hot reload); decisions in flight finish on the one they started with. */
  replace(policy: CompiledPolicy): void {
    this.policy = policy;
  }

  decide(event: PolicyEventInput): Awaitable<Decision> {
    const policy = this.policy;
    const now = event.now ?? Date.now();
    const engaged = this.engagedKillSwitch(event.principal.agentId);
    if (engaged !== undefined) {
      const match = builtin('kill-switch', 'kill_switch', 'deny', `kill switch engaged by ${engaged.by}: ${engaged.reason}`);
      return decision(policy, event, 'deny', match.reason, [match], []);
    }
    // The common request, with nothing written for its event, is allowed without building anything.
    if (!isCallEvent(event.kind) && !policy.rules.has(event.kind) && !policy.limits.has(event.kind) && !policy.taints.has(event.kind)) {
      return decision(policy, event, 'allow', 'no rule applies to this event', [], []);
    }
    // Counted sessions count every allowed event; otherwise only events that read or taint a session look it up.
    const needsSession = policy.countsSessions || policy.sessionEvents.has(event.kind);
    const session = event.sessionId === undefined || !policy.usesSessions || !needsSession
      ? NO_SESSION : this.store.session(event.sessionId, policy.sessions.idleTtl, now);
    return andThen(session, (state) => this.decideIn(policy, event, state, now));
  }

  /**
   * Whether a tool may be offered to the model for this agent: its allow-list admits it, or
   * an allow rule admits it without looking at arguments. A tool that fails both is stripped
   * from the request; one that passes is still judged call by call.
   */
  mayOffer(principal: Principal, tool: string, server?: string): boolean {
    const policy = this.policy;
    if (policy.access.get(principal.agentId)?.admits(tool, policy.catalog.tagsOf(tool, server), server) !== undefined) return true;
    const kind = server === undefined ? 'tool.call' : 'mcp.call';
    const event: PolicyEventInput = { kind, principal, tool: server === undefined ? { name: tool } : { name: tool, server } };
    return evaluateRules(policy.rules.get(kind)?.forTool(tool), eventActivation(policy, event, {}, NO_SESSION)).allows.length > 0;
  }

  /** The decision recorded when offered tools are stripped from a request. */
  strippedTools(names: readonly string[], event: 'llm.request' | 'mcp.list' = 'llm.request'): Decision {
    const where = event === 'llm.request' ? 'the request' : 'the tool list';
    const reason = `tools not allowed for this agent were removed from ${where}: ${names.join(', ')}`;
    const match = builtin('tool-allowlist', 'allowlist', 'redact', reason);
    return { event, action: 'redact', reason, matches: [match], monitored: [], policyVersion: this.policy.version };
  }

  /** Charges model tokens to the token budgets that apply to a request (after its response). */
  chargeTokens(event: PolicyEventInput, tokens: number): Awaitable<unknown> {
    const policy = this.policy;
    const budgets = policy.limits.get('llm.request')?.filter((limit) => limit.tokens);
    if (budgets === undefined || budgets.length === 0 || !(tokens > 0)) return undefined;
    const activation = eventActivation(policy, event, {}, NO_SESSION);
    return chargeLimits(this.store, budgets, activation, event, event.now ?? Date.now(), tokens);
  }

  /** The global switch first, then the agent's own: either stops every action of the agent. */
  private engagedKillSwitch(agentId: string): KillSwitch | undefined {
    const global = this.store.killSwitch(GLOBAL_SCOPE);
    if (global?.engaged) return global;
    const agent = this.store.killSwitch(agentId);
    return agent?.engaged ? agent : undefined;
  }

  private decideIn(policy: CompiledPolicy, event: PolicyEventInput, session: SessionState, now: number): Awaitable<Decision> {
    const call = isCallEvent(event.kind);
    let args: Record<string, unknown> = {};
    if (call || event.kind === 'tool.result') {
      const parsed = parseArguments(event.argumentsText);
      if ('error' in parsed) {
        if (call) {
          const match = builtin('malformed-arguments', 'default', 'deny', parsed.error);
          return decision(policy, event, 'deny', parsed.error, [match], []);
        }
      } else args = parsed.args;
    }
    const activation = eventActivation(policy, event, args, session);
    const rules = evaluateRules(policy.rules.get(event.kind)?.forTool(event.tool?.name ?? ''), activation);
    const enforced = rules.enforced;
    if (call) {
      const tool = event.tool?.name ?? '';
      const server = event.tool?.server;
      const admittedBy = policy.access.get(event.principal.agentId)?.admits(tool, policy.catalog.tagsOf(tool, server), server);
      if (admittedBy === undefined && rules.allows.length === 0) {
        enforced.push(builtin('tool-allowlist', 'allowlist', 'deny', `tool '${tool}' is not in the allow-list of agent '${event.principal.agentId}'`));
      } else if (admittedBy !== undefined) {
        enforced.push(builtin(`allowlist:${admittedBy}`, 'allowlist', 'allow', `admitted by the allow-list entry '${admittedBy}'`));
      }
    }
    enforced.push(...rules.allows);
    const { action, ordered } = resolve(enforced);
    const reasonOf = (a: DecisionAction) => ordered.find((m) => m.action === a)?.reason ?? 'no rule applies';
    if (event.replay === true) return decision(policy, event, action, reasonOf(action), ordered, rules.monitored);
    if (action === 'deny') return decision(policy, event, 'deny', reasonOf('deny'), ordered, rules.monitored);
    if (action === 'approve') {
      return andThen(peekLimits(this.store, policy.limits.get(event.kind), activation, event, now), (over) => (over === undefined
        ? this.hold(policy, event, activation, ordered, rules.monitored, now, session)
        : decision(policy, event, 'deny', over.match.reason, [over.match, ...ordered], rules.monitored)));
    }

    return andThen(checkLimits(this.store, policy.limits.get(event.kind), activation, event, now), (limits) => {
      const monitored = [...rules.monitored, ...limits.monitored];
      if (limits.exceeded === undefined) return this.allowed(policy, event, activation, action, reasonOf(action), ordered, monitored, session, now);
      const matches = [limits.exceeded.match, ...ordered];
      const limitAction = stronger(action, limits.exceeded.limit.action);
      if (limitAction === 'approve') return this.hold(policy, event, activation, matches, monitored, now, session);
      return decision(policy, event, 'deny', limits.exceeded.match.reason, matches, monitored);
    });
  }

  /** A call held for approval: passes if an identical call was approved, else waits or is denied. */
  private hold(
    policy: CompiledPolicy, event: PolicyEventInput, activation: Activation, matches: RuleMatch[], monitored: RuleMatch[],
    now: number, session: SessionState,
  ): Awaitable<Decision> {
    const deciding = matches.filter((m) => m.action === 'approve');
    const held = {
      agentId: event.principal.agentId,
      tool: event.tool?.name ?? '',
      server: event.tool?.server,
      argumentsText: event.argumentsText ?? '',
      ruleIds: deciding.map((m) => m.id),
      reason: deciding[0]?.reason ?? 'this call needs human approval',
      untrustedArgs: event.untrustedArgs,
      untrustedAction: event.untrustedAction,
    };
    const outcome = resolveHeldCall(this.store, held, policy.approvals.ttl, now, this.onApprovalRequested);
    return andThen(outcome, (resolved) => {
      const approvalMatch = builtin(`approval:${resolved.approval.id}`, 'approval', resolved.action, resolved.reason);
      // Still pending: the rule that holds the call decides; otherwise the human's verdict does.
      const all = resolved.action === 'approve' ? [...matches, approvalMatch] : [approvalMatch, ...matches];
      if (resolved.action !== 'allow') {
        const reason = resolved.action === 'deny' ? resolved.reason : `${held.reason} (${resolved.reason})`;
        return decision(policy, event, resolved.action, reason, all, monitored, { approval: resolved.approval });
      }
      // Approved: hard (deny) limits still hold and count it; limits that asked for approval count it regardless.
      const limits = policy.limits.get(event.kind) ?? [];
      const hard = limits.filter((limit) => limit.action === 'deny');
      return andThen(checkLimits(this.store, hard, activation, event, now), (checked) => {
        if (checked.exceeded !== undefined) {
          const reason = `approved, but ${checked.exceeded.match.reason}`;
          return decision(policy, event, 'deny', reason, [checked.exceeded.match, ...all], monitored, { approval: resolved.approval });
        }
        const soft = limits.filter((limit) => limit.action === 'approve');
        return andThen(chargeLimits(this.store, soft, activation, event, now), () =>
          this.allowed(policy, event, activation, 'allow', resolved.reason, all, [...monitored, ...checked.monitored], session, now, resolved.approval));
      });
    });
  }

  /** An allowed (or redacted) event: the session takes the taints it carries. */
  private allowed(
    policy: CompiledPolicy, event: PolicyEventInput, activation: Activation, action: DecisionAction, reason: string,
    matches: RuleMatch[], monitored: RuleMatch[], session: SessionState, now: number, approval?: Decision['approval'],
  ): Awaitable<Decision> {
    const labels: string[] = [];
    for (const taint of policy.taints.get(event.kind) ?? []) {
      let applies: boolean;
      try {
        applies = taint.when.evaluate(activation) === true;
      } catch {
        applies = true; // a label that cannot be ruled out is added: taints only ever restrict
      }
      if (applies && !session.taints.includes(taint.label) && !labels.includes(taint.label)) labels.push(taint.label);
    }
    // The session was not looked up for this event (no condition of it reads the session): now a
    // label applies, so it is, and a label the session already has is not claimed again.
    if (labels.length > 0 && session === NO_SESSION && event.sessionId !== undefined && policy.usesSessions) {
      return andThen(this.store.session(event.sessionId, policy.sessions.idleTtl, now), (loaded) =>
        this.claim(policy, event, action, reason, matches, monitored, labels.filter((label) => !loaded.taints.includes(label)), now, approval));
    }
    return this.claim(policy, event, action, reason, matches, monitored, labels, now, approval);
  }

  /** The allowed event's decision, once its new labels are on the session and its counters counted. */
  private claim(
    policy: CompiledPolicy, event: PolicyEventInput, action: DecisionAction, reason: string,
    matches: RuleMatch[], monitored: RuleMatch[], labels: string[], now: number, approval?: Decision['approval'],
  ): Awaitable<Decision> {
    const extra = approval === undefined ? {} : { approval };
    // Without a session there is nowhere to keep a label, so none is claimed.
    const kept = event.sessionId === undefined ? [] : labels;
    const made = () => decision(policy, event, action, reason, matches, monitored, kept.length > 0 ? { ...extra, taints: kept } : extra);
    const id = event.sessionId;
    if (id === undefined) return made();
    const ttl = policy.sessions.idleTtl;
    const tainted = kept.length === 0 ? undefined : this.store.taint(id, kept, ttl, now);
    const counted = policy.countsSessions ? this.store.count(id, sessionCounterNames(event), ttl, now) : undefined;
    if (tainted instanceof Promise || counted instanceof Promise) return Promise.all([tainted, counted]).then(made);
    return made();
  }
}

/** What an allowed event adds 1 to: its kind, and for tool events its kind and tool ("tool.call:send_email"). */
function sessionCounterNames(event: PolicyEventInput): string[] {
  return event.tool === undefined ? [event.kind] : [event.kind, `${event.kind}:${event.tool.name}`];
}

function decision(
  policy: CompiledPolicy, event: PolicyEventInput, action: DecisionAction, reason: string,
  matches: readonly RuleMatch[], monitored: readonly RuleMatch[], extra: Partial<Pick<Decision, 'approval' | 'taints'>> = {},
): Decision {
  const base: Decision = { event: event.kind, action, reason, matches, monitored, policyVersion: policy.version, ...extra };
  const withTool = event.tool === undefined ? base : { ...base, tool: event.tool.name };
  const args = event.untrustedArgs ?? [];
  if (args.length === 0 && event.untrustedAction !== true) return withTool;
  return { ...withTool, ...(args.length === 0 ? {} : { untrustedArgs: args }), ...(event.untrustedAction === true ? { untrustedAction: true as const } : {}) };
}
