/**
 * Reads `portcullis.yaml`: YAML syntax, then `${VAR}` interpolation, then the schema. Every
 * problem found along the way is reported at once, each as `file:line:column: path: message`.
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { ConfigError, formatPath, type ConfigIssue } from './errors.ts';
import { interpolateDocument } from './interpolate.ts';
import { configSchema, type Config } from './schema.ts';
import { closestKey, knownKeys } from './suggest.ts';
import { offsetOf, pathAt, valueOffset, type KeyPath } from './yaml-locate.ts';
import { compilePolicy, PolicyCompileError } from '../policy/compile.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** Reads and validates a config file; throws ConfigError listing every problem. */
export function loadConfig(file: string, env: Env = process.env): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new ConfigError([{ file, line: 0, column: 0, path: '', message: `cannot read config file (${reason})` }]);
  }
  return parseConfig(text, file, env);
}

/** Validates config text; `file` only names the source in error messages. */
export function parseConfig(text: string, file: string, env: Env = process.env): Config {
  const lineCounter = new LineCounter();
  // uniqueKeys (on by default) turns a repeated key into an error rather than last-one-wins.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const issues: ConfigIssue[] = [];
  const report = (offset: number, path: KeyPath, message: string) => {
    const { line, col } = lineCounter.linePos(offset);
    issues.push({ file, line, column: col, path: formatPath(path), message });
  };

  // After a syntax error the tree is unreliable, so stop before validation piles on noise.
  const reported = new Set<number>();
  for (const error of doc.errors) {
    const offset = error.pos[0];
    // yaml often reports two symptoms of one mistake at the same spot; the first is enough.
    if (!reported.has(offset)) report(offset, syntaxErrorPath(doc, offset), error.message);
    reported.add(offset);
  }
  if (issues.length > 0) throw new ConfigError(sortIssues(issues));

  const interpolation = interpolateDocument(doc, env);
  for (const issue of interpolation.issues) report(issue.offset, issue.path, issue.message);
  // A failed reference leaves an empty string behind; a schema error on it would only repeat the news.
  const failedPaths = new Set(interpolation.issues.map((issue) => formatPath(issue.path)));
  const retypedPaths = new Set(interpolation.retyped.map(formatPath));

  const value = toPlainValue(doc, (message) => report(0, [], message));
  if (value === null || value === undefined) {
    report(offsetOf(doc, []), [], 'the config is empty; it needs at least "version: 1" and "providers"');
  } else {
    const result = configSchema.safeParse(value);
    if (result.success && issues.length === 0) {
      // CEL conditions are part of the file: their errors point into the expression.
      try {
        compilePolicy(result.data);
        return result.data;
      } catch (error) {
        if (!(error instanceof PolicyCompileError)) throw error;
        for (const issue of error.issues) report(valueOffset(doc, text, issue.path, issue.offset), issue.path, issue.message);
      }
    }
    for (const zodIssue of result.error?.issues ?? []) {
      for (const { path, message } of describeZodIssue(zodIssue, value, retypedPaths)) {
        if (!failedPaths.has(formatPath(path))) report(offsetOf(doc, path), path, message);
      }
    }
  }
  throw new ConfigError(sortIssues(issues));
}

/**
 * The key path at a syntax error, cut at the first key that is not a plain name: a broken
 * document makes keys out of value text ("sk-live-... models"), which must not be echoed.
 */
function syntaxErrorPath(doc: Document, offset: number): KeyPath {
  const path = pathAt(doc, offset);
  const clean = path.findIndex((segment) => typeof segment === 'string' && !/^[A-Za-z_][A-Za-z0-9_-]*$/.test(segment));
  return clean === -1 ? path : path.slice(0, clean);
}

function toPlainValue(doc: Document, fail: (message: string) => void): unknown {
  try {
    // The alias cap defends against "billion laughs" documents.
    return doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
    return undefined;
  }
}

/** Turns one zod issue into located messages; an unknown-keys issue becomes one per key. */
function describeZodIssue(
  issue: z.core.$ZodIssue,
  input: unknown,
  retypedPaths: Set<string>,
): { path: KeyPath; message: string }[] {
  const path: KeyPath = issue.path;
  // zod says "expected string, received undefined"; a reader wants to hear which key is missing.
  if (issue.code !== 'unrecognized_keys' && path.length > 0 && !hasKey(input, path)) {
    return [{ path, message: `missing required key "${String(path.at(-1))}"` }];
  }
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => {
        const suggestion = closestKey(key, knownKeys(configSchema, path));
        const hint = suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
        return { path: [...path, key], message: `unknown key "${key}"${hint}` };
      });
    case 'invalid_key':
      // The key's own issue says what is wrong with it; zod's wrapper only says "Invalid key".
      return [{ path, message: `invalid key: ${issue.issues[0]?.message ?? issue.message}` }];
    case 'invalid_type': {
      const retyped = issue.expected === 'string' && retypedPaths.has(formatPath(path));
      const hint = retyped ? ' (the interpolated value looks like a number or boolean; quote it to keep a string)' : '';
      return [{ path, message: issue.message + hint }];
    }
    default:
      return [{ path, message: issue.message }];
  }
}

/** Whether the parsed document has the key at the end of `path` (even if its value is null). */
function hasKey(input: unknown, path: KeyPath): boolean {
  let node = input;
  for (const segment of path) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, segment)) return false;
    node = (node as Record<PropertyKey, unknown>)[segment];
  }
  return true;
}

function sortIssues(issues: ConfigIssue[]): ConfigIssue[] {
  const unique = new Map(issues.map((issue) => [JSON.stringify(issue), issue]));
  return [...unique.values()].sort((a, b) => a.line - b.line || a.column - b.column);
}
