// Shared by the rule tests: which rules fire on a text, and a table of rules each held to the
// attacks it was written for and to the look-alikes (same words, ordinary meaning) it must not
// match. Rule hits are features of the model, not verdicts: these check the rules themselves.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { read } from '../../src/detect/injection/pipeline.ts';
import type { InjectionSource } from '../../src/detect/injection/index.ts';

export const hitIds = (text: string, source: InjectionSource = 'direct'): string[] => read(text, source).hits.map((h) => h.id);

export interface RuleCase { readonly id: string; readonly attacks: readonly string[]; readonly lookAlikes: readonly string[] }

/** One test per rule: it matches every attack and none of the look-alikes. */
export function describeRuleCases(title: string, cases: readonly RuleCase[], source: InjectionSource = 'direct'): void {
  describe(title, () => {
    for (const { id, attacks, lookAlikes } of cases) {
      test(id, () => {
        for (const text of attacks) assert.ok(hitIds(text, source).includes(id), `${id} should match: ${text} (hits: ${hitIds(text, source).join(', ')})`);
        for (const text of lookAlikes) assert.ok(!hitIds(text, source).includes(id), `${id} should not match: ${text}`);
      });
    }
  });
}
