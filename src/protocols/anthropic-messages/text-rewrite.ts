import type { GateOutput, TextRewriter, TextRewriteStream } from '../adapter.ts';
import { asArray, asNumber, asObject, parseObject, type JsonObject } from '../decode-util.ts';
import { GateRunner, type FrameHandler } from '../gate-runner.ts';
import { formatFrame, type SseFrame } from '../sse-frames.ts';
import { HeldTexts, IN_JSON, PLAIN, rewriteField, rewriteJsonValue } from '../text-rewrite.ts';
import { plainBlockDelta } from './response.ts';

/**
 * Rewrites a message's text blocks and its tool_use inputs (parsed JSON: every string in it).
 * Thinking blocks are left alone: their signature covers the text, and they go back to the
 * provider as they came. Returns whether anything changed.
 */
function rewriteMessage(message: unknown, rewriter: TextRewriter): boolean {
  let changed = false;
  for (const block of asArray(asObject(message)['content']).map(asObject)) {
    if (block['type'] === 'text') changed = rewriteField(block, 'text', rewriter, PLAIN) || changed;
    else if (block['type'] === 'tool_use') changed = rewriteInput(block, rewriter) || changed;
  }
  return changed;
}

function rewriteInput(block: JsonObject, rewriter: TextRewriter): boolean {
  const input = rewriteJsonValue(block['input'], rewriter);
  if (input === block['input']) return false;
  block['input'] = input;
  return true;
}

export function rewriteMessagesResponseText(body: unknown, rewriter: TextRewriter): void {
  rewriteMessage(body, rewriter);
}

/** A content block's text: a text block's, or a tool_use block's input as streamed JSON. */
interface MessagesText {
  readonly block: number;
  readonly json: boolean;
}

/** A delta event of the compact form the API sends (and plainBlockDelta reads). */
function deltaEvent(block: number, json: boolean, text: string): string {
  const delta = json ? { type: 'input_json_delta', partial_json: text } : { type: 'text_delta', text };
  return formatFrame('content_block_delta', JSON.stringify({ type: 'content_block_delta', index: block, delta }));
}

/**
 * Rewrites a Messages stream. A text is one content block's; `content_block_stop` ends it,
 * and a held tail is written as one more delta of that block just before. The deltas are
 * read without a parse (plainBlockDelta); other events are parsed and written as they came
 * unless they carry model text (a block start with text or input, message_start's content).
 */
class MessagesTextRewrite implements FrameHandler {
  private readonly out: GateOutput;
  private readonly rewriter: TextRewriter;
  private readonly texts: HeldTexts<MessagesText>;

  constructor(rewriter: TextRewriter, out: GateOutput) {
    this.out = out;
    this.rewriter = rewriter;
    this.texts = new HeldTexts(rewriter);
  }

  onFrame(frame: SseFrame): void {
    const data = frame.data;
    const plain = data === undefined ? undefined : plainBlockDelta(data);
    if (plain !== undefined) {
      const next = this.piece(plain.index, plain.json, plain.text);
      this.out.write(next === plain.text ? frame.raw : deltaEvent(plain.index, plain.json, next));
      return;
    }
    const payload = data === undefined ? undefined : parseObject(data);
    const changed = payload !== undefined && this.rewrite(payload);
    this.out.write(changed ? formatFrame(frame.event, JSON.stringify(payload)) : frame.raw);
  }

  onEnd(): void {
    this.flush(() => true); // a stream cut before its stop: what was held is still the model's text
  }

  private piece(block: number, json: boolean, text: string): string {
    return this.texts.piece(String(block), text, json ? IN_JSON : PLAIN, { block, json });
  }

  /** Rewrites the event's text in place, after writing the held tails it ends; returns whether it changed. */
  private rewrite(payload: JsonObject): boolean {
    const index = asNumber(payload['index']);
    switch (payload['type']) {
      case 'content_block_delta': {
        // Deltas in another form than plainBlockDelta reads (more fields, other spacing).
        const delta = asObject(payload['delta']);
        const json = delta['type'] === 'input_json_delta';
        const field = json ? 'partial_json' : 'text';
        const piece = delta[field];
        if ((!json && delta['type'] !== 'text_delta') || typeof piece !== 'string') return false;
        delta[field] = this.piece(index, json, piece);
        return delta[field] !== piece;
      }
      case 'content_block_start': {
        const block = asObject(payload['content_block']);
        if (block['type'] === 'tool_use') return rewriteInput(block, this.rewriter);
        const text = block['text'];
        if (block['type'] !== 'text' || typeof text !== 'string') return false;
        block['text'] = this.piece(index, false, text); // normally empty; else the text's first piece
        return block['text'] !== text;
      }
      case 'content_block_stop':
        this.flush((key) => key === String(index));
        return false;
      case 'message_delta':
      case 'message_stop':
        this.flush(() => true); // blocks the stream never stopped
        return false;
      case 'message_start':
        return rewriteMessage(payload['message'], this.rewriter);
      default:
        return false;
    }
  }

  private flush(which: (key: string) => boolean): void {
    for (const { text, meta } of this.texts.take(which)) {
      if (text !== '') this.out.write(deltaEvent(meta.block, meta.json, text));
    }
  }
}

export function createMessagesTextRewriteStream(rewriter: TextRewriter, out: GateOutput): TextRewriteStream {
  return new GateRunner(out, (output) => new MessagesTextRewrite(rewriter, output));
}
