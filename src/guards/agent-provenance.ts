/**
 * Argument provenance at the MCP door (argument-provenance.ts is the LLM door's). The MCP proxy
 * sees the calls an agent makes and what they return, but not the agent's conversation: neither
 * the user's words that vouch for a value nor the tool results the agent brought from elsewhere.
 * So the gateway remembers per agent, as hashed keys (keyHash: numbers, never the addresses and
 * account numbers themselves):
 * - the conversation against which the LLM door last judged a call the model proposed, with who
 *   wrote each key (and, for action provenance, which untrusted texts wrote which action verbs,
 *   and the user's words as hashed stems). When the agent's model traffic passes through the
 *   gateway, the call the model proposed there is the call the agent makes here, and what the
 *   user said still vouches for it;
 * - the identifiers of what the MCP door relayed to the agent lately: tool results, resource
 *   reads and prompts (tool output), and the descriptions of the tools it listed;
 * - for the LLM door, what it read of each recent turn of a conversation the provider stores
 *   (the Responses API's), by its response's id and its conversation's: a later turn carries
 *   only its new items and names the turn it continues, so it is read on top of that one.
 *
 * A value of an MCP call is untrusted when nothing the user or the operator wrote holds it and
 * one of those does. An agent whose model traffic does not pass through the gateway has no
 * conversation here: a value the user typed and a tool result also held counts as the tool
 * result's (docs/policy.md measures what that costs), which is why rules on it ask a person.
 *
 * One agent key used by several conversations at once: an agent that names each conversation's
 * session with the session header (`x-portcullis-session`, the same value on its model calls and
 * its MCP calls) has its MCP calls judged against that session's conversation, and a
 * conversation judged under a named session vouches for no other session's calls. An agent that
 * names none has each MCP call judged against the conversation whose model proposed exactly
 * that call (proposed-calls.ts), and a call no conversation proposed against the latest one.
 * Relayed keys are every conversation's either way (a value another conversation's tool result
 * supplied is no more the user's for being relayed elsewhere). Stored turns are not shared: each
 * is found by the id its own continuation names.
 *
 * AgentProvenance keeps this memory in one process; shared-provenance.ts keeps it for replicas
 * (and `portcullis mcp wrap`) through Redis, with this as each one's fallback.
 */
import type { Awaitable } from '../core/awaitable.ts';
import type { FindingChannel } from '../core/exchange.ts';
import { untrustedAction } from './action-provenance.ts';
import { type ArgumentVerdict, type ConversationMemory, judgeArguments, type KeyLookup, type Origin } from './argument-provenance.ts';
import { callKey, leastTrusting, MAX_PROPOSERS, sameTool } from './proposed-calls.ts';

/** What the MCP door finds of a call's provenance: the values only untrusted content supplied, and whether only it asked for the action. */
export interface CallProvenance {
  readonly verdict: ArgumentVerdict;
  readonly unasked: boolean;
}

/**
 * Where both doors keep and read what provenance needs across requests: this process's memory
 * (AgentProvenance), or that memory shared by replicas through Redis (shared-provenance.ts),
 * whose calls may return Promises. None of them rejects: a memory that cannot be reached is
 * read as this process's own.
 */
export interface ProvenanceMemory {
  storedTurn(agent: string, key: string): Awaitable<ConversationMemory | undefined>;
  rememberStoredTurn(agent: string, keys: readonly string[], conversation: ConversationMemory): Awaitable<void>;
  rememberConversation(agent: string, conversation: ConversationMemory, session?: string): Awaitable<void>;
  rememberRelayed(agent: string, keys: readonly number[], channel: FindingChannel, flagged: boolean): Awaitable<void>;
  /** A call the LLM door let the agent have, with the conversation it was judged in (proposed-calls.ts). */
  rememberProposed(agent: string, toolName: string, argumentsText: string, conversation: ConversationMemory): Awaitable<void>;
  judgeCall(agent: string, toolName: string, argumentsText: string, session?: string): Awaitable<CallProvenance>;
}

export interface AgentProvenanceLimits {
  /** Keys kept over all agents (each a number in a Map entry, about 100 bytes); the agent used longest ago goes first. */
  readonly maxKeys: number;
  /** Relayed keys kept per agent, oldest out first. */
  readonly maxRelayedPerAgent: number;
  /** How long a relayed key counts: an MCP session's idle time, after which its results are old news. */
  readonly relayedMs: number;
  /** Keys of stored turns kept per agent for later turns to continue (a turn is kept under its response's id, and its conversation's), oldest out first. */
  readonly maxStoredPerAgent: number;
  /** Named sessions whose conversation is kept per agent, the one judged longest ago out first. */
  readonly maxSessionsPerAgent: number;
  /** Proposed calls kept per agent (by their arguments) for the MCP door to find their conversation, the oldest out first; each counts for relayedMs. */
  readonly maxProposedPerAgent: number;
}

export const DEFAULT_AGENT_PROVENANCE_LIMITS: AgentProvenanceLimits = {
  maxKeys: 262_144, maxRelayedPerAgent: 16_384, relayedMs: 30 * 60_000, maxStoredPerAgent: 64, maxSessionsPerAgent: 256, maxProposedPerAgent: 256,
};

interface Relayed extends Origin {
  at: number;
}

/** A call the LLM door let an agent have: the name the model called its tool by, the conversation, when. */
interface Proposed {
  readonly tool: string;
  readonly conversation: ConversationMemory;
  readonly at: number;
}

interface AgentMemory {
  /** Calls the LLM door let the agent have, by callKey, the oldest first. */
  readonly proposed: Map<number, Proposed[]>;
  /** The latest conversation judged without a named session. */
  conversation: ConversationMemory;
  /** Conversations judged under a named session, by its id, the one judged longest ago first. */
  readonly sessions: Map<string, ConversationMemory>;
  /** The named session of the latest conversation judged, if it had one. */
  latestSession: string | undefined;
  /** In the order last relayed: the first entries are the oldest. */
  readonly relayed: Map<number, Relayed>;
  /** Turns of conversations the provider stores, by the key a later turn continues from (StoredTurn), oldest first. */
  readonly stored: Map<string, ConversationMemory>;
}

export const NO_CONVERSATION: ConversationMemory = { origins: new Map(), askers: [], userWords: new Set() };
/** What a conversation weighs against maxKeys: each asker counts once, and once more per word it holds near a state word. */
const weightOf = (c: ConversationMemory) => c.origins.size + c.userWords.size + c.askers.reduce((sum, asker) => sum + 1 + asker.near.length, 0);
const totalWeight = (conversations: Iterable<ConversationMemory>) => {
  let weight = 0;
  for (const conversation of conversations) weight += weightOf(conversation);
  return weight;
};
/**
 * The conversation an MCP call is judged against. A call in a named session: that session's
 * conversation, or, when the LLM door judged none under it, the latest one judged under no name
 * (an agent that names sessions only on its MCP calls). A call that names none: the latest one
 * judged, named or not.
 */
function conversationFor(memory: AgentMemory, session: string | undefined): ConversationMemory {
  if (session !== undefined) return memory.sessions.get(session) ?? memory.conversation;
  return (memory.latestSession === undefined ? undefined : memory.sessions.get(memory.latestSession)) ?? memory.conversation;
}

const NOTHING: ArgumentVerdict = Object.freeze({ names: [], findings: [] }) as ArgumentVerdict;

/**
 * Who wrote a key of an MCP call's value: the user or operator when the conversation says so;
 * else the untrusted texts of the conversation and what was relayed to the agent (`relayed`,
 * those still counting), flagged when either was.
 */
function callLookup(conversation: ConversationMemory, relayed: (key: number) => Origin | undefined): KeyLookup {
  return (key) => {
    const said = conversation.origins.get(key);
    if (said?.trusted === true) return said;
    const found = relayed(key);
    if (said === undefined || found === undefined) return said ?? found;
    return { trusted: false, channel: said.channel, flagged: said.flagged || found.flagged };
  };
}

/**
 * An MCP call judged against a conversation and what was relayed (callLookup). Whether only
 * untrusted content asked for its action is read from the conversation alone: without one,
 * what the MCP door relays does not say what the user asked for.
 */
export function judgeCallAgainst(conversation: ConversationMemory, relayed: (key: number) => Origin | undefined, toolName: string, argumentsText: string): CallProvenance {
  return {
    verdict: judgeArguments(argumentsText, callLookup(conversation, relayed)),
    unasked: conversation !== NO_CONVERSATION && untrustedAction(toolName, argumentsText, conversation.askers, conversation.userWords) !== undefined,
  };
}

export class AgentProvenance implements ProvenanceMemory {
  /** In the order last used: the first agent is the one to forget. */
  private readonly agents = new Map<string, AgentMemory>();
  private keys = 0;
  private readonly limits: AgentProvenanceLimits;
  private readonly now: () => number;

  constructor(limits: Partial<AgentProvenanceLimits> = {}, now: () => number = Date.now) {
    this.limits = { ...DEFAULT_AGENT_PROVENANCE_LIMITS, ...limits };
    this.now = now;
  }

  /**
   * What was kept of the stored turn a request continues (StoredTurn.continues: the response it
   * names, or its conversation's latest turn), if the gateway read it: the agent's own, and no
   * other conversation's, however many it holds at once.
   */
  storedTurn(agent: string, key: string): ConversationMemory | undefined {
    return this.agents.get(agent)?.stored.get(key);
  }

  /** A turn of a conversation the provider stores, under the keys a later turn will name: its response's id, its conversation's. */
  rememberStoredTurn(agent: string, keys: readonly string[], conversation: ConversationMemory): void {
    if (keys.length === 0 || weightOf(conversation) > this.limits.maxKeys) return;
    const memory = this.memoryOf(agent);
    for (const key of keys) this.keepNewest(memory.stored, key, conversation, this.limits.maxStoredPerAgent);
    this.bound(agent);
  }

  /**
   * The conversation the LLM door judged the agent's latest proposed call against
   * (ConversationIdentifiers.memory), under the session the agent named for it, if it did.
   */
  rememberConversation(agent: string, conversation: ConversationMemory, session?: string): void {
    // One conversation heavier than all memory (a stored one continued for very long) is not kept:
    // its next turn is then read alone, as if the gateway had not seen the earlier ones.
    if (weightOf(conversation) > this.limits.maxKeys) conversation = NO_CONVERSATION;
    const memory = this.memoryOf(agent);
    memory.latestSession = session;
    if (session === undefined) {
      this.keys += weightOf(conversation) - weightOf(memory.conversation);
      memory.conversation = conversation;
    } else {
      this.keepNewest(memory.sessions, session, conversation, this.limits.maxSessionsPerAgent);
    }
    this.bound(agent);
  }

  /** Keys of something the MCP door relayed to the agent: tool output ('indirect') or a tool's description ('tools'). */
  rememberRelayed(agent: string, keys: readonly number[], channel: FindingChannel, flagged: boolean): void {
    if (keys.length === 0) return;
    const memory = this.memoryOf(agent);
    const at = this.now();
    for (const key of keys) {
      const known = memory.relayed.get(key);
      if (known !== undefined) memory.relayed.delete(key);
      else this.keys++;
      memory.relayed.set(key, { trusted: false, channel: known?.channel ?? channel, flagged: flagged || (known?.flagged ?? false), at });
    }
    let over = memory.relayed.size - this.limits.maxRelayedPerAgent;
    for (const key of memory.relayed.keys()) {
      if (over-- <= 0) break;
      memory.relayed.delete(key);
      this.keys--;
    }
    this.bound(agent);
  }

  /**
   * An MCP call's provenance, as far as the gateway saw the agent's inputs: its values that only
   * untrusted content supplied, and whether only such content asked for its action (by the
   * conversation the LLM door judged under the call's `session`, conversationFor).
   */
  judgeCall(agent: string, toolName: string, argumentsText: string, session?: string): CallProvenance {
    const memory = this.agents.get(agent);
    if (memory === undefined) return { verdict: NOTHING, unasked: false };
    const since = this.now() - this.limits.relayedMs;
    const relayed = (key: number) => {
      const found = memory.relayed.get(key);
      return found !== undefined && found.at >= since ? found : undefined;
    };
    // The session the call names, when the LLM door judged one under it; else the conversations
    // that proposed exactly this call; else the latest (conversationFor).
    const named = session === undefined ? undefined : memory.sessions.get(session);
    const key = named === undefined && memory.proposed.size > 0 ? callKey(argumentsText) : undefined;
    const proposers = key === undefined ? [] : (memory.proposed.get(key) ?? []).filter((p) => p.at >= since && sameTool(p.tool, toolName));
    const candidates = named !== undefined ? [named] : proposers.length > 0 ? proposers.map((p) => p.conversation) : [conversationFor(memory, session)];
    return leastTrusting(candidates.map((conversation) => judgeCallAgainst(conversation, relayed, toolName, argumentsText)));
  }

  rememberProposed(agent: string, toolName: string, argumentsText: string, conversation: ConversationMemory): void {
    // None kept (a gateway with no MCP door to look them up): not even the canonical form is worth computing.
    if (this.limits.maxProposedPerAgent === 0) return;
    const key = callKey(argumentsText);
    if (key !== undefined) this.rememberProposedKey(agent, key, toolName, conversation);
  }

  /** rememberProposed by the call's key (callKey), for a caller that has it already. */
  rememberProposedKey(agent: string, key: number, toolName: string, conversation: ConversationMemory): void {
    if (this.limits.maxProposedPerAgent === 0 || !this.fits(conversation)) return;
    const memory = this.memoryOf(agent);
    const earlier = memory.proposed.get(key) ?? [];
    memory.proposed.delete(key);
    const proposers = [...earlier.filter((p) => p.conversation !== conversation), { tool: toolName, conversation, at: this.now() }].slice(-MAX_PROPOSERS);
    this.keys += totalWeight(proposers.map((p) => p.conversation)) - totalWeight(earlier.map((p) => p.conversation));
    memory.proposed.set(key, proposers);
    let over = memory.proposed.size - this.limits.maxProposedPerAgent;
    for (const [oldest, dropped] of memory.proposed) {
      if (over-- <= 0) break;
      memory.proposed.delete(oldest);
      this.keys -= totalWeight(dropped.map((p) => p.conversation));
    }
    this.bound(agent);
  }

  /** judgeCall's values alone. */
  judge(agent: string, argumentsText: string, session?: string): ArgumentVerdict {
    return this.judgeCall(agent, '', argumentsText, session).verdict;
  }

  /** judgeCall's action alone: whether only untrusted content asked for the action of the agent's call to `toolName`. */
  judgeAction(agent: string, toolName: string, argumentsText: string, session?: string): boolean {
    return this.judgeCall(agent, toolName, argumentsText, session).unasked;
  }

  /** Whether a conversation is light enough to be kept at all (it weighs no more than all memory may). */
  fits(conversation: ConversationMemory): boolean {
    return weightOf(conversation) <= this.limits.maxKeys;
  }

  /** Keys held over all agents (for tests and metrics). */
  get size(): number {
    return this.keys;
  }

  private memoryOf(agent: string): AgentMemory {
    const memory = this.agents.get(agent) ?? { conversation: NO_CONVERSATION, sessions: new Map(), latestSession: undefined, relayed: new Map(), stored: new Map(), proposed: new Map() };
    // Most recently used last: a Map iterates in insertion order, so bound() forgets the first.
    this.agents.delete(agent);
    this.agents.set(agent, memory);
    return memory;
  }

  /**
   * Forgets the agents used longest ago until the keys fit; of the agent just served, its oldest
   * stored turns and the sessions judged longest ago (never the one just judged), and the rest
   * of what it holds is kept.
   */
  private bound(current: string): void {
    for (const [agent, memory] of this.agents) {
      if (this.keys <= this.limits.maxKeys) return;
      if (agent === current) {
        this.shed(memory.stored, 1);
        this.shed(memory.sessions, memory.latestSession === undefined ? 0 : 1);
        return;
      }
      this.agents.delete(agent);
      this.keys -= weightOf(memory.conversation) + memory.relayed.size + totalWeight(memory.stored.values()) + totalWeight(memory.sessions.values())
        + totalWeight([...memory.proposed.values()].flat().map((p) => p.conversation));
    }
  }

  /** Sets `key` as the newest of `conversations`, then drops the oldest past `max`. */
  private keepNewest(conversations: Map<string, ConversationMemory>, key: string, conversation: ConversationMemory, max: number): void {
    const known = conversations.get(key);
    if (known !== undefined) {
      conversations.delete(key);
      this.keys -= weightOf(known);
    }
    conversations.set(key, conversation);
    this.keys += weightOf(conversation);
    let over = conversations.size - max;
    for (const [oldest, dropped] of conversations) {
      if (over-- <= 0) break;
      conversations.delete(oldest);
      this.keys -= weightOf(dropped);
    }
  }

  /** Drops a map's oldest conversations until the keys fit or `keep` are left (the newest, which were just set). */
  private shed(conversations: Map<string, ConversationMemory>, keep: number): void {
    for (const [key, conversation] of conversations) {
      if (this.keys <= this.limits.maxKeys || conversations.size <= keep) return;
      conversations.delete(key);
      this.keys -= weightOf(conversation);
    }
  }
}
