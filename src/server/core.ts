import type { Config } from '../config/schema.ts';
import type { Guard } from '../core/guard.ts';
import type { ModelAllowlistGuard } from '../guards/model-allowlist.ts';
import type { PolicyEngine } from '../policy/engine.ts';
import type { DecodeOptions } from '../protocols/adapter.ts';
import type { Ledger } from '../ledger/index.ts';
import type { ProviderRegistry } from '../upstream/providers.ts';
import type { AdminServices } from './admin/services.ts';
import type { AdminDirectory, AgentDirectory } from './auth.ts';
import type { ExchangeObserver } from './record.ts';
import type { MetricsEndpoint } from '../observe/metrics.ts';

/** What request handlers share: built once from the config, read-only while serving. */
export interface GatewayCore {
  readonly limits: Config['server']['limits'];
  readonly agents: AgentDirectory;
  /** People who may use the admin API, with their roles; their keys are hashed like agents'. */
  readonly admins: AdminDirectory;
  /** The admin API's state: console sessions, activity feed, usage, policy history, tool view. */
  readonly admin: AdminServices;
  readonly policy: PolicyEngine;
  readonly providers: ProviderRegistry;
  readonly modelAccess: ModelAllowlistGuard;
  /** Request and response stages, in order. */
  readonly guards: readonly Guard[];
  /** Whether any guard looks at responses now: if none does, plain responses are not decoded. */
  readonly inspectsResponses: boolean;
  /** Whether any guard judges proposed tool calls (streams offering tools are then gated). */
  readonly judgesToolCalls: boolean;
  /** How requests are decoded: with the tools' descriptions only when a guard reads them. */
  readonly decode: DecodeOptions;
  readonly observers: readonly ExchangeObserver[];
  readonly ledger: Ledger | undefined;
  readonly onUnrecorded: (requestId: string, problem: string) => void;
  /** Serves Prometheus metrics at its path (before any exchange begins: a scrape is not one); absent: no such route. */
  readonly metrics?: MetricsEndpoint | undefined;
}
