/**
 * One agent's federated session: one downstream conversation, one upstream McpSession per
 * configured server that started. Each member keeps doing its own id mapping (requests,
 * progress tokens, server-to-agent requests); this session decides only which member a
 * message is for and where a member's unsolicited messages go: the agent's GET stream, else
 * the newest request still open on this session, else a short backlog for the next GET.
 */
import { randomUUID } from 'node:crypto';
import type { Principal } from '../../core/exchange.ts';
import type { AgentSession } from '../http/endpoint.ts';
import type { JsonRpcMessage, JsonRpcNotification, JsonRpcResponse } from '../jsonrpc.ts';
import type { DownstreamSink, McpSession } from '../session.ts';
import { federatedName, realName, splitName } from './names.ts';

const MAX_BACKLOG = 100;
/** A server that lists millions of resources must not grow a session without bound. */
const MAX_REMEMBERED_URIS = 10_000;

export interface Member {
  readonly session: McpSession;
  /** What the server declared in its initialize result. */
  readonly capabilities: Record<string, unknown>;
}

export class FederatedSession implements AgentSession {
  readonly id = randomUUID();
  readonly principal: Principal;
  /** Members by server id, in configuration order. */
  readonly members = new Map<string, Member>();
  /** Servers that could not be reached (start, initialize or later), with why. */
  readonly failed = new Map<string, string>();
  private lastSeen = Date.now();
  private standalone: DownstreamSink | undefined;
  private backlog: JsonRpcMessage[] = [];
  private readonly open = new Set<DownstreamSink>();
  /** Federated prompt name → server and real name, as last listed. */
  private readonly prompts = new Map<string, { server: string; name: string }>();
  /** Which server listed (or returned a link to) a resource URI, and the fixed part of each template. */
  private readonly resources = new Map<string, string>();
  private templates: { prefix: string; server: string }[] = [];
  private closed = false;

  constructor(principal: Principal) {
    this.principal = principal;
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  get lastActive(): number {
    return Math.max(this.lastSeen, ...[...this.members.values()].map((m) => m.session.lastActive));
  }

  get busy(): boolean {
    return [...this.members.values()].some((m) => m.session.busy);
  }

  /** Adds a started, initialized member; its unsolicited messages come to this session. */
  add(server: string, session: McpSession, capabilities: Record<string, unknown>): void {
    this.members.set(server, { session, capabilities });
    session.attachStream({ send: (message) => this.deliver(message), closed: false });
  }

  /** A member's connection ended: its tools are gone, and the agent is told its list changed. */
  lost(server: string, reason: string): void {
    if (this.closed || !this.members.delete(server)) return;
    this.failed.set(server, reason);
    this.deliver({ jsonrpc: '2.0', method: 'notifications/tools/list_changed' });
  }

  /** Members that declared a capability (tools: all of them; a server without tools lists none). */
  having(capability: string): [string, Member][] {
    return [...this.members].filter(([, m]) => capability === 'tools' || m.capabilities[capability] !== undefined);
  }

  /** The member a federated tool name belongs to, and the real name; `known` when the server listed it. */
  tool(federated: string): { server: string; member: Member; name: string; known: boolean } | undefined {
    const split = splitName(federated);
    const member = split === undefined ? undefined : this.members.get(split.server);
    if (split === undefined || member === undefined) return undefined;
    const name = realName(split.server, federated, split.rest, member.session.tools?.names() ?? []);
    // A name the server has not listed is passed as it is: the governor refuses it by that name.
    return { server: split.server, member, name: name ?? split.rest, known: name !== undefined };
  }

  /** Remembers the prompts a server listed, and offers them under federated names. */
  listedPrompts(server: string, prompts: readonly { name: string }[]): void {
    for (const [key, value] of this.prompts) if (value.server === server) this.prompts.delete(key);
    for (const prompt of prompts) this.prompts.set(federatedName(server, prompt.name), { server, name: prompt.name });
  }

  prompt(federated: string): { server: string; member: Member; name: string } | undefined {
    const split = splitName(federated);
    const target = this.prompts.get(federated) ?? (split === undefined ? undefined : { server: split.server, name: split.rest });
    const member = target === undefined ? undefined : this.members.get(target.server);
    return target === undefined || member === undefined ? undefined : { ...target, member };
  }

  /** A resource URI seen from a server (listed, or linked in a tool result). */
  sawResource(server: string, uri: string): void {
    if (this.resources.size < MAX_REMEMBERED_URIS || this.resources.has(uri)) this.resources.set(uri, server);
  }

  listedTemplates(server: string, uriTemplates: readonly string[]): void {
    this.templates = [
      ...this.templates.filter((t) => t.server !== server),
      ...uriTemplates.map((t) => ({ prefix: t.split('{')[0] ?? '', server })).filter((t) => t.prefix.length > 0),
    ].sort((a, b) => b.prefix.length - a.prefix.length);
  }

  /**
   * The server a resource URI is read from: the one that listed or linked it, else the one whose
   * template has the longest fixed prefix matching it, else the only server offering resources.
   */
  resource(uri: string): { server: string; member: Member } | undefined {
    const offering = this.having('resources');
    const server = this.resources.get(uri) ?? this.templates.find((t) => uri.startsWith(t.prefix))?.server ?? (offering.length === 1 ? offering[0]?.[0] : undefined);
    const member = server === undefined ? undefined : this.members.get(server);
    return server === undefined || member === undefined ? undefined : { server, member };
  }

  /** A request of the agent is open on this sink: unsolicited messages may ride on it. */
  track(sink: DownstreamSink): () => void {
    this.lastSeen = Date.now();
    this.open.add(sink);
    return () => this.open.delete(sink);
  }

  notify(notification: JsonRpcNotification): void {
    this.lastSeen = Date.now();
    // Each member forwards a cancellation only for a request of the agent it has in flight.
    for (const { session } of this.members.values()) session.notify(notification);
  }

  answer(response: JsonRpcResponse): boolean {
    this.lastSeen = Date.now();
    // Server-to-agent request ids are unique per gateway (members issue random ones): one member claims it.
    return [...this.members.values()].some((m) => m.session.answer(response));
  }

  attachStream(sink: DownstreamSink): void {
    this.standalone = sink;
    const waiting = this.backlog;
    this.backlog = [];
    for (const message of waiting) sink.send(message);
  }

  async close(): Promise<void> {
    this.closed = true;
    const members = [...this.members.values()];
    this.members.clear();
    await Promise.all(members.map((m) => m.session.close('was closed with its federated session').catch(() => undefined)));
  }

  private deliver(message: JsonRpcMessage): void {
    if (this.closed) return;
    if (this.standalone !== undefined && !this.standalone.closed) return this.standalone.send(message);
    const open = [...this.open].reverse().find((sink) => !sink.closed);
    if (open !== undefined) return open.send(message);
    if (this.backlog.length < MAX_BACKLOG) this.backlog.push(message);
  }
}
