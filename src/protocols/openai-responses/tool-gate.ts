import type { GateOutput, ToolCallDecider, ToolCallGate } from '../adapter.ts';
import { asArray, asNumber, asObject, isObject, parseObject, type JsonObject } from '../decode-util.ts';
import { formatFrame, type SseFrame } from '../sse-frames.ts';
import { CallHold, releaseReplaced, type HeldFrame, type Verdict } from '../call-hold.ts';
import { after, GateRunner, type FrameHandler, type Step } from '../gate-runner.ts';
import { noticeMessage, replaceFunctionCalls } from './withhold.ts';

interface ResponsesFrame {
  readonly frame: SseFrame;
  readonly payload: JsonObject | undefined;
}

interface OpenItem {
  readonly outputIndex: number;
  readonly index: number;
  item: JsonObject;
  args: string;
  done: boolean;
}

const FINAL_EVENTS = new Set(['response.completed', 'response.incomplete', 'response.failed']);

/**
 * Gates a Responses stream. A `function_call` item is held from `response.output_item.added`
 * to its `response.output_item.done`; withheld, its events become those of a message item
 * carrying the notice at the same output_index (so no later item moves). The replacement
 * has its own number of events, so from there on `sequence_number`s are shifted to stay
 * strictly increasing, and the final response snapshot gets the same message item.
 */
class ResponsesGate implements FrameHandler {
  private readonly out: GateOutput;
  private readonly hold: CallHold<ResponsesFrame>;
  private open: OpenItem | undefined;
  /** The item being decided (decisions come one at a time). */
  private closing: OpenItem | undefined;
  /** Added to upstream sequence numbers once a replacement changed the event count. */
  private shift = 0;
  /** Notices of withheld call items, by item id: the final snapshot must show what was streamed. */
  private readonly withheld = new Map<string, string>();

  constructor(decide: ToolCallDecider, out: GateOutput) {
    this.out = out;
    this.hold = new CallHold(decide, (frame) => this.emit(frame), (held, verdict) => this.release(held, verdict));
  }

  onFrame(frame: SseFrame): Step {
    const data = frame.data;
    // Nothing is read until a call or a change shows up ('function_call' is in every event of one).
    const read = data !== undefined && (this.open !== undefined || this.withheld.size > 0 || data.includes('function_call'));
    const entry: ResponsesFrame = { frame, payload: read ? parseObject(data) : undefined };
    const payload = entry.payload;
    if (payload === undefined) return this.hold.place(entry);
    const type = payload['type'];
    const item = asObject(payload['item']);
    if (type === 'response.output_item.added' && item['type'] === 'function_call') {
      return after(this.closeOpen(), () => {
        const index = this.hold.open();
        this.open = { outputIndex: asNumber(payload['output_index']), index, item, args: '', done: false };
        this.hold.hold(entry);
      });
    }
    const open = this.open;
    if (open !== undefined && payload['output_index'] === open.outputIndex) {
      this.hold.hold(entry);
      if (type === 'response.function_call_arguments.delta' && typeof payload['delta'] === 'string') open.args += payload['delta'];
      if (type === 'response.output_item.done') {
        if (isObject(payload['item'])) open.item = item;
        open.done = true;
        return this.closeOpen();
      }
      return;
    }
    if (open !== undefined && FINAL_EVENTS.has(type as string)) return after(this.closeOpen(), () => this.hold.place(entry));
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
    const item = open.item;
    const args = typeof item['arguments'] === 'string' ? item['arguments'] : open.args;
    // The decision is about the item's arguments; deltas that say otherwise would let an
    // agent accumulating them run something unjudged.
    if (open.done && open.args !== '' && open.args !== args) {
      throw new Error(`function_call at output_index ${open.outputIndex}: deltas and item disagree on the arguments`);
    }
    return this.hold.close({
      id: typeof item['call_id'] === 'string' ? item['call_id'] : '',
      name: typeof item['name'] === 'string' ? item['name'] : '',
      argumentsText: args,
      index: open.index,
    });
  }

  private release(held: readonly HeldFrame<ResponsesFrame>[], verdict: Verdict): void {
    const open = this.closing as OpenItem;
    if (verdict.notice === undefined) {
      for (const { frame } of held) this.emit(frame);
      return;
    }
    const notice = verdict.notice;
    this.withheld.set(idOf(open.item), notice);
    // Number everything written here on from where the call's first event was.
    const seqs = held.map(({ frame }) => frame.payload?.['sequence_number']).filter((s): s is number => typeof s === 'number');
    const first = seqs[0];
    let next = first === undefined ? undefined : first + this.shift;
    const named = (held[0]?.frame.frame.event ?? '') !== '';
    const replace = (): void => {
      for (const [type, fields] of replacementEvents(noticeMessage(open.item, notice), open.outputIndex, notice)) {
        const seq = next === undefined ? {} : { sequence_number: next++ };
        this.out.write(formatFrame(named ? type : '', JSON.stringify({ type, ...seq, ...fields })));
      }
    };
    releaseReplaced(held, replace, (frame) => {
      const numbered = next !== undefined && typeof frame.payload?.['sequence_number'] === 'number';
      this.emit(frame, numbered ? (next as number)++ : undefined);
    });
    if (next !== undefined) this.shift = next - (Math.max(...seqs) + 1);
  }

  /** Writes a frame as it came unless its number moved or it is the final snapshot of a changed stream. */
  private emit(entry: ResponsesFrame, seq?: number): void {
    const payload = entry.payload;
    const renumber = payload !== undefined && typeof payload['sequence_number'] === 'number' && (seq !== undefined || this.shift !== 0);
    const snapshot = payload !== undefined && this.withheld.size > 0 && FINAL_EVENTS.has(payload['type'] as string);
    if (payload === undefined || (!renumber && !snapshot)) {
      this.out.write(entry.frame.raw);
      return;
    }
    if (renumber) payload['sequence_number'] = seq ?? (payload['sequence_number'] as number) + this.shift;
    if (snapshot) replaceFunctionCalls(payload['response'], (item) => this.withheld.get(idOf(item)));
    this.out.write(formatFrame(entry.frame.event, JSON.stringify(payload)));
  }
}

function idOf(item: JsonObject): string {
  return typeof item['id'] === 'string' ? item['id'] : '';
}

/** The events of a finished message item, as the API streams one (type, then fields). */
function replacementEvents(message: JsonObject, outputIndex: number, notice: string): [string, JsonObject][] {
  const part = asObject(asArray(message['content'])[0]);
  const where = { item_id: message['id'], output_index: outputIndex, content_index: 0 };
  return [
    ['response.output_item.added', { output_index: outputIndex, item: { ...message, status: 'in_progress', content: [] } }],
    ['response.content_part.added', { ...where, part: { ...part, text: '' } }],
    ['response.output_text.delta', { ...where, delta: notice, logprobs: [] }],
    ['response.output_text.done', { ...where, text: notice, logprobs: [] }],
    ['response.content_part.done', { ...where, part }],
    ['response.output_item.done', { output_index: outputIndex, item: message }],
  ];
}

export function createResponsesToolCallGate(decide: ToolCallDecider, out: GateOutput): ToolCallGate {
  return new GateRunner(out, (output) => new ResponsesGate(decide, output));
}
