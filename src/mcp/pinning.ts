/**
 * Definition pinning: a tool, prompt or resource template reaches an agent only in a definition
 * someone approved. Each definition a server lists is hashed (name, description, schemas,
 * annotations, server identity: see inventory/definition.ts) and looked up in the lockfile,
 * which `portcullis tools approve` writes and this module re-reads when it changes on disk. A
 * new or changed definition (a "rug pull") is quarantined: hidden from its list, and a tool
 * refused at tools/call, a prompt at prompts/get, until approved. With `pinning: monitor` it is
 * recorded and offered anyway.
 */
import { readFileSync, statSync } from 'node:fs';
import type { McpConfig, McpServerConfig } from '../config/mcp-schema.ts';
import { DefinitionError, definitionHash, type DefinitionKind, type McpDefinition, type ServerIdentity } from './inventory/definition.ts';
import { Lockfile, parseLockfile, type ApprovalStatus } from './inventory/lockfile.ts';
import { scanDefinition, type PoisonFinding } from './inventory/poisoning.ts';

export interface PinnedTool {
  /** A tool unless said otherwise (prompts and resource templates are pinned the same way). */
  readonly kind?: DefinitionKind;
  readonly name: string;
  readonly hash: string;
  readonly status: ApprovalStatus;
  /** What the poisoning scan found in the definition (reported with a quarantine). */
  readonly poisoning: readonly PoisonFinding[];
}

/** How often the lockfile's modification time is checked at most. */
const RELOAD_CHECK_MS = 1_000;
/** Tools remembered per server for the admin view. */
const MAX_REMEMBERED = 1_000;

export function serverIdentity(server: McpServerConfig): ServerIdentity {
  return server.transport === 'stdio'
    ? { id: server.id, transport: 'stdio', command: server.command, args: server.args }
    : { id: server.id, transport: 'http', url: server.url };
}

export class ToolPins {
  readonly mode: McpConfig['pinning'];
  private readonly path: string;
  private lock = new Lockfile();
  private loadedMtime = -1;
  private checkedAt = 0;
  /** The last lockfile problem (a malformed file keeps the last good approvals in force). */
  problem: string | undefined;
  /** The tool names each server last listed: a description that instructs about another server's tool is shadowing. */
  private readonly known = new Map<string, readonly string[]>();
  /** Each server's tools as last reviewed, with their definitions (for the admin API's tool view and approvals). */
  private readonly seen = new Map<string, Map<string, { readonly definition: McpDefinition; readonly tool: PinnedTool }>>();

  constructor(path: string, mode: McpConfig['pinning']) {
    this.path = path;
    this.mode = mode;
    this.refresh(true);
  }

  /** Whether a tool in this status may be offered and called. */
  admits(status: ApprovalStatus): boolean {
    return status === 'approved' || this.mode === 'monitor';
  }

  /** Hash, approval status and poisoning findings of each listed definition (tools unless `kind` says otherwise). */
  review(server: McpServerConfig, listed: readonly McpDefinition[], kind: DefinitionKind = 'tool'): PinnedTool[] {
    this.refresh(false);
    const identity = serverIdentity(server);
    // Shadowing is about tools: a description that instructs about another server's tool.
    if (kind === 'tool') this.known.set(server.id, listed.map((tool) => tool.name));
    const others = [...this.known].flatMap(([id, names]) => names.map((name) => ({ server: id, name })));
    const of = kind === 'tool' ? {} : { kind };
    return listed.map((definition) => {
      let hash: string;
      try {
        hash = definitionHash(identity, kind, definition);
      } catch (error) {
        // A definition that cannot be hashed (nested past the limit) can never be approved.
        if (!(error instanceof DefinitionError)) throw error;
        return { ...of, name: definition.name, hash: 'invalid', status: 'new' as const, poisoning: [{ type: 'OVERSIZED_DEFINITION' as const, field: '', score: 1, detail: error.message.slice(0, 60) }] };
      }
      const status = this.lock.status(server.id, kind, definition.name, hash);
      // The scan costs a detector pass per string: only definitions a human has not approved need it now.
      const poisoning = status === 'approved' ? [] : scanDefinition(server, kind, definition, { otherTools: others });
      const pinned = { ...of, name: definition.name, hash, status, poisoning };
      if (kind === 'tool') this.remember(server.id, definition, pinned);
      return pinned;
    });
  }

  /** The tools each server last listed, as reviewed then (status may have changed since: see statusOf). */
  reviewed(): { server: string; definition: McpDefinition; tool: PinnedTool }[] {
    return [...this.seen].flatMap(([server, tools]) => [...tools.values()].map((entry) => ({ server, ...entry })));
  }

  /** Re-reads the lockfile now (after the admin API wrote it), not at the next periodic check. */
  reload(): void {
    this.loadedMtime = -1;
    this.refresh(true);
  }

  private remember(serverId: string, definition: McpDefinition, tool: PinnedTool): void {
    let tools = this.seen.get(serverId);
    if (tools === undefined) this.seen.set(serverId, (tools = new Map()));
    // A server listing without end must not grow this without bound.
    if (tools.size < MAX_REMEMBERED || tools.has(tool.name)) tools.set(tool.name, { definition, tool });
  }

  /** The approval status of a hash now (the lockfile may have changed since the definition was listed). */
  statusOf(serverId: string, name: string, hash: string, kind: DefinitionKind = 'tool'): ApprovalStatus {
    this.refresh(false);
    return this.lock.status(serverId, kind, name, hash);
  }

  private refresh(force: boolean): void {
    const now = Date.now();
    if (!force && now - this.checkedAt < RELOAD_CHECK_MS) return;
    this.checkedAt = now;
    let mtime: number;
    try {
      mtime = statSync(this.path).mtimeMs;
    } catch {
      mtime = 0; // no lockfile yet: nothing is approved
    }
    if (mtime === this.loadedMtime) return;
    try {
      this.lock = mtime === 0 ? new Lockfile() : parseLockfile(readFileSync(this.path, 'utf8'), this.path);
      this.problem = undefined;
      this.loadedMtime = mtime;
    } catch (error) {
      this.problem = error instanceof Error ? error.message : String(error);
    }
  }
}
