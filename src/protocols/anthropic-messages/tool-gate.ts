import type { GateOutput, ToolCallDecider, ToolCallGate } from '../adapter.ts';
import { asNumber, asObject, parseObject, type JsonObject } from '../decode-util.ts';
import { formatFrame, type SseFrame } from '../sse-frames.ts';
import { CallHold, releaseReplaced, type HeldFrame, type Verdict } from '../call-hold.ts';
import { after, GateRunner, type FrameHandler, type Step } from '../gate-runner.ts';
import { plainBlockDelta } from './response.ts';

interface MessagesFrame {
  readonly frame: SseFrame;
  readonly payload: JsonObject | undefined;
}

interface OpenBlock {
  /** The content block index. */
  readonly block: number;
  readonly index: number;
  readonly start: JsonObject;
  args: string;
}

/**
 * Gates a Messages stream. A `tool_use` block is held from its content_block_start to its
 * content_block_stop; withheld, it becomes a text block with the notice at the same block
 * index (start, one text_delta, stop), so no later block moves. With no tool_use left, the
 * message_delta's stop_reason `tool_use` becomes `end_turn`.
 */
class MessagesGate implements FrameHandler {
  private readonly out: GateOutput;
  private readonly hold: CallHold<MessagesFrame>;
  private open: OpenBlock | undefined;
  private closing: OpenBlock | undefined;

  constructor(decide: ToolCallDecider, out: GateOutput) {
    this.out = out;
    this.hold = new CallHold(decide, (frame) => this.emit(frame), (held, verdict) => this.release(held, verdict));
  }

  onFrame(frame: SseFrame): Step {
    const data = frame.data;
    const open = this.open;
    if (data !== undefined && open !== undefined) {
      // The bulk of a tool_use block: its input deltas, read without a full parse.
      const delta = plainBlockDelta(data);
      if (delta !== undefined && delta.index === open.block) {
        open.args += delta.text;
        this.hold.hold({ frame, payload: undefined });
        return;
      }
    }
    // Nothing is read until a tool_use shows up (the marker cannot occur inside a JSON string).
    const read = data !== undefined && (open !== undefined || this.hold.withheld > 0 || data.includes('"tool_use"'));
    const entry: MessagesFrame = { frame, payload: read ? parseObject(data) : undefined };
    const payload = entry.payload;
    if (payload === undefined) return this.hold.place(entry);
    const type = payload['type'];
    const start = asObject(payload['content_block']);
    if (type === 'content_block_start' && start['type'] === 'tool_use') {
      return after(this.closeOpen(), () => {
        this.open = { block: asNumber(payload['index']), index: this.hold.open(), start, args: '' };
        this.hold.hold(entry);
      });
    }
    if (open !== undefined && asNumber(payload['index']) === open.block && (type === 'content_block_delta' || type === 'content_block_stop')) {
      this.hold.hold(entry);
      const delta = asObject(payload['delta']);
      if (delta['type'] === 'input_json_delta' && typeof delta['partial_json'] === 'string') open.args += delta['partial_json'];
      return type === 'content_block_stop' ? this.closeOpen() : undefined;
    }
    if (open !== undefined && (type === 'message_delta' || type === 'message_stop')) return after(this.closeOpen(), () => this.hold.place(entry));
    this.hold.place(entry);
  }

  onEnd(): Step {
    return this.closeOpen();
  }

  private closeOpen(): Step {
    const open = this.open;
    if (open === undefined) return;
    this.open = undefined;
    this.closing = open;
    const { start } = open;
    return this.hold.close({
      id: typeof start['id'] === 'string' ? start['id'] : '',
      name: typeof start['name'] === 'string' ? start['name'] : '',
      // As the stream decoder reads it: the streamed JSON, else the (normally empty) start input.
      argumentsText: open.args !== '' ? open.args : JSON.stringify(start['input'] ?? {}),
      index: open.index,
    });
  }

  private release(held: readonly HeldFrame<MessagesFrame>[], verdict: Verdict): void {
    const notice = verdict.notice;
    if (notice === undefined) {
      for (const { frame } of held) this.emit(frame);
      return;
    }
    const index = (this.closing as OpenBlock).block;
    const replace = (): void => {
      this.write('content_block_start', { index, content_block: { type: 'text', text: '' } });
      this.write('content_block_delta', { index, delta: { type: 'text_delta', text: notice } });
      this.write('content_block_stop', { index });
    };
    releaseReplaced(held, replace, (frame) => this.emit(frame));
  }

  private emit(entry: MessagesFrame): void {
    const payload = entry.payload;
    const delta = asObject(payload?.['delta']);
    if (payload?.['type'] === 'message_delta' && delta['stop_reason'] === 'tool_use' && this.hold.withheld > 0 && this.hold.kept === 0) {
      delta['stop_reason'] = 'end_turn';
      this.out.write(formatFrame(entry.frame.event, JSON.stringify(payload)));
      return;
    }
    this.out.write(entry.frame.raw);
  }

  /** The SDK dispatches on the `event:` name, so the gate's own events always carry one. */
  private write(type: string, fields: JsonObject): void {
    this.out.write(formatFrame(type, JSON.stringify({ type, ...fields })));
  }
}

export function createMessagesToolCallGate(decide: ToolCallDecider, out: GateOutput): ToolCallGate {
  return new GateRunner(out, (output) => new MessagesGate(decide, output));
}
