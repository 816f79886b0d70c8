// Compiles policy expressions once, at load: parse, route `matches` to RE2, type-check against
// the policy variables, and validate regex literals. The result evaluates without any further
// checking (the library skips its runtime type-check pass for an already checked AST).
import type { ParseResult } from '@marcbachmann/cel-js';
import { variablesOf, type Activation } from './activation.ts';
import { policyEnvironment } from './environment.ts';
import { CelCompileError, CelEvalError, compileErrorFrom, evalErrorFrom } from './errors.ts';
import { pinPattern } from './regex.ts';
import { routeMatchesToRe2 } from './rewrite.ts';
import { requiredToolNames } from './tool-guard.ts';

export interface CompiledExpression<T> {
  readonly source: string;
  /** The CEL type the expression checked to (`bool`, `int`, `double`, `dyn`, ...). */
  readonly type: string;
  /** Throws CelEvalError on a runtime error (absent key, type mismatch of a dyn value, ...). */
  evaluate(activation: Activation): T;
  /** For a condition: the only tool names it can hold for, when a top-level conjunct pins them. */
  readonly toolNames?: readonly string[];
}

function compileChecked(source: string, allowed: readonly string[], purpose: string): { run: ParseResult; type: string } {
  let run: ParseResult;
  try {
    run = policyEnvironment.parse(source);
  } catch (error) {
    throw compileErrorFrom(error);
  }
  const patterns = routeMatchesToRe2(run.ast);
  const checked = run.check();
  if (!checked.valid) throw compileErrorFrom(checked.error);
  const type = checked.type ?? 'dyn';
  if (!allowed.includes(type)) {
    throw new CelCompileError(
      `${purpose} must be of type ${allowed.filter((t) => t !== 'dyn').join(' or ')}, but is ${type}`,
      run.ast.start,
      run.ast.end,
      'wrong_result_type',
    );
  }
  for (const literal of patterns) {
    const problem = pinPattern(literal.pattern);
    if (problem !== undefined) {
      throw new CelCompileError(`invalid regular expression: ${problem}`, literal.start, literal.end, 'invalid_regular_expression');
    }
  }
  return { run, type };
}

function runSafely(run: ParseResult, source: string, activation: Activation): unknown {
  try {
    return run(variablesOf(activation));
  } catch (error) {
    throw evalErrorFrom(error, source);
  }
}

/** A `when` condition: must check to bool (or dyn, then it must be a bool at runtime). */
export function compileCondition(source: string): CompiledExpression<boolean> {
  const { run, type } = compileChecked(source, ['bool', 'dyn'], 'a condition');
  const toolNames = requiredToolNames(run.ast);
  return {
    source,
    type,
    ...(toolNames === undefined ? {} : { toolNames }),
    evaluate(activation: Activation): boolean {
      const value = runSafely(run, source, activation);
      if (typeof value === 'boolean') return value;
      throw new CelEvalError(`the condition evaluated to a ${typeof value}, not a bool`, 'condition_not_bool');
    },
  };
}

/**
 * A numeric expression (e.g. the amount a limit adds up): int, double or dyn, as a JS number.
 * Ints beyond ±2^53 lose precision in the conversion.
 */
export function compileNumber(source: string): CompiledExpression<number> {
  const { run, type } = compileChecked(source, ['int', 'double', 'dyn'], 'a numeric expression');
  return {
    source,
    type,
    evaluate(activation: Activation): number {
      const value = runSafely(run, source, activation);
      if (typeof value === 'number') return value;
      if (typeof value === 'bigint') return Number(value);
      throw new CelEvalError(`the expression evaluated to a ${typeof value}, not a number`, 'result_not_number');
    },
  };
}
