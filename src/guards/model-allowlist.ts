import { compileGlobs } from '../config/glob.ts';
import type { Config } from '../config/schema.ts';
import { GatewayError } from '../core/errors.ts';
import type { Guard, GuardInput, GuardVerdict } from '../core/guard.ts';

/**
 * Each agent may use only the models its config entry lists (exact names or globs).
 * An agent with no list may use none: least privilege by default.
 */
export class ModelAllowlistGuard implements Guard {
  readonly name = 'model-allowlist';
  private readonly matchers = new Map<string, (model: string) => boolean>();

  constructor(agents: Config['agents']) {
    for (const agent of agents) this.matchers.set(agent.id, compileGlobs(agent.models));
  }

  /** Also used by `GET /v1/models`, so an agent is shown exactly what it may call. */
  allows(agentId: string, model: string): boolean {
    return this.matchers.get(agentId)?.(model) ?? false;
  }

  onRequest({ principal, exchange }: GuardInput): GuardVerdict {
    if (this.allows(principal.agentId, exchange.model)) return undefined;
    return {
      deny: new GatewayError(
        'permission', 'model_not_allowed',
        `agent '${principal.agentId}' is not allowed to use model '${exchange.model}'`,
      ),
    };
  }
}
