import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { embeddedDefaultConfig, STANDIN_API_KEY } from '../../src/config/defaults.ts';
import { DEMO_ADMIN_ID, DEMO_AGENT_IDS, DEMO_DATA_PROTECTION } from '../../src/config/demo-policy.ts';
import { dataProtectionSchema } from '../../src/config/data-schema.ts';
import { injectionSchema } from '../../src/config/injection-schema.ts';
import type { PolicyStore } from '../../src/policy/state/types.ts';
import type { Ledger } from '../../src/ledger/index.ts';
import type { Config } from '../../src/config/schema.ts';
import type { Guard } from '../../src/core/guard.ts';
import { newAgentKey } from '../../src/server/auth.ts';
import { createGateway, type Gateway, type GatewayOptions } from '../../src/server/gateway.ts';
import type { ExchangeObserver, ExchangeRecord } from '../../src/server/record.ts';
import type { McpRecord } from '../../src/mcp/record.ts';
import { startStandin, type Standin, type StandinOptions } from '../../src/standin/index.ts';

/**
 * A real gateway in front of the real stand-in provider, on ephemeral ports, with the demo's
 * embedded config (agent `demo-agent`: standin-gpt and standin-claude; standin-mini is not
 * allowed). Tests talk to it with the official SDKs or raw HTTP.
 */
export interface Harness {
  readonly gateway: Gateway;
  readonly url: string;
  readonly standin: Standin;
  readonly agentKey: string;
  /** The demo approver's admin key (`demo-approver`). */
  readonly adminKey: string;
  readonly records: ExchangeRecord[];
  /** What the gateway recorded of each MCP request, in order. */
  readonly mcpRecords: McpRecord[];
  /** The key of any demo agent (see src/config/demo-policy.ts). */
  keyOf(agentId: string): string;
  openai(options?: { apiKey?: string; timeout?: number; agent?: string; headers?: Record<string, string> }): OpenAI;
  anthropic(options?: { apiKey?: string; timeout?: number; agent?: string; headers?: Record<string, string> }): Anthropic;
  /** A call to the admin API with the approver's key; resolves to status and parsed body. */
  admin(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: any }>;
  /** Waits until the gateway has recorded `count` exchanges in total. */
  recorded(count: number): Promise<ExchangeRecord[]>;
  /** Waits for the record of the exchange a response's `x-portcullis-request-id` names. */
  recordOf(response: { headers: Headers }): Promise<ExchangeRecord>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly standin?: Omit<StandinOptions, 'apiKey'>;
  readonly guards?: readonly Guard[];
  readonly observers?: readonly ExchangeObserver[];
  /** Adjust the config before the gateway starts. */
  readonly configure?: (config: Config) => void;
  readonly policyStore?: PolicyStore;
  readonly ledger?: Ledger;
  /** More gateway options, made from the final config (e.g. metrics and traces); its observers run before the harness's own. */
  readonly extend?: (config: Config) => Partial<GatewayOptions> | Promise<Partial<GatewayOptions>>;
}

/** Turns on the detectors as the demo runs them: prompt injection (defaults) and the demo's data protection. */
export function withDemoDetectors(config: Config): void {
  config.injection = injectionSchema.parse({});
  config.dataProtection = dataProtectionSchema.parse(DEMO_DATA_PROTECTION);
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const standin = await startStandin({ ...options.standin, apiKey: STANDIN_API_KEY });
  const keys = new Map([...DEMO_AGENT_IDS, DEMO_ADMIN_ID].map((id) => [id, newAgentKey()]));
  const agent = keys.get('demo-agent') as { key: string; keyHash: string };
  const config = embeddedDefaultConfig({
    standinUrl: standin.url,
    agentKeyHash: agent.keyHash,
    keyHashes: Object.fromEntries([...keys].map(([id, k]) => [id, k.keyHash])),
  });
  config.server.port = 0;
  // Tests of the core exchange offer all sorts of tools; policy tests narrow this again.
  for (const agent of config.agents) if (agent.id === 'demo-agent') agent.tools = ['*'];
  // Detection is opted into by the tests about it, so other tests see their exact bytes upstream.
  delete config.dataProtection;
  delete config.injection;
  options.configure?.(config);
  const records: ExchangeRecord[] = [];
  const mcpRecords: McpRecord[] = [];
  const extra = (await options.extend?.(config)) ?? {};
  const gateway = createGateway({
    ...extra,
    config,
    guards: options.guards ?? [],
    observers: [...(options.observers ?? []), ...(extra.observers ?? []), (r) => records.push(r)],
    ...(options.policyStore === undefined ? {} : { policyStore: options.policyStore }),
    ...(options.ledger === undefined ? {} : { ledger: options.ledger }),
    onMcpRecord: (r) => {
      extra.onMcpRecord?.(r);
      mcpRecords.push(r);
    },
  });
  const keyOf = (id: string): string => {
    const key = keys.get(id)?.key;
    if (key === undefined) throw new Error(`no demo key for ${id}`);
    return key;
  };
  const url = await gateway.listen();
  return {
    gateway,
    mcpRecords,
    url,
    standin,
    agentKey: agent.key,
    adminKey: keyOf(DEMO_ADMIN_ID),
    records,
    keyOf,
    openai: (o = {}) => new OpenAI({
      apiKey: o.apiKey ?? keyOf(o.agent ?? 'demo-agent'), baseURL: `${url}/v1`, maxRetries: 0, timeout: o.timeout ?? 10_000,
      ...(o.headers === undefined ? {} : { defaultHeaders: o.headers }),
    }),
    anthropic: (o = {}) => new Anthropic({
      apiKey: o.apiKey ?? keyOf(o.agent ?? 'demo-agent'), baseURL: url, maxRetries: 0, timeout: o.timeout ?? 10_000,
      ...(o.headers === undefined ? {} : { defaultHeaders: o.headers }),
    }),
    async admin(method, path, body) {
      const response = await fetch(url + path, {
        method,
        headers: { authorization: `Bearer ${keyOf(DEMO_ADMIN_ID)}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, json: await response.json() };
    },
    async recorded(count) {
      for (let i = 0; i < 500 && records.length < count; i++) await new Promise((r) => setTimeout(r, 2));
      return records;
    },
    async recordOf(response) {
      const id = response.headers.get('x-portcullis-request-id');
      for (let i = 0; i < 500; i++) {
        const record = records.find((r) => r.requestId === id);
        if (record) return record;
        await new Promise((r) => setTimeout(r, 2));
      }
      throw new Error(`no exchange record for request id ${id}`);
    },
    async close() {
      await gateway.close();
      await standin.close();
    },
  };
}

/** A raw HTTP request to the gateway, for inputs no SDK would send. */
export async function rawRequest(
  url: string, path: string, init: { method?: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<{ status: number; headers: Headers; text: string; json: any }> {
  const response = await fetch(url + path, { method: init.method ?? 'POST', headers: init.headers, body: init.body });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/**
 * A stand-in script steered from the request itself: a message containing
 * `[[upstream:<json behaviour>]]` (e.g. `[[upstream:{"kind":"hang"}]]`) gets that behaviour,
 * so one harness can serve tests that need different upstream failures.
 */
export function behaviourFromMarker(req: { body: Buffer }): ReturnType<NonNullable<StandinOptions['script']>> {
  const text = req.body.toString('utf8');
  const start = text.indexOf('[[upstream:');
  if (start === -1) return undefined;
  const end = text.indexOf(']]', start);
  return JSON.parse(JSON.parse(`"${text.slice(start + 11, end)}"`));
}
