/**
 * The rules of one event, with the subset that can apply to each tool precomputed: a rule
 * whose condition pins `tool.name` (see cel/tool-guard.ts) is skipped for every other tool,
 * in the order the rules were written. Tool names come from models and agents, so the
 * per-name cache is bounded.
 */
import type { CompiledExpression } from './cel/index.ts';

const CACHE_LIMIT = 1024;

export class RuleIndex<T extends { readonly when: CompiledExpression<boolean> }> {
  readonly all: readonly T[];
  private readonly pinned: ReadonlySet<string>;
  private readonly unpinned: readonly T[];
  private readonly cache = new Map<string, readonly T[]>();

  constructor(rules: readonly T[]) {
    this.all = rules;
    this.pinned = new Set(rules.flatMap((rule) => rule.when.toolNames ?? []));
    this.unpinned = rules.filter((rule) => rule.when.toolNames === undefined);
  }

  /** The rules that can hold for an event on this tool ('' when the event has none). */
  forTool(name: string): readonly T[] {
    if (!this.pinned.has(name)) return this.unpinned;
    let rules = this.cache.get(name);
    if (rules === undefined) {
      rules = this.all.filter((rule) => rule.when.toolNames === undefined || rule.when.toolNames.includes(name));
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(name, rules);
    }
    return rules;
  }
}
