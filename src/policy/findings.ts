import type { Finding } from '../core/exchange.ts';

export interface FindingSummary {
  readonly types: string[];
  readonly counts: Record<string, number>;
  readonly max: Record<string, number>;
}

export const NO_FINDINGS: FindingSummary = Object.freeze({ types: [], counts: {}, max: {} }) as FindingSummary;

/** What rules see of detector findings: which types, how many of each, the highest score of each. */
export function summarizeFindings(findings: readonly Finding[] | undefined): FindingSummary {
  if (findings === undefined || findings.length === 0) return NO_FINDINGS;
  const counts: Record<string, number> = {};
  const max: Record<string, number> = {};
  for (const finding of findings) {
    counts[finding.type] = (counts[finding.type] ?? 0) + 1;
    max[finding.type] = Math.max(max[finding.type] ?? 0, finding.score);
  }
  return { types: Object.keys(counts).sort(), counts, max };
}
