/**
 * The policy engine at the LLM layer. On a request: the request itself (llm.request), every
 * tool result the agent brings back since the model last spoke (tool.result), and the tool
 * definitions offered (a tool the agent may not use is stripped, so the model never learns
 * it). On a response: each proposed tool call (tool.call) before the agent sees it, and the
 * response (llm.response) when rules look at responses. Every decision, allows included, is
 * recorded on the exchange.
 */
import type { Decision } from '../core/decision.ts';
import type { Edit } from '../core/edits.ts';
import { GatewayError } from '../core/errors.ts';
import type { Exchange, Finding, Part } from '../core/exchange.ts';
import type { Guard, GuardInput, GuardVerdict, ToolCallInput, ToolCallVerdict } from '../core/guard.ts';
import { andThen, eachInOrder } from '../core/awaitable.ts';
import type { PolicyEngine } from '../policy/engine.ts';
import type { PolicyEventInput } from '../policy/event.ts';
import { sessionIdFor } from '../policy/session-id.ts';
import { transformText } from '../detect/transform.ts';
import type { Awaitable } from '../policy/state/types.ts';
import { deniedRequest, redactedResult, withheldCallNotice } from './policy-notices.ts';

/** Finds sensitive data in a text (the detectors, when configured). */
export type TextScanner = (text: string) => readonly { detector: string; type: string; start: number; end: number; score: number }[];

export class PolicyGuard implements Guard {
  readonly name = 'policy';
  private readonly engine: PolicyEngine;
  private readonly scan: TextScanner | undefined;

  constructor(engine: PolicyEngine, scan?: TextScanner) {
    this.engine = engine;
    this.scan = scan;
  }

  /** Responses are decoded for this guard only when some rule looks at them. */
  get inspectsResponses(): boolean {
    return this.engine.current.rules.has('llm.response');
  }

  onRequest(input: GuardInput): Awaitable<GuardVerdict> {
    const { context, exchange, principal } = input;
    const policy = this.engine.current;
    if (policy.usesSessions) context.sessionId ??= sessionIdFor(principal.agentId, context.requestHeaders, policy.sessions.header, exchange);
    const judged = andThen(this.judge(input, { kind: 'llm.request', findings: exchange.findings }), (decision) => {
      if (decision.action === 'deny') return { deny: deniedRequest(decision) };
      const edits = decision.action === 'redact' ? redactFindings(exchange.parts, exchange.findings) : [];
      return andThen(this.judgeToolResults(input, edits), (denied) =>
        denied ?? { edits, removeToolDefinitions: this.forbiddenDefinitions(input) });
    });
    return andThen(judged, (verdict) =>
      verdict !== undefined && 'edits' in verdict && verdict.edits.length === 0 && verdict.removeToolDefinitions?.length === 0
        ? undefined : verdict);
  }

  onToolCall(input: ToolCallInput): Awaitable<ToolCallVerdict> {
    const { call } = input;
    // What the model put in the arguments (an account number, a patient's name) is a finding of the call.
    const findings: Finding[] | undefined = this.scan?.(call.argumentsText).map((d) => ({ ...d, partIndex: -1 }));
    const decision = this.judge(input, {
      kind: 'tool.call', tool: { name: call.name }, argumentsText: call.argumentsText, ...(findings === undefined ? {} : { findings }),
    });
    return andThen(decision, (d) => (d.action === 'allow' || d.action === 'redact' ? undefined : withheldCallNotice(call.name, d)));
  }

  onResponse(input: GuardInput): Awaitable<GuardVerdict> {
    if (!this.inspectsResponses) return undefined;
    return andThen(this.judge(input, { kind: 'llm.response', findings: input.exchange.findings }), (decision) => {
      if (decision.action === 'deny') return { deny: deniedRequest(decision) };
      if (decision.action === 'redact') return { edits: redactFindings(input.exchange.parts, input.exchange.findings) };
      return undefined;
    });
  }

  /** Charges a finished exchange's tokens to the agent's token budgets. */
  chargeTokens(input: Omit<GuardInput, 'exchange' | 'requestId'> & { readonly tokens: number }): Awaitable<unknown> {
    return this.engine.chargeTokens(this.event(input, { kind: 'llm.request' }), input.tokens);
  }

  /** Tool results since the model's last turn: older ones were judged when they were new. */
  private judgeToolResults(input: GuardInput, edits: Edit[]): Awaitable<GuardVerdict> {
    const { exchange } = input;
    const fresh = freshToolResults(exchange);
    if (fresh.length === 0) return undefined;
    const calls = new Map(exchange.toolCalls.map((call) => [call.id, call]));
    let denied: GuardVerdict;
    const done = eachInOrder(fresh, ({ part, index }) => {
      if (denied !== undefined) return undefined;
      const call = part.toolCallId === undefined ? undefined : calls.get(part.toolCallId);
      const findings = exchange.findings?.filter((f) => f.partIndex === index);
      const event = {
        kind: 'tool.result' as const,
        tool: { name: call?.name ?? '' },
        argumentsText: call?.argumentsText ?? '',
        ...(findings === undefined ? {} : { findings }),
      };
      return andThen(this.judge(input, event), (decision) => {
        if (decision.action === 'deny') denied = { deny: deniedRequest(decision) };
        else if (decision.action === 'redact') edits.push({ op: 'replace', path: part.path, value: redactedResult(decision) });
      });
    });
    return andThen(done, () => denied);
  }

  /** Indices of offered tools the agent may not use. */
  private forbiddenDefinitions({ exchange, principal, context }: GuardInput): number[] {
    const forbidden: number[] = [];
    for (const tool of exchange.toolDefinitions) {
      if (!this.engine.mayOffer(principal, tool.name)) forbidden.push(tool.messageIndex);
    }
    if (forbidden.length > 0) {
      const names = exchange.toolDefinitions.filter((t) => forbidden.includes(t.messageIndex)).map((t) => t.name);
      context.policy.push(this.engine.strippedTools(names));
    }
    return forbidden;
  }

  private judge(input: Omit<GuardInput, 'exchange' | 'requestId'>, what: Partial<PolicyEventInput> & Pick<PolicyEventInput, 'kind'>): Awaitable<Decision> {
    return andThen(this.engine.decide(this.event(input, what)), (decision) => {
      input.context.policy.push(decision);
      return decision;
    });
  }

  private event(input: Omit<GuardInput, 'exchange' | 'requestId'>, what: Partial<PolicyEventInput> & Pick<PolicyEventInput, 'kind'>): PolicyEventInput {
    const { context, principal } = input;
    const request = context.request;
    return {
      principal,
      ...(request === undefined ? {} : { model: request.model }),
      ...(context.providerInfo === undefined ? {} : { provider: context.providerInfo }),
      ...(context.sessionId === undefined ? {} : { sessionId: context.sessionId }),
      request: { ip: context.clientAddress, headers: this.allowedHeaders(context.requestHeaders) },
      ...what,
    };
  }

  private allowedHeaders(headers: GuardInput['context']['requestHeaders']): Record<string, string> {
    const out: Record<string, string> = {};
    for (const name of this.engine.current.requestHeaders) {
      const value = headers[name];
      if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    return out;
  }
}

/** Tool-result parts after the last assistant message, with their index in `parts`. */
function freshToolResults(exchange: Exchange): { part: Part; index: number }[] {
  let lastAssistant = -1;
  for (const part of exchange.parts) if (part.source === 'assistant') lastAssistant = Math.max(lastAssistant, part.messageIndex);
  const fresh: { part: Part; index: number }[] = [];
  exchange.parts.forEach((part, index) => {
    if (part.source === 'tool_result' && part.messageIndex > lastAssistant) fresh.push({ part, index });
  });
  return fresh;
}

/** Replaces every located finding with its type, e.g. "[US_SSN]" (the data-protection `mask` action). */
function redactFindings(parts: readonly Part[], findings: readonly Finding[] | undefined): Edit[] {
  if (findings === undefined || findings.length === 0) return [];
  const edits: Edit[] = [];
  for (const [index, found] of Map.groupBy(findings, (finding) => finding.partIndex)) {
    const part = parts[index];
    if (part === undefined) continue;
    const masked = transformText(part.text, [...found].sort((a, b) => a.start - b.start), () => 'mask');
    edits.push({ op: 'replace', path: part.path, value: masked.text });
  }
  return edits;
}
