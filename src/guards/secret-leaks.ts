/**
 * A secret of the system prompt in the model's answer (twentieth round). The input side finds a
 * request for what the prompt withholds only under a pretext; whatever got past it, an answer
 * that holds one of the prompt's secret values ("The code word for the staff entrance is 'blue
 * heron'") gives it away (OWASP LLM07). The injection guard gives each such exchange a remover
 * (`guarded: true`): the value, as it is, spelled out or backwards (detect/injection/guarded.ts,
 * leakedValues), is replaced by a notice before the agent sees it, in JSON answers and in
 * streams, where a value split across events is held back until it is whole.
 */
import type { TextMasker } from '../core/guard.ts';
import { leakedValues, secretUnits, type Withheld } from '../detect/injection/guarded.ts';

/** A secret value of the system prompt in the model's answer: what replaced it, for findings and rules. */
export const PROMPT_SECRET_LEAK = 'PROMPT_SECRET_LEAK';
export const LEAK_NOTICE = '[secret of the system prompt withheld by Portcullis]';

/** Replaces each of a prompt's secret values in model text with LEAK_NOTICE. */
export class SecretLeakRemover implements TextMasker {
  private readonly withheld: Withheld;
  /** The longest text a leak can take. */
  private readonly longest: number;
  /** The units a leak can begin with: a value's first letter or digit, or, backwards, its last (lower case). */
  private readonly firsts: ReadonlySet<string>;
  /** How many values this remover replaced. */
  removed = 0;

  constructor(withheld: Withheld) {
    this.withheld = withheld;
    const { units, longest } = secretUnits(withheld);
    this.longest = longest;
    this.firsts = new Set(units.flatMap((u) => [u[0]!.toLowerCase(), u[u.length - 1]!.toLowerCase()]));
  }

  mask(text: string): string {
    const leaks = leakedValues(this.withheld, text);
    if (leaks.length === 0) return text;
    let out = '';
    let at = 0;
    for (const leak of leaks) {
      if (leak.start < at) continue; // a value found forwards and backwards at once
      out += `${text.slice(at, leak.start)}${LEAK_NOTICE}`;
      at = leak.end;
      this.removed++;
    }
    return out + text.slice(at);
  }

  /** The values in a text not masked by this remover (a streamed answer as the provider sent it). */
  leaksIn(text: string): { start: number; end: number }[] {
    return leakedValues(this.withheld, text);
  }

  /**
   * Where a streamed text may be cut: not after the start of a leak that may not be finished (a
   * value's first unit, at a word's start, within the longest leak's length of the end), nor
   * inside a leak already whole, which is released whole with what follows.
   */
  holdBack(text: string): number {
    let cut = text.length;
    for (let i = Math.max(0, text.length - this.longest); i < text.length; i++) {
      if (this.firsts.has(text[i]!.toLowerCase()) && (i === 0 || !LETTER_OR_DIGIT.test(text[i - 1]!))) { cut = i; break; }
    }
    for (const leak of leakedValues(this.withheld, text)) if (leak.start < cut && cut < leak.end) cut = leak.start;
    return text.length - cut;
  }
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
