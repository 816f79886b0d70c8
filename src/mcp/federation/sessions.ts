/**
 * The federated sessions the gateway holds: each opens one upstream session per configured
 * server, in parallel, at `initialize`. A server that fails to start or initialize is left
 * out of that session (its tools are simply absent) and reported to the caller, which records
 * it; the others serve on. Idle sessions are closed and each agent may hold a bounded number,
 * as on the per-server endpoint, since every one may be several processes.
 */
import type { McpServerConfig } from '../../config/mcp-schema.ts';
import type { Principal } from '../../core/exchange.ts';
import type { McpSessions } from '../sessions.ts';
import { FederatedSession } from './session.ts';

/** How one server fared when a federated session opened. */
export interface MemberStart {
  readonly server: string;
  /** Why it is not part of the session; undefined when it is. */
  readonly error?: string;
  /** What its initialize returned (instructions, server info). */
  readonly result?: Record<string, unknown>;
  readonly upstreamMs: number;
}

export class FederatedSessions {
  private readonly sessions = new Map<string, FederatedSession>();
  private readonly upstream: McpSessions;
  private readonly servers: readonly McpServerConfig[];
  private readonly sweep: NodeJS.Timeout;

  constructor(upstream: McpSessions, servers: readonly McpServerConfig[]) {
    this.upstream = upstream;
    this.servers = servers;
    this.sweep = setInterval(() => this.closeIdle(), Math.min(upstream.limits.idleMs, 60_000));
    this.sweep.unref();
  }

  /** A new session with every server that started and answered `initialize` (sent with the agent's own params). */
  async open(principal: Principal, initialize: Record<string, unknown> | undefined): Promise<{ session: FederatedSession; starts: MemberStart[] }> {
    await this.makeRoom(principal);
    const session = new FederatedSession(principal);
    const starts = await Promise.all(this.servers.map((server) => this.join(session, server, initialize)));
    this.sessions.set(session.id, session);
    return { session, starts };
  }

  get(id: string, principal: Principal): FederatedSession | undefined {
    const session = this.sessions.get(id);
    if (session === undefined || !session.isOpen || session.principal.agentId !== principal.agentId) return undefined;
    return session;
  }

  async close(id: string): Promise<void> {
    const session = this.sessions.get(id);
    this.sessions.delete(id);
    await session?.close();
  }

  async closeAll(): Promise<void> {
    clearInterval(this.sweep);
    await Promise.all([...this.sessions.keys()].map((id) => this.close(id)));
  }

  private async join(session: FederatedSession, server: McpServerConfig, initialize: Record<string, unknown> | undefined): Promise<MemberStart> {
    const started = performance.now();
    const failed = (error: string): MemberStart => {
      session.failed.set(server.id, error);
      return { server: server.id, error, upstreamMs: performance.now() - started };
    };
    let member;
    try {
      member = await this.upstream.connect(session.principal, server, (_, reason) => session.lost(server.id, reason));
    } catch (error) {
      return failed(error instanceof Error ? error.message : `the MCP server '${server.id}' could not start`);
    }
    const response = await member.request('initialize', initialize);
    if (response.result === undefined || member.adoptVersion(response) === undefined) {
      await member.close('did not complete initialize').catch(() => undefined);
      return failed(response.error?.message ?? `the MCP server '${server.id}' did not complete initialize`);
    }
    const capabilities = response.result['capabilities'];
    session.add(server.id, member, typeof capabilities === 'object' && capabilities !== null ? capabilities as Record<string, unknown> : {});
    return { server: server.id, result: response.result, upstreamMs: performance.now() - started };
  }

  private async makeRoom(principal: Principal): Promise<void> {
    const mine = [...this.sessions.values()].filter((s) => s.principal.agentId === principal.agentId);
    if (mine.length < this.upstream.limits.perAgent) return;
    // As on the per-server endpoint: the least recently used idle session goes; busy ones never do.
    const idle = mine.filter((s) => !s.busy);
    if (idle.length === 0) throw new Error(`agent '${principal.agentId}' already has ${mine.length} federated MCP sessions with requests in flight; end one (DELETE) or wait`);
    await this.close(idle.reduce((a, b) => (a.lastActive <= b.lastActive ? a : b)).id);
  }

  private closeIdle(): void {
    const cutoff = Date.now() - this.upstream.limits.idleMs;
    for (const session of this.sessions.values()) {
      if (session.lastActive < cutoff && !session.busy) this.close(session.id).catch(() => undefined);
    }
  }
}
