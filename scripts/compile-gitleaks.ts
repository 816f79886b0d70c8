/**
 * Compiles gitleaks's default rules (../shared/datasets/secrets/gitleaks/gitleaks.toml, MIT) into
 * src/detect/secrets/gitleaks-rules.json, which the gateway loads at run time:
 *
 *   node scripts/compile-gitleaks.ts [path/to/gitleaks.toml]
 *
 * Every regex (rules and allowlists) is compiled with re2js, the same RE2 semantics gitleaks
 * has in Go, so matching is linear in the text; a rule that does not compile is reported with
 * the reason and left out, never dropped silently. Rules that only apply to file paths are
 * reported and left out too: a message has no file name. For each rule it then records where
 * the regex can match (scripts/gitleaks-analysis.ts) and how far a match can reach
 * (scripts/gitleaks-bounds.ts), which is what keeps 222 regexes affordable on every message.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RE2JS } from 're2js';
import { parse } from 'smol-toml';
import type { CompiledAllowlist, CompiledRule, CompiledRules } from '../src/detect/secrets/rules.ts';
import { anchorsFor, literalRuns, prefixLiterals, type Anchor } from './gitleaks-analysis.ts';
import { loopBound, maxLength } from './gitleaks-bounds.ts';
import { checkInternals, programOf } from './gitleaks-program.ts';

/** A rule before its anchors' follow classes are interned into the shared table. */
type DraftRule = Omit<CompiledRule, 'anchors' | 'loops'> & { anchors: Anchor[] | null; loops: { acyclic: number; loops: string[] } | null };

/** Where the copy in ../shared came from (shared/datasets/README.md). */
const SOURCE = { repository: 'gitleaks/gitleaks', commit: 'b58d3f1', path: 'config/gitleaks.toml', license: 'MIT' };

const DEFAULT_INPUT = fileURLToPath(new URL('../../shared/datasets/secrets/gitleaks/gitleaks.toml', import.meta.url));
const OUTPUT = fileURLToPath(new URL('../src/detect/secrets/gitleaks-rules.json', import.meta.url));

interface TomlAllowlist { description?: string; condition?: string; regexTarget?: string; regexes?: string[]; stopwords?: string[]; paths?: string[]; commits?: string[] }
interface TomlRule { id: string; description?: string; regex?: string; path?: string; keywords?: string[]; entropy?: number; secretGroup?: number; allowlists?: TomlAllowlist[] }
interface TomlConfig { allowlist?: TomlAllowlist; rules: TomlRule[] }

export interface Report { compiled: CompiledRules; failed: { id: string; reason: string }[]; skipped: { id: string; reason: string }[]; notes: string[] }

/** `(?i)[\w.-]{0,50}?` at the very start: flags, one class, its bound. */
const LAZY_PREFIX = /^(\(\?[a-zA-Z]+\))?(\[(?:\\.|[^\]\\])+\])\{0,(\d+)\}\?/;

export function compile(toml: string, licenseText: string): Report {
  checkInternals();
  const config = parse(toml) as unknown as TomlConfig;
  const failed: Report['failed'] = [];
  const skipped: Report['skipped'] = [];
  const notes: string[] = [];
  const drafts: DraftRule[] = [];
  for (const rule of config.rules) {
    if (rule.regex === undefined) {
      skipped.push({ id: rule.id, reason: `matches file paths only (${rule.path ?? 'no regex'}); a message has no file name` });
      continue;
    }
    if (rule.path !== undefined) {
      skipped.push({ id: rule.id, reason: `applies only to files matching ${rule.path}; a message has no file name` });
      continue;
    }
    try {
      drafts.push(compileRule(rule, notes));
    } catch (error) {
      failed.push({ id: rule.id, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  const classes: string[] = [];
  const rules = drafts.map((d) => internClasses(d, classes));
  const global = allowlist(config.allowlist ?? {}, 'global', notes);
  if (global === null) throw new Error('the global allowlist cannot apply to messages');
  const copyright = licenseText.split('\n').find((l) => l.startsWith('Copyright')) ?? '';
  const sha256 = createHash('sha256').update(toml).digest('hex');
  return { compiled: { source: { ...SOURCE, sha256, copyright }, global, classes, rules }, failed, skipped, notes };
}

/** Replaces the anchors' follow classes by indices into one shared table (they repeat a lot). */
function internClasses(rule: DraftRule, table: string[]): CompiledRule {
  const index = (c: string) => {
    const i = table.indexOf(c);
    return i >= 0 ? i : table.push(c) - 1;
  };
  return {
    ...rule,
    anchors: rule.anchors?.map((a) => ({ ...a, follow: a.follow.map(index) })) ?? null,
    loops: rule.loops === null ? null : { acyclic: rule.loops.acyclic, classes: rule.loops.loops.map(index) },
  };
}

function compileRule(rule: TomlRule, notes: string[]): DraftRule {
  const regex = rule.regex!;
  checkRegex(regex, 'regex');
  const allowlists: CompiledAllowlist[] = [];
  for (const a of rule.allowlists ?? []) {
    const compiled = allowlist(a, rule.id, notes);
    if (compiled !== null) allowlists.push(compiled);
  }
  const prefix = splitPrefix(regex);
  const body = prefix?.rest ?? regex;
  const prog = programOf(body);
  const keywords = (rule.keywords ?? []).map((k) => k.toLowerCase());
  // The runtime finds keywords with an ASCII automaton over folded text.
  for (const k of keywords) if (k.length === 0 || /[^\x00-\x7f]/.test(k)) throw new Error(`keyword ${JSON.stringify(k)} is empty or not ASCII`);
  const runs = literalRuns(body);
  const byKeyword = keywords.length > 0 ? anchorsFor(prog, keywords, runs) : null;
  let byPrefix: Anchor[] | null = null;
  for (let depth = 6; byPrefix === null && depth >= 2; depth--) {
    const literals = prefixLiterals(prog, depth, 40);
    if (literals !== null) byPrefix = anchorsFor(prog, literals, runs);
  }
  // The keywords are the natural anchors, but where they sit at a varying offset (OpenAI's
  // "T3BlbkFJ" mid-key) and every match starts with a known literal ("sk-proj-"), the literal
  // gives one candidate start per hit instead of a range.
  const spread = (a: Anchor[]) => Math.max(...a.map((x) => x.max - x.min));
  const anchors = byKeyword === null || (byPrefix !== null && spread(byKeyword) > 0 && spread(byPrefix) === 0) ? byPrefix : byKeyword;
  if (anchors === null) notes.push(`${rule.id}: no anchor literal; its regex runs over the whole text when a keyword is present`);
  const longest = maxLength(prog);
  return {
    id: rule.id,
    description: rule.description ?? '',
    regex,
    prefix,
    keywords,
    entropy: rule.entropy ?? 0,
    secretGroup: rule.secretGroup ?? 0,
    anchors,
    maxLength: longest,
    loops: longest === null ? loopBound(prog) : null,
    allowlists,
  };
}

/** Compiles with re2js, rethrowing with the part named; this is the check that every rule compiles. */
function checkRegex(regex: string, what: string): void {
  try {
    RE2JS.compile(regex);
  } catch (error) {
    throw new Error(`${what} ${JSON.stringify(regex)} does not compile in re2js: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Splits off a leading lazy class run when the rest has no top-level alternative (in
 * `A|B` the run binds to A only, so it cannot be split off).
 */
function splitPrefix(regex: string): CompiledRule['prefix'] {
  const m = LAZY_PREFIX.exec(regex);
  if (m === null) return null;
  const flags = m[1] ?? '';
  const rest = flags + regex.slice(m[0].length);
  if (hasTopLevelBar(regex.slice(m[0].length))) return null;
  const prog = programOf(`${flags}${m[2]}`);
  const inst = prog.inst.find((i) => i.op === 8 || i.op === 9);
  if (inst === undefined) return null;
  const ranges: [number, number][] = [];
  if (inst.runes.length === 1 && inst.op === 9) ranges.push([inst.runes[0]!, inst.runes[0]!]);
  else if (inst.runes.length % 2 === 0) for (let j = 0; j < inst.runes.length; j += 2) ranges.push([inst.runes[j]!, inst.runes[j + 1]!]);
  else return null;
  // The runtime walks the run one UTF-16 unit at a time: only BMP characters outside surrogates.
  if (ranges.some(([lo, hi]) => hi > 0xffff || (lo <= 0xdfff && hi >= 0xd800))) return null;
  return { ranges, max: Number(m[3]), rest };
}

function hasTopLevelBar(s: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') {
      inClass = true;
      if (s[i + 1] === ']' || (s[i + 1] === '^' && s[i + 2] === ']')) i += s[i + 1] === '^' ? 2 : 1;
    } else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return true;
  }
  return false;
}

/**
 * The parts of an allowlist that can apply to a message. Paths and commits never match (a
 * message has neither): they are dropped from an OR list, and an AND list that needs one can
 * never allow anything, so it is dropped whole.
 */
function allowlist(a: TomlAllowlist, owner: string, notes: string[]): CompiledAllowlist | null {
  const condition = (a.condition ?? 'OR').toUpperCase() === 'AND' ? 'AND' : 'OR';
  const regexes = a.regexes ?? [];
  regexes.forEach((r) => checkRegex(r, `allowlist regex of ${owner}`));
  const stopwords = (a.stopwords ?? []).map((w) => w.toLowerCase());
  // The runtime finds stopwords with an ASCII automaton over folded text.
  for (const w of stopwords) if (w.length === 0 || /[^\x00-\x7f]/.test(w)) throw new Error(`stopword ${JSON.stringify(w)} of ${owner} is empty or not ASCII`);
  const needsFile = (a.paths?.length ?? 0) > 0 || (a.commits?.length ?? 0) > 0;
  if (condition === 'AND' && needsFile) {
    notes.push(`${owner}: dropped an AND allowlist that needs a file path or commit`);
    return null;
  }
  if (regexes.length === 0 && stopwords.length === 0) {
    if (needsFile) notes.push(`${owner}: dropped an allowlist of paths/commits only`);
    return null;
  }
  const target = a.regexTarget === 'match' || a.regexTarget === 'line' ? a.regexTarget : 'secret';
  return { ...(a.description !== undefined ? { description: a.description } : {}), condition, target, regexes, stopwords };
}

/** One rule per line, so a rule change is a one-line diff. */
export function serialize(c: CompiledRules): string {
  const header = {
    '//': `Generated by scripts/compile-gitleaks.ts from ${c.source.repository}@${c.source.commit} ${c.source.path} (${c.source.license}, ${c.source.copyright}). Do not edit; re-run the script.`,
  };
  const lines = c.rules.map((r) => `    ${JSON.stringify(r)}`);
  return `{\n  "//": ${JSON.stringify(header['//'])},\n  "source": ${JSON.stringify(c.source)},\n  "global": ${JSON.stringify(c.global)},\n  "classes": ${JSON.stringify(c.classes)},\n  "rules": [\n${lines.join(',\n')}\n  ]\n}\n`;
}

if (import.meta.main) {
  const input = process.argv[2] ?? DEFAULT_INPUT;
  const toml = readFileSync(input, 'utf8');
  const license = readFileSync(new URL('LICENSE', `file://${input}`), 'utf8');
  const started = performance.now();
  const report = compile(toml, license);
  writeFileSync(OUTPUT, serialize(report.compiled));
  const anchored = report.compiled.rules.filter((r) => r.anchors !== null).length;
  console.log(`compiled ${report.compiled.rules.length} rules (${anchored} anchored) in ${Math.round(performance.now() - started)} ms -> ${OUTPUT}`);
  for (const s of report.skipped) console.log(`skipped ${s.id}: ${s.reason}`);
  for (const f of report.failed) console.log(`FAILED ${f.id}: ${f.reason}`);
  for (const n of report.notes) console.log(`note ${n}`);
  if (report.failed.length > 0) process.exitCode = 1;
}
