/**
 * `portcullis.lock`: the definitions a person approved, by server, kind and name, each with its
 * hash (definition.ts), when and by whom. A definition whose hash is not in the lock is new or
 * changed and stays quarantined until `portcullis tools approve`. The file is YAML, written
 * sorted and one entry per block so that an approval is a small, reviewable diff:
 *
 *   version: 1
 *   servers:
 *     filesystem:
 *       tools:
 *         read_text_file:
 *           hash: sha256:3b0c...
 *           approvedAt: 2026-01-12T09:30:00.000Z
 *           approvedBy: alice
 *
 * Lookups (status) are three map reads: the proxy checks the hash before every call.
 */
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { LineCounter, parseDocument, stringify } from 'yaml';
import { offsetOf } from '../../config/yaml-locate.ts';
import { formatPath } from '../../config/errors.ts';
import { DEFINITION_KINDS, KIND_LISTS, type DefinitionKind } from './definition.ts';

export type ApprovalStatus = 'approved' | 'new' | 'changed';

export interface LockEntry {
  readonly hash: string;
  /** ISO 8601. */
  readonly approvedAt: string;
  readonly approvedBy?: string;
}

/** One definition to approve. */
export interface Approval {
  readonly server: string;
  readonly kind: DefinitionKind;
  readonly name: string;
  readonly hash: string;
}

const HASH = /^sha256:[0-9a-f]{64}$/;
const HEADER = '# Approved MCP definitions (portcullis tools approve). Review changes to this file like code.\n';

/** A malformed lockfile: `portcullis.lock:12:7: servers.fs.tools.read.hash: expected ...`. */
export class LockfileError extends Error {
  override readonly name = 'LockfileError';
  readonly file: string;
  /** 1-based; 0 when the problem has no position (the file cannot be read). */
  readonly line: number;
  readonly column: number;
  constructor(file: string, line: number, column: number, reason: string) {
    super(`${line > 0 ? `${file}:${line}:${column}` : file}: ${reason}`);
    this.file = file;
    this.line = line;
    this.column = column;
  }
}

export class Lockfile {
  /** server -> kind -> name -> entry */
  private readonly servers = new Map<string, Map<DefinitionKind, Map<string, LockEntry>>>();

  /** Whether a definition with this hash is approved, was approved with another hash (changed), or never (new). */
  status(serverId: string, kind: DefinitionKind, name: string, hash: string): ApprovalStatus {
    const entry = this.entry(serverId, kind, name);
    return entry === undefined ? 'new' : entry.hash === hash ? 'approved' : 'changed';
  }

  entry(serverId: string, kind: DefinitionKind, name: string): LockEntry | undefined {
    return this.servers.get(serverId)?.get(kind)?.get(name);
  }

  /**
   * Records approvals; returns how many entries changed. Re-approving an unchanged hash keeps
   * the original entry (and the file's diff empty).
   */
  approve(entries: readonly Approval[], by?: string, at: Date = new Date()): number {
    // All or nothing: a bad hash anywhere approves none of the batch.
    const bad = entries.find((entry) => !HASH.test(entry.hash));
    if (bad !== undefined) throw new Error(`not a definition hash: '${bad.hash}'`);
    let changed = 0;
    for (const { server, kind, name, hash } of entries) {
      if (this.entry(server, kind, name)?.hash === hash) continue;
      this.set(server, kind, name, { hash, approvedAt: at.toISOString(), ...(by === undefined ? {} : { approvedBy: by }) });
      changed++;
    }
    return changed;
  }

  /** Forgets an approval (the definition is quarantined again); returns whether there was one. */
  revoke(serverId: string, kind: DefinitionKind, name: string): boolean {
    const names = this.servers.get(serverId)?.get(kind);
    return names?.delete(name) ?? false;
  }

  /** Approved names of a kind that the server no longer offers (a rename leaves one behind), sorted. */
  unseen(serverId: string, kind: DefinitionKind, seenNames: Iterable<string>): string[] {
    const seen = new Set(seenNames);
    return [...(this.servers.get(serverId)?.get(kind)?.keys() ?? [])].filter((name) => !seen.has(name)).sort(compare);
  }

  /** Server ids with at least one approval, sorted. */
  serverIds(): string[] {
    return [...this.servers.keys()].filter((id) => [...this.servers.get(id)!.values()].some((names) => names.size > 0)).sort(compare);
  }

  /**
   * The file's data: sorted, empty sections left out. Built with Object.fromEntries, which
   * defines own properties, so a tool named "__proto__" is an entry like any other.
   */
  toJSON(): { version: 1; servers: Record<string, Record<string, Record<string, LockEntry>>> } {
    const servers = this.serverIds().map((id) => {
      const kinds = this.servers.get(id)!;
      const sections = DEFINITION_KINDS.filter((kind) => (kinds.get(kind)?.size ?? 0) > 0).map((kind) => {
        const names = kinds.get(kind)!;
        return [KIND_LISTS[kind], Object.fromEntries([...names.keys()].sort(compare).map((name) => [name, names.get(name)!]))] as const;
      });
      return [id, Object.fromEntries(sections)] as const;
    });
    return { version: 1, servers: Object.fromEntries(servers) };
  }

  /** Stores an entry as given (parseLockfile and approve validate before calling it). */
  set(serverId: string, kind: DefinitionKind, name: string, entry: LockEntry): void {
    let kinds = this.servers.get(serverId);
    if (kinds === undefined) this.servers.set(serverId, (kinds = new Map()));
    let names = kinds.get(kind);
    if (names === undefined) kinds.set(kind, (names = new Map()));
    names.set(name, { hash: entry.hash, approvedAt: entry.approvedAt, ...(entry.approvedBy === undefined ? {} : { approvedBy: entry.approvedBy }) });
  }
}

/** Code-unit order, the same on every machine (localeCompare is not). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function serializeLockfile(lock: Lockfile): string {
  // lineWidth 0: never fold a line, so an entry's diff is its own lines.
  return HEADER + stringify(lock.toJSON(), { lineWidth: 0, sortMapEntries: false });
}

/** Parses lockfile text; `file` names it in errors. Unknown keys are errors: a typo must not drop an approval silently. */
export function parseLockfile(text: string, file: string): Lockfile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, schema: 'core' });
  const fail = (offset: number, path: readonly (string | number)[], message: string): never => {
    const { line, col } = lineCounter.linePos(offset);
    throw new LockfileError(file, line, col, path.length === 0 ? message : `${formatPath(path)}: ${message}`);
  };
  const syntax = doc.errors[0];
  if (syntax !== undefined) fail(syntax.pos[0], [], syntax.message.split('\n')[0] ?? 'invalid YAML');
  const at = (path: readonly (string | number)[], message: string): never => fail(offsetOf(doc, path), path, message);

  const lock = new Lockfile();
  const data: unknown = doc.toJS();
  if (data === null || data === undefined) return lock; // an empty file approves nothing
  const top = mapping(data, [], at);
  only(top, ['version', 'servers'], [], at);
  if (top['version'] !== 1) at(['version'], `unsupported lockfile version ${JSON.stringify(top['version'])} (this gateway reads version 1)`);
  const servers = top['servers'] === undefined || top['servers'] === null ? {} : mapping(top['servers'], ['servers'], at);
  const kindOf = Object.fromEntries(DEFINITION_KINDS.map((kind) => [KIND_LISTS[kind], kind]));
  for (const [serverId, sectionsValue] of Object.entries(servers)) {
    const sections = mapping(sectionsValue ?? {}, ['servers', serverId], at);
    only(sections, Object.keys(kindOf), ['servers', serverId], at);
    for (const [section, namesValue] of Object.entries(sections)) {
      const names = mapping(namesValue ?? {}, ['servers', serverId, section], at);
      for (const [name, entryValue] of Object.entries(names)) {
        const path = ['servers', serverId, section, name];
        const entry = mapping(entryValue, path, at);
        only(entry, ['hash', 'approvedAt', 'approvedBy'], path, at);
        const { hash, approvedAt, approvedBy } = entry;
        if (typeof hash !== 'string' || !HASH.test(hash)) at([...path, 'hash'], 'expected "sha256:" and 64 lowercase hex digits');
        if (typeof approvedAt !== 'string' || Number.isNaN(Date.parse(approvedAt))) at([...path, 'approvedAt'], 'expected an ISO 8601 date and time');
        if (approvedBy !== undefined && typeof approvedBy !== 'string') at([...path, 'approvedBy'], 'expected a string');
        lock.set(serverId, kindOf[section]!, name, { hash: hash as string, approvedAt: approvedAt as string, ...(approvedBy === undefined ? {} : { approvedBy: approvedBy as string }) });
      }
    }
  }
  return lock;
}

type Fail = (path: readonly (string | number)[], message: string) => never;

function mapping(value: unknown, path: readonly (string | number)[], at: Fail): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return at(path, 'expected a mapping');
  return value as Record<string, unknown>;
}

function only(value: Record<string, unknown>, keys: readonly string[], path: readonly (string | number)[], at: Fail): void {
  for (const key of Object.keys(value)) if (!keys.includes(key)) at([...path, key], `unknown key (expected ${keys.join(', ')})`);
}

/** Reads a lockfile; a missing file is an empty lock (nothing approved yet). */
export async function loadLockfile(path: string): Promise<Lockfile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Lockfile();
    throw new LockfileError(path, 0, 0, `cannot read the lockfile (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return parseLockfile(text, path);
}

/**
 * Writes a lockfile atomically: a temporary file beside it, flushed to disk, then renamed over
 * it, so a crash or a concurrent reader never sees half a file. Two approvers saving at once
 * still race (the last rename wins); approvals are a human step, so that is left to them.
 */
export async function saveLockfile(path: string, lock: Lockfile): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', 0o644);
  try {
    await handle.writeFile(serializeLockfile(lock), 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
