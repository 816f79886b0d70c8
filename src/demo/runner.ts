import Anthropic from '@anthropic-ai/sdk';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import OpenAI from 'openai';
import type { McpRecord } from '../mcp/record.ts';
import type { ExchangeRecord } from '../server/record.ts';

/** One row of the demo's table: what the agent tried and what the gateway made of it. */
export interface DemoRow {
  readonly scenario: string;
  readonly step: string;
  /** The gateway's record of the step: an LLM exchange or an MCP request. */
  readonly record: ExchangeRecord | undefined;
  readonly mcp?: McpRecord;
  /** What the agent saw, in a few words (the reply's start, a tool call, an error class). */
  readonly agentSaw: string;
}

/** What a scenario gets: official SDK clients pointed at the gateway, and a way to log steps. */
export interface DemoContext {
  readonly gatewayUrl: string;
  /** Official OpenAI SDK client, authenticated with the demo agent's gateway key. */
  readonly openai: OpenAI;
  readonly anthropic: Anthropic;
  /** A client whose key the gateway does not know. */
  readonly strangerOpenAI: OpenAI;
  /** Clients for another configured demo agent, with that agent's own key. */
  as(agentId: string): { readonly openai: OpenAI; readonly anthropic: Anthropic };
  /** The admin API, with the demo approver's key. */
  readonly admin: AdminClient;
  /** An official MCP SDK client for `/mcp/<server>`, with an agent's key (closed after the scenario). */
  mcp(agentId: string, server: string): Promise<Client>;
  /** The last user (or tool) message the model provider received, as it received it (after redaction). */
  providerSaw(role?: 'user' | 'tool'): string;
  /**
   * Runs one agent action through the gateway and records it. `action` resolves to a short
   * description of what the agent saw; SDK errors are caught and described instead.
   */
  step(title: string, action: () => Promise<string>): Promise<void>;
}

/** What a human approver does through the admin API. */
export interface AdminClient {
  decide(approvalId: string, verdict: 'approve' | 'deny', note?: string): Promise<{ status: string; decidedBy?: string }>;
}

/** The keys the demo holds: each agent's, and the approver's. */
export interface DemoKeys {
  readonly agents: Readonly<Record<string, string>>;
  readonly admin: string;
  /** Request bodies the stand-in model received, oldest first. */
  readonly upstreamRequests: readonly { readonly body: Buffer }[];
}

export interface Scenario {
  readonly name: string;
  readonly description: string;
  /** When set, the demo prints what the agent saw in each of this scenario's steps in full, under this heading. */
  readonly details?: string;
  run(context: DemoContext): Promise<void>;
}

/**
 * Runs scenarios against a live gateway. Each step is one exchange, and its row is the
 * gateway's own record of that exchange, so the table shows what the gateway decided, not
 * what the script assumed.
 */
export class ScenarioRunner {
  readonly rows: DemoRow[] = [];
  private readonly observed: ({ llm: ExchangeRecord } | { mcp: McpRecord })[] = [];

  /** Give this to the gateway as an observer. */
  readonly observer = (record: ExchangeRecord): void => {
    this.observed.push({ llm: record });
  };

  /** And this as its MCP record listener. */
  readonly mcpObserver = (record: McpRecord): void => {
    this.observed.push({ mcp: record });
  };

  async run(scenarios: readonly Scenario[], gatewayUrl: string, keys: DemoKeys): Promise<void> {
    const options = { maxRetries: 0, timeout: 10_000 };
    const clients = (agentId: string) => {
      const apiKey = keys.agents[agentId];
      if (apiKey === undefined) throw new Error(`the demo holds no key for agent '${agentId}'`);
      return {
        openai: new OpenAI({ ...options, apiKey, baseURL: `${gatewayUrl}/v1` }),
        anthropic: new Anthropic({ ...options, apiKey, baseURL: gatewayUrl }),
      };
    };
    const admin = adminClient(gatewayUrl, keys.admin);
    const mcpClients: Client[] = [];
    const mcp = async (agentId: string, server: string): Promise<Client> => {
      const apiKey = keys.agents[agentId];
      if (apiKey === undefined) throw new Error(`the demo holds no key for agent '${agentId}'`);
      const client = new Client({ name: 'portcullis-demo-agent', version: '1.0.0' }, { capabilities: {} });
      await client.connect(new StreamableHTTPClientTransport(new URL(`${gatewayUrl}/mcp/${server}`), { requestInit: { headers: { authorization: `Bearer ${apiKey}` } } }));
      mcpClients.push(client);
      return client;
    };
    for (const scenario of scenarios) {
      const context: DemoContext = {
        gatewayUrl,
        ...clients('demo-agent'),
        strangerOpenAI: new OpenAI({ ...options, apiKey: 'pcs_not-a-known-key', baseURL: `${gatewayUrl}/v1` }),
        as: clients,
        admin,
        providerSaw: (role = 'user') => lastMessageText(keys.upstreamRequests.at(-1)?.body, role),
        step: (title, action) => this.step(scenario.name, title, action),
        mcp,
      };
      try {
        await scenario.run(context);
      } finally {
        await Promise.all(mcpClients.splice(0).map((client) => client.close().catch(() => undefined)));
      }
    }
  }

  private async step(scenario: string, title: string, action: () => Promise<string>): Promise<void> {
    const before = this.observed.length;
    let agentSaw: string;
    try {
      agentSaw = await action();
    } catch (error) {
      agentSaw = describeError(error);
    }
    // The gateway records an exchange when its response closes, which can land a tick after
    // the SDK has the body: wait for it rather than guess.
    await waitFor(() => this.observed.length > before);
    const last = this.observed.at(-1);
    if (last !== undefined && 'mcp' in last) this.rows.push({ scenario, step: title, record: undefined, mcp: last.mcp, agentSaw });
    else this.rows.push({ scenario, step: title, record: last?.llm, agentSaw });
  }
}

/** The last user message's text in a Chat Completions or Anthropic request body. */
function lastMessageText(body: Buffer | undefined, role: 'user' | 'tool'): string {
  if (body === undefined) return '';
  const request = JSON.parse(body.toString('utf8')) as { messages?: { role: string; content: unknown }[] };
  const user = request.messages?.filter((m) => m.role === role).at(-1);
  if (typeof user?.content === 'string') return user.content;
  const blocks = Array.isArray(user?.content) ? (user.content as { type: string; text?: string }[]) : [];
  return blocks.filter((b) => b.type === 'text').map((b) => b.text ?? '').join('');
}

function adminClient(gatewayUrl: string, key: string): AdminClient {
  return {
    async decide(approvalId, verdict, note) {
      const response = await fetch(`${gatewayUrl}/admin/approvals/${encodeURIComponent(approvalId)}/${verdict}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(note === undefined ? {} : { note }),
      });
      const body = (await response.json()) as { status: string; decidedBy?: string; error?: { message: string } };
      if (!response.ok) throw new Error(`admin API ${response.status}: ${body.error?.message ?? ''}`);
      return body;
    },
  };
}

function describeError(error: unknown): string {
  if (error instanceof OpenAI.APIError || error instanceof Anthropic.APIError) {
    return `${error.constructor.name} ${error.status ?? ''}`.trim();
  }
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setImmediate(resolve));
}
