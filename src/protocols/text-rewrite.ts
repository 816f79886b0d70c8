import type { TextRewriteContext, TextRewriter } from './adapter.ts';
import { isObject } from './decode-util.ts';

/**
 * What the three protocols' text rewriters share: the held-back tails of a stream's texts,
 * and the rewriting of texts in decoded JSON. Each protocol's text-rewrite.ts knows where its
 * texts are, what ends one, and how to write a held tail as a delta event of its own; the
 * stream itself runs on GateRunner (framing, batching, failure), like the tool-call gates.
 *
 * Composition with the tool-call gate: both take and give SSE bytes, so either can feed the
 * other (`stageInput` in gate-runner.ts). Recommended: upstream → rewriter → gate → agent.
 * - The decider then judges the arguments the agent will actually run (originals restored),
 *   not placeholders no policy can reason about, and the Responses gate's check that deltas
 *   and the finished item agree compares rewritten text with rewritten text.
 * - The gate's notices are gateway text, not model text: nothing after the gate touches them.
 * - The rewriter never waits, so it adds no latency in front of the gate; the gate holds a
 *   call's events anyway until it is decided.
 * The other order works too (the rewriter renumbers and rewrites whatever the gate wrote).
 */

export const PLAIN: TextRewriteContext = { inJson: false };
export const IN_JSON: TextRewriteContext = { inJson: true };

/** `text` as JSON string content (no quotes): what replaces a placeholder when `inJson`. */
export function escapeJsonText(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

interface Held<M> {
  tail: string;
  context: TextRewriteContext;
  meta: M;
}

/**
 * The texts of one stream that have a tail held back, by the protocol's key for a text
 * (choice and field, output and content index, block index). `M` is what the protocol needs
 * to write a held tail as a delta of its own (its last piece's event, say). Texts with
 * nothing held are not kept, so a stream without placeholders leaves this empty.
 */
export class HeldTexts<M> {
  private readonly rewriter: TextRewriter;
  private readonly held = new Map<string, Held<M>>();

  constructor(rewriter: TextRewriter) {
    this.rewriter = rewriter;
  }

  get size(): number {
    return this.held.size;
  }

  /**
   * A piece of text `key` arrived: returns what to send in its place, which is the held tail
   * and the piece, rewritten, minus whatever may be the start of a placeholder. `last` when
   * the same event ends the text, so nothing can be held.
   */
  piece(key: string, text: string, context: TextRewriteContext, meta: M, last = false): string {
    const before = this.held.get(key);
    const all = before === undefined ? text : before.tail + text;
    if (all === '') return all;
    const keep = last ? 0 : Math.max(0, Math.min(all.length, this.rewriter.holdBack(all) || 0));
    if (keep === 0) this.held.delete(key);
    else this.held.set(key, { tail: all.slice(all.length - keep), context, meta });
    return keep === all.length ? '' : this.rewriter.rewrite(keep === 0 ? all : all.slice(0, all.length - keep), context);
  }

  /**
   * Ends the held texts `which` picks (all by default), in the order they were first held:
   * each one's tail, rewritten as it is (it never became a placeholder), and its meta.
   */
  take(which: (key: string, meta: M) => boolean = () => true): { text: string; meta: M }[] {
    const taken: { text: string; meta: M }[] = [];
    for (const [key, held] of this.held) {
      if (!which(key, held.meta)) continue;
      this.held.delete(key);
      taken.push({ text: this.rewriter.rewrite(held.tail, held.context), meta: held.meta });
    }
    return taken;
  }
}

/** Rewrites `holder[field]` when it is a non-empty string; returns whether it changed. */
export function rewriteField(holder: unknown, field: string, rewriter: TextRewriter, context: TextRewriteContext): boolean {
  if (!isObject(holder)) return false;
  const value = holder[field];
  if (typeof value !== 'string' || value === '') return false;
  const next = rewriter.rewrite(value, context);
  if (next === value) return false;
  holder[field] = next;
  return true;
}

/**
 * A parsed JSON value (a tool call's input) with every string rewritten, keys included:
 * streamed arguments are rewritten as raw JSON text, where keys and values look alike, and a
 * JSON response must come out as the same stream would. Returns `value` itself when nothing
 * changed, so callers can tell; key order is kept.
 */
export function rewriteJsonValue(value: unknown, rewriter: TextRewriter): unknown {
  if (typeof value === 'string') return value === '' ? value : rewriter.rewrite(value, PLAIN);
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const next = rewriteJsonValue(item, rewriter);
      if (next === item) return;
      copy ??= value.slice();
      copy[i] = next;
    });
    return copy ?? value;
  }
  if (!isObject(value)) return value;
  let changed = false;
  const entries = Object.entries(value).map(([key, item]): [string, unknown] => {
    const nextKey = key === '' ? key : rewriter.rewrite(key, PLAIN);
    const next = rewriteJsonValue(item, rewriter);
    if (nextKey !== key || next !== item) changed = true;
    return [nextKey, next];
  });
  // fromEntries defines own properties, so even a "__proto__" key stays plain data.
  return changed ? Object.fromEntries(entries) : value;
}

/**
 * A TextRewriter over a restorer of the shape detect/transform.ts's TokenVault has (typed by
 * shape so this layer depends on no guard): `inJson` becomes its flag.
 */
export function restoringRewriter(restorer: { restore(text: string, inJson?: boolean): string; holdBack(text: string): number }): TextRewriter {
  return {
    holdBack: (text) => restorer.holdBack(text),
    rewrite: (text, context) => restorer.restore(text, context.inJson),
  };
}

/**
 * What a response's text goes through on its way to the agent, or undefined when nothing
 * changes it: masking of values the agent should not get (model text only; the arguments of a
 * proposed tool call are the agent's to run and stay as the model wrote them), then restoring
 * of placeholders. Masking first, so a value the agent sent itself comes back as it was.
 * Typed by shape, like restoringRewriter.
 */
export function responseRewriter(context: {
  readonly restorer?: { readonly size: number; restore(text: string, inJson?: boolean): string; holdBack(text: string): number } | undefined;
  readonly responseMasker?: { mask(text: string): string; holdBack(text: string): number } | undefined;
}): TextRewriter | undefined {
  const restorer = context.restorer !== undefined && context.restorer.size > 0 ? context.restorer : undefined;
  const masker = context.responseMasker;
  if (masker === undefined) return restorer === undefined ? undefined : restoringRewriter(restorer);
  return {
    // Both tails are suffixes of the same text: holding the longer keeps each one's unit whole.
    holdBack: (text) => Math.max(masker.holdBack(text), restorer?.holdBack(text) ?? 0),
    rewrite: (text, context) => {
      const masked = context.inJson ? text : masker.mask(text);
      return restorer === undefined ? masked : restorer.restore(masked, context.inJson);
    },
  };
}
