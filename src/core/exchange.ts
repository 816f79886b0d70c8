/**
 * The normalized exchange: the one shape every protocol adapter decodes into, and the only
 * shape guards, detectors, policy and the ledger ever see. Adapters are the only code that
 * knows a wire format (OpenAI Chat Completions, OpenAI Responses, Anthropic Messages, MCP).
 */

/** The calling agent, resolved from its gateway key. */
export interface Principal {
  readonly agentId: string;
  readonly team: string;
  readonly env: string;
  readonly tier: string;
  readonly clearances: readonly string[];
  /** A short, non-secret identifier of the key used (safe for logs). */
  readonly keyId: string;
}

export type Protocol = 'openai-chat' | 'openai-responses' | 'anthropic-messages' | 'mcp';
export type Direction = 'request' | 'response';

/** The injection channels policy tells apart (see Finding.channel). */
export const FINDING_CHANNELS = ['direct', 'documents', 'indirect', 'tools'] as const;
export type FindingChannel = (typeof FINDING_CHANNELS)[number];

/** Where a piece of content came from; drives which detectors and thresholds apply. */
export type PartSource =
  | 'system'
  | 'user'
  | 'assistant'
  | 'tool_result'
  | 'tool_description'
  | 'retrieved_document';

/**
 * One piece of text-bearing content. `path` locates it in the wire body (JSON pointer-like
 * array) so an adapter can rewrite exactly that piece and nothing else.
 */
export interface Part {
  readonly source: PartSource;
  /** Index of the message (or input item) this part belongs to, in wire order. */
  readonly messageIndex: number;
  readonly text: string;
  readonly path: readonly (string | number)[];
  /** For tool results: the id of the tool call they answer. */
  readonly toolCallId?: string;
}

/** A tool call proposed by a model, assembled from streamed deltas where needed. */
export interface ToolCall {
  readonly id: string;
  readonly name: string;
  /** Arguments exactly as the model produced them (a JSON text). */
  readonly argumentsText: string;
  /** Index of the call among the response's tool calls (wire order). */
  readonly index: number;
}

/** A tool the agent offers to the model in its request. */
export interface ToolDefinition {
  readonly name: string;
  readonly description: string;
  readonly messageIndex: number;
}

/**
 * Something a detector found in a part. Types use Presidio's entity names where one exists
 * (US_SSN, CREDIT_CARD, IBAN_CODE, PERSON, ...), else PROMPT_INJECTION, SECRET_*.
 * Findings carry locations, never the matched text.
 */
export interface Finding {
  readonly detector: string;
  readonly type: string;
  /** Index into the exchange's `parts`; start/end are UTF-16 offsets in that part's text. */
  readonly partIndex: number;
  readonly start: number;
  readonly end: number;
  /** Confidence in [0, 1]. */
  readonly score: number;
  /**
   * Injection findings: whether the text was written to the model directly (system and user
   * messages), sits in a document pasted or retrieved into such a message, arrived from
   * elsewhere (tool results), or came with the tools the agent offers (their descriptions),
   * which policy tells apart.
   */
  readonly channel?: FindingChannel;
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
}

export interface Exchange {
  readonly protocol: Protocol;
  readonly direction: Direction;
  readonly model: string;
  readonly stream: boolean;
  /** Every message's text-bearing content, in order; not only the last message. */
  readonly parts: Part[];
  readonly messageCount: number;
  readonly toolDefinitions: ToolDefinition[];
  /** Tool calls proposed by the model (response direction), or replayed in history (request). */
  readonly toolCalls: ToolCall[];
  usage?: Usage;
  /** Why the model stopped, in the protocol's own words (e.g. "tool_calls", "end_turn"). */
  stopReason?: string;
  /** What detectors found in `parts`, once they ran (none configured: absent). */
  findings?: Finding[];
  /** The request is a turn of a conversation the provider stores (the Responses API's). */
  readonly stored?: StoredTurn;
}

/**
 * A turn of a conversation the provider stores (the Responses API's `store`,
 * `previous_response_id` and `conversation`). A turn that continues one carries only its new
 * items: its earlier turns are not in `parts`, and provenance reads it on top of what it kept of
 * them, found by these keys.
 */
export interface StoredTurn {
  /** The stored turn it continues: `response:<previous_response_id>`, else `conversation:<id>`; absent in a first turn. */
  readonly continues?: string;
  /** The conversation it is a turn of (`conversation:<id>`), which a later turn continues from wherever it ended. */
  readonly conversation?: string;
  /** The provider keeps this turn (`store` is not false): a later one may continue from its response. */
  readonly kept: boolean;
}

