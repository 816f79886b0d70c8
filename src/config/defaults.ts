/**
 * The configuration the demo runs with when no portcullis.yaml is given: a local stand-in model
 * server behind both an OpenAI-style and an Anthropic-style provider, and one agent.
 */
import { ConfigError, formatPath } from './errors.ts';
import { configSchema, type Config, type ConfigInput } from './schema.ts';

/** Upstream credential the demo's providers send, so the demo exercises upstream auth like a real provider. */
export const STANDIN_API_KEY = 'standin-upstream-key';

export interface EmbeddedDefaultOptions {
  /** Base URL of the stand-in server, without a version path, e.g. `http://127.0.0.1:4010`. */
  readonly standinUrl: string;
  /** `sha256:<64 hex>` of the demo agent's gateway key. */
  readonly agentKeyHash: string;
}

export function embeddedDefaultConfig(opts: EmbeddedDefaultOptions): Config {
  const standinUrl = opts.standinUrl.replace(/\/+$/, '');
  const input: ConfigInput = {
    version: 1,
    providers: [
      {
        id: 'standin-openai',
        kind: 'openai',
        baseUrl: `${standinUrl}/v1`,
        apiKey: STANDIN_API_KEY,
        models: ['standin-gpt', 'standin-mini'],
      },
      {
        id: 'standin-anthropic',
        kind: 'anthropic',
        baseUrl: standinUrl,
        apiKey: STANDIN_API_KEY,
        models: ['standin-claude'],
      },
    ],
    agents: [
      {
        id: 'demo-agent',
        team: 'demo',
        env: 'dev',
        keyHash: opts.agentKeyHash,
        // standin-mini is deliberately left out so the demo can show a 403 for a disallowed model.
        models: ['standin-gpt', 'standin-claude'],
      },
    ],
  };
  // Through the same schema as a file, so defaults apply and a bad option fails loudly here.
  const result = configSchema.safeParse(input);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => ({
      file: '<embedded defaults>',
      line: 0,
      column: 0,
      path: formatPath(issue.path),
      message: issue.message,
    })),
  );
}
