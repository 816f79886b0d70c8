import type { GatewayError } from '../core/errors.ts';
import type { Exchange, Protocol, ToolCall, Usage } from '../core/exchange.ts';

/** The gateway APIs a provider can serve; a route lands only on a provider that serves its API. */
export type GatewayApi = 'chat' | 'responses' | 'messages';

/** An error body in a protocol's native shape, ready to write. */
export interface RenderedError {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Consumes one server-sent event of a response stream and accumulates the response. */
export interface StreamDecoder {
  /** `data` is the event's data field; `event` its event name ('' when absent). */
  onEvent(event: string, data: string): void;
  /** The response assembled so far (complete once the stream has ended). */
  result(): Exchange;
}

/** A proposed tool call the gateway keeps from the agent, and the text the agent sees instead. */
export interface WithheldToolCall {
  /** The call's `ToolCall.index` (wire order among the response's tool calls). */
  readonly index: number;
  /** Readable notice that takes the call's place: what was withheld and why. */
  readonly notice: string;
}

/**
 * Decides one complete proposed tool call: undefined lets it through, a string withholds
 * it and is the notice the agent reads instead. May be asynchronous (shared counters,
 * approvals); the gate keeps the stream's order while it waits.
 */
export type ToolCallDecider = (call: ToolCall) => string | undefined | Promise<string | undefined>;

/** Where a tool-call gate writes the agent-bound bytes. */
export interface GateOutput {
  write(bytes: string | Buffer): void;
}

/**
 * Holds back streamed tool calls until each is complete and decided. Everything else in the
 * stream passes through as it arrives (byte for byte while nothing was withheld). A withheld
 * call is replaced by its notice as text, and the rest of the stream is adjusted so the
 * official SDKs still accept it (indices, finish/stop reasons, final snapshots).
 */
export interface ToolCallGate {
  push(chunk: Buffer): void;
  /** Upstream ended; resolves once everything, including held events, has been written. */
  end(): Promise<void>;
}

/** Where the text being rewritten sits, which decides how a replacement must be written. */
export interface TextRewriteContext {
  /**
   * True for a tool call's arguments as raw JSON text (Chat `function.arguments`, Responses
   * `arguments`, Anthropic `partial_json`). A placeholder's characters need no JSON escaping,
   * so it appears literally in such text and is found as in plain text; the original put in
   * its place must however be written as JSON string content (escaped as JSON.stringify
   * escapes it, see escapeJsonText), so the arguments stay valid JSON. False for decoded
   * text, including string values of an already parsed tool input.
   */
  readonly inJson: boolean;
}

/**
 * Rewrites text the model produced (restores tokenized values). `rewrite` maps a complete
 * piece of text to its replacement; it is only ever given whole pieces (no placeholder
 * split across calls), which `holdBack` makes possible.
 */
export interface TextRewriter {
  /**
   * How many trailing characters of `text` might be the start of something to rewrite and
   * must be held until more text arrives (an unclosed "<PERSON_"). Held text comes back,
   * with what followed it, in a later call; at the end of the text it is rewritten as is.
   */
  holdBack(text: string): number;
  rewrite(text: string, context: TextRewriteContext): string;
}

/**
 * Rewrites the text of one streamed response. Events without model text pass through byte
 * for byte; a text delta carries the rewritten text minus a held-back tail, which joins the
 * next delta of the same text, or is written in a delta of its own just before the event
 * that ends the text. Like a ToolCallGate, its input and its output are SSE bytes, so one
 * can feed the other (the rewriter first: text-rewrite.ts says why).
 */
export interface TextRewriteStream {
  push(chunk: Buffer): void;
  /** Upstream ended: held text is written; resolves once everything has been written. */
  end(): Promise<void>;
}

/** What a request's decoding includes beyond every message, tool call and tool definition. */
export interface DecodeOptions {
  /** The tools' descriptions as `tool_description` parts (exchange-builder.ts decodeToolDefinitions). */
  readonly toolDescriptions?: boolean;
}

/**
 * A protocol adapter is the only code that knows a wire format. It turns a decoded JSON
 * body into an Exchange, renders gateway errors the way that protocol's SDKs expect, and
 * says where on the provider the request goes.
 */
export interface ProtocolAdapter {
  readonly protocol: Protocol;
  readonly api: GatewayApi;
  /** Path appended to the provider's base URL (which follows the protocol SDK's convention). */
  readonly upstreamPath: string;
  /** Throws GatewayError('invalid_request') when the body is not a request of this protocol. */
  decodeRequest(body: unknown, options?: DecodeOptions): Exchange;
  /**
   * Text that occurs in every response (JSON or stream) carrying a tool call, so a response
   * without it can be recorded without decoding. False positives only cost a decode.
   */
  readonly toolCallMarker: string;
  /** Usage read from a raw response (a JSON body, or a whole SSE stream's text) without decoding it. */
  summarizeUsage(raw: Buffer): Usage | undefined;
  /**
   * The id under which the provider stored the response, for a later request to continue from
   * (the Responses API's), read from the first bytes of a JSON body or stream without decoding it.
   */
  storedResponseId?(head: Buffer): string | undefined;
  decodeResponse(body: unknown, request: Exchange): Exchange;
  createStreamDecoder(request: Exchange): StreamDecoder;
  renderError(error: GatewayError, requestId: string): RenderedError;
  /**
   * Rewrites a decoded JSON response in place so the withheld calls are gone and their
   * notices are text the agent reads; finish/stop reasons follow (no call left: a normal stop).
   */
  withholdToolCalls(body: unknown, withheld: readonly WithheldToolCall[]): void;
  /** A gate for one streamed response to `request`. */
  createToolCallGate(request: Exchange, decide: ToolCallDecider, out: GateOutput): ToolCallGate;
  /**
   * Rewrites, in place, every text the model produced in a decoded JSON response: message
   * text (and refusals) and every proposed tool call's arguments (raw JSON text is rewritten
   * with `inJson`; Anthropic's parsed `tool_use.input` has its strings rewritten, keys too).
   * Reasoning/thinking is left alone: it is signed or encrypted and goes back to the provider.
   */
  rewriteResponseText(body: unknown, rewriter: TextRewriter): void;
  /** A text rewriter for one streamed response to `request`, writing to `out`. */
  createTextRewriteStream(request: Exchange, rewriter: TextRewriter, out: GateOutput): TextRewriteStream;
  /**
   * Removes tool definitions (by `ToolDefinition.messageIndex`) from a decoded request in
   * place, keeping it valid: a tool_choice naming a removed tool, and settings that need a
   * non-empty tool list, go with them.
   */
  removeToolDefinitions(body: unknown, indices: readonly number[]): void;
}
