import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { embeddedDefaultConfig, STANDIN_API_KEY } from '../../src/config/defaults.ts';
import type { Config } from '../../src/config/schema.ts';
import type { Guard } from '../../src/core/guard.ts';
import { newAgentKey } from '../../src/server/auth.ts';
import { createGateway, type Gateway } from '../../src/server/gateway.ts';
import type { ExchangeObserver, ExchangeRecord } from '../../src/server/record.ts';
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
  readonly records: ExchangeRecord[];
  openai(options?: { apiKey?: string; timeout?: number }): OpenAI;
  anthropic(options?: { apiKey?: string; timeout?: number }): Anthropic;
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
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const standin = await startStandin({ ...options.standin, apiKey: STANDIN_API_KEY });
  const agent = newAgentKey();
  const config = embeddedDefaultConfig({ standinUrl: standin.url, agentKeyHash: agent.keyHash });
  config.server.port = 0;
  options.configure?.(config);
  const records: ExchangeRecord[] = [];
  const gateway = createGateway({ config, guards: options.guards ?? [], observers: [...(options.observers ?? []), (r) => records.push(r)] });
  const url = await gateway.listen();
  return {
    gateway,
    url,
    standin,
    agentKey: agent.key,
    records,
    openai: (o = {}) => new OpenAI({ apiKey: o.apiKey ?? agent.key, baseURL: `${url}/v1`, maxRetries: 0, timeout: o.timeout ?? 10_000 }),
    anthropic: (o = {}) => new Anthropic({ apiKey: o.apiKey ?? agent.key, baseURL: url, maxRetries: 0, timeout: o.timeout ?? 10_000 }),
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
