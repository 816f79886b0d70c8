/**
 * What one session knows of its server's tools (or prompts, or resource templates): each listed
 * definition's hash and approval status, refreshed whenever the agent lists them, whenever the
 * server says its list changed (before the agent hears of it), and before a call (or a
 * prompts/get) when the last listing is older than a minute, so a definition changed without
 * notice is caught at the next use after that.
 */
import type { JsonRpcResponse } from './jsonrpc.ts';
import { KIND_LISTS, type DefinitionKind, type McpDefinition } from './inventory/definition.ts';
import type { PinnedTool, ToolPins } from './pinning.ts';
import type { McpSession } from './session.ts';

export const INVENTORY_TTL_MS = 60_000;
/** The request that lists each kind (its result's field is KIND_LISTS[kind]). */
export const LIST_METHODS: Readonly<Record<DefinitionKind, string>> = { tool: 'tools/list', prompt: 'prompts/list', resource_template: 'resources/templates/list' };
/** A server that pages forever must not hold a session forever. */
const MAX_PAGES = 100;

export class SessionTools {
  private readonly byName = new Map<string, PinnedTool>();
  private listedAt = 0;
  private readonly pins: ToolPins;
  private readonly session: McpSession;
  /** Told about definitions that are not approved, once per name and hash. */
  private readonly onUnapproved: (tools: readonly PinnedTool[]) => void;
  private readonly reported = new Set<string>();
  readonly kind: DefinitionKind;

  constructor(session: McpSession, pins: ToolPins, onUnapproved: (tools: readonly PinnedTool[]) => void, kind: DefinitionKind = 'tool') {
    this.session = session;
    this.pins = pins;
    this.onUnapproved = onUnapproved;
    this.kind = kind;
  }

  get(name: string): PinnedTool | undefined {
    return this.byName.get(name);
  }

  /** The names the server last listed (the federated endpoint maps its prefixed names back with them). */
  names(): IterableIterator<string> {
    return this.byName.keys();
  }

  get stale(): boolean {
    return Date.now() - this.listedAt > INVENTORY_TTL_MS;
  }

  /** Reviews a page of definitions the server listed; `complete` when it is the whole list. */
  review(tools: readonly McpDefinition[], complete: boolean): PinnedTool[] {
    const pinned = this.pins.review(this.session.server, tools, this.kind);
    if (complete) this.byName.clear();
    for (const tool of pinned) this.byName.set(tool.name, tool);
    this.listedAt = Date.now();
    const fresh = pinned.filter((t) => t.status !== 'approved' && !this.reported.has(`${t.name}\u0000${t.hash}`));
    for (const t of fresh) this.reported.add(`${t.name}\u0000${t.hash}`);
    if (fresh.length > 0) this.onUnapproved(fresh);
    return pinned;
  }

  /** Lists every page from the server itself (the gateway's own request, not the agent's). */
  async refresh(): Promise<void> {
    this.review(await listAll(this.session, LIST_METHODS[this.kind], KIND_LISTS[this.kind]), true);
  }
}

/** Every page of a list, asked by the gateway itself (not for an agent); throws if the server cannot list. */
export async function listAll(session: McpSession, method: string, field: string): Promise<McpDefinition[]> {
  const all: McpDefinition[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const response: JsonRpcResponse = await session.request(method, cursor === undefined ? undefined : { cursor });
    const result = response.result;
    if (result === undefined) throw new Error(`the MCP server '${session.server.id}' could not answer ${method}: ${response.error?.message ?? 'no result'}`);
    all.push(...definitions(result[field]));
    cursor = typeof result['nextCursor'] === 'string' ? result['nextCursor'] : undefined;
    if (cursor === undefined) break;
  }
  return all;
}

/** Definitions as listed; entries without a string name are nothing anyone can call. */
export function definitions(value: unknown): McpDefinition[] {
  if (!Array.isArray(value)) return [];
  return value.filter((t): t is McpDefinition => typeof t === 'object' && t !== null && typeof (t as { name?: unknown }).name === 'string');
}

