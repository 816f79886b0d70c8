// RE2 regular expressions for CEL's `matches`. CEL specifies RE2 syntax; the library uses JS
// RegExp, which backtracks (a rule like `(a+)+$` would let one tool argument stall the event
// loop) and rejects RE2 syntax such as `(?i)`. re2js runs in time linear in the input.
//
// CEL's `matches` is a partial match (true if the pattern is found anywhere), so this uses
// `test` (find), not `matches` (whole input), which re2js also runs on its DFA fast path.
import { EvaluationError } from '@marcbachmann/cel-js';
import { RE2JS, RE2JSSyntaxException } from 're2js';

/** Patterns written as literals in loaded expressions: compiled once, when the rule is compiled. */
const pinned = new Map<string, RE2JS>();

/**
 * Patterns that only exist at evaluation time (e.g. `s.matches(args.pattern)`), least recently
 * used first. Bounded, because their source may be chosen by whoever sends the request.
 */
const recent = new Map<string, RE2JS>();
const RECENT_CAPACITY = 128;

/** A dynamic pattern longer than this is refused rather than compiled on the hot path. */
const MAX_DYNAMIC_PATTERN_LENGTH = 4096;

/**
 * Why RE2 rejects a pattern. A syntax error's description ("missing closing )") never quotes
 * the pattern; other messages might, so they are only used for patterns written in the policy.
 */
function describe(error: unknown, mayQuotePattern: boolean): string {
  if (mayQuotePattern && error instanceof Error) return error.message;
  if (error instanceof RE2JSSyntaxException) return error.getDescription();
  return 'rejected by RE2';
}

/**
 * Compiles a literal pattern of an expression being loaded and keeps it for evaluation.
 * Returns why RE2 rejects it, or undefined when it is valid.
 */
export function pinPattern(pattern: string): string | undefined {
  if (pinned.has(pattern)) return undefined;
  try {
    pinned.set(pattern, RE2JS.compile(pattern));
    return undefined;
  } catch (error) {
    return describe(error, true);
  }
}

function compileDynamic(pattern: string): RE2JS {
  const cached = recent.get(pattern);
  if (cached !== undefined) {
    // Re-inserting moves the entry to the most recently used end.
    recent.delete(pattern);
    recent.set(pattern, cached);
    return cached;
  }
  if (pattern.length > MAX_DYNAMIC_PATTERN_LENGTH) {
    throw new EvaluationError({
      code: 'invalid_regular_expression',
      message: `regular expression longer than ${MAX_DYNAMIC_PATTERN_LENGTH} characters`,
    });
  }
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(pattern);
  } catch (error) {
    // The pattern may come from request data, so the message says why, not what.
    throw new EvaluationError({ code: 'invalid_regular_expression', message: `invalid regular expression: ${describe(error, false)}` });
  }
  if (recent.size >= RECENT_CAPACITY) {
    const oldest = recent.keys().next().value;
    if (oldest !== undefined) recent.delete(oldest);
  }
  recent.set(pattern, compiled);
  return compiled;
}

/** CEL `text.matches(pattern)` with RE2 semantics: true if the pattern occurs anywhere in text. */
export function re2Matches(text: string, pattern: string): boolean {
  return (pinned.get(pattern) ?? compileDynamic(pattern)).test(text);
}

/** How many dynamic patterns are cached (for tests of the bound). */
export function dynamicPatternCacheSize(): number {
  return recent.size;
}
