import type { GateOutput, TextRewriteContext, TextRewriter, TextRewriteStream } from '../adapter.ts';
import { asArray, asObject, parseObject, type JsonObject } from '../decode-util.ts';
import { GateRunner, type FrameHandler } from '../gate-runner.ts';
import { formatFrame, type SseFrame } from '../sse-frames.ts';
import { HeldTexts, IN_JSON, PLAIN, rewriteField } from '../text-rewrite.ts';

/** A content part's text: output text or a refusal. */
function rewritePart(part: unknown, rewriter: TextRewriter): boolean {
  const p = asObject(part);
  if (p['type'] === 'output_text') return rewriteField(p, 'text', rewriter, PLAIN);
  if (p['type'] === 'refusal') return rewriteField(p, 'refusal', rewriter, PLAIN);
  return false;
}

/**
 * An output item's model text: a message's parts, a function call's arguments (raw JSON), a
 * custom tool call's input (free text). Reasoning items are left alone: their content goes
 * back to the provider, encrypted or summarized, as it came.
 */
function rewriteItem(item: unknown, rewriter: TextRewriter): boolean {
  const it = asObject(item);
  switch (it['type']) {
    case 'message': {
      let changed = false;
      for (const part of asArray(it['content'])) changed = rewritePart(part, rewriter) || changed;
      return changed;
    }
    case 'function_call':
      return rewriteField(it, 'arguments', rewriter, IN_JSON);
    case 'custom_tool_call':
      return rewriteField(it, 'input', rewriter, PLAIN);
    default:
      return false;
  }
}

/** A response object's output items, and `output_text` when present (the SDK's convenience field). */
function rewriteResponse(response: unknown, rewriter: TextRewriter): boolean {
  const body = asObject(response);
  let changed = false;
  for (const item of asArray(body['output'])) changed = rewriteItem(item, rewriter) || changed;
  return rewriteField(body, 'output_text', rewriter, PLAIN) || changed;
}

export function rewriteResponsesResponseText(body: unknown, rewriter: TextRewriter): void {
  rewriteResponse(body, rewriter);
}

/** Delta events, by type: the piece is in `delta`. */
const DELTAS: Record<string, TextRewriteContext> = {
  'response.output_text.delta': PLAIN,
  'response.refusal.delta': PLAIN,
  'response.function_call_arguments.delta': IN_JSON,
  'response.custom_tool_call_input.delta': PLAIN,
};

/** The events that end one text, by type, and the field that repeats it whole. */
const DONES: Record<string, { field: string; context: TextRewriteContext }> = {
  'response.output_text.done': { field: 'text', context: PLAIN },
  'response.refusal.done': { field: 'refusal', context: PLAIN },
  'response.function_call_arguments.done': { field: 'arguments', context: IN_JSON },
  'response.custom_tool_call_input.done': { field: 'input', context: PLAIN },
};

const FINAL_EVENTS = new Set(['response.completed', 'response.incomplete', 'response.failed']);

/** A text's last delta event, the template for writing its held tail. */
interface ResponsesText {
  readonly outputIndex: unknown;
  readonly delta: JsonObject;
  readonly event: string;
}

/** A text is one content part of an item, or a call item's input (no content_index). */
function keyOf(payload: JsonObject): string {
  return `${String(payload['output_index'])}:${String(payload['content_index'] ?? '')}`;
}

/**
 * Rewrites a Responses stream. Every event is read (the types tell where text is); deltas
 * carry pieces, `*.done`, `content_part.done` and `output_item.done` end texts and repeat
 * them whole, and the final event's response snapshot repeats everything: all are rewritten
 * whole. A held tail is written as one more delta just before the event that ends its text,
 * and since the SDK requires sequence numbers to count up, every later event is renumbered.
 */
class ResponsesTextRewrite implements FrameHandler {
  private readonly out: GateOutput;
  private readonly rewriter: TextRewriter;
  private readonly texts: HeldTexts<ResponsesText>;
  /** Events written here so far: added to upstream's sequence numbers from then on. */
  private shift = 0;
  private lastSequence: number | undefined;

  constructor(rewriter: TextRewriter, out: GateOutput) {
    this.out = out;
    this.rewriter = rewriter;
    this.texts = new HeldTexts(rewriter);
  }

  onFrame(frame: SseFrame): void {
    const payload = frame.data === undefined ? undefined : parseObject(frame.data);
    if (payload === undefined) {
      this.out.write(frame.raw);
      return;
    }
    const sequence = typeof payload['sequence_number'] === 'number' ? payload['sequence_number'] : undefined;
    if (sequence !== undefined) this.lastSequence = sequence;
    const changed = this.rewrite(payload, frame.event, sequence);
    if (!changed && (sequence === undefined || this.shift === 0)) {
      this.out.write(frame.raw);
      return;
    }
    if (sequence !== undefined) payload['sequence_number'] = sequence + this.shift;
    this.out.write(formatFrame(frame.event, JSON.stringify(payload)));
  }

  onEnd(): void {
    // A stream cut before its final event: what was held is still the model's text.
    this.flush(() => true, this.lastSequence === undefined ? undefined : this.lastSequence + 1);
  }

  /** Rewrites the event's text in place, after writing the held tails it ends; returns whether it changed. */
  private rewrite(payload: JsonObject, event: string, sequence: number | undefined): boolean {
    const type = payload['type'] as string;
    const deltaContext = DELTAS[type];
    const piece = payload['delta'];
    if (deltaContext !== undefined && typeof piece === 'string') {
      const text = { outputIndex: payload['output_index'], delta: payload, event };
      const next = this.texts.piece(keyOf(payload), piece, deltaContext, text);
      payload['delta'] = next;
      return next !== piece;
    }
    const done = DONES[type];
    if (done !== undefined) {
      const key = keyOf(payload);
      this.flush((k) => k === key, sequence);
      return rewriteField(payload, done.field, this.rewriter, done.context);
    }
    if (type === 'response.content_part.done') {
      const key = keyOf(payload);
      this.flush((k) => k === key, sequence);
    } else if (type === 'response.output_item.done') {
      this.flush((_k, text) => text.outputIndex === payload['output_index'], sequence);
    } else if (FINAL_EVENTS.has(type)) {
      this.flush(() => true, sequence);
      return rewriteResponse(payload['response'], this.rewriter);
    }
    // Items and parts are normally empty when added, and whole when done.
    let changed = false;
    if ('part' in payload) changed = rewritePart(payload['part'], this.rewriter);
    if ('item' in payload) changed = rewriteItem(payload['item'], this.rewriter) || changed;
    return changed;
  }

  /** Writes held tails as deltas of their own, numbered from `sequence` (the ending event's, before the shift). */
  private flush(which: (key: string, text: ResponsesText) => boolean, sequence: number | undefined): void {
    for (const { text, meta } of this.texts.take(which)) {
      if (text === '') continue;
      // The last delta's fields in their order; its logprobs were for its own tokens.
      const delta: JsonObject = { ...meta.delta, delta: text };
      if ('logprobs' in delta) delta['logprobs'] = [];
      if (sequence === undefined) delete delta['sequence_number'];
      else delta['sequence_number'] = sequence + this.shift++;
      this.out.write(formatFrame(meta.event, JSON.stringify(delta)));
    }
  }
}

export function createResponsesTextRewriteStream(rewriter: TextRewriter, out: GateOutput): TextRewriteStream {
  return new GateRunner(out, (output) => new ResponsesTextRewrite(rewriter, output));
}
