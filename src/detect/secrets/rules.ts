/**
 * The gitleaks rules as scripts/compile-gitleaks.ts writes them to gitleaks-rules.json: the
 * regexes unchanged (RE2 syntax, run by re2js), plus what the compile step learned about where
 * each can match. The JSON is committed so the gateway never reads ../shared at run time.
 */
import data from './gitleaks-rules.json' with { type: 'json' };

/** Where a rule can match: a literal every match contains, and its end's offset from the match start. */
export interface CompiledAnchor {
  /** Folded to lower case; searched in the folded text. */
  readonly literal: string;
  readonly min: number;
  readonly max: number;
  /**
   * A match reads one of = > : | ? , within this many characters after the literal; null when
   * it need not. Lets the runtime skip "token" in prose without running the regex.
   */
  readonly gate: number | null;
  /**
   * What a match can read at each position after the literal, as indices into
   * CompiledRules.classes. Rejects "skip" for the anchor "sk" (twilio: SK + 32 hex digits).
   */
  readonly follow: readonly number[];
  /**
   * A literal every match reads somewhere after this one (curl's rules need "-u" or "-h" after
   * "curl"): with none later in the text, the anchor is skipped.
   */
  readonly after: string | null;
}

export interface CompiledAllowlist {
  readonly description?: string;
  /** OR: any check allows the finding; AND: all present checks must. */
  readonly condition: 'OR' | 'AND';
  /** What the regexes test: the secret (default), the whole match, or the line(s) holding it. */
  readonly target: 'secret' | 'match' | 'line';
  readonly regexes: readonly string[];
  /** Lower case; a secret containing one is allowed. */
  readonly stopwords: readonly string[];
}

export interface CompiledRule {
  readonly id: string;
  readonly description: string;
  /** The rule's regex as gitleaks has it. */
  readonly regex: string;
  /**
   * When the regex starts with a lazy bounded run of one character class (gitleaks's
   * `(?i)[\w.-]{0,50}?` before a keyword, there to put the variable name in the match), that
   * run is matched in code and `rest` is the regex after it, with the same flags.
   */
  readonly prefix: { readonly ranges: readonly (readonly [number, number])[]; readonly max: number; readonly rest: string } | null;
  /** Lower case. The rule runs only when one occurs in the text (gitleaks's pre-filter). */
  readonly keywords: readonly string[];
  /** Shannon entropy the secret must exceed; 0 for no check. */
  readonly entropy: number;
  /** Capture group holding the secret; 0 for the first non-empty group (gitleaks's default). */
  readonly secretGroup: number;
  /** null: no literal bounds where it can match, so the regex runs over the whole text. */
  readonly anchors: readonly CompiledAnchor[] | null;
  /** Longest match of `prefix.rest` (or `regex`) in UTF-16 units; null when unbounded. */
  readonly maxLength: number | null;
  /**
   * For an unbounded regex whose loops each read one character class: a match reads at most
   * `acyclic` units outside loops, plus one run of each loop's class (CompiledRules.classes).
   * Bounds the text given to re2js; null when maxLength is set or no such bound holds.
   */
  readonly loops: { readonly acyclic: number; readonly classes: readonly number[] } | null;
  readonly allowlists: readonly CompiledAllowlist[];
}

export interface CompiledRules {
  readonly source: { readonly repository: string; readonly commit: string; readonly path: string; readonly sha256: string; readonly license: string; readonly copyright: string };
  readonly global: CompiledAllowlist;
  /** Character classes: 32 hex digits of a 128-bit ASCII mask, then "+" if non-ASCII is allowed. */
  readonly classes: readonly string[];
  readonly rules: readonly CompiledRule[];
}

export const GITLEAKS: CompiledRules = data as CompiledRules;

/** "aws-access-token" -> "SECRET_AWS_ACCESS_TOKEN". */
export function secretType(ruleId: string): string {
  return `SECRET_${ruleId.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
}
