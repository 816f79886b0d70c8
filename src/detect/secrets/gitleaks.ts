/**
 * gitleaks's default rules as one Recognizer, with gitleaks's semantics (detect/detect.go):
 * - a rule runs only when one of its keywords occurs in the (case-folded) text;
 * - its regex finds matches; the secret is the rule's secretGroup, else the first non-empty
 *   capture group, else the whole match (trimmed of newlines);
 * - the secret's Shannon entropy must exceed the rule's threshold (gitleaks drops entropy <= it);
 * - the global allowlist, then the rule's allowlists, may allow the finding.
 * Differences, all because a message is not a file in a repository: rules scoped to file
 * paths are left out at compile time, path and commit allowlists never apply, encoded
 * (base64/hex) segments are not decoded, and a `gitleaks:allow` comment does not exempt a line
 * (a sender could add one to get a key through). The span reported is the secret's own,
 * from the match's capture groups (gitleaks re-matches the match text to find it).
 */
import { perScan } from '../scan.ts';
import type { Candidate, Recognizer } from '../types.ts';
import { Allowlist } from './allowlist.ts';
import { shannonEntropy } from './entropy.ts';
import { CharSet, RuleMatcher, type RegexMatch } from './matcher.ts';
import { LITERALS, type LiteralIndex } from './literals.ts';
import { GITLEAKS, secretType, type CompiledRules } from './rules.ts';

/**
 * Scores: a secret known by its own format (a prefix, a checksum-like shape) whose entropy
 * passed the rule's threshold is strong. One known by where it stands (after "adafruit ... =",
 * in curl's -H/-u) or with no entropy check is a little weaker, so where both cover the same
 * characters the format's type is the one kept. generic-api-key is a heuristic.
 */
const SCORE = 0.9;
const SCORE_CONTEXT = 0.85;
const SCORE_GENERIC = 0.8;

function scoreOf(rule: CompiledRules['rules'][number]): number {
  if (rule.id === 'generic-api-key') return SCORE_GENERIC;
  if (rule.prefix !== null || rule.id.startsWith('curl-') || rule.entropy === 0) return SCORE_CONTEXT;
  return SCORE;
}

interface Rule {
  readonly matcher: RuleMatcher;
  readonly type: string;
  readonly score: number;
  readonly allowlists: readonly Allowlist[];
}

export function gitleaksRecognizer(compiled: CompiledRules = GITLEAKS, index: LiteralIndex = LITERALS): Recognizer {
  const classes = compiled.classes.map((hex) => new CharSet(hex));
  const global = new Allowlist(compiled.global);
  const rules: Rule[] = compiled.rules.map((r) => ({
    matcher: new RuleMatcher(r, classes),
    type: secretType(r.id),
    score: scoreOf(r),
    allowlists: r.allowlists.map((a) => new Allowlist(a)),
  }));
  // Per literal of the shared index: the rules it is a keyword of, the [rule, anchor] it anchors.
  const keywordOf: number[][] = index.literals.map(() => []);
  const anchorOf: [number, number][][] = index.literals.map(() => []);
  compiled.rules.forEach((r, ri) => {
    for (const k of r.keywords) keywordOf[index.id(k)]!.push(ri);
    r.anchors?.forEach((a, ai) => anchorOf[index.id(a.literal)]!.push([ri, ai]));
  });
  const noKeywords = compiled.rules.flatMap((r, ri) => (r.keywords.length === 0 ? [ri] : []));

  const scan = perScan((input) => {
    const hits = index.hits(input);
    const active = new Uint8Array(rules.length);
    for (const ri of noKeywords) active[ri] = 1;
    for (let id = 0; id < keywordOf.length; id++) if (hits.present[id] === 1) for (const ri of keywordOf[id]!) active[ri] = 1;
    return { hits, active, any: active.includes(1) };
  });

  return {
    name: 'gitleaks',
    detector: 'secrets',
    types: rules.map((r) => r.type),
    mayMatch: (input) => scan(input).any,
    find(input) {
      const { hits, active } = scan(input);
      let lastEnd: Int32Array | undefined;
      const lastAfter = (literal: string) => {
        if (lastEnd === undefined) {
          lastEnd = new Int32Array(index.literals.length).fill(-1);
          for (let j = 0; j < hits.ids.length; j++) lastEnd[hits.ids[j]!] = hits.ends[j]!; // ends ascend
        }
        return lastEnd[index.id(literal)]!;
      };
      // Anchor hits per active rule, in text order (the automaton reports them by end offset).
      const anchors = new Map<number, { anchor: number[]; end: number[] }>();
      for (let j = 0; j < hits.ids.length; j++) {
        for (const [ri, ai] of anchorOf[hits.ids[j]!]!) {
          if (active[ri] !== 1) continue;
          let list = anchors.get(ri);
          if (list === undefined) anchors.set(ri, (list = { anchor: [], end: [] }));
          list.anchor.push(ai);
          list.end.push(hits.ends[j]!);
        }
      }
      const out: Candidate[] = [];
      for (let ri = 0; ri < rules.length; ri++) {
        if (active[ri] !== 1) continue;
        const rule = rules[ri]!;
        let matches: RegexMatch[];
        if (rule.matcher.rule.anchors === null) matches = rule.matcher.matchAll(input.text);
        else {
          const list = anchors.get(ri);
          if (list === undefined) continue;
          matches = rule.matcher.matchAt(input.text, list.anchor, list.end, lastAfter);
        }
        for (const m of matches) {
          const found = finding(input.text, rule, m, global);
          if (found !== null) out.push(found);
        }
      }
      return out;
    },
  };
}

/** The secret of a match, if it survives the entropy check and the allowlists. */
function finding(text: string, rule: Rule, m: RegexMatch, global: Allowlist): Candidate | null {
  let start = m.start;
  let end = m.end;
  while (start < end && text.charCodeAt(start) === 0x0a) start++; // gitleaks trims "\n" off the match
  while (end > start && text.charCodeAt(end - 1) === 0x0a) end--;
  const spec = rule.matcher.rule;
  let s = start;
  let e = end;
  if (m.groups.length > 0) {
    if (spec.secretGroup > 0) {
      s = m.groups[2 * spec.secretGroup - 2] ?? -1;
      e = m.groups[2 * spec.secretGroup - 1] ?? -1;
    } else {
      for (let g = 0; g < m.groups.length; g += 2) {
        if (m.groups[g]! >= 0 && m.groups[g + 1]! > m.groups[g]!) {
          s = m.groups[g]!;
          e = m.groups[g + 1]!;
          break;
        }
      }
    }
  }
  if (s < 0 || e <= s) return null;
  const secret = text.slice(s, e);
  if (spec.entropy > 0 && shannonEntropy(secret) <= spec.entropy) return null;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const nl = text.indexOf('\n', end);
  const facts = { secret, match: text.slice(start, end), line: text.slice(lineStart, nl < 0 ? text.length : nl) };
  if (global.allows(facts) || rule.allowlists.some((a) => a.allows(facts))) return null;
  return { type: rule.type, start: s, end: e, score: rule.score };
}

export const GITLEAKS_RECOGNIZER: Recognizer = gitleaksRecognizer();
