import { createHash, randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { GatewayError } from '../core/errors.ts';
import type { Principal } from '../core/exchange.ts';
import type { Config } from '../config/schema.ts';

type AgentConfig = Config['agents'][number];

const KEY_PREFIX = 'pcs_';
const MAX_KEY_LENGTH = 256;

/** A new agent key: 256 random bits, shown once; the config keeps only its hash. */
export function newAgentKey(): { key: string; keyHash: string } {
  const key = KEY_PREFIX + randomBytes(32).toString('base64url');
  return { key, keyHash: hashAgentKey(key) };
}

/** SHA-256 suffices (no slow KDF): keys are random 256-bit secrets, not guessable passwords. */
export function hashAgentKey(key: string): string {
  return `sha256:${createHash('sha256').update(key).digest('hex')}`;
}

/** The key an agent presents: OpenAI SDKs send `Authorization: Bearer`, Anthropic's `x-api-key`. */
function presentedKey(headers: IncomingHttpHeaders): string | undefined {
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey.length > 0) return apiKey;
  const authorization = headers.authorization;
  if (authorization === undefined || authorization.length < 8) return undefined;
  if (authorization.slice(0, 7).toLowerCase() !== 'bearer ') return undefined;
  return authorization.slice(7).trim();
}

/** Resolves agents from their presented gateway key. */
export class AgentDirectory {
  private readonly byHash = new Map<string, Principal>();
  /** Presented key → principal, skipping a SHA-256 per request for keys already verified. */
  private readonly verified = new Map<string, Principal>();

  constructor(agents: readonly Pick<AgentConfig, 'id' | 'team' | 'env' | 'tier' | 'clearances' | 'keyHash'>[]) {
    for (const agent of agents) {
      this.byHash.set(agent.keyHash, {
        agentId: agent.id,
        team: agent.team,
        env: agent.env,
        tier: agent.tier,
        clearances: agent.clearances,
        keyId: agent.keyHash.slice(7, 19),
      });
    }
  }

  /** Ids of every configured principal. */
  ids(): string[] {
    return [...this.byHash.values()].map((principal) => principal.agentId);
  }

  authenticate(headers: IncomingHttpHeaders): Principal {
    const key = presentedKey(headers);
    if (key === undefined || key.length === 0) {
      throw new GatewayError(
        'authentication', 'missing_api_key',
        'no gateway key: send your Portcullis agent key as "Authorization: Bearer <key>" or "x-api-key"',
      );
    }
    return this.authenticateKey(key);
  }

  /** The principal a key belongs to; throws invalid_api_key for any other key. */
  authenticateKey(key: string): Principal {
    const known = this.verified.get(key);
    if (known !== undefined) return known;
    const principal = key.length <= MAX_KEY_LENGTH ? this.byHash.get(hashAgentKey(key)) : undefined;
    if (principal === undefined) {
      throw new GatewayError('authentication', 'invalid_api_key', 'the gateway key is not valid');
    }
    // Only keys that verified are remembered, so unknown keys cannot grow the map; there are
    // at most as many entries as configured agents.
    this.verified.set(key, principal);
    return principal;
  }
}

/** What an admin may do: `admin` everything, `approver` read and decide approvals, `auditor` read only. */
export type AdminRole = 'admin' | 'approver' | 'auditor';

export interface AdminIdentity {
  readonly principal: Principal;
  readonly role: AdminRole;
}

/** Whether a key was presented at all (the admin API then ignores any console cookie). */
export function presentsKey(headers: IncomingHttpHeaders): boolean {
  return presentedKey(headers) !== undefined;
}

/** People with admin keys (`admins:`), each with a role; keys are hashed and checked like agents'. */
export class AdminDirectory {
  private readonly keys: AgentDirectory;
  private readonly byId = new Map<string, AdminIdentity>();

  constructor(admins: readonly { readonly id: string; readonly keyHash: string; readonly role?: AdminRole }[]) {
    this.keys = new AgentDirectory(admins.map((admin) => ({ ...admin, team: 'admins', env: '', tier: '', clearances: [] })));
    for (const admin of admins) {
      const principal = { agentId: admin.id, team: 'admins', env: '', tier: '', clearances: [], keyId: admin.keyHash.slice(7, 19) };
      this.byId.set(admin.id, { principal, role: admin.role ?? 'admin' });
    }
  }

  ids(): string[] {
    return [...this.byId.keys()];
  }

  /** The admin with this id, if configured. */
  identity(id: string): AdminIdentity | undefined {
    return this.byId.get(id);
  }

  authenticate(headers: IncomingHttpHeaders): AdminIdentity {
    return this.identityOf(this.keys.authenticate(headers));
  }

  authenticateKey(key: string): AdminIdentity {
    return this.identityOf(this.keys.authenticateKey(key));
  }

  private identityOf(principal: Principal): AdminIdentity {
    return this.byId.get(principal.agentId) as AdminIdentity;
  }
}
