/**
 * MCP tools as the console sees them (`GET /admin/tools`): every tool a server listed to the
 * gateway since it started (a server nobody has listed yet is listed by the gateway itself the
 * first time the view is asked for, so a fresh gateway's view fills), with its approval status now, its risk level (the risk register's
 * rules, catalog tags first) and what the poisoning scan found (types only). And the approval
 * of a quarantined definition (`POST /admin/tools/{server}/{name}/approve`): the same lockfile
 * entry `portcullis tools approve` writes, for exactly the definition the gateway saw (its
 * hash), after which the pins re-read the lockfile so the tool is offered at once.
 *
 * Status: approved (its hash is in the lockfile), quarantined (never approved), changed
 * (approved once with another hash: a possible rug pull), unpinned (not approved, but offered
 * anyway because `mcp.pinning` is `monitor`).
 */
import { GatewayError } from '../../core/errors.ts';
import type { Config } from '../../config/schema.ts';
import type { McpGateway } from '../../mcp/index.ts';
import { discoverServer } from '../../mcp/discover.ts';
import { loadLockfile, saveLockfile } from '../../mcp/inventory/lockfile.ts';
import type { ToolPins } from '../../mcp/pinning.ts';
import { riskLevel } from '../../mcp/inventory/risk-register.ts';
import { classifyTool } from '../../mcp/inventory/risk.ts';
import type { PolicyEngine } from '../../policy/engine.ts';

export type ToolStatus = 'approved' | 'quarantined' | 'changed' | 'unpinned';

export class ToolAdmin {
  private readonly config: Config;
  private readonly gateway: () => McpGateway | undefined;
  private readonly engine: PolicyEngine;
  /** Approvals write the lockfile one at a time (read, add, write back). */
  private writing: Promise<unknown> = Promise.resolve();
  /** Servers the gateway is listing itself (by id), so it does so once at a time. */
  private readonly discovering = new Set<string>();

  constructor(config: Config, gateway: () => McpGateway | undefined, engine: PolicyEngine) {
    this.config = config;
    this.gateway = gateway;
    this.engine = engine;
  }

  list() {
    const pins = this.gateway()?.pins;
    if (pins === undefined) return [];
    this.discoverUnlisted(pins);
    const catalog = this.engine.current.catalog;
    return pins.reviewed().map(({ server, definition, tool }) => {
      const tags = catalog.tagsOf(tool.name, server);
      const { capabilities } = classifyTool(server, definition, tags.length === 0 ? undefined : { tags });
      const risk = riskLevel(capabilities);
      return {
        server,
        name: tool.name,
        status: statusOf(pins.statusOf(server, tool.name, tool.hash), pins.mode),
        risk: { level: risk.level, reason: risk.reason, capabilities },
        ...(tool.hash === 'invalid' ? {} : { hash: tool.hash }),
        findings: [...new Set(tool.poisoning.map((finding) => finding.type))],
      };
    });
  }

  /**
   * Lists, in the background, each configured server no agent has listed since the gateway
   * started, and reviews its tools as a listing by an agent would (pins, scan): the next view
   * shows them. A server that cannot be reached is tried again after RETRY_MS.
   */
  private discoverUnlisted(pins: ToolPins): void {
    const mcp = this.config.mcp;
    if (mcp === undefined) return;
    const listed = new Set(pins.reviewed().map((entry) => entry.server));
    for (const server of mcp.servers) {
      if (listed.has(server.id) || this.discovering.has(server.id)) continue;
      this.discovering.add(server.id);
      discoverServer(server, mcp.timeouts.startMs)
        .then((inventory) => {
          if (inventory.tools !== undefined) pins.review(server, inventory.tools);
        })
        .catch(() => undefined)
        .finally(() => setTimeout(() => this.discovering.delete(server.id), RETRY_MS).unref());
    }
  }

  /**
   * Pins the definition of `server`/`name` the gateway last saw. `hash`, when given, must be
   * that definition's (what the admin reviewed); definitions the scan flagged need `force`.
   */
  async approve(serverId: string, name: string, by: string, options: { hash?: string; force?: boolean }) {
    const mcp = this.config.mcp;
    const pins = this.gateway()?.pins;
    if (mcp === undefined || pins === undefined) throw new GatewayError('not_found', 'no_mcp', 'no MCP servers are configured');
    if (!mcp.servers.some((server) => server.id === serverId)) throw new GatewayError('not_found', 'unknown_server', `no MCP server '${serverId}' is configured`);
    const seen = pins.reviewed().find((entry) => entry.server === serverId && entry.tool.name === name);
    if (seen === undefined) {
      throw new GatewayError('not_found', 'unknown_tool', `the gateway has not seen '${serverId}' list a tool '${name}' since it started`);
    }
    const { hash } = seen.tool;
    if (hash === 'invalid') throw new GatewayError('invalid_request', 'definition_invalid', `the definition of '${name}' cannot be hashed, so it cannot be approved`);
    if (options.hash !== undefined && options.hash !== hash) {
      throw new GatewayError('invalid_request', 'definition_changed', `'${serverId}/${name}' now has definition ${hash}, not ${options.hash}: review it again`);
    }
    const flagged = [...new Set(seen.tool.poisoning.map((finding) => finding.type))];
    if (flagged.length > 0 && options.force !== true && pins.statusOf(serverId, name, hash) !== 'approved') {
      throw new GatewayError('invalid_request', 'definition_flagged',
        `'${serverId}/${name}' is flagged by the scan (${flagged.join(', ')}); review it, then approve with {"force": true}`);
    }
    const write = this.writing.then(async () => {
      const lock = await loadLockfile(mcp.lockfile);
      const changed = lock.approve([{ server: serverId, kind: 'tool', name, hash }], by);
      if (changed > 0) await saveLockfile(mcp.lockfile, lock);
      pins.reload();
      return changed;
    });
    this.writing = write.catch(() => undefined);
    const changed = await write;
    return { server: serverId, name, hash, status: 'approved' as const, changed: changed > 0 };
  }
}

/** A server that could not be listed is tried again on a view after this long. */
const RETRY_MS = 30_000;

function statusOf(status: 'approved' | 'new' | 'changed', mode: 'enforce' | 'monitor' | string): ToolStatus {
  if (status === 'approved') return 'approved';
  if (mode === 'monitor') return 'unpinned';
  return status === 'new' ? 'quarantined' : 'changed';
}
