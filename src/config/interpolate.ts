/**
 * `${VAR}` interpolation in string values of a parsed YAML document (never in keys):
 *   ${NAME}            the variable; an error if unset
 *   ${NAME:-fallback}  the variable, or `fallback` if unset or empty (shell semantics)
 *   $${                a literal "${"
 * It runs on the YAML tree rather than the raw text so a value can never inject YAML structure,
 * and so errors can point at the exact scalar. Values are secrets: no message ever contains one.
 */
import { isMap, isScalar, isSeq, type Document, type Scalar } from 'yaml';
import { keyText, type KeyPath } from './yaml-locate.ts';

export interface InterpolationIssue {
  readonly path: KeyPath;
  /** Source offset of the scalar holding the bad reference. */
  readonly offset: number;
  readonly message: string;
}

export interface InterpolationResult {
  readonly issues: InterpolationIssue[];
  /** Paths of unquoted scalars whose interpolated text was re-read as a number or boolean. */
  readonly retyped: KeyPath[];
}

type Env = Readonly<Record<string, string | undefined>>;

const REFERENCE = /\$\$\{|\$\{([^}]*)(\}?)/g;
const NAME_AND_FALLBACK = /^([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?$/s;
const INTEGER = /^[-+]?(?:0|[1-9][0-9]*)$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;

/** Substitutes in place; `doc.toJS()` afterwards sees the final values. */
export function interpolateDocument(doc: Document, env: Env): InterpolationResult {
  const result: InterpolationResult = { issues: [], retyped: [] };
  walk(doc.contents, [], (scalar, path) => interpolateScalar(scalar, path, env, result));
  return result;
}

function walk(node: unknown, path: PropertyKey[], visit: (scalar: Scalar, path: KeyPath) => void): void {
  if (isMap(node)) for (const pair of node.items) walk(pair.value, [...path, keyText(pair.key)], visit);
  else if (isSeq(node)) node.items.forEach((item, index) => walk(item, [...path, index], visit));
  // Aliases are skipped: their anchored node is interpolated where it is defined.
  else if (isScalar(node)) visit(node, path);
}

function interpolateScalar(scalar: Scalar, path: KeyPath, env: Env, result: InterpolationResult): void {
  const text = scalar.value;
  if (typeof text !== 'string' || !text.includes('${')) return;
  const offset = scalar.range?.[0] ?? 0;
  const fail = (message: string) => result.issues.push({ path, offset, message });
  let substituted = false;
  const value = text.replace(REFERENCE, (match: string, body?: string, close?: string) => {
    if (match === '$${') return '${';
    if (close === '') {
      fail('unterminated "${": close it with "}", or write "$${" for a literal "${"');
      return '';
    }
    const reference = NAME_AND_FALLBACK.exec(body ?? '');
    if (reference === null) {
      fail('invalid ${...} reference: expected ${NAME} or ${NAME:-default}, NAME being [A-Za-z_][A-Za-z0-9_]*');
      return '';
    }
    const name = reference[1] ?? '';
    const fallback = reference[2];
    const fromEnv = env[name];
    substituted = true;
    if (fromEnv !== undefined && (fromEnv !== '' || fallback === undefined)) return fromEnv;
    if (fallback !== undefined) return fallback;
    fail(`environment variable ${name} is not set (write \${${name}:-default} to give a default)`);
    return '';
  });
  // An unquoted `port: ${PORT}` should be a number, as `port: 8080` would be; quoting keeps a string.
  if (substituted && scalar.type === 'PLAIN' && retype(scalar, value)) result.retyped.push(path);
  else scalar.value = value;
}

function retype(scalar: Scalar, text: string): boolean {
  if (INTEGER.test(text) || FLOAT.test(text)) scalar.value = Number(text);
  else if (text === 'true' || text === 'false') scalar.value = text === 'true';
  else return false;
  return true;
}
