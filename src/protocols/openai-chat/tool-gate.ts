import type { GateOutput, ToolCallDecider, ToolCallGate } from '../adapter.ts';
import { asArray, asNumber, asObject, isObject, parseObject, type JsonObject } from '../decode-util.ts';
import { formatFrame, type SseFrame } from '../sse-frames.ts';
import { CallHold, type HeldFrame, type Verdict } from '../call-hold.ts';
import { after, GateRunner, type FrameHandler, type Step } from '../gate-runner.ts';
import { noticeText } from './withhold.ts';

/** A frame, with its chunk when it needed parsing (one carrying or following a call). */
interface ChatFrame {
  readonly frame: SseFrame;
  readonly chunk: JsonObject | undefined;
}

interface OpenCall { wire: number; index: number; id: string; name: string; args: string }

const TEXT_KEY = '"content":"';

/**
 * Gates a Chat Completions stream. A call's deltas share its wire `index`; the call is
 * complete when another index starts, a finish_reason arrives, or the stream ends. Held
 * chunks come out as they were when the call is let through; a withheld call's tool deltas
 * are dropped and its first chunk carries the notice as content instead. Once a call was
 * withheld, later calls are renumbered densely and a `tool_calls` finish with no call left
 * becomes `stop`. Only choice 0 is gated (the gateway serves n = 1); tool calls in another
 * choice fail the gate rather than pass unjudged.
 */
class ChatGate implements FrameHandler {
  private readonly out: GateOutput;
  private readonly hold: CallHold<ChatFrame>;
  private open: OpenCall | undefined;
  /** ToolCall.index by wire index, for every call seen. */
  private readonly byWire = new Map<number, number>();
  /** By ToolCall.index: the verdict, once decided. */
  private readonly verdicts: Verdict[] = [];
  /** Withheld calls whose notice was written already. */
  private readonly noticed = new Set<number>();
  private textSeen = false;

  constructor(decide: ToolCallDecider, out: GateOutput) {
    this.out = out;
    this.hold = new CallHold(decide, (frame) => this.emit(frame), (held, verdict) => this.release(held, verdict));
  }

  onFrame(frame: SseFrame): Step {
    const data = frame.data;
    if (data === '[DONE]') {
      this.hold.place({ frame, chunk: undefined });
      return this.closeOpen();
    }
    // Until a call shows up nothing needs reading: the marker cannot occur inside a JSON
    // string (its quotes would be escaped), so a chunk without it carries no call.
    // A chunk that does not parse is not ours to judge: it goes out as it came.
    const chunk = data !== undefined && (this.open !== undefined || data.includes('"tool_calls"')) ? parseObject(data) : undefined;
    const entry: ChatFrame = { frame, chunk };
    if (chunk === undefined) {
      this.hold.place(entry);
      return;
    }
    const choices = asArray(chunk['choices']).filter(isObject);
    if (choices.some((c) => asNumber(c['index']) !== 0 && isObject(c['delta']) && c['delta']['tool_calls'] !== undefined)) {
      throw new Error('tool calls in a choice other than 0 (n > 1) cannot be gated');
    }
    const choice = choices.find((c) => asNumber(c['index']) === 0);
    const entries = asArray(asObject(choice?.['delta'])['tool_calls']).map(asObject);
    return this.absorb(entry, entries, 0, choice !== undefined && typeof choice['finish_reason'] === 'string');
  }

  onEnd(): Step {
    return this.closeOpen();
  }

  /** Assigns a chunk's tool deltas to calls; a delta that starts a call first completes the open one. */
  private absorb(entry: ChatFrame, entries: JsonObject[], from: number, finishes: boolean): Step {
    for (let i = from; i < entries.length; i++) {
      const delta = entries[i] as JsonObject;
      const wire = asNumber(delta['index']);
      const seen = this.byWire.get(wire);
      if (this.open !== undefined && this.open.wire === wire) {
        accumulate(this.open, delta);
      } else if (seen !== undefined) {
        // A decided call continuing: harmless when withheld (dropped), never for a call let through.
        if (this.verdicts[seen]?.notice === undefined) throw new Error(`tool call ${seen} continued after it was let through`);
      } else if (this.open !== undefined) {
        return after(this.closeOpen(), () => this.absorb(entry, entries, i, finishes));
      } else {
        this.open = { wire, index: this.hold.open(), id: '', name: '', args: '' };
        this.byWire.set(wire, this.open.index);
        accumulate(this.open, delta);
      }
    }
    // While a call is open the chunk waits behind it (whether or not it carries that call).
    this.hold.place(entry);
    return finishes ? this.closeOpen() : undefined;
  }

  private closeOpen(): Step {
    const open = this.open;
    if (open === undefined) return;
    this.open = undefined;
    return this.hold.close({ id: open.id, name: open.name, argumentsText: open.args, index: open.index });
  }

  private release(held: readonly HeldFrame<ChatFrame>[], verdict: Verdict): void {
    this.verdicts[verdict.index] = verdict;
    for (const { frame } of held) this.emit(frame);
  }

  /** Writes a frame whose calls are all decided: as it came, unless a withheld call changed it. */
  private emit(entry: ChatFrame): void {
    const chunk = entry.chunk;
    if (chunk === undefined || this.hold.withheld === 0) {
      if (!this.textSeen && entry.frame.data !== undefined) this.textSeen = carriesText(entry.frame.data);
      this.out.write(entry.frame.raw);
      return;
    }
    const choice = asArray(chunk['choices']).filter(isObject).find((c) => asNumber(c['index']) === 0);
    const delta = isObject(choice?.['delta']) ? choice['delta'] : undefined;
    const hadContent = delta !== undefined && Object.keys(delta).length > 0;
    if (delta !== undefined) this.rewriteDelta(delta);
    if (choice !== undefined && choice['finish_reason'] === 'tool_calls' && this.hold.kept === 0) choice['finish_reason'] = 'stop';
    // A chunk that carried only a withheld call's deltas has nothing left to say.
    const emptied = hadContent && Object.keys(delta ?? {}).length === 0 && !choice?.['finish_reason'] && !chunk['usage'];
    if (!emptied) this.out.write(formatFrame(entry.frame.event, JSON.stringify(chunk)));
  }

  private rewriteDelta(delta: JsonObject): void {
    const notices: string[] = [];
    const kept: JsonObject[] = [];
    for (const call of asArray(delta['tool_calls']).map(asObject)) {
      const index = this.byWire.get(asNumber(call['index'])) as number;
      const verdict = this.verdicts[index] as Verdict;
      if (verdict.notice === undefined) {
        call['index'] = verdict.keptIndex;
        kept.push(call);
      } else if (!this.noticed.has(index)) {
        this.noticed.add(index);
        notices.push(verdict.notice);
      }
    }
    if (kept.length > 0) delta['tool_calls'] = kept;
    else delete delta['tool_calls'];
    const before = typeof delta['content'] === 'string' ? delta['content'] : '';
    if (notices.length > 0) delta['content'] = before + noticeText(notices, this.textSeen || before !== '');
    if (typeof delta['content'] === 'string' && delta['content'] !== '') this.textSeen = true;
  }
}

function accumulate(call: OpenCall, delta: JsonObject): void {
  const fn = asObject(delta['function']);
  if (typeof delta['id'] === 'string') call.id = delta['id'];
  if (typeof fn['name'] === 'string') call.name += fn['name'];
  if (typeof fn['arguments'] === 'string') call.args += fn['arguments'];
}

/** Whether a chunk (not parsed) carries non-empty content text: only for placing a notice's separator. */
function carriesText(data: string): boolean {
  const at = data.indexOf(TEXT_KEY);
  return at !== -1 && data.charCodeAt(at + TEXT_KEY.length) !== 34 /* " */;
}

export function createChatToolCallGate(decide: ToolCallDecider, out: GateOutput): ToolCallGate {
  return new GateRunner(out, (output) => new ChatGate(decide, output));
}
