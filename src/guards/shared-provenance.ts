/**
 * Provenance memory shared by gateway replicas through Redis (`state.redis`), so that what one
 * replica learnt (the conversation the LLM door judged a call against, what the MCP door relayed
 * to an agent, a stored turn of a conversation the provider keeps) holds for the agent's next
 * request whichever replica serves it, and for a `portcullis mcp wrap` process beside the
 * gateway. Without it each replica judges by what it saw itself.
 *
 * Redis holds what the memory holds (provenance-codec.ts): hashed keys, the action verbs of the
 * tool-name lexicon and flags, never a value, an argument or a text; and the seed the replicas
 * hash with (key-hash.ts), without which no replica's keys would match another's. Every write goes to this
 * process's memory (AgentProvenance) too, and is awaited before the agent gets its answer, so a
 * replica that serves the agent's next request already finds it. A read that fails (Redis
 * down, slow, or a blob that does not decode) falls back to this process's memory and reports
 * the failure: the calls are judged as a lone replica would judge them, never refused for it
 * (the policy state store, which decides, fails closed on its own).
 *
 * Layout under the key prefix: `prov:seed` the hash seed the replicas share (key-hash.ts),
 * `prov:c:s:<session>` a named session's conversation (the session
 * id holds its agent), `prov:c:u:<agent>` the latest unnamed one, `prov:c:l:<agent>` which of
 * them was judged last; `prov:c:p:<agent>:<call>` the conversations that proposed a call (the
 * newest few, by the call's hashed arguments: proposed-calls.ts); `prov:t:<agent>:<key>` stored turns, indexed by `prov:ti:<agent>` (by
 * when they were kept, the oldest past maxStoredPerAgent dropped); `prov:r:<agent>:<bucket>`
 * relayed keys, a hash per time bucket of a third of relayedMs, a field per key holding its
 * channel, whether it was flagged, and when it was last relayed, the newest maxRelayedPerAgent
 * kept (`...:order`).
 */
import { Redis } from 'ioredis';
import type { Awaitable } from '../core/awaitable.ts';
import { FINDING_CHANNELS, type FindingChannel } from '../core/exchange.ts';
import { connectionOptions, detailOf, ready, shutdown } from '../policy/state/redis-support.ts';
import { AgentProvenance, type AgentProvenanceLimits, type CallProvenance, DEFAULT_AGENT_PROVENANCE_LIMITS, judgeCallAgainst, NO_CONVERSATION, type ProvenanceMemory } from './agent-provenance.ts';
import { type ConversationMemory, judgeArguments, type Origin } from './argument-provenance.ts';
import { adoptKeySeed, keySeed } from './key-hash.ts';
import { decodeConversation, encodeConversation } from './provenance-codec.ts';
import { callKey, leastTrusting, MAX_PROPOSERS, sameTool } from './proposed-calls.ts';

export interface SharedProvenanceOptions {
  readonly url: string;
  /** The policy state's prefix (`state.redis.keyPrefix`); keys go under `<prefix>prov:`. */
  readonly keyPrefix: string;
  readonly limits?: Partial<AgentProvenanceLimits>;
  /** How long a conversation is kept after the LLM door last judged a call in it (default 1 h). */
  readonly conversationMs?: number;
  /** How long a stored turn is kept for a later turn to continue (default 24 h). */
  readonly storedMs?: number;
  readonly connectTimeoutMs?: number;
  readonly commandTimeoutMs?: number;
  /** A read or write that failed (the calls go on with this process's memory); the reason never holds a stored value. */
  readonly onError?: (error: Error) => void;
  readonly now?: () => number;
}

/** The longest stored-turn key shared ('response:' or 'conversation:' and an id; providers' ids are tens of characters). */
const MAX_TURN_KEY = 256;
/** Relayed keys live in buckets of a third of relayedMs: a read looks at the four that can hold a key still counting. */
const BUCKETS = 3;

/**
 * KEYS: the named session's conversation (or the agent's "latest" pointer), the unnamed one.
 * ARGV: '1' when KEYS[1] is the pointer; the prefix of named sessions' keys. The conversation
 * conversationFor (agent-provenance.ts) would pick, after which it is: {'n', blob} the named
 * session's, {'f', blob} the fallback (the latest, or the unnamed), {'-'} none.
 */
const READ_CONVERSATION = `
if ARGV[1] == '1' then
  local latest = redis.call('GET', KEYS[1])
  if latest and latest ~= '' then
    local found = redis.call('GET', ARGV[2] .. latest)
    if found then return {'f', found} end
  end
else
  local named = redis.call('GET', KEYS[1])
  if named then return {'n', named} end
end
local unnamed = redis.call('GET', KEYS[2])
if unnamed then return {'f', unnamed} end
return {'-'}
`;

/**
 * KEYS: a relayed bucket (a hash: key -> channel digit, flagged digit, when) and its order (a
 * sorted set of the same keys by when each was last relayed, a sequence number kept in the
 * hash's '#' field). ARGV: max keys, pexpire ms, channel digit, flagged ('0'/'1'), now, then the
 * keys. A key already there keeps its channel (the first that relayed it), stays flagged once
 * flagged, and becomes the newest; past max keys the oldest go, as in this process's memory: a
 * flood of keys cannot keep a later one out.
 */
const RELAY = `
local base = redis.call('HINCRBY', KEYS[1], '#', #ARGV - 5) - (#ARGV - 5)
for i = 6, #ARGV do
  local old = redis.call('HGET', KEYS[1], ARGV[i])
  if old then
    local flagged = ARGV[4]
    if string.sub(old, 2, 2) == '1' then flagged = '1' end
    redis.call('HSET', KEYS[1], ARGV[i], string.sub(old, 1, 1) .. flagged .. ARGV[5])
  else
    redis.call('HSET', KEYS[1], ARGV[i], ARGV[3] .. ARGV[4] .. ARGV[5])
  end
  redis.call('ZADD', KEYS[2], base + i - 5, ARGV[i])
end
local over = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[1])
if over > 0 then
  local popped = redis.call('ZPOPMIN', KEYS[2], over)
  for j = 1, #popped, 2 do redis.call('HDEL', KEYS[1], popped[j]) end
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
return 1
`;

/** KEYS: the agent's stored-turn index. ARGV: pexpire ms, max turns, now, blob, then the turns' keys. */
const KEEP_TURN = `
for i = 5, #ARGV do
  redis.call('SET', ARGV[i], ARGV[4], 'PX', ARGV[1])
  redis.call('ZADD', KEYS[1], ARGV[3], ARGV[i])
end
local over = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[2])
if over > 0 then
  local popped = redis.call('ZPOPMIN', KEYS[1], over)
  for i = 1, #popped, 2 do redis.call('DEL', popped[i]) end
end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1
`;

interface Scripted extends Redis {
  portcullisReadConversationBuffer(latestOrNamed: string, unnamed: string, isPointer: string, sessionPrefix: string): Promise<Buffer[]>;
  portcullisRelay(bucket: string, order: string, ...args: (string | number)[]): Promise<number>;
  portcullisKeepTurn(index: string, ...args: (string | number | Buffer)[]): Promise<number>;
}

const digitOf = (channel: FindingChannel) => String(FINDING_CHANNELS.indexOf(channel));
const field = (key: number) => key.toString(36);

export class SharedProvenance implements ProvenanceMemory {
  readonly #client: Scripted;
  readonly #local: AgentProvenance;
  readonly #prefix: string;
  readonly #limits: AgentProvenanceLimits;
  readonly #conversationMs: number;
  readonly #storedMs: number;
  readonly #bucketMs: number;
  readonly #now: () => number;
  readonly #onError: (error: Error) => void;
  /** Whether this process hashes with the seed the replicas share: until then (or once that is lost) Redis is not used. */
  #agreed = false;
  #failures = 0;

  private constructor(options: SharedProvenanceOptions) {
    this.#limits = { ...DEFAULT_AGENT_PROVENANCE_LIMITS, ...options.limits };
    this.#now = options.now ?? Date.now;
    this.#local = new AgentProvenance(this.#limits, this.#now);
    this.#prefix = `${options.keyPrefix}prov:`;
    this.#conversationMs = options.conversationMs ?? 60 * 60_000;
    this.#storedMs = options.storedMs ?? 24 * 60 * 60_000;
    this.#bucketMs = Math.max(1, Math.ceil(this.#limits.relayedMs / BUCKETS));
    this.#onError = options.onError ?? (() => undefined);
    const client = new Redis(options.url, connectionOptions(options.connectTimeoutMs, options.commandTimeoutMs));
    client.defineCommand('portcullisReadConversation', { lua: READ_CONVERSATION, numberOfKeys: 2 });
    client.defineCommand('portcullisRelay', { lua: RELAY, numberOfKeys: 2 });
    client.defineCommand('portcullisKeepTurn', { lua: KEEP_TURN, numberOfKeys: 1 });
    client.on('error', (error: unknown) => this.#onError(new Error(`shared provenance (Redis): connection: ${detailOf(error)}`)));
    this.#client = client as Scripted;
  }

  /**
   * Connects within connectTimeoutMs and agrees on the deployment's hash seed (key-hash.ts), or
   * rejects (and closes). Call it before the process serves: a process that hashed with a seed
   * of its own cannot take up the deployment's.
   */
  static async connect(options: SharedProvenanceOptions): Promise<SharedProvenance> {
    const shared = new SharedProvenance(options);
    const limit = options.connectTimeoutMs ?? 2000;
    let timer: NodeJS.Timeout | undefined;
    try {
      const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no connection within ${limit} ms`)), limit)));
      await Promise.race([ready(shared.#client), deadline]);
      if (!(await Promise.race([shared.#agree(), deadline]))) throw new Error('this process already hashes with a seed other than the one the replicas share');
    } catch (error) {
      await shared.close();
      throw new Error(`shared provenance (Redis): connect failed: ${detailOf(error)}`);
    } finally {
      clearTimeout(timer);
    }
    // Redis may come back empty (restarted without persistence, flushed): this replica offers its
    // seed again, and if another replica's got there first the two cannot share, and say so.
    shared.#client.on('ready', () => {
      shared.#agree().then((agreed) => {
        if (!agreed) shared.#onError(new Error('shared provenance (Redis): the replicas no longer share one hash seed (Redis lost it); this replica judges by its own memory until it restarts'));
      }, () => undefined);
    });
    return shared;
  }

  /** Offers this process's seed (the first replica's stays) and adopts the one Redis holds; false when it cannot. */
  async #agree(): Promise<boolean> {
    const key = `${this.#prefix}seed`;
    await this.#client.set(key, keySeed(), 'NX');
    const seed = await this.#client.get(key);
    this.#agreed = seed !== null && adoptKeySeed(seed);
    return this.#agreed;
  }

  close(): Promise<void> {
    return shutdown(this.#client);
  }

  rememberConversation(agent: string, conversation: ConversationMemory, session?: string): Awaitable<void> {
    this.#local.rememberConversation(agent, conversation, session);
    // What the local memory keeps: a conversation heavier than all of it is not.
    const kept = this.#local.fits(conversation) ? conversation : NO_CONVERSATION;
    const blob = encodeConversation(kept);
    const key = session === undefined ? `${this.#prefix}c:u:${agent}` : `${this.#prefix}c:s:${session}`;
    return this.#write('remember a conversation', () => this.#client.multi()
      .set(key, blob, 'PX', this.#conversationMs)
      .set(`${this.#prefix}c:l:${agent}`, session ?? '', 'PX', this.#conversationMs)
      .exec().then(failedReply));
  }

  rememberRelayed(agent: string, keys: readonly number[], channel: FindingChannel, flagged: boolean): Awaitable<void> {
    this.#local.rememberRelayed(agent, keys, channel, flagged);
    if (keys.length === 0) return undefined;
    const now = this.#now();
    const bucket = `${this.#prefix}r:${agent}:${Math.floor(now / this.#bucketMs)}`;
    // Kept while a key in it can still count: relayedMs past the bucket's end, and a minute for clock skew.
    const ttl = this.#limits.relayedMs + this.#bucketMs + 60_000;
    // No more than a bucket holds (the local memory keeps the newest as well): one script never runs long.
    const kept = keys.length > this.#limits.maxRelayedPerAgent ? keys.slice(-this.#limits.maxRelayedPerAgent) : keys;
    return this.#write('remember relayed keys', () => this.#client.portcullisRelay(bucket, `${bucket}:order`, this.#limits.maxRelayedPerAgent, ttl, digitOf(channel), flagged ? '1' : '0', now, ...kept.map(field)));
  }

  rememberStoredTurn(agent: string, keys: readonly string[], conversation: ConversationMemory): Awaitable<void> {
    this.#local.rememberStoredTurn(agent, keys, conversation);
    keys = keys.filter((key) => key.length <= MAX_TURN_KEY);
    if (keys.length === 0 || !this.#local.fits(conversation)) return undefined;
    return this.#write('remember a stored turn', () => this.#client.portcullisKeepTurn(`${this.#prefix}ti:${agent}`,
      this.#storedMs, this.#limits.maxStoredPerAgent, this.#now(), encodeConversation(conversation), ...keys.map((key) => `${this.#prefix}t:${agent}:${key}`)));
  }

  rememberProposed(agent: string, toolName: string, argumentsText: string, conversation: ConversationMemory): Awaitable<void> {
    // The canonical form computed once, for both memories.
    const key = callKey(argumentsText);
    if (key === undefined) return undefined;
    this.#local.rememberProposedKey(agent, key, toolName, conversation);
    if (!this.#local.fits(conversation)) return undefined;
    const list = `${this.#prefix}c:p:${agent}:${field(key)}`;
    // The newest few, each as its tool's name, when, and the conversation.
    const entry = Buffer.concat([Buffer.from(`${toolName}\u0000${this.#now()}\u0000`, 'utf8'), encodeConversation(conversation)]);
    return this.#write('remember a proposed call', () => this.#client.multi()
      .lpush(list, entry).ltrim(list, 0, MAX_PROPOSERS - 1).pexpire(list, this.#limits.relayedMs)
      .exec().then(failedReply));
  }

  storedTurn(agent: string, key: string): Awaitable<ConversationMemory | undefined> {
    // An id no provider issues (the agent's request names it): not worth a round trip, nor a key in Redis.
    if (key.length > MAX_TURN_KEY) return this.#local.storedTurn(agent, key);
    return this.#read('read a stored turn', async () => {
      const blob = await this.#client.getBuffer(`${this.#prefix}t:${agent}:${key}`);
      return blob === null ? undefined : this.#decode(blob);
    }, () => this.#local.storedTurn(agent, key));
  }

  judgeCall(agent: string, toolName: string, argumentsText: string, session?: string): Awaitable<CallProvenance> {
    return this.#read('judge a call', async () => {
      const now = this.#now();
      const fields = argumentFields(argumentsText);
      const key = callKey(argumentsText);
      const pipeline = this.#client.pipeline();
      (pipeline as unknown as Scripted).portcullisReadConversationBuffer(
        session === undefined ? `${this.#prefix}c:l:${agent}` : `${this.#prefix}c:s:${session}`, `${this.#prefix}c:u:${agent}`, session === undefined ? '1' : '0', `${this.#prefix}c:s:`);
      pipeline.lrangeBuffer(key === undefined ? `${this.#prefix}c:p:-` : `${this.#prefix}c:p:${agent}:${field(key)}`, 0, -1);
      const current = Math.floor(now / this.#bucketMs);
      // Oldest bucket first, so a key's channel is the one that relayed it first.
      if (fields.length > 0) for (let b = current - BUCKETS; b <= current; b++) pipeline.hmget(`${this.#prefix}r:${agent}:${b}`, ...fields);
      const replies = failedReply(await pipeline.exec());
      const [which, blob] = (replies[0]?.[1] ?? []) as Buffer[];
      const found = blob === undefined ? NO_CONVERSATION : this.#decode(blob) ?? NO_CONVERSATION;
      const since = now - this.#limits.relayedMs;
      // As AgentProvenance.judgeCall: the named session's; else the conversations that proposed this call; else the fallback.
      const proposers = which?.toString() === 'n' ? [] : this.#proposers(replies[1]?.[1] as Buffer[], toolName, since);
      const candidates = which?.toString() === 'n' || proposers.length === 0 ? [found] : proposers;
      const relayed = new Map<number, Origin>();
      for (const [, values] of replies.slice(2)) {
        (values as (string | null)[]).forEach((value, i) => {
          const at = value === null ? NaN : Number(value.slice(2));
          const channel = value === null ? undefined : FINDING_CHANNELS[Number(value[0])];
          if (!(at >= since) || channel === undefined) return;
          const key = parseInt(fields[i] as string, 36);
          const known = relayed.get(key);
          relayed.set(key, { trusted: false, channel: known?.channel ?? channel, flagged: value![1] === '1' || (known?.flagged ?? false) });
        });
      }
      return leastTrusting(candidates.map((conversation) => judgeCallAgainst(conversation, (k) => relayed.get(k), toolName, argumentsText)));
    }, () => this.#local.judgeCall(agent, toolName, argumentsText, session));
  }

  /** The conversations of a proposed call's entries that still count and name the same tool. */
  #proposers(entries: readonly Buffer[], toolName: string, since: number): ConversationMemory[] {
    const out: ConversationMemory[] = [];
    for (const entry of entries) {
      const first = entry.indexOf(0);
      const second = first < 0 ? -1 : entry.indexOf(0, first + 1);
      if (second < 0) continue;
      const at = Number(entry.toString('utf8', first + 1, second));
      if (!(at >= since) || !sameTool(entry.toString('utf8', 0, first), toolName)) continue;
      const conversation = this.#decode(entry.subarray(second + 1));
      if (conversation !== undefined) out.push(conversation);
    }
    return out;
  }

  /** What this process holds (for tests and metrics). */
  get localSize(): number {
    return this.#local.size;
  }

  /** Whether reads and writes go to Redis now: connected, and hashing with the seed the replicas share (metrics). */
  get sharing(): boolean {
    return this.#agreed && this.#client.status === 'ready';
  }

  /** Reads and writes that failed since the start, or read a blob that did not decode (metrics). */
  get failures(): number {
    return this.#failures;
  }

  #decode(blob: Buffer): ConversationMemory | undefined {
    const conversation = decodeConversation(blob);
    if (conversation === undefined) {
      this.#failures++;
      this.#onError(new Error('shared provenance (Redis): a stored conversation does not decode; read as absent'));
    }
    return conversation;
  }

  #write(operation: string, remote: () => Promise<unknown>): Awaitable<void> {
    if (!this.#agreed) return undefined;
    return remote().then(() => undefined, (error: unknown) => {
      this.#failures++;
      this.#onError(new Error(`shared provenance (Redis): ${operation} failed: ${detailOf(error)}`));
    });
  }

  #read<T>(operation: string, remote: () => Promise<T>, local: () => T): Awaitable<T> {
    if (!this.#agreed) return local();
    return remote().catch((error: unknown) => {
      this.#failures++;
      this.#onError(new Error(`shared provenance (Redis): ${operation} failed, judged by this process's memory: ${detailOf(error)}`));
      return local();
    });
  }
}

/** A transaction's or pipeline's replies, or the first command's error thrown (exec resolves with them, it does not reject). */
function failedReply(replies: [Error | null, unknown][] | null): [Error | null, unknown][] {
  for (const [error] of replies ?? []) if (error !== null) throw error;
  return replies ?? [];
}

/** The fields (hashed keys, as judgeArguments looks them up) of every value of a call's arguments. */
function argumentFields(argumentsText: string): string[] {
  const keys = new Set<number>();
  judgeArguments(argumentsText, (key) => {
    keys.add(key);
    return undefined;
  });
  return [...keys].map(field);
}
