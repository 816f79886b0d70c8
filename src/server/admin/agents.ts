/**
 * Per-agent usage since the gateway started (requests, denials, tokens, last seen), for
 * `GET /admin/agents`. Counted from the activity feed and the exchange observer, in memory:
 * the ledger is the durable account; this is the console's glance.
 */
import type { Config } from '../../config/schema.ts';
import type { KillSwitch, PolicyStore } from '../../policy/state/types.ts';
import type { ExchangeRecord } from '../record.ts';
import type { ActivityEvent } from './events.ts';

interface Usage {
  requests: number;
  denied: number;
  tokens: number;
  lastSeen: number;
}

export class AgentUsage {
  private readonly agents: Config['agents'];
  /** Only configured agents are counted: an event cannot add an entry. */
  private readonly usage = new Map<string, Usage>();

  constructor(agents: Config['agents']) {
    this.agents = agents;
    for (const agent of agents) this.usage.set(agent.id, { requests: 0, denied: 0, tokens: 0, lastSeen: 0 });
  }

  /** Feed listener: every LLM exchange and MCP request an agent made. */
  readonly count = (event: ActivityEvent): void => {
    if (event.kind === 'admin' || event.agent === undefined) return;
    const usage = this.usage.get(event.agent);
    if (usage === undefined) return;
    usage.requests++;
    if (event.action === 'deny') usage.denied++;
    usage.lastSeen = Date.now();
  };

  /** Exchange observer: the tokens the provider reported. */
  readonly chargeTokens = (record: ExchangeRecord): void => {
    const usage = record.usage;
    if (usage === undefined || record.principal === undefined) return;
    const entry = this.usage.get(record.principal.agentId);
    if (entry !== undefined) entry.tokens += (usage.inputTokens ?? 0) + (usage.outputTokens ?? 0);
  };

  list(store: PolicyStore) {
    return this.agents.map((agent) => {
      const usage = this.usage.get(agent.id) as Usage;
      const kill: KillSwitch | undefined = store.killSwitch(agent.id);
      return {
        id: agent.id,
        team: agent.team,
        env: agent.env,
        models: agent.models,
        requests: usage.requests,
        denied: usage.denied,
        tokens: usage.tokens,
        ...(usage.lastSeen === 0 ? {} : { lastSeen: new Date(usage.lastSeen).toISOString() }),
        killSwitch: kill === undefined ? { engaged: false } : { engaged: kill.engaged, by: kill.by, reason: kill.reason },
      };
    });
  }
}
