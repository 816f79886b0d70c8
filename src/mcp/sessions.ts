/**
 * The MCP sessions the gateway holds open: one per agent per `initialize`, each with its own
 * connection to the server (for stdio servers, its own process). A session belongs to the
 * agent whose key opened it; another key cannot use or even detect it. Idle sessions are
 * closed, and each agent may hold a bounded number, since every one may be a process.
 */
import type { McpServerConfig } from '../config/mcp-schema.ts';
import type { Principal } from '../core/exchange.ts';
import { McpSession, type SessionTimeouts } from './session.ts';
import { HttpUpstream } from './upstream/http.ts';
import { StdioUpstream } from './upstream/stdio.ts';
import type { UpstreamTransport } from './upstream/transport.ts';

export interface SessionLimits extends SessionTimeouts {
  readonly perAgent: number;
  readonly idleMs: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = { perAgent: 16, idleMs: 30 * 60_000, requestMs: 60_000, startMs: 10_000 };

export function connectUpstream(server: McpServerConfig): UpstreamTransport {
  return server.transport === 'stdio' ? new StdioUpstream(server) : new HttpUpstream(server);
}

export class McpSessions {
  private readonly sessions = new Map<string, McpSession>();
  readonly limits: SessionLimits;
  private readonly sweep: NodeJS.Timeout;
  /** Equips a new session before its first message (tool pins, notification hooks). */
  private readonly setup: (session: McpSession) => void;

  constructor(limits: SessionLimits = DEFAULT_SESSION_LIMITS, setup: (session: McpSession) => void = () => undefined) {
    this.limits = limits;
    this.setup = setup;
    this.sweep = setInterval(() => this.closeIdle(), Math.min(limits.idleMs, 60_000));
    this.sweep.unref();
  }

  get size(): number {
    return this.sessions.size;
  }

  /** A new session with a started connection; the caller forwards `initialize` on it. */
  async open(principal: Principal, server: McpServerConfig): Promise<McpSession> {
    const mine = [...this.sessions.values()].filter((s) => s.principal.agentId === principal.agentId);
    if (mine.length >= this.limits.perAgent) {
      // The least recently used idle session of this agent makes room; one with a request in
      // flight is never cut, so when all are busy the new one is refused instead.
      const idle = mine.filter((s) => !s.busy);
      if (idle.length === 0) throw new Error(`agent '${principal.agentId}' already has ${mine.length} MCP sessions with requests in flight; end one (DELETE) or wait`);
      const oldest = idle.reduce((a, b) => (a.lastActive <= b.lastActive ? a : b));
      await this.close(oldest.id, 'was closed to make room for a newer session of the same agent');
    }
    const session = await this.connect(principal, server, (s) => this.sessions.delete(s.id));
    this.sessions.set(session.id, session);
    return session;
  }

  /**
   * A started, equipped session this registry does not hold: the federated endpoint holds its
   * own (one per server behind a federated session) and ends them with it.
   */
  async connect(principal: Principal, server: McpServerConfig, onEnd?: (session: McpSession, reason: string) => void): Promise<McpSession> {
    const session = new McpSession(principal, server, connectUpstream(server), this.limits);
    if (onEnd !== undefined) session.onEnd = (reason) => onEnd(session, reason);
    this.setup(session);
    await session.start();
    return session;
  }


  /** The session, if it exists, is open, and belongs to this agent and server. */
  get(id: string, principal: Principal, serverId: string): McpSession | undefined {
    const session = this.sessions.get(id);
    if (session === undefined || !session.isOpen || session.principal.agentId !== principal.agentId || session.server.id !== serverId) return undefined;
    return session;
  }

  async close(id: string, reason?: string): Promise<void> {
    const session = this.sessions.get(id);
    this.sessions.delete(id);
    await session?.close(reason);
  }

  async closeAll(): Promise<void> {
    clearInterval(this.sweep);
    await Promise.all([...this.sessions.keys()].map((id) => this.close(id)));
  }

  private closeIdle(): void {
    const cutoff = Date.now() - this.limits.idleMs;
    for (const session of this.sessions.values()) {
      if (session.lastActive < cutoff && !session.busy) this.close(session.id, 'was closed after being idle').catch(() => undefined);
    }
  }
}
