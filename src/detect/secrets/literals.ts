/**
 * Every literal the secrets recognizers look for (the gitleaks rules' keywords, anchors and
 * `after` literals, and the generic recognizer's key words), found in one automaton pass per
 * scanned text and shared through a per-scan cache: a second pass would cost as much again
 * (~5 µs per 2 KB).
 */
import { perScan } from '../scan.ts';
import type { ScanText } from '../types.ts';
import { Automaton, type Hits } from './automaton.ts';
import { GITLEAKS } from './rules.ts';

/**
 * Words that name a secret, for the generic recognizer: a high-entropy value assigned to one
 * is likely a credential. "pass" alone would find "passport" and "compass"; "key" alone,
 * "keyboard" and "monkey".
 */
export const SECRET_WORDS: readonly string[] = [
  'password', 'passwd', 'passphrase', 'pwd', 'secret', 'token', 'api_key', 'apikey', 'api-key', 'access_key',
  'private_key', 'auth', 'credential', 'client_secret',
];

/** Ends a URL scheme: where the generic recognizer looks for user:password@ in a URL. */
export const URL_SCHEME_END = '://';

export class LiteralIndex {
  readonly literals: readonly string[];
  private readonly ids = new Map<string, number>();
  private readonly automaton: Automaton;
  /** All occurrences in the text, computed once per scan. */
  readonly hits: (input: ScanText) => Hits = perScan((input) => this.automaton.scan(input.text));

  constructor(literals: Iterable<string>) {
    const unique = [...new Set(literals)];
    unique.forEach((l, i) => this.ids.set(l, i));
    this.literals = unique;
    this.automaton = new Automaton(unique);
  }

  id(literal: string): number {
    const id = this.ids.get(literal);
    if (id === undefined) throw new Error(`unknown literal ${JSON.stringify(literal)}`);
    return id;
  }

}

export const LITERALS = new LiteralIndex([
  ...GITLEAKS.rules.flatMap((r) => [...r.keywords, ...(r.anchors ?? []).flatMap((a) => (a.after === null ? [a.literal] : [a.literal, a.after]))]),
  ...SECRET_WORDS,
  URL_SCHEME_END,
]);
