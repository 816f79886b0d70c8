/**
 * The admin API's state, made once per gateway: console sessions, the activity feed and its
 * live streams, per-minute stats, per-agent usage, the policy history and the tool view. The
 * feed is fed by an exchange observer and the MCP record hook, after each response is sent.
 */
import type { Config } from '../../config/schema.ts';
import type { McpGateway } from '../../mcp/index.ts';
import type { McpRecord } from '../../mcp/record.ts';
import type { LedgerStore } from '../../ledger/types.ts';
import type { PolicyEngine } from '../../policy/engine.ts';
import type { AdminDirectory } from '../auth.ts';
import type { ExchangeObserver } from '../record.ts';
import { AgentUsage } from './agents.ts';
import { EventFeed } from './events.ts';
import { PolicyHistory } from './policy.ts';
import { ConsoleSessions } from './session.ts';
import { ActivityStats } from './stats.ts';
import { EventStreams } from './stream.ts';
import { ToolAdmin } from './tools.ts';

export interface AdminServices {
  readonly sessions: ConsoleSessions;
  readonly feed: EventFeed;
  readonly streams: EventStreams;
  readonly stats: ActivityStats;
  readonly usage: AgentUsage;
  readonly policy: PolicyHistory;
  readonly tools: ToolAdmin;
  /** Exchange observers that feed the above. */
  readonly observers: readonly ExchangeObserver[];
  /** The MCP record hook that feeds the above. */
  readonly onMcpRecord: (record: McpRecord) => void;
  /** Ends the live streams (the gateway is stopping). */
  close(): void;
}

export interface AdminServicesOptions {
  readonly config: Config;
  readonly admins: AdminDirectory;
  readonly engine: PolicyEngine;
  /** The MCP gateway, made after the core that holds these services. */
  readonly mcp: () => McpGateway | undefined;
  /** The ledger's store, to recall the policy versions of earlier runs. */
  readonly ledger?: LedgerStore;
}

export function createAdminServices({ config, admins, engine, mcp, ledger }: AdminServicesOptions): AdminServices {
  const feed = new EventFeed();
  const streams = new EventStreams(feed);
  const stats = new ActivityStats();
  const usage = new AgentUsage(config.agents);
  feed.listen((event) => stats.count(event));
  feed.listen(usage.count);
  const policy = new PolicyHistory(engine, config);
  // Earlier runs' versions arrive a moment after start; a ledger that cannot be read leaves the history as it is.
  if (ledger !== undefined) policy.recall(ledger).catch(() => undefined);
  return {
    sessions: new ConsoleSessions(admins),
    feed,
    streams,
    stats,
    usage,
    policy,
    tools: new ToolAdmin(config, mcp, engine),
    observers: [feed.observeExchange, usage.chargeTokens],
    onMcpRecord: feed.observeMcp,
    close: () => streams.close(),
  };
}
