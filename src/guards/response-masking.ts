/**
 * Masking of sensitive values in model output (`dataProtection.responseRules`): a model can
 * repeat what it read in a tool result or its context, or make up a plausible SSN, and the agent
 * (and whoever reads the agent's output) should not get it. The relay applies the masker to
 * JSON answers and, through the protocols' text-rewrite streams, to streamed text.
 *
 * Streams are the hard part: a value can arrive split across events ("123-45-" then "6789").
 * The masker therefore holds a streamed text back to the end of its last sentence or line,
 * where values do not continue, and masks each released piece whole. That delays streamed text
 * by up to a sentence, only for agents a response rule applies to.
 */
import type { TextMasker } from '../core/guard.ts';
import type { Detection } from '../detect/types.ts';
import { transformText, type DataAction, type ValueHasher } from '../detect/transform.ts';

/** With no sentence or line end this far back, a stream is released at a space anyway... */
const MAX_HOLD = 480;
/** ...keeping at least this much held: longer than any single value (a spaced card is 23). */
const MIN_TAIL = 120;

export class ResponseMasker implements TextMasker {
  private readonly scan: (text: string) => Detection[];
  private readonly actionOf: (type: string) => DataAction;
  private readonly hasher: ValueHasher;

  constructor(scan: (text: string) => Detection[], actionOf: (type: string) => DataAction, hasher: ValueHasher) {
    this.scan = scan;
    this.actionOf = actionOf;
    this.hasher = hasher;
  }

  mask(text: string): string {
    if (text.length === 0) return text;
    const findings = this.scan(text);
    if (findings.length === 0) return text;
    return transformText(text, findings, (finding) => this.actionOf(finding.type), { hasher: this.hasher }).text;
  }

  holdBack(text: string): number {
    return heldTail(text);
  }
}

/**
 * How much of a streamed text's tail to hold: everything after its last line end or sentence
 * end (". ", "! ", "? "), as long as that is under MAX_HOLD characters; otherwise everything
 * after the last space that leaves MIN_TAIL characters held (or MIN_TAIL, with no space).
 */
export function heldTail(text: string): number {
  const floor = Math.max(0, text.length - MAX_HOLD);
  for (let i = text.length - 1; i >= floor; i--) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) return text.length - i - 1;
    if ((c === 0x20 || c === 0x09) && i > 0) {
      const before = text.charCodeAt(i - 1);
      if (before === 0x2e || before === 0x21 || before === 0x3f) return text.length - i - 1;
    }
  }
  if (text.length <= MAX_HOLD) return text.length;
  const space = text.lastIndexOf(' ', text.length - MIN_TAIL - 1);
  return space === -1 ? MIN_TAIL : text.length - space - 1;
}

/**
 * Two maskers as one: `first` masks, then `second` masks what is left. Their held tails are
 * suffixes of the same text, so holding the longer keeps each one's unit whole.
 */
export function chainMaskers(first: TextMasker | undefined, second: TextMasker): TextMasker {
  if (first === undefined) return second;
  return {
    mask: (text) => second.mask(first.mask(text)),
    holdBack: (text) => Math.max(first.holdBack(text), second.holdBack(text)),
  };
}
