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
