/**
 * Which conversation an MCP call came from, without the agent saying so: the call an agent makes
 * at the MCP door is, most of the time, exactly the call its model proposed at the LLM door a
 * moment before. So the LLM door remembers each proposed call by its arguments (canonical JSON,
 * hashed) with the conversation it was judged in, and the MCP door looks its call up by its own
 * arguments. One agent key serving several users at once then has each MCP call judged by the
 * words of the user whose model proposed it, with no session header.
 *
 * The tool's name is compared loosely (agent frameworks prefix MCP tools: `emr__export_records`,
 * `mcp__emr__export_records`); the arguments exactly. When several conversations proposed the
 * same call, the MCP door cannot tell whose it is, and takes the verdict that trusts least.
 */
import { canonicalJson } from '../policy/state/canonical.ts';
import type { CallProvenance } from './agent-provenance.ts';
import { keyHash } from './key-hash.ts';

/** The hashed canonical form of a call's arguments; undefined for arguments that are not JSON. */
export function callKey(argumentsText: string): number | undefined {
  const canonical = argumentsText.trim() === '' ? '{}' : canonicalJson(argumentsText);
  return canonical === undefined ? undefined : keyHash(`\u0003${canonical}`);
}

/** Conversations kept per proposed call, the newest. */
export const MAX_PROPOSERS = 4;

const SEPARATORS = new Set(['_', '.', '/', ':', '-']);

/** Whether an MCP tool's name and the name a model called a tool by name the same tool: equal, or one ends with the other after a separator. */
export function sameTool(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  return short !== '' && long.endsWith(short) && SEPARATORS.has(long[long.length - short.length - 1] as string);
}

/** Of a call judged against each candidate conversation, the verdict that trusts least: the most untrusted arguments, and unasked if any says so. */
export function leastTrusting(judged: readonly CallProvenance[]): CallProvenance {
  let worst = judged[0] as CallProvenance;
  let unasked = false;
  for (const one of judged) {
    if (one.verdict.names.length > worst.verdict.names.length) worst = one;
    unasked ||= one.unasked;
  }
  return unasked === worst.unasked ? worst : { verdict: worst.verdict, unasked };
}
