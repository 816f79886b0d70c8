// The two errors the CEL layer raises, and the translation from the library's errors.
//
// Compile errors are about the expression, which comes from the policy file, so they quote it
// freely. Evaluation errors end up in logs next to the decision, so they never carry a value
// from the activation: the library sometimes puts one in its message ("No such key: <key>" for
// `args[args.k]`, "integer overflow: <n>", "Invalid duration string: <s>"). An evaluation
// error therefore says what failed (a fixed description per error code) and where (the part of
// the expression), and repeats the library's wording only for codes whose wording is known to
// name types alone.
import { authorFacing } from './rewrite.ts';

/** An expression that does not parse, does not type-check, or has an invalid regex literal. */
export class CelCompileError extends Error {
  /** 0-based UTF-16 offset into the expression where the problem starts. */
  readonly offset: number;
  /** 0-based UTF-16 offset just past the problem (== offset when it is a point). */
  readonly end: number;
  /** The library's error code (e.g. `no_such_key`, `no_matching_overload`) or ours. */
  readonly code: string;
  constructor(message: string, offset: number, end: number, code: string) {
    super(message);
    this.name = 'CelCompileError';
    this.offset = offset;
    this.end = Math.max(offset, end);
    this.code = code;
  }
}

/** A runtime failure of an expression; its message never contains activation values. */
export class CelEvalError extends Error {
  readonly code: string;
  /** Where in the expression it failed (0-based UTF-16 offsets), when known. */
  readonly offset: number | undefined;
  readonly end: number | undefined;
  constructor(message: string, code: string, offset?: number, end?: number) {
    super(message);
    this.name = 'CelEvalError';
    this.code = code;
    this.offset = offset;
    this.end = end;
  }
}

interface LibraryError {
  code: string;
  summary: string;
  range: { start: number; end: number } | undefined;
}

// ParseError, TypeError and EvaluationError of the library share this shape.
function asLibraryError(error: unknown): LibraryError | undefined {
  if (!(error instanceof Error)) return undefined;
  const candidate = error as Error & Partial<LibraryError>;
  if (typeof candidate.code !== 'string' || typeof candidate.summary !== 'string') return undefined;
  return { code: candidate.code, summary: candidate.summary, range: candidate.range };
}

export function compileErrorFrom(error: unknown): CelCompileError {
  const lib = asLibraryError(error);
  if (lib === undefined) {
    const message = error instanceof Error ? error.message : String(error);
    return new CelCompileError(`invalid expression: ${message}`, 0, 0, 'invalid_expression');
  }
  const start = lib.range?.start ?? 0;
  return new CelCompileError(authorFacing(lib.summary), start, lib.range?.end ?? start, lib.code);
}

const DESCRIPTIONS: Readonly<Record<string, string>> = {
  no_such_key: 'no such key',
  index_out_of_bounds: 'list index out of bounds',
  field_type_mismatch: 'a value has an unexpected type',
  list_item_type_mismatch: 'a list element has an unexpected type',
  variable_type_mismatch: 'a variable has an unexpected type',
  numeric_overflow: 'numeric overflow',
  invalid_duration: 'invalid duration',
  invalid_timestamp: 'invalid timestamp',
  optional_value_missing: 'optional value is absent',
};

// Codes whose library message names only types, operators or fixed text.
const TYPE_ONLY_MESSAGES = new Set([
  'no_such_overload',
  'no_matching_overload',
  'invalid_comparison_type',
  'division_by_zero',
  'modulo_by_zero',
  'int_conversion_error',
  'uint_conversion_error',
  'invalid_regular_expression',
]);

const MAX_EXCERPT = 80;

function excerpt(source: string, start: number, end: number): string {
  const text = source.slice(start, Math.max(start, end)).replace(/\s+/g, ' ');
  return text.length > MAX_EXCERPT ? `${text.slice(0, MAX_EXCERPT - 1)}…` : text;
}

export function evalErrorFrom(error: unknown, source: string): CelEvalError {
  if (error instanceof CelEvalError) return error;
  const lib = asLibraryError(error);
  if (lib === undefined) {
    // Not the library's own error (e.g. a RangeError from deep recursion): its message is not
    // known to be free of values, so only its class is reported.
    const kind = error instanceof Error ? error.name : typeof error;
    return new CelEvalError(`CEL evaluation failed (${kind})`, 'internal_error');
  }
  const what = TYPE_ONLY_MESSAGES.has(lib.code)
    ? authorFacing(lib.summary)
    : (DESCRIPTIONS[lib.code] ?? `evaluation error (${lib.code})`);
  if (lib.range === undefined) return new CelEvalError(what, lib.code);
  const { start, end } = lib.range;
  return new CelEvalError(`${what} at \`${excerpt(source, start, end)}\` (offset ${start})`, lib.code, start, end);
}
