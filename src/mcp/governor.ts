/**
 * The gateway's pipeline applied to MCP: the same policy engine, detectors and notices as the
 * LLM path, on MCP's shapes. tools/list shows an agent only the tools its policy admits;
 * tools/call is decided with its arguments (and what detectors find in them) before it
 * reaches the server; what the tool returns passes data protection and injection defence,
 * then policy (`tool.result`), before the agent sees it. A refusal is a tool result with
 * `isError: true`, which a model reads and can explain, rather than a protocol error.
 */
import type { NeutralizeStyle } from '../config/injection-schema.ts';
import { andThen, eachInOrder } from '../core/awaitable.ts';
import type { Decision } from '../core/decision.ts';
import { applyEdits, type Edit } from '../core/edits.ts';
import type { Exchange, Finding, Part } from '../core/exchange.ts';
import type { ExchangeContext, GuardInput } from '../core/guard.ts';
import type { DataProtectionGuard } from '../guards/data-protection.ts';
import type { InjectionGuard } from '../guards/injection.ts';
import type { ProvenanceMemory } from '../guards/agent-provenance.ts';
import { contentKeys, flaggedParts } from '../guards/argument-provenance.ts';
import { neutralizePart } from '../guards/neutralize.ts';
import { redactedResult, withheldCallNotice } from '../guards/policy-notices.ts';
import type { PolicyEngine } from '../policy/engine.ts';
import type { Awaitable } from '../policy/state/types.ts';
import { ruleMatch } from '../policy/rules.ts';
import type { PinnedTool, ToolPins } from './pinning.ts';
import { PROMPT_GET, promptParts, RESOURCE_READ, resourceParts, resultParts } from './result-parts.ts';
import { KIND_LISTS } from './inventory/definition.ts';
import { definitions, type SessionTools } from './session-tools.ts';
import type { McpRecord } from './record.ts';
import type { RequestContext } from './http/endpoint.ts';

export interface McpGuards {
  readonly engine: PolicyEngine;
  readonly pins: ToolPins;
  readonly data?: DataProtectionGuard;
  readonly injection?: InjectionGuard;
  /** Who supplied the values of the agents' calls: what the gateway relayed to them, and their conversations (agent-provenance.ts). */
  readonly provenance: ProvenanceMemory;
  readonly neutralize: NeutralizeStyle;
}

/** Who is asking, in the terms the policy engine and guards share with the LLM path. */
export interface McpCaller {
  readonly record: McpRecord;
  readonly clientAddress: string;
  /** The policy session (RequestContext.policySessionId). */
  readonly sessionId: string;
  /** The session the agent named with its session header, whose conversation at the LLM door its calls are judged against. */
  readonly namedSessionId?: string;
  /** The session's pinned view of its server's tools. */
  readonly tools: SessionTools;
}

/** The caller of a request that came through the HTTP endpoint. */
export function httpCaller(record: McpRecord, context: RequestContext, tools: SessionTools): McpCaller {
  const { clientAddress, policySessionId, namedSessionId } = context;
  return { record, clientAddress, sessionId: policySessionId, ...(namedSessionId === undefined ? {} : { namedSessionId }), tools };
}

type ToolList = { tools?: { name?: unknown }[] } & Record<string, unknown>;
export type CallResult = Record<string, unknown>;

/**
 * Why what a resource read or a prompt returned was withheld (a class, so no server's result can
 * pass for one); answered as a JSON-RPC error, since neither result has an error shape of its own.
 */
export class WithheldRead {
  readonly reason: string;
  constructor(reason: string) {
    this.reason = reason;
  }
}

const toolError = (text: string): CallResult => ({ content: [{ type: 'text', text }], isError: true });
const withheldRead = (reason: string) => new WithheldRead(reason);

export class McpGovernor {
  private readonly guards: McpGuards;

  constructor(guards: McpGuards) {
    this.guards = guards;
  }

  /**
   * The tools this agent may use, and nothing else: definitions not approved are quarantined,
   * and tools the agent's policy does not admit are left out, so the model never learns of them.
   */
  filterTools(caller: McpCaller, result: ToolList, complete: boolean): ToolList {
    const { engine, pins } = this.guards;
    const { record } = caller;
    const principal = record.principal;
    if (principal === undefined || !Array.isArray(result.tools)) return result;
    const listed = definitions(result.tools);
    const pinned = new Map(caller.tools.review(listed, complete).map((t) => [t.name, t]));
    const held = listed.filter((tool) => !pins.admits(pinned.get(tool.name)?.status ?? 'new'));
    if (held.length > 0) record.policy.push(quarantineDecision(engine, 'mcp.list', held.map((t) => pinned.get(t.name) as PinnedTool)));
    const admitted = listed.filter((tool) => !held.includes(tool));
    const kept = admitted.filter((tool) => engine.mayOffer(principal, tool.name, record.server));
    // A poisoned description can name where to send things: what it names is no one's the agent trusts.
    for (const tool of kept) {
      if (typeof tool.description === 'string') this.guards.provenance.rememberRelayed(principal.agentId, contentKeys(tool.description), 'tools', false);
    }
    if (kept.length < admitted.length) {
      record.policy.push(engine.strippedTools(admitted.filter((t) => !kept.includes(t)).map((t) => t.name), 'mcp.list'));
    }
    return kept.length === result.tools.length ? result : { ...result, tools: kept };
  }

  /**
   * A resources or resource-templates list as the agent may see it: empty when its allow-list
   * and allow rules do not let it read this server's resources at all (`resources.read`), so,
   * as with tools, it does not learn what it could not read. Per-URI rules still decide each read.
   */
  filterResources(caller: McpCaller, result: Record<string, unknown>, field: 'resources' | 'resourceTemplates'): Record<string, unknown> {
    const { record } = caller;
    const principal = record.principal;
    if (principal === undefined || !Array.isArray(result[field]) || (result[field] as unknown[]).length === 0) return result;
    if (this.guards.engine.mayOffer(principal, RESOURCE_READ, record.server)) return result;
    record.policy.push(this.guards.engine.strippedTools([RESOURCE_READ], 'mcp.list'));
    return { ...result, [field]: [] };
  }

  /**
   * A prompts or resource-templates list as the agent may see it: definitions not approved are
   * hidden, as quarantined tools are (policy's allow-lists are about tools, so nothing else is
   * filtered here). `list` is the session's view of that kind.
   */
  filterListed(caller: McpCaller, list: SessionTools, result: Record<string, unknown>, complete: boolean): Record<string, unknown> {
    const { engine, pins } = this.guards;
    const field = KIND_LISTS[list.kind];
    if (!Array.isArray(result[field])) return result;
    const listed = definitions(result[field]);
    const pinned = new Map(list.review(listed, complete).map((d) => [d.name, d]));
    const held = listed.filter((d) => !pins.admits(pinned.get(d.name)?.status ?? 'new'));
    if (held.length === 0) return result;
    caller.record.policy.push(quarantineDecision(engine, 'mcp.list', held.map((d) => pinned.get(d.name) as PinnedTool)));
    return { ...result, [field]: listed.filter((d) => !held.includes(d)) };
  }

  /** Why a prompt may not be fetched (not listed, or not approved), or undefined when it may. */
  promptRefusal(caller: McpCaller, prompts: SessionTools, name: string): string | undefined {
    const { engine, pins } = this.guards;
    const prompt = prompts.get(name);
    const status = prompt === undefined ? undefined : pins.statusOf(caller.record.server, name, prompt.hash, 'prompt');
    if (prompt !== undefined && status !== undefined && pins.admits(status)) return undefined;
    const decision = prompt === undefined
      ? pinDecision(engine, 'mcp.call', 'deny', `the server '${caller.record.server}' does not list a prompt '${name}'`)
      : quarantineDecision(engine, 'mcp.call', [{ ...prompt, status: status ?? prompt.status }]);
    caller.record.policy.push(decision);
    caller.record.outcome = prompt === undefined ? 'denied' : 'quarantined';
    return `[Portcullis] The prompt '${name}' was refused: ${decision.reason}.`;
  }

  /** A tool reaches the server only in a definition that was listed and approved. */
  pinRefusal(caller: McpCaller, name: string): CallResult | undefined {
    const { engine, pins } = this.guards;
    const tool = caller.tools.get(name);
    if (tool === undefined) {
      const reason = `the server '${caller.record.server}' does not list a tool '${name}'`;
      caller.record.policy.push(pinDecision(engine, 'mcp.call', 'deny', reason, name));
      return toolError(`[Portcullis] The call to tool '${name}' was refused: ${reason}.`);
    }
    const status = pins.statusOf(caller.record.server, name, tool.hash);
    if (pins.admits(status)) return undefined;
    const decision = quarantineDecision(engine, 'mcp.call', [{ ...tool, status }]);
    caller.record.policy.push(decision);
    caller.record.outcome = 'quarantined';
    return toolError(`[Portcullis] The call to tool '${name}' was refused: ${decision.reason}.`);
  }

  /** undefined: forward the call; otherwise the tool error the agent gets instead. */
  judgeCall(caller: McpCaller, name: string, args: unknown): Awaitable<CallResult | undefined> {
    return andThen(this.callRefusal(caller, name, args), (refused) => (refused === undefined ? undefined : toolError(refused)));
  }

  /**
   * A resource read, judged as a call of the tool `resources.read` with `{uri}` as its
   * arguments, so the agent's allow-list and call rules decide it like any call: an agent
   * reads resources only where it is allowed to. undefined: forward it; else why not.
   */
  judgeRead(caller: McpCaller, uri: string): Awaitable<string | undefined> {
    return this.callRefusal(caller, RESOURCE_READ, { uri });
  }

  /** What the tool returned, as the agent may see it. */
  inspectResult(caller: McpCaller, name: string, args: unknown, result: CallResult): Awaitable<CallResult> {
    return this.inspect(caller, name, args, result, resultParts(result), toolError);
  }

  /**
   * What a resource read returned, as the agent may see it: its text contents pass the same
   * detectors and `tool.result` rules as a tool's result (tool `resources.read`, `args.uri`).
   * Withheld: a WithheldRead, which the caller answers as a JSON-RPC error.
   */
  inspectResource(caller: McpCaller, uri: string, result: CallResult): Awaitable<CallResult | WithheldRead> {
    return this.inspect(caller, RESOURCE_READ, { uri }, result, resourceParts(result), withheldRead);
  }

  /**
   * What an approved prompt returned, as the agent may see it. A prompt's messages go straight
   * into the agent's conversation, written by the server: they pass the same detectors and
   * `tool.result` rules as a tool's result (tool `prompts.get`, `args.name` and `args.arguments`),
   * so an injection in them is flagged and neutralized, and data in them protected.
   */
  inspectPrompt(caller: McpCaller, name: string, args: unknown, result: CallResult): Awaitable<CallResult | WithheldRead> {
    return this.inspect(caller, PROMPT_GET, { name, arguments: args }, result, promptParts(result), withheldRead);
  }

  private callRefusal(caller: McpCaller, name: string, args: unknown): Awaitable<string | undefined> {
    const { record } = caller;
    const argumentsText = args === undefined ? '' : JSON.stringify(args);
    const findings: Finding[] = this.guards.data?.scan(argumentsText).map((d) => ({ ...d, partIndex: -1 })) ?? [];
    // Each value only a tool's output (or a description) supplied, as with a call the model proposes at the LLM door.
    const agent = record.principal?.agentId;
    const judged = agent === undefined ? undefined : this.guards.provenance.judgeCall(agent, name, argumentsText, caller.namedSessionId);
    return andThen(judged, (provenance) => {
      if (provenance !== undefined) findings.push(...provenance.verdict.findings);
      record.findings.push(...findings);
      const untrustedArgs = provenance?.verdict.names ?? [];
      const decision = this.decide(caller, {
        kind: 'mcp.call', tool: { name, server: record.server }, argumentsText, findings,
        ...(untrustedArgs.length === 0 ? {} : { untrustedArgs }),
        ...(provenance?.unasked === true ? { untrustedAction: true } : {}),
      });
      return andThen(decision, (d) => (d.action === 'deny' || d.action === 'approve' ? withheldCallNotice(name, d) : undefined));
    });
  }

  private inspect<Refused>(
    caller: McpCaller, name: string, args: unknown, result: CallResult, parts: Part[], refuse: (text: string) => Refused,
  ): Awaitable<CallResult | Refused> {
    const { record } = caller;
    if (parts.length === 0) return result;
    const exchange: Exchange = {
      protocol: 'mcp', direction: 'response', model: '', stream: false, parts, messageCount: 1, toolDefinitions: [], toolCalls: [],
    };
    const input = this.guardInput(caller, exchange);
    const edits: Edit[] = [];
    const dataVerdict = this.guards.data?.onRequest(input);
    if (dataVerdict !== undefined && 'deny' in dataVerdict) {
      record.findings.push(...(exchange.findings ?? []));
      return refuse(`[Portcullis] The result of '${name}' was withheld: ${dataVerdict.deny.message}`);
    }
    if (dataVerdict !== undefined) edits.push(...dataVerdict.edits);
    this.guards.injection?.onRequest(input);
    const findings = exchange.findings ?? [];
    record.findings.push(...findings);
    const decision = this.decide(caller, {
      kind: 'tool.result', tool: { name, server: record.server }, argumentsText: args === undefined ? '' : JSON.stringify(args), findings,
    });
    return andThen(decision, (d) => {
      if (d.action === 'deny' || d.action === 'redact') return refuse(redactedResult(d));
      if (d.action === 'neutralize') {
        for (const [index, found] of Map.groupBy(findings, (f) => f.partIndex)) {
          edits.push(...neutralizePart(parts[index] as Part, found, this.guards.neutralize, d.matches[0]?.id ?? 'default'));
        }
      }
      // Remembered before the agent has it (a shared memory's write awaited), so its next call, whichever replica takes it, is judged by it.
      return andThen(this.remember(caller, parts, findings), () => {
        if (edits.length === 0) return result;
        const copy = structuredClone(result);
        applyEdits(copy, edits);
        return copy;
      });
    });
  }

  /** The identifiers of what reaches the agent, for the provenance of its later calls (flagged: an injection or hidden text was found in it). */
  private remember(caller: McpCaller, parts: readonly Part[], findings: readonly Finding[]): Awaitable<void> {
    const agent = caller.record.principal?.agentId;
    if (agent === undefined) return undefined;
    const flagged = flaggedParts(findings);
    return eachInOrder([...parts.keys()], (index) =>
      this.guards.provenance.rememberRelayed(agent, contentKeys((parts[index] as Part).text), 'indirect', flagged.has(index)));
  }

  private decide(
    caller: McpCaller,
    what: { kind: 'mcp.call' | 'tool.result'; tool: { name: string; server: string }; argumentsText: string; findings: Finding[]; untrustedArgs?: readonly string[]; untrustedAction?: boolean },
  ): Awaitable<Decision> {
    const { record } = caller;
    const principal = record.principal;
    if (principal === undefined) throw new Error('an MCP request is decided only once its agent is known');
    const decision = this.guards.engine.decide({
      ...what, principal, sessionId: caller.sessionId, request: { ip: caller.clientAddress, headers: {} },
    });
    return andThen(decision, (d) => {
      record.policy.push(d);
      return d;
    });
  }

  private guardInput(caller: McpCaller, exchange: Exchange): GuardInput {
    const context: ExchangeContext = { clientAddress: caller.clientAddress, requestHeaders: {}, policy: caller.record.policy, sessionId: caller.sessionId };
    return { principal: caller.record.principal as NonNullable<McpRecord['principal']>, exchange, requestId: caller.record.requestId, context };
  }
}

/** Why definitions were withheld: new or changed since approval, with what the scan saw in them. */
function quarantineDecision(engine: PolicyEngine, event: 'mcp.list' | 'mcp.call', tools: readonly PinnedTool[]): Decision {
  const describe = (t: PinnedTool) => {
    const seen = [...new Set(t.poisoning.map((p) => p.type))];
    return `'${t.name}' (${t.status === 'changed' ? 'changed since it was approved' : 'not approved yet'}${seen.length === 0 ? '' : `; scan: ${seen.join(', ')}`})`;
  };
  const reason = `quarantined until approved (portcullis tools approve): ${tools.map(describe).join(', ')}`;
  return pinDecision(engine, event, event === 'mcp.list' ? 'redact' : 'deny', reason, event === 'mcp.call' ? tools[0]?.name : undefined);
}

function pinDecision(engine: PolicyEngine, event: 'mcp.list' | 'mcp.call', action: 'deny' | 'redact', reason: string, tool?: string): Decision {
  const match = ruleMatch({ id: 'tool-pinning', reason, severity: 'high', tags: {} }, 'default', action);
  const decision: Decision = { event, action, reason, matches: [match], monitored: [], policyVersion: engine.current.version };
  return tool === undefined ? decision : { ...decision, tool };
}
