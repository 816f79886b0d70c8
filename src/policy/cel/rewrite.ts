// Routes CEL `matches` to the RE2 implementation. The library's own `matches` (JS RegExp)
// cannot be replaced: registering the same signature is refused as an overlap. So every call
// to `matches` in a parsed expression is renamed, in place, to a function registered under an
// internal name, before the expression is type-checked.
//
// Renaming the parsed AST (rather than rewriting the source text or re-parsing a serialized
// AST) keeps every node's source offsets, so type errors point into the text the author wrote,
// and it cannot corrupt string literals. (The library's serializer also loses precision:
// `1.0000000001` comes back as `1`, and `1e300` as the invalid `1e+300.0`.)
import type { ASTNode } from '@marcbachmann/cel-js';

/** The name `matches` calls are routed to; error messages translate it back. */
export const RE2_FUNCTION = '__portcullis_re2_matches';

/** A pattern written as a string literal, with its place in the source. */
export interface PatternLiteral {
  readonly pattern: string;
  readonly start: number;
  readonly end: number;
}

function isNode(value: unknown): value is ASTNode {
  return typeof value === 'object' && value !== null && typeof (value as { op?: unknown }).op === 'string' && 'args' in value;
}

function literalPattern(node: ASTNode | undefined): PatternLiteral | undefined {
  if (node === undefined || node.op !== 'value' || typeof node.args !== 'string') return undefined;
  return { pattern: node.args, start: node.start, end: node.end };
}

// The walk is generic over `args` (any node, array of nodes or map entry) instead of a switch
// over the operators, so an operator the library adds later cannot hide a `matches` call from
// it; a hidden call would silently run on backtracking RegExp.
function visit(value: unknown, patterns: PatternLiteral[]): void {
  if (Array.isArray(value)) {
    for (const item of value) visit(item, patterns);
    return;
  }
  // A literal's payload is data (a string, bytes), never a node.
  if (!isNode(value) || value.op === 'value') return;
  if (value.op === 'rcall' && value.args[0] === 'matches') {
    value.args[0] = RE2_FUNCTION;
    const pattern = literalPattern(value.args[2][0]);
    if (pattern !== undefined && value.args[2].length === 1) patterns.push(pattern);
  } else if (value.op === 'call' && value.args[0] === 'matches') {
    value.args[0] = RE2_FUNCTION;
    const pattern = literalPattern(value.args[1][1]);
    if (pattern !== undefined && value.args[1].length === 2) patterns.push(pattern);
  }
  visit(value.args, patterns);
}

/**
 * Renames every `matches` call in a freshly parsed (not yet checked) AST to the RE2 function
 * and returns the literal patterns it found, for validation at load time.
 */
export function routeMatchesToRe2(ast: ASTNode): PatternLiteral[] {
  const patterns: PatternLiteral[] = [];
  visit(ast, patterns);
  return patterns;
}

/** Puts back the name the author wrote into a library message about the expression. */
export function authorFacing(message: string): string {
  return message.replaceAll(RE2_FUNCTION, 'matches');
}
