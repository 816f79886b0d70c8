// Rule indexing, as OPA does it: most tool-call rules are about one tool or a few, and say so
// in a top-level conjunct (`tool.name == "x" && ...` or `tool.name in ["x", "y"] && ...`). Such
// a rule cannot hold for any other tool, so the engine need not evaluate it for one. Only
// those two exact shapes are recognised; anything else leaves the rule unindexed (evaluated
// for every event), which is always correct.
import type { ASTNode } from '@marcbachmann/cel-js';

type Node = { op: string; args: unknown };

function conjuncts(node: Node): Node[] {
  if (node.op !== '&&') return [node];
  const [left, right] = node.args as [Node, Node];
  return [...conjuncts(left), ...conjuncts(right)];
}

function isToolName(node: Node): boolean {
  if (node.op !== '.') return false;
  const [target, field] = node.args as [Node, unknown];
  return field === 'name' && target.op === 'id' && target.args === 'tool';
}

function stringValue(node: Node): string | undefined {
  return node.op === 'value' && typeof node.args === 'string' ? node.args : undefined;
}

/** The tool names a condition requires, or undefined when it does not pin the tool name. */
export function requiredToolNames(ast: ASTNode): readonly string[] | undefined {
  for (const conjunct of conjuncts(ast as unknown as Node)) {
    const [left, right] = (Array.isArray(conjunct.args) ? conjunct.args : []) as [Node, Node];
    if (left === undefined || right === undefined) continue;
    if (conjunct.op === '==') {
      const name = isToolName(left) ? stringValue(right) : isToolName(right) ? stringValue(left) : undefined;
      if (name !== undefined) return [name];
    }
    if (conjunct.op === 'in' && isToolName(left) && right.op === 'list' && Array.isArray(right.args)) {
      const names = (right.args as Node[]).map(stringValue);
      if (names.every((name) => name !== undefined)) return names as string[];
    }
  }
  return undefined;
}
