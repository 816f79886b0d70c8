/**
 * gitleaks allowlists (config/allowlist.go, detect.go checkFindingAllowed): a finding is
 * allowed (not reported) when an allowlist's regexes match its target (the secret, the whole
 * match or its line) or the lower-cased secret contains one of its stopwords. With condition
 * AND every check the list has must pass. Paths and commits were dropped at compile time: a
 * message has neither.
 */
import { RE2JS } from 're2js';
import { Automaton } from './automaton.ts';
import type { CompiledAllowlist } from './rules.ts';

export interface FindingText {
  readonly secret: string;
  readonly match: string;
  readonly line: string;
}

export class Allowlist {
  readonly spec: CompiledAllowlist;
  // Compiled on first use: most rules never produce a finding in a given process.
  private regex: RE2JS | null | undefined;
  private stopwords: Automaton | null | undefined;

  constructor(spec: CompiledAllowlist) {
    this.spec = spec;
  }

  allows(finding: FindingText): boolean {
    const target = this.spec.target === 'match' ? finding.match : this.spec.target === 'line' ? finding.line : finding.secret;
    const hasRegexes = this.spec.regexes.length > 0;
    const hasStopwords = this.spec.stopwords.length > 0;
    if (this.spec.condition === 'AND') {
      return (!hasRegexes || this.regexAllows(target)) && (!hasStopwords || this.stopwordAllows(finding.secret)) && (hasRegexes || hasStopwords);
    }
    return (hasRegexes && this.regexAllows(target)) || (hasStopwords && this.stopwordAllows(finding.secret));
  }

  /** One alternation of all the list's regexes: "any matches" in one linear-time test. */
  private regexAllows(target: string): boolean {
    if (this.regex === undefined) {
      this.regex = this.spec.regexes.length === 0 ? null : RE2JS.compile(this.spec.regexes.map((r) => `(?:${r})`).join('|'));
    }
    return this.regex !== null && this.regex.test(target);
  }

  /** Stopwords are substrings, so one automaton pass over the secret finds any of them. */
  private stopwordAllows(secret: string): boolean {
    if (this.stopwords === undefined) this.stopwords = this.spec.stopwords.length === 0 ? null : new Automaton(this.spec.stopwords);
    return this.stopwords !== null && this.stopwords.contains(secret);
  }
}
