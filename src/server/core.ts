import type { Config } from '../config/schema.ts';
import type { Guard } from '../core/guard.ts';
import type { ModelAllowlistGuard } from '../guards/model-allowlist.ts';
import type { ProviderRegistry } from '../upstream/providers.ts';
import type { AgentDirectory } from './auth.ts';
import type { ExchangeObserver } from './record.ts';

/** What request handlers share: built once from the config, read-only while serving. */
export interface GatewayCore {
  readonly limits: Config['server']['limits'];
  readonly agents: AgentDirectory;
  readonly providers: ProviderRegistry;
  readonly modelAccess: ModelAllowlistGuard;
  /** Request and response stages, in order. */
  readonly guards: readonly Guard[];
  /** Whether any guard looks at responses: if none does, plain responses are not decoded. */
  readonly inspectsResponses: boolean;
  readonly observers: readonly ExchangeObserver[];
}
