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
import { McpEndpoint } from './http/endpoint.ts';
import type { McpRecord } from './record.ts';
import type { McpSession } from './session.ts';
import { ToolPins } from './pinning.ts';
import { inventoryDraft } from './record.ts';
import { SessionTools } from './session-tools.ts';
import { DEFAULT_SESSION_LIMITS, McpSessions } from './sessions.ts';

export interface McpGateway {
  /** Serves `/mcp/<server>`; false when the path is not an MCP route. */
  handle(req: IncomingMessage, res: ServerResponse, path: string): boolean;
  close(): Promise<void>;
}

export interface McpGatewayOptions {
  readonly config: Config;
  readonly agents: AgentDirectory;
  readonly engine: PolicyEngine;
  readonly data?: DataProtectionGuard;
  readonly injection?: InjectionGuard;
  readonly ledger?: Ledger;
  readonly onRecord?: (record: McpRecord) => void;
}

const PREFIX = '/mcp/';

/** The governor and what equips each new session (tool pins, list_changed review), for any front door. */
export function mcpGovernance(options: Omit<McpGatewayOptions, 'agents' | 'onRecord'>): { governor: McpGovernor; equip: (session: McpSession) => void } {
  const { config } = options;
  const mcp = config.mcp;
  if (mcp === undefined) throw new Error('MCP governance needs an mcp: section');
  const pins = new ToolPins(mcp.lockfile, mcp.pinning);
  const equip = (session: McpSession) => {
    const tools = new SessionTools(session, pins, (unapproved) => {
      if (options.ledger !== undefined) options.ledger.record(inventoryDraft(session, unapproved)).catch(() => undefined);
    });
    session.tools = tools;
    // A changed list is reviewed before the agent is told it changed (and before it can re-list).
    session.onNotification = (n) => (n.method === 'notifications/tools/list_changed' ? tools.refresh().catch(() => undefined) : undefined);
  };
  const governor = new McpGovernor({
    engine: options.engine,
    pins,
    ...(options.data === undefined ? {} : { data: options.data }),
    ...(options.injection === undefined ? {} : { injection: options.injection }),
    neutralize: config.injection?.neutralize ?? 'spotlight',
  });
  return { governor, equip };
}

export function createMcpGateway(options: McpGatewayOptions): McpGateway | undefined {
  const { config } = options;
  const mcp = config.mcp;
  if (mcp === undefined) return undefined;
  const { governor, equip } = mcpGovernance(options);
  const sessions = new McpSessions({ ...DEFAULT_SESSION_LIMITS, ...mcp.timeouts }, equip);
  const endpoint = new McpEndpoint({
    config: mcp, agents: options.agents, governor, sessions, limits: config.server.limits, listenHost: config.server.host,
    ...(options.ledger === undefined ? {} : { ledger: options.ledger }),
    ...(options.onRecord === undefined ? {} : { onRecord: options.onRecord }),
  });
  return {
    handle(req, res, path) {
      if (!path.startsWith(PREFIX)) return false;
      endpoint.handle(req, res, path.slice(PREFIX.length));
      return true;
    },
    close: () => sessions.closeAll(),
  };
}
