/**
 * The configuration the demo runs with when no portcullis.yaml is given: a local stand-in model
 * server behind both an OpenAI-style and an Anthropic-style provider, and one agent.
 */
import { randomBytes } from 'node:crypto';
import { DEMO_ADMIN_ID, DEMO_DATA_PROTECTION, DEMO_INJECTION, DEMO_POLICY, DEMO_TOOLS, demoAgents } from './demo-policy.ts';
import { ConfigError, formatPath } from './errors.ts';
import { configSchema, type Config, type ConfigInput } from './schema.ts';

/** Upstream credential the demo's providers send, so the demo exercises upstream auth like a real provider. */
export const STANDIN_API_KEY = 'standin-upstream-key';

export interface EmbeddedDefaultOptions {
  /** Base URL of the stand-in server, without a version path, e.g. `http://127.0.0.1:4010`. */
  readonly standinUrl: string;
  /** `sha256:<64 hex>` of the demo agent's gateway key. */
  readonly agentKeyHash: string;
  /**
   * Key hashes of the other demo agents and of the demo approver (`demo-approver`), by id.
   * Anyone not given one gets a random hash nobody holds the key to.
   */
  readonly keyHashes?: Readonly<Record<string, string>>;
}

export function embeddedDefaultConfig(opts: EmbeddedDefaultOptions): Config {
  const standinUrl = opts.standinUrl.replace(/\/+$/, '');
  const keyHashOf = (id: string): string =>
    (id === 'demo-agent' ? opts.agentKeyHash : opts.keyHashes?.[id]) ?? `sha256:${randomBytes(32).toString('hex')}`;
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
    agents: demoAgents(keyHashOf),
    tools: DEMO_TOOLS,
    policy: DEMO_POLICY,
    dataProtection: DEMO_DATA_PROTECTION,
    injection: DEMO_INJECTION,
    admins: [{ id: DEMO_ADMIN_ID, keyHash: keyHashOf(DEMO_ADMIN_ID) }],
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
