/**
 * The MCP side of the gateway, assembled from the config: the endpoint agents call, the
 * sessions it holds, and the governor that applies the shared policy engine and detectors.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../config/schema.ts';
import type { DataProtectionGuard } from '../guards/data-protection.ts';
import type { InjectionGuard } from '../guards/injection.ts';
import type { Ledger } from '../ledger/index.ts';
import type { PolicyEngine } from '../policy/engine.ts';
import type { AgentDirectory } from '../server/auth.ts';
import { McpGovernor } from './governor.ts';
import { FederatedRoute } from './federation/route.ts';
import { AgentProvenance, type ProvenanceMemory } from '../guards/agent-provenance.ts';
import { FederatedSessions } from './federation/sessions.ts';
import { McpEndpoint, type McpRoute } from './http/endpoint.ts';
import { ServerRoute, type Recorder } from './http/server-route.ts';
import type { McpRecord } from './record.ts';
import type { McpSession } from './session.ts';
import { ToolPins, type PinnedTool } from './pinning.ts';
import { inventoryDraft, recordAnswer } from './record.ts';
import { SessionTools } from './session-tools.ts';
import { DEFAULT_SESSION_LIMITS, McpSessions } from './sessions.ts';

export interface McpGateway {
  /** Serves `/mcp/<server>` and the federated `/mcp`; false when the path is not an MCP route. */
  handle(req: IncomingMessage, res: ServerResponse, path: string): boolean;
  close(): Promise<void>;
  /** Tool pins and what the servers listed (read by the admin API's tool view and approvals). */
  readonly pins: ToolPins;
}

export interface McpGatewayOptions {
  readonly config: Config;
  readonly agents: AgentDirectory;
  readonly engine: PolicyEngine;
  readonly data?: DataProtectionGuard;
  readonly injection?: InjectionGuard;
  /** Shared with the LLM door, which keeps there the conversation each agent's calls were judged against; else the MCP door's own. */
  readonly provenance?: ProvenanceMemory;
  readonly ledger?: Ledger;
  readonly onRecord?: (record: McpRecord) => void;
}

const PREFIX = '/mcp/';

/** The governor and what equips each new session (tool pins, list_changed review), for any front door. */
export function mcpGovernance(options: Omit<McpGatewayOptions, 'agents' | 'onRecord'>): { governor: McpGovernor; equip: (session: McpSession) => void; pins: ToolPins } {
  const { config } = options;
  const mcp = config.mcp;
  if (mcp === undefined) throw new Error('MCP governance needs an mcp: section');
  const pins = new ToolPins(mcp.lockfile, mcp.pinning);
  const equip = (session: McpSession) => {
    const onUnapproved = (unapproved: readonly PinnedTool[]) => {
      if (options.ledger !== undefined) options.ledger.record(inventoryDraft(session, unapproved)).catch(() => undefined);
    };
    const tools = new SessionTools(session, pins, onUnapproved);
    session.tools = tools;
    session.prompts = new SessionTools(session, pins, onUnapproved, 'prompt');
    session.templates = new SessionTools(session, pins, onUnapproved, 'resource_template');
    // A changed list is reviewed before the agent is told it changed (and before it can re-list).
    // Prompts and templates are reviewed when the agent lists them, which it does after hearing.
    session.onNotification = (n) => (n.method === 'notifications/tools/list_changed' ? tools.refresh().catch(() => undefined) : undefined);
  };
  const governor = new McpGovernor({
    engine: options.engine,
    pins,
    ...(options.data === undefined ? {} : { data: options.data }),
    ...(options.injection === undefined ? {} : { injection: options.injection }),
    provenance: options.provenance ?? new AgentProvenance(),
    neutralize: config.injection?.neutralize ?? 'spotlight',
  });
  return { governor, equip, pins };
}

export function createMcpGateway(options: McpGatewayOptions): McpGateway | undefined {
  const { config } = options;
  const mcp = config.mcp;
  if (mcp === undefined) return undefined;
  const { governor, equip, pins } = mcpGovernance(options);
  const sessions = new McpSessions({ ...DEFAULT_SESSION_LIMITS, ...mcp.timeouts }, equip);
  const recorder: Recorder = (record, response) => recordAnswer(record, response, options.ledger, options.onRecord);
  const routes = new Map<string, McpRoute>(mcp.servers.map((server) => [server.id, new ServerRoute(server, sessions, governor, recorder)]));
  // '' is `/mcp` itself: every server behind one session (src/mcp/federation/).
  const federated = mcp.federation.enabled ? new FederatedSessions(sessions, mcp.servers) : undefined;
  if (federated !== undefined) routes.set('', new FederatedRoute(federated, governor, recorder));
  const endpoint = new McpEndpoint({
    config: mcp, agents: options.agents, routes, limits: config.server.limits, listenHost: config.server.host,
    sessionHeader: () => options.engine.current.sessions.header,
    ...(options.ledger === undefined ? {} : { ledger: options.ledger }),
  });
  return {
    handle(req, res, path) {
      if (path === '/mcp') {
        endpoint.handle(req, res, '');
        return true;
      }
      if (!path.startsWith(PREFIX)) return false;
      endpoint.handle(req, res, path.slice(PREFIX.length));
      return true;
    },
    close: async () => {
      await Promise.all([federated?.closeAll(), sessions.closeAll()]);
    },
    pins,
  };
}
