/**
 * Every admin route in one table: method, path, the least role that may use it, whether it is
 * an act (recorded in the ledger as `admin.act`, refused attempts included) or a quiet read (the
 * console polls these; like health checks they are not worth a ledger record), and its handler.
 *
 * Roles, weakest first: auditor (read), approver (read, decide approvals), admin (everything).
 */
import { z } from 'zod';
import { GatewayError } from '../../core/errors.ts';
import type { AdminRole } from '../auth.ts';
import { sendJson } from '../respond.ts';
import { decideApproval, getApproval, getKillSwitches, listApprovals, setKillSwitch } from './approvals.ts';
import type { AdminContext } from './context.ts';
import { FEED_SIZE } from './events.ts';
import { intParam, jsonBody, parse } from './http.ts';
import { ledgerStatus, verifyRunningLedger } from './ledger.ts';
import { login, logout, openStream, whoami } from './session-routes.ts';
import { BUCKET_SECONDS, MAX_MINUTES } from './stats.ts';

export interface AdminRoute {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly path: string | RegExp;
  /** The least role allowed; `null`: no sign-in needed (signing in). */
  readonly role: AdminRole | null;
  /** What the role may not do, for the refusal ("role 'auditor' may not <what>"). */
  readonly what: string;
  /** The admin act this route performs, from the path's parts (its handler may name it more precisely). */
  readonly act?: string | ((params: readonly string[]) => string);
  /** A read the console polls: not recorded in the ledger. */
  readonly quiet?: boolean;
  readonly handle: (context: AdminContext) => void | Promise<void>;
}

export const ROLE_RANK: Readonly<Record<AdminRole, number>> = { auditor: 0, approver: 1, admin: 2 };

const SEGMENT = '([^/]{1,200})';
const toolApproveBody = z.strictObject({ hash: z.string().max(80).optional(), force: z.boolean().optional() });

const read = (path: string | RegExp, handle: AdminRoute['handle'], quiet = true): AdminRoute =>
  ({ method: 'GET', path, role: 'auditor', what: 'read', quiet, handle });

export const ADMIN_ROUTES: readonly AdminRoute[] = [
  { method: 'POST', path: '/admin/session', role: null, what: 'sign in', act: 'session.login', handle: login },
  { method: 'DELETE', path: '/admin/session', role: 'auditor', what: 'sign out', act: 'session.logout', handle: logout },
  read('/admin/whoami', whoami),
  read('/admin/events', ({ core, res, record, url }) => {
    sendJson(res, 200, { data: core.admin.feed.latest(intParam(url, 'limit', 100, FEED_SIZE)) }, record);
  }),
  read('/admin/events/stream', openStream),
  read('/admin/agents', ({ core, res, record }) => sendJson(res, 200, { data: core.admin.usage.list(core.policy.store) }, record)),
  read('/admin/tools', ({ core, res, record }) => sendJson(res, 200, { data: core.admin.tools.list() }, record)),
  {
    method: 'POST', path: new RegExp(`^/admin/tools/${SEGMENT}/${SEGMENT}/approve$`), role: 'admin', what: 'approve tool definitions', act: 'tool.approve',
    handle: async ({ core, req, res, record, params, identity }) => {
      const [server, name] = params as [string, string];
      record.adminTarget = `${server}/${name}`;
      const options = parse(toolApproveBody, await jsonBody(req, true), 'expected {"hash"?: string, "force"?: boolean}');
      sendJson(res, 200, await core.admin.tools.approve(server, name, identity.principal.agentId, options), record);
    },
  },
  read('/admin/ledger', async ({ core, res, record }) => sendJson(res, 200, await ledgerStatus(core.ledger), record)),
  {
    method: 'POST', path: '/admin/ledger/verify', role: 'auditor', what: 'verify the ledger', act: 'ledger.verify',
    handle: async ({ core, res, record }) => {
      record.adminTarget = 'ledger';
      sendJson(res, 200, await verifyRunningLedger(core.ledger), record);
    },
  },
  read('/admin/policy', ({ core, res, record }) => sendJson(res, 200, core.admin.policy.summary(), record), false),
  read('/admin/policy/source', ({ core, res, record }) => {
    const { version, yaml } = core.admin.policy.current;
    sendJson(res, 200, { version, yaml }, record);
  }),
  read('/admin/policy/diff', ({ core, res, record, url }) => {
    const history = core.admin.policy;
    const version = (name: string) => {
      const wanted = url.searchParams.get(name) ?? (name === 'to' ? history.current.version : null);
      if (wanted === null) throw new GatewayError('invalid_request', 'invalid_request', 'from (a policy version) is required');
      const found = history.find(wanted);
      if (found === undefined) throw new GatewayError('not_found', 'unknown_policy_version', `policy version ${wanted} has not run since the gateway started`);
      return found;
    };
    const from = version('from');
    const to = version('to');
    sendJson(res, 200, { from: from.version, to: to.version, diff: history.diff(from, to) }, record);
  }),
  read('/admin/stats', ({ core, res, record, url }) => {
    sendJson(res, 200, { bucketSeconds: BUCKET_SECONDS, data: core.admin.stats.series(intParam(url, 'minutes', 60, MAX_MINUTES)) }, record);
  }),
  read('/admin/approvals', listApprovals, false),
  read(/^\/admin\/approvals\/([A-Za-z0-9_-]{1,64})$/, getApproval, false),
  {
    method: 'POST', path: /^\/admin\/approvals\/([A-Za-z0-9_-]{1,64})\/(approve|deny)$/, role: 'approver', what: 'approve or deny approvals',
    act: (params) => `approval.${params[1]}`, handle: decideApproval,
  },
  read('/admin/kill-switch', getKillSwitches, false),
  { method: 'POST', path: '/admin/kill-switch', role: 'admin', what: 'engage or release kill switches', act: 'kill_switch.set', handle: setKillSwitch },
];

/** The route for a path: the one for this method, else any (to answer 405), else none. */
export function findRoute(method: string, path: string): { route: AdminRoute; params: string[] } | { allowed: string[] } | undefined {
  const allowed: string[] = [];
  for (const route of ADMIN_ROUTES) {
    let params: string[] | undefined;
    if (typeof route.path === 'string') params = route.path === path ? [] : undefined;
    else params = route.path.exec(path)?.slice(1);
    if (params === undefined) continue;
    if (route.method === method) return { route, params };
    allowed.push(route.method);
  }
  return allowed.length === 0 ? undefined : { allowed };
}
