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
import type { Exchange, Finding, Part } from '../core/exchange.ts';
import type { ExchangeContext, Guard, GuardInput, GuardVerdict, ToolCallInput, ToolCallVerdict } from '../core/guard.ts';
import { andThen, eachInOrder } from '../core/awaitable.ts';
import type { PolicyEngine } from '../policy/engine.ts';
import type { PolicyEventInput } from '../policy/event.ts';
import { namedSessionId, sessionIdFor } from '../policy/session-id.ts';
import type { Awaitable } from '../policy/state/types.ts';
import type { NeutralizeStyle } from '../config/injection-schema.ts';
import { PROMPT_INJECTION } from '../policy/findings.ts';
import type { ProvenanceMemory } from './agent-provenance.ts';
import { type ConversationMemory, ConversationIdentifiers, keyWeight, readKeys, type TextKeys } from './argument-provenance.ts';
import { INVISIBLE_TEXT, neutralizePart } from './neutralize.ts';
import { RecentScans } from './recent-scans.ts';
import { deniedRequest, redactedResult, withheldCallNotice } from './policy-notices.ts';

/** Finds sensitive data in a text (the detectors, when configured). */
export type TextScanner = (text: string) => readonly { detector: string; type: string; start: number; end: number; score: number }[];

export interface PolicyGuardOptions {
  /** Scans proposed tool-call arguments, so rules see what a call would carry out. */
  readonly scan?: TextScanner;
  /** How a `neutralize` decision treats a tool result (the injection config). */
  readonly neutralize?: NeutralizeStyle;
  /** Where the conversation a call was judged against is kept for the agent's MCP calls (agent-provenance.ts). */
  readonly provenance?: ProvenanceMemory;
}

export class PolicyGuard implements Guard {
  readonly name = 'policy';
  private readonly engine: PolicyEngine;
  private readonly scan: TextScanner | undefined;
  private readonly style: NeutralizeStyle;
  private readonly provenance: ProvenanceMemory | undefined;
  /**
   * Each exchange's request, for the provenance of the calls its response proposes
   * (argument-provenance.ts): its identifiers are read once, when the first call is judged.
   */
  private readonly conversations = new WeakMap<object, { readonly request: Exchange; identifiers?: Awaitable<ConversationIdentifiers>; remembered?: Promise<void> | null }>();
  /**
   * The identifiers of texts read lately, per agent, as hashed keys (argument-provenance.ts):
   * agents resend their conversation with every request, so a turn reads only what is new.
   */
  private readonly recentKeys = new RecentScans<TextKeys>(keyWeight);

  constructor(engine: PolicyEngine, options: PolicyGuardOptions = {}) {
    this.engine = engine;
    this.scan = options.scan;
    this.style = options.neutralize ?? 'spotlight';
    this.provenance = options.provenance;
  }

  /** Responses are decoded for this guard only when some rule looks at them. */
  get inspectsResponses(): boolean {
    return this.engine.current.rules.has('llm.response');
  }

  onRequest(input: GuardInput): Awaitable<GuardVerdict> {
    const { context, exchange, principal } = input;
    const policy = this.engine.current;
    this.conversations.set(context, { request: exchange });
    if (policy.usesSessions) context.sessionId ??= sessionIdFor(principal.agentId, context.requestHeaders, policy.sessions.header, exchange);
    const judged = andThen(this.judge(input, { kind: 'llm.request', findings: exchange.findings }), (decision) => {
      if (decision.action === 'deny') return { deny: deniedRequest(decision) };
      const edits = decision.action === 'redact' ? redactFindings(exchange.parts, exchange.findings)
        : decision.action === 'neutralize' ? this.neutralizeAll(exchange, decision) : [];
      return andThen(this.judgeToolResults(input, edits), (denied) =>
        denied ?? { edits, removeToolDefinitions: this.forbiddenDefinitions(input) });
    });
    return andThen(judged, (verdict) =>
      verdict !== undefined && 'edits' in verdict && verdict.edits.length === 0 && verdict.removeToolDefinitions?.length === 0
        ? undefined : verdict);
  }

  onToolCall(input: ToolCallInput): Awaitable<ToolCallVerdict> {
    const agent = input.principal.agentId;
    return andThen(this.identifiersFor(input.context, agent), (conversation) => {
      // The call the agent may then make at the MCP door is this one: remembered with its conversation, so it is judged by it there.
      const remembered = conversation === undefined ? undefined
        : this.provenance?.rememberProposed(agent, input.call.name, input.call.argumentsText, conversation.memory);
      return andThen(remembered, () => this.judgeCall(input, conversation));
    });
  }

  private judgeCall(input: ToolCallInput, conversation: ConversationIdentifiers | undefined): Awaitable<ToolCallVerdict> {
    const { call } = input;
    // What the model put in the arguments (an account number, a patient's name) is a finding of
    // the call, and so is each value only a tool result or document supplied.
    const scanned: Finding[] = this.scan?.(call.argumentsText).map((d) => ({ ...d, partIndex: -1 })) ?? [];
    const provenance = conversation?.judge(call.argumentsText);
    // And whether only such content asked for the action at all ("delete all my e-mails").
    const unasked = conversation?.judgeAction(call.name, call.argumentsText) !== undefined;
    const findings = provenance === undefined || provenance.findings.length === 0 ? scanned : [...scanned, ...provenance.findings];
    const decision = this.judge(input, {
      kind: 'tool.call', tool: { name: call.name }, argumentsText: call.argumentsText,
      ...(this.scan === undefined && findings.length === 0 ? {} : { findings }),
      ...(provenance === undefined || provenance.names.length === 0 ? {} : { untrustedArgs: provenance.names }),
      ...(unasked ? { untrustedAction: true } : {}),
    });
    return andThen(decision, (d) => (d.action === 'deny' || d.action === 'approve' ? withheldCallNotice(call.name, d) : undefined));
  }

  onResponse(input: GuardInput): Awaitable<GuardVerdict> {
    if (!this.inspectsResponses) return undefined;
    return andThen(this.judge(input, { kind: 'llm.response', findings: input.exchange.findings }), (decision) => {
      if (decision.action === 'deny') return { deny: deniedRequest(decision) };
      if (decision.action === 'redact') return { edits: redactFindings(input.exchange.parts, input.exchange.findings) };
      return undefined;
    });
  }

  /**
   * The identifiers of the request a response's calls answer (undefined when no request was seen
   * for it), remembered for the MCP door as the conversation the agent's calls were last judged in.
   */
  private identifiersFor(context: ExchangeContext, agent: string): Awaitable<ConversationIdentifiers | undefined> {
    return andThen(this.readConversation(context, agent), (identifiers) => {
      const conversation = this.conversations.get(context);
      if (identifiers === undefined || this.provenance === undefined || conversation === undefined) return identifiers;
      // Once per exchange, however many calls its response proposes (with a shared memory, one
      // write), under the session the agent named: its MCP calls in that session are judged
      // against this conversation and no other.
      if (conversation.remembered === undefined) {
        conversation.remembered = this.provenance.rememberConversation(agent, identifiers.memory,
          namedSessionId(agent, context.requestHeaders, this.engine.current.sessions.header)) ?? null;
      }
      return conversation.remembered === null ? identifiers : conversation.remembered.then(() => identifiers);
    });
  }

  private readConversation(context: object, agent: string): Awaitable<ConversationIdentifiers | undefined> {
    const conversation = this.conversations.get(context);
    if (conversation === undefined) return undefined;
    if (conversation.identifiers === undefined) {
      const { request } = conversation;
      // A turn that continues a stored conversation is read on top of what was kept of the turn it names.
      const continues = request.stored?.continues;
      const earlier = continues === undefined ? undefined : this.provenance?.storedTurn(agent, continues);
      const read = (turn: ConversationMemory | undefined) => new ConversationIdentifiers(request,
        (text, reading) => this.recentKeys.get(`${agent}\u0000${reading}`, text, (t) => readKeys(t, reading)), turn);
      // Read once per exchange, however many calls its response proposes (a shared memory's turn once it arrives).
      conversation.identifiers = earlier instanceof Promise ? earlier.then((turn) => (conversation.identifiers = read(turn))) : read(earlier);
    }
    return conversation.identifiers;
  }

  /**
   * Once an exchange is over, a turn the provider keeps is read (if no call made it read already)
   * and remembered under its response's id and its conversation's: the next turn carries only its
   * own new items, and is read on top of this one. Off the agent's path: it has its answer.
   */
  storedTurnEnded(context: object, agent: string, responseId: string | undefined): Awaitable<void> {
    const stored = this.conversations.get(context)?.request.stored;
    if (this.provenance === undefined || stored?.kept !== true) return;
    const keys = [...(responseId === undefined ? [] : [`response:${responseId}`]), ...(stored.conversation === undefined ? [] : [stored.conversation])];
    if (keys.length === 0) return;
    const provenance = this.provenance;
    return andThen(this.readConversation(context, agent), (identifiers) =>
      (identifiers === undefined ? undefined : provenance.rememberStoredTurn(agent, keys, identifiers.memory)));
  }

  /** Charges a finished exchange's tokens to the agent's token budgets. */
  chargeTokens(input: Omit<GuardInput, 'exchange' | 'requestId'> & { readonly tokens: number }): Awaitable<unknown> {
    return this.engine.chargeTokens(this.event(input, { kind: 'llm.request' }), input.tokens);
  }

  /**
   * Every tool result in the request. Those since the model's last turn are new events; older
   * ones were judged when they were new and are replayed (rules only, nothing counted twice),
   * because the agent resends them each turn and what was withheld must stay withheld.
   */
  private judgeToolResults(input: GuardInput, edits: Edit[]): Awaitable<GuardVerdict> {
    const { exchange } = input;
    const results = toolResults(exchange);
    if (results.length === 0) return undefined;
    const calls = new Map(exchange.toolCalls.map((call) => [call.id, call]));
    let denied: GuardVerdict;
    const done = eachInOrder(results, ({ part, index, fresh }) => {
      if (denied !== undefined) return undefined;
      const call = part.toolCallId === undefined ? undefined : calls.get(part.toolCallId);
      const findings = exchange.findings?.filter((f) => f.partIndex === index);
      const event = {
        kind: 'tool.result' as const,
        tool: { name: call?.name ?? '' },
        argumentsText: call?.argumentsText ?? '',
        ...(findings === undefined ? {} : { findings }),
        ...(fresh ? {} : { replay: true }),
      };
      return andThen(this.engine.decide(this.event(input, event)), (decision) => {
        // A replayed allow says nothing new; anything else is recorded again because it acted again.
        if (fresh || decision.action !== 'allow') input.context.policy.push(decision);
        if (decision.action === 'deny') denied = { deny: deniedRequest(decision) };
        else if (decision.action === 'redact') edits.push({ op: 'replace', path: part.path, value: redactedResult(decision) });
        else if (decision.action === 'neutralize') edits.push(...neutralizePart(part, findings ?? [], this.style, decidingRule(decision)));
      });
    });
    return andThen(done, () => denied);
  }

  /**
   * A neutralize decision on a whole request: every part with an injection finding, but tool
   * results, which their own tool.result decisions neutralize (judgeToolResults; twice would
   * fence them twice).
   */
  private neutralizeAll(exchange: Exchange, decision: Decision): Edit[] {
    const edits: Edit[] = [];
    for (const [index, found] of Map.groupBy(exchange.findings ?? [], (finding) => finding.partIndex)) {
      const part = exchange.parts[index];
      if (part !== undefined && part.source !== 'tool_result' && found.some((f) => f.type === PROMPT_INJECTION || f.type === INVISIBLE_TEXT)) {
        edits.push(...neutralizePart(part, found, this.style, decidingRule(decision)));
      }
    }
    return edits;
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

/** Tool-result parts with their index in `parts`; fresh: after the model's last message. */
function toolResults(exchange: Exchange): { part: Part; index: number; fresh: boolean }[] {
  let lastAssistant = -1;
  for (const part of exchange.parts) if (part.source === 'assistant') lastAssistant = Math.max(lastAssistant, part.messageIndex);
  const results: { part: Part; index: number; fresh: boolean }[] = [];
  exchange.parts.forEach((part, index) => {
    if (part.source === 'tool_result') results.push({ part, index, fresh: part.messageIndex > lastAssistant });
  });
  return results;
}

const decidingRule = (decision: Decision): string => decision.matches.find((m) => m.action === decision.action)?.id ?? 'default';

/** Replaces every located finding with its type, e.g. "[US_SSN]" (the data-protection `mask` action). */
function redactFindings(parts: readonly Part[], findings: readonly Finding[] | undefined): Edit[] {
  const edits: Edit[] = [];
  for (const finding of findings ?? []) {
    const part = parts[finding.partIndex];
    if (part !== undefined) edits.push({ op: 'splice', path: part.path, start: finding.start, end: finding.end, value: `[${finding.type}]` });
  }
  return edits;
}
