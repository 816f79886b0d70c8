/**
 * What the policy engine concluded about one event, and why. Decisions are recorded for
 * every governed event, allows included: an auditor asks not only what was stopped but
 * that everything else was checked. They hold ids, reasons and versions, never content.
 */
export type PolicyEventKind = 'llm.request' | 'llm.response' | 'tool.call' | 'tool.result' | 'mcp.list' | 'mcp.call';

/**
 * allow: proceed; deny: refuse; approve: held for a human; redact: proceed with content
 * removed; neutralize: proceed with injected passages replaced by a notice (and, per the
 * injection config, the untrusted content spotlighted).
 */
export type DecisionAction = 'allow' | 'deny' | 'approve' | 'redact' | 'neutralize';

/** Where a match came from: a configured rule or limit, or a built-in check. */
export type MatchSource = 'rule' | 'limit' | 'allowlist' | 'default' | 'kill_switch' | 'approval';

export interface RuleMatch {
  readonly id: string;
  readonly source: MatchSource;
  /** What this match asks for (for monitor-mode matches: what it would have done). */
  readonly action: DecisionAction | 'monitor';
  readonly reason: string;
  readonly severity: string;
  readonly tags: Readonly<Record<string, readonly string[]>>;
  /** Set when the rule's condition failed to evaluate; the rule then failed closed. */
  readonly error?: string;
}

export interface ApprovalRef {
  readonly id: string;
  readonly status: 'pending' | 'approved' | 'denied' | 'expired';
  readonly expiresAt: number;
  readonly decidedBy?: string;
}

export interface Decision {
  readonly event: PolicyEventKind;
  readonly action: DecisionAction;
  /** The reason of the match that decided, or why the default applied. */
  readonly reason: string;
  /** Enforced matches behind the action, deciding match first. */
  readonly matches: readonly RuleMatch[];
  /** Monitor-mode and monitor-action matches: recorded, not enforced. */
  readonly monitored: readonly RuleMatch[];
  /** Content hash of the policy that decided (`sha256:` + hex). */
  readonly policyVersion: string;
  /** The tool the event concerns, if any. */
  readonly tool?: string;
  readonly approval?: ApprovalRef;
  /** Taint labels this event added to its session. */
  readonly taints?: readonly string[];
  /** A proposed call's arguments (names, never values) that carry a value only untrusted content supplied. */
  readonly untrustedArgs?: readonly string[];
  /** A proposed call whose action only untrusted content asked for (never which words). */
  readonly untrustedAction?: true;
}
