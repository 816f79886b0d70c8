// The CEL expression layer of the policy engine: typed variables, compile-once expressions with
// RE2 `matches`, and per-event activations. See the modules for the reasons behind each part.
export { createActivation, type Activation, type ActivationInput } from './activation.ts';
export { compileCondition, compileNumber, type CompiledExpression } from './compile.ts';
export { CelCompileError, CelEvalError } from './errors.ts';
export { CEL_VARIABLES } from './types.ts';
