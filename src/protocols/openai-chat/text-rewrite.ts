import type { GateOutput, TextRewriteContext, TextRewriter, TextRewriteStream } from '../adapter.ts';
import { asArray, asNumber, asObject, isObject, parseObject, type JsonObject } from '../decode-util.ts';
import { GateRunner, type FrameHandler } from '../gate-runner.ts';
import { formatFrame, type SseFrame } from '../sse-frames.ts';
import { HeldTexts, IN_JSON, PLAIN, rewriteField } from '../text-rewrite.ts';
import { plainContentDelta } from './response.ts';

/**
 * Rewrites the model's text in a JSON chat completion, every choice: content (a string, or
 * text parts as some compatible servers send), refusal, and tool call arguments (raw JSON,
 * so `inJson`; a custom tool's input is free text).
 */
export function rewriteChatResponseText(body: unknown, rewriter: TextRewriter): void {
  for (const choice of asArray(asObject(body)['choices'])) {
    const message = asObject(asObject(choice)['message']);
    rewriteField(message, 'content', rewriter, PLAIN);
    for (const part of asArray(message['content'])) rewriteField(part, 'text', rewriter, PLAIN);
    rewriteField(message, 'refusal', rewriter, PLAIN);
    for (const call of asArray(message['tool_calls']).map(asObject)) {
      rewriteField(call['function'], 'arguments', rewriter, IN_JSON);
      rewriteField(call['custom'], 'input', rewriter, PLAIN);
    }
    rewriteField(message['function_call'], 'arguments', rewriter, IN_JSON);
  }
}

/** One text of a choice, and the delta that carries more of it (for writing a held tail). */
interface ChatText {
  readonly choice: number;
  readonly delta: (text: string) => JsonObject;
}

/** Where a delta carries a piece of a text. */
interface Site {
  readonly key: string;
  readonly holder: JsonObject;
  readonly field: string;
  readonly context: TextRewriteContext;
  readonly text: ChatText;
}

/** The texts a choice's delta carries pieces of. */
function sitesOf(choice: number, delta: JsonObject): Site[] {
  const sites: Site[] = [];
  const add = (key: string, holder: unknown, field: string, context: TextRewriteContext, wrap: (text: string) => JsonObject): void => {
    if (isObject(holder) && typeof holder[field] === 'string') {
      sites.push({ key: `${choice}:${key}`, holder, field, context, text: { choice, delta: wrap } });
    }
  };
  add('content', delta, 'content', PLAIN, (content) => ({ content }));
  add('refusal', delta, 'refusal', PLAIN, (refusal) => ({ refusal }));
  for (const call of asArray(delta['tool_calls']).map(asObject)) {
    const index = asNumber(call['index']);
    add(`tool:${index}`, call['function'], 'arguments', IN_JSON, (args) => ({ tool_calls: [{ index, function: { arguments: args } }] }));
    add(`custom:${index}`, call['custom'], 'input', PLAIN, (input) => ({ tool_calls: [{ index, custom: { input } }] }));
  }
  add('function_call', delta['function_call'], 'arguments', IN_JSON, (args) => ({ function_call: { arguments: args } }));
  return sites;
}

/**
 * Rewrites a Chat Completions stream. A text is a choice's content, its refusal, or one tool
 * call's arguments; it ends when the choice finishes, when a delta of the choice carries
 * another text (the next tool call, tool calls after content), or at [DONE]. A held tail is
 * then written as a chunk of its own (same id and model, that choice only) before the chunk
 * that ended it.
 */
class ChatTextRewrite implements FrameHandler {
  private readonly out: GateOutput;
  private readonly rewriter: TextRewriter;
  private readonly texts: HeldTexts<ChatText>;
  /** The last chunk read: its id, model and the like go on the chunks written here. */
  private envelope: JsonObject = {};
  private event = '';

  constructor(rewriter: TextRewriter, out: GateOutput) {
    this.out = out;
    this.rewriter = rewriter;
    this.texts = new HeldTexts(rewriter);
  }

  onFrame(frame: SseFrame): void {
    const data = frame.data;
    this.event = frame.event;
    if (data === '[DONE]') this.flush(() => true);
    if (data === undefined || data === '[DONE]' || this.untouched(data)) {
      this.out.write(frame.raw);
      return;
    }
    const chunk = parseObject(data);
    if (chunk === undefined) {
      this.out.write(frame.raw); // not JSON: nothing of the model's text can be read from it
      return;
    }
    this.envelope = chunk;
    let changed = false;
    for (const choice of asArray(chunk['choices'])) {
      if (isObject(choice)) changed = this.rewriteChoice(choice) || changed;
    }
    this.out.write(changed ? formatFrame(frame.event, JSON.stringify(chunk)) : frame.raw);
  }

  onEnd(): void {
    this.flush(() => true); // a stream cut before [DONE]: what was held is still the model's text
  }

  /**
   * The bulk of a stream, read without a parse: a plain content delta of choice 0 (the only
   * delta of the chunk) that neither ends in a possible placeholder nor holds one, while
   * nothing is held that it could end.
   */
  private untouched(data: string): boolean {
    if (this.texts.size > 0 || data.indexOf('"delta":') !== data.lastIndexOf('"delta":')) return false;
    const text = plainContentDelta(data);
    return text !== undefined && this.rewriter.holdBack(text) === 0 && this.rewriter.rewrite(text, PLAIN) === text;
  }

  private rewriteChoice(choice: JsonObject): boolean {
    const index = asNumber(choice['index']);
    const finished = typeof choice['finish_reason'] === 'string';
    const sites = sitesOf(index, asObject(choice['delta']));
    if (finished || sites.length > 0) {
      const carried = new Set(sites.map((site) => site.key));
      this.flush((key, text) => text.choice === index && !carried.has(key));
    }
    let changed = false;
    for (const site of sites) {
      const piece = site.holder[site.field] as string;
      const next = this.texts.piece(site.key, piece, site.context, site.text, finished);
      if (next === piece) continue;
      site.holder[site.field] = next;
      changed = true;
    }
    return changed;
  }

  /** Writes the held tails of the texts `which` picks, each as a chunk of its own. */
  private flush(which: (key: string, text: ChatText) => boolean): void {
    for (const { text, meta } of this.texts.take(which)) {
      if (text === '') continue;
      const choices = [{ index: meta.choice, delta: meta.delta(text), logprobs: null, finish_reason: null }];
      // The envelope's fields in their order; usage is counted once, by upstream's own chunk.
      const chunk: JsonObject = {};
      for (const [key, value] of Object.entries(this.envelope)) chunk[key] = key === 'choices' ? choices : key === 'usage' ? null : value;
      chunk['choices'] = choices;
      this.out.write(formatFrame(this.event, JSON.stringify(chunk)));
    }
  }
}

export function createChatTextRewriteStream(rewriter: TextRewriter, out: GateOutput): TextRewriteStream {
  return new GateRunner(out, (output) => new ChatTextRewrite(rewriter, output));
}
