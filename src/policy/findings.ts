import type { Finding } from '../core/exchange.ts';

/**
 * The highest flagged prompt-injection score: overall, in direct input, in documents pasted or
 * retrieved into direct input, in indirect input, in tool definitions (0 when none).
 */
export interface InjectionSummary {
  readonly score: number;
  readonly direct: number;
  readonly documents: number;
  readonly indirect: number;
  readonly tools: number;
}

export interface FindingSummary {
  readonly types: string[];
  readonly counts: Record<string, number>;
  readonly max: Record<string, number>;
  readonly injection: InjectionSummary;
}

export const PROMPT_INJECTION = 'PROMPT_INJECTION';

const NO_INJECTION: InjectionSummary = Object.freeze({ score: 0, direct: 0, documents: 0, indirect: 0, tools: 0 });

export const NO_FINDINGS: FindingSummary = Object.freeze({ types: [], counts: {}, max: {}, injection: NO_INJECTION }) as FindingSummary;

/** What rules see of detector findings: which types, how many of each, the highest score of each. */
export function summarizeFindings(findings: readonly Finding[] | undefined): FindingSummary {
  if (findings === undefined || findings.length === 0) return NO_FINDINGS;
  const counts: Record<string, number> = {};
  const max: Record<string, number> = {};
  let direct = 0;
  let documents = 0;
  let indirect = 0;
  let tools = 0;
  for (const finding of findings) {
    counts[finding.type] = (counts[finding.type] ?? 0) + 1;
    max[finding.type] = Math.max(max[finding.type] ?? 0, finding.score);
    if (finding.type !== PROMPT_INJECTION) continue;
    // A finding without a channel (a fixture, an older caller) counts as direct: the stricter reading.
    if (finding.channel === 'indirect') indirect = Math.max(indirect, finding.score);
    else if (finding.channel === 'tools') tools = Math.max(tools, finding.score);
    else if (finding.channel === 'documents') documents = Math.max(documents, finding.score);
    else direct = Math.max(direct, finding.score);
  }
  const score = Math.max(direct, documents, indirect, tools);
  const injection = score === 0 ? NO_INJECTION : { score, direct, documents, indirect, tools };
  return { types: Object.keys(counts).sort(), counts, max, injection };
}
