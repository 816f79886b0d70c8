/**
 * The event the policy engine judges: one of llm.request, llm.response, tool.call,
 * tool.result, mcp.list or mcp.call, with who, what and where. Protocol-free: the guard
 * (LLM traffic) and the MCP proxy build these from their own exchanges.
 */
import type { PolicyEventKind } from '../core/decision.ts';
import type { Finding, Principal } from '../core/exchange.ts';
import type { ProviderInfo } from '../core/guard.ts';
import { canonicalJson } from './state/canonical.ts';

export interface PolicyEventInput {
  readonly kind: PolicyEventKind;
  readonly principal: Principal;
  readonly model?: string;
  readonly provider?: ProviderInfo;
  /** The tool a call, result or listing concerns. `server` is absent at the LLM layer. */
  readonly tool?: { readonly name: string; readonly server?: string };
  /** A call's arguments as proposed (a JSON object text; empty means no arguments). */
  readonly argumentsText?: string;
  readonly findings?: readonly Finding[];
  /**
   * A proposed call's arguments (top-level names) that carry a value only untrusted content
   * supplied: a tool result, a retrieved document, a tool description (guards/argument-provenance.ts).
   */
  readonly untrustedArgs?: readonly string[];
  /**
   * A proposed call whose action only untrusted content asked for: its tool's verb is written
   * in a tool result or document, and no word of its name in the user's own words (guards/action-provenance.ts).
   */
  readonly untrustedAction?: boolean;
  readonly sessionId?: string;
  /** The client's address and the allow-listed request headers (lowercase names). */
  readonly request?: { readonly ip: string; readonly headers: Readonly<Record<string, string>> };
  /**
   * Content judged before: a tool result the agent sends again with the rest of the
   * conversation. Its rules apply again, so what was redacted or neutralized stays so in every
   * later turn, but limits, counters and taints are not charged twice.
   */
  readonly replay?: boolean;
  /** Milliseconds since the epoch; defaults to now (fixtures and tests pin it). */
  readonly now?: number;
}

/** Events that concern one tool call; admission by allow-list applies to these. */
export function isCallEvent(kind: PolicyEventKind): boolean {
  return kind === 'tool.call' || kind === 'mcp.call';
}

/** Tool arguments as rules see them: a JSON object, or an error saying why not. */
export function parseArguments(text: string | undefined): { args: Record<string, unknown> } | { error: string } {
  if (text === undefined || text.trim() === '') return { args: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { error: 'the tool call arguments are not valid JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { error: 'the tool call arguments are not a JSON object' };
  }
  // JSON.parse keeps the last of repeated keys; a tool may keep the first, so rules would judge
  // other values than the tool acts on. The strict reader approvals bind with refuses them.
  if (colonCount(text) > keyCount(value, 0) && canonicalJson(text) === undefined) {
    return { error: 'the tool call arguments repeat a key (or nest too deeply)' };
  }
  return { args: value as Record<string, unknown> };
}

/**
 * Every key written in the text is followed by a ':', so when the text has no more colons than
 * the parsed value has keys, no key was repeated and the slower strict reader is not needed.
 */
function colonCount(text: string): number {
  let count = 0;
  for (let at = text.indexOf(':'); at !== -1; at = text.indexOf(':', at + 1)) count++;
  return count;
}

/** Keys in a parsed JSON value; -Infinity past the depth the strict reader accepts (it then decides). */
function keyCount(value: unknown, depth: number): number {
  if (typeof value !== 'object' || value === null) return 0;
  if (depth > 256) return -Infinity;
  let count = 0;
  if (Array.isArray(value)) {
    for (const item of value) count += keyCount(item, depth + 1);
    return count;
  }
  for (const key of Object.keys(value)) count += 1 + keyCount((value as Record<string, unknown>)[key], depth + 1);
  return count;
}
