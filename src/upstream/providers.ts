import { Pool } from 'undici';
import type { GatewayApi } from '../protocols/adapter.ts';
import { compileGlobs } from '../config/glob.ts';
import type { Config } from '../config/schema.ts';
import type { ProviderInfo } from '../core/guard.ts';

type ProviderConfig = Config['providers'][number];

/**
 * A provider as data: where it lives, how it authenticates, which models and gateway APIs it
 * serves. The gateway holds the provider key; agents never see it.
 */
export interface Provider {
  readonly id: string;
  readonly kind: ProviderConfig['kind'];
  readonly apis: ReadonlySet<GatewayApi>;
  /** Path of the base URL (e.g. "/v1"), to which an adapter's upstream path is appended. */
  readonly basePath: string;
  /** Headers added to every upstream request: credentials and configured static headers. */
  readonly headers: Readonly<Record<string, string>>;
  readonly pool: Pool;
  readonly headersTimeoutMs: number;
  readonly bodyTimeoutMs: number;
  /** Model names listed without a wildcard: what `GET /v1/models` can show. */
  readonly listedModels: readonly string[];
  /** What policy sees of the provider: id, kind and flags such as `baa`. */
  readonly info: ProviderInfo;
  serves(model: string): boolean;
}

function credentialHeaders(config: ProviderConfig): Record<string, string> {
  if (!config.apiKey || config.auth === 'none') return {};
  switch (config.auth) {
    case 'bearer':
      return { authorization: `Bearer ${config.apiKey}` };
    case 'api-key':
      return { 'api-key': config.apiKey };
    case 'x-api-key':
      return { 'x-api-key': config.apiKey };
  }
}

function createProvider(config: ProviderConfig): Provider {
  const url = new URL(config.baseUrl);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(config.headers)) headers[name.toLowerCase()] = value;
  // Compressed bodies would have to be inflated before anything could be inspected.
  headers['accept-encoding'] = 'identity';
  Object.assign(headers, credentialHeaders(config));
  return {
    id: config.id,
    kind: config.kind,
    apis: new Set(config.apis),
    basePath: url.pathname.replace(/\/+$/, ''),
    headers,
    pool: new Pool(url.origin, {
      connections: config.pool.connections,
      keepAliveTimeout: config.pool.keepAliveMs,
      connect: { timeout: config.timeouts.connectMs },
    }),
    headersTimeoutMs: config.timeouts.headersMs,
    bodyTimeoutMs: config.timeouts.bodyMs,
    listedModels: config.models.filter((model) => !model.includes('*')),
    info: Object.freeze({ id: config.id, kind: config.kind, flags: Object.freeze([...config.flags]) }),
    serves: compileGlobs(config.models),
  };
}

const ROUTE_CACHE_LIMIT = 1024;

/** Routes a model name to the first provider (in config order) that serves it for an API. */
export class ProviderRegistry {
  readonly providers: readonly Provider[];
  private readonly routes = new Map<string, Provider | null>();

  constructor(configs: readonly ProviderConfig[]) {
    this.providers = configs.map(createProvider);
  }

  route(model: string, api: GatewayApi): Provider | undefined {
    const key = `${api}\u0000${model}`;
    let provider = this.routes.get(key);
    if (provider === undefined) {
      provider = this.providers.find((p) => p.apis.has(api) && p.serves(model)) ?? null;
      // Model names come from clients: bound the cache so it cannot be grown without limit.
      if (this.routes.size >= ROUTE_CACHE_LIMIT) this.routes.clear();
      this.routes.set(key, provider);
    }
    return provider ?? undefined;
  }

  /** Called once the gateway has stopped serving: whatever is still open upstream is abandoned. */
  async close(): Promise<void> {
    await Promise.all(this.providers.map((p) => p.pool.destroy()));
  }
}
