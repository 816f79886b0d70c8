/**
 * The anchored matcher must find exactly what re2js finds running each rule's regex over the
 * whole text (gitleaks's own semantics). Texts are generated from the rules' keywords and
 * anchors, assignment operators, quotes and random runs of token characters, so that rules
 * match, nearly match and overlap; the comparison is on raw regex matches and groups.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RE2JS } from 're2js';
import { Automaton, foldString } from '../../src/detect/secrets/automaton.ts';
import { CharSet, RuleMatcher, type RegexMatch } from '../../src/detect/secrets/matcher.ts';
import { GITLEAKS, type CompiledRule } from '../../src/detect/secrets/rules.ts';
import { programOf } from '../../scripts/gitleaks-program.ts';
import { mulberry32 } from '../../scripts/seeded-random.ts';

const classes = GITLEAKS.classes.map((hex) => new CharSet(hex));


const CHARSETS = ['0123456789abcdef', '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 'abcdefghijklmnopqrstuvwxyz0123456789_-', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'];
const LENGTHS = [3, 8, 10, 12, 16, 17, 20, 24, 26, 32, 35, 36, 40, 43, 48, 58, 64, 74, 86, 93, 100, 140, 160, 200, 260];
const GLUE = ['=', ':', ' = ', ': ', '=>', ':=', ',', '||', '?=', '"', "'", '`', ' ', '  ', '\n', '\t', ';', '_', '-', '.', '/', '\\n', '(', ')', '~', 'Q~', '|', '%', '@', '-----', ' PRIVATE KEY', 'BEGIN', 'END', 'T3BlbkFJ', 'AA', 'eyJ', '.eyJ', 'kind: Secret', 'data:', 'curl -u ', ' -H "Authorization: Bearer ', 'https://', '\u212a', '\u017f', '\u{1F600}', 'é'];

function randomText(rand: () => number, literals: readonly string[]): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  let out = '';
  const pieces = 10 + Math.floor(rand() * 50);
  for (let i = 0; i < pieces; i++) {
    const r = rand();
    if (r < 0.3) {
      const lit = pick(literals);
      out += rand() < 0.2 ? lit.toUpperCase() : rand() < 0.1 ? lit[0]!.toUpperCase() + lit.slice(1) : lit;
    } else if (r < 0.65) out += pick(GLUE);
    else {
      const cs = pick(CHARSETS);
      const n = pick(LENGTHS) + Math.floor(rand() * 3) - 1;
      for (let j = 0; j < n; j++) out += cs[Math.floor(rand() * cs.length)];
    }
  }
  return out;
}

/**
 * A random string the regex (nearly) matches: a random walk through its compiled program,
 * taking a random character at each character instruction. Assertions (\b, ^, $) are ignored,
 * so some samples are near misses, which is also wanted.
 */
function sample(regex: string, rand: () => number): string {
  const prog = programOf(regex);
  let out = '';
  let pc = prog.start;
  for (let steps = 0; steps < 5000; steps++) {
    const inst = prog.inst[pc]!;
    switch (inst.op) {
      case 1:
      case 2: // ALT, ALT_MATCH: leave loops more readily once the sample is long
        pc = rand() < (out.length > 120 ? 0.2 : 0.5) ? inst.out : inst.arg;
        break;
      case 6: // MATCH
        return out;
      case 5: // FAIL
        return out;
      case 8:
      case 9: {
        const runes = inst.runes;
        if (runes.length === 1) {
          const r = runes[0]!;
          out += String.fromCodePoint(inst.arg & 1 && rand() < 0.5 && r < 128 ? r ^ 0x20 : r);
        } else {
          const j = 2 * Math.floor((rand() * runes.length) / 2);
          const lo = runes[j]!;
          const hi = Math.min(runes[j + 1]!, lo + 200);
          out += String.fromCodePoint(lo + Math.floor(rand() * (hi - lo + 1)));
        }
        pc = inst.out;
        break;
      }
      case 10:
      case 11:
        out += String.fromCharCode(32 + Math.floor(rand() * 95));
        pc = inst.out;
        break;
      default: // CAPTURE, EMPTY_WIDTH, NOP
        pc = inst.out;
    }
  }
  return out;
}

function mutate(s: string, rand: () => number): string {
  const i = Math.floor(rand() * s.length);
  const r = rand();
  if (r < 0.3) return s.slice(0, i) + s.slice(i + 1);
  if (r < 0.6) return s.slice(0, i) + 'xZ9=_ .'[Math.floor(rand() * 7)] + s.slice(i);
  return s.slice(0, i) + 'aQ7-/"'[Math.floor(rand() * 6)] + s.slice(i + 1);
}

function reference(rule: CompiledRule, text: string): RegexMatch[] {
  const m = RE2JS.compile(rule.regex).matcher(text);
  const out: RegexMatch[] = [];
  while (m.find()) {
    const groups: number[] = [];
    for (let g = 1; g <= m.groupCount(); g++) groups.push(m.start(g), m.start(g) < 0 ? -1 : m.end(g));
    out.push({ start: m.start(), end: m.end(), groups });
  }
  return out;
}

function anchored(rule: CompiledRule, matcher: RuleMatcher, text: string): RegexMatch[] {
  if (rule.anchors === null) return matcher.matchAll(text);
  const automaton = new Automaton(rule.anchors.map((a) => a.literal));
  const hits = automaton.scan(text);
  const lastAfter = (literal: string) => {
    const at = foldString(text).lastIndexOf(literal);
    return at < 0 ? -1 : at + literal.length;
  };
  return matcher.matchAt(text, hits.ids, hits.ends, lastAfter);
}

const literals = [...new Set(GITLEAKS.rules.flatMap((r) => [...r.keywords, ...(r.anchors ?? []).map((a) => a.literal)]))];

/** Texts per rule; raise it (SECRETS_FUZZ_ROUNDS=50) for a longer search. */
const ROUNDS = Number(process.env.SECRETS_FUZZ_ROUNDS ?? 2);

test('anchored matching equals whole-text re2js matching on generated text, for every rule', (t) => {
  const rand = mulberry32(20240611);
  // Half the rules with a tiny budget, so their anchored tries give way to the plain search
  // early: that switch must not change the matches either.
  const matchers = GITLEAKS.rules.map((r, i) => new RuleMatcher(r, classes, i % 2 === 0 ? undefined : { perChar: 0, base: 60 }));
  let compared = 0;
  let matched = 0;
  const rulesMatched = new Set<string>();
  for (let n = 0; n < ROUNDS * GITLEAKS.rules.length; n++) {
    // Each rule in turn gets texts holding samples of its regex, some mutated, among noise.
    const focus = GITLEAKS.rules[n % GITLEAKS.rules.length]!;
    const own = [...focus.keywords, ...(focus.anchors ?? []).map((a) => a.literal)];
    let text = randomText(rand, own.length > 0 ? own : literals);
    for (let k = 0; k < 3; k++) {
      const s = sample(focus.regex, rand);
      const at = Math.floor(rand() * (text.length + 1));
      // Mostly set off by spaces, which satisfy the \b and terminators the walk ignored.
      const pad = rand() < 0.7 ? ' ' : '';
      text = text.slice(0, at) + pad + (rand() < 0.3 ? mutate(s, rand) : s) + pad + text.slice(at);
    }
    const lower = text.toLowerCase();
    GITLEAKS.rules.forEach((rule, i) => {
      // The recognizer runs a rule only when a keyword is present; check those, and the focus.
      if (rule !== focus && !rule.keywords.some((k) => lower.includes(k))) return;
      const want = reference(rule, text);
      const got = anchored(rule, matchers[i]!, text);
      assert.deepEqual(got, want, `rule ${rule.id} on ${JSON.stringify(text)}`);
      compared++;
      matched += want.length;
      if (want.length > 0) rulesMatched.add(rule.id);
    });
  }
  t.diagnostic(`${compared} comparisons, ${matched} matches, ${rulesMatched.size} of ${GITLEAKS.rules.length} rules matched at least once`);
  assert.ok(rulesMatched.size > 0.9 * GITLEAKS.rules.length, `the generated texts should make most rules match (${rulesMatched.size})`);
});
