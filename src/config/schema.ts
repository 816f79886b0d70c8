/**
 * The schema of `portcullis.yaml`. Every object is strict so a typo ("modles:") is an error
 * instead of a silently ignored key. Messages never echo a configured value: values may come
 * from `${VAR}` interpolation and be secrets.
 */
import { z } from 'zod';
import { dataProtectionSchema } from './data-schema.ts';
import { injectionSchema } from './injection-schema.ts';
import { mcpSchema } from './mcp-schema.ts';
import { ledgerSchema } from './ledger-schema.ts';
import { observabilitySchema } from './observability-schema.ts';
import { adminSchema, policySchema, stateSchema, toolSchema } from './policy-schema.ts';
import { checkAgentModelsServed, checkUnique, checkUniqueNested } from './schema-checks.ts';

/** Ids end up in logs, metric labels and URLs, so they stay lowercase and boring. */
const ID_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;
const KEY_HASH_PATTERN = /^sha256:[0-9a-f]{64}$/;
/** RFC 9110 token: anything else would be rejected (or smuggled) by the HTTP stack. */
const HEADER_NAME_PATTERN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** CR/LF in a header value would allow header injection upstream. */
const HEADER_VALUE_PATTERN = /^[^\r\n\0]*$/;
/** Headers the HTTP client or the gateway owns; a static override would corrupt framing. */
const RESERVED_HEADERS = new Set([
  'host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive', 'upgrade', 'te', 'trailer',
]);
/** setTimeout silently fires after 1 ms for larger delays, so cap every duration here. */
const MAX_TIMER_MS = 2_147_483_647;

export const PROVIDER_KINDS = ['openai', 'anthropic', 'openai-compatible'] as const;
export const AUTH_MODES = ['bearer', 'api-key', 'x-api-key', 'none'] as const;
export const GATEWAY_APIS = ['chat', 'responses', 'messages'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

type ProviderKind = (typeof PROVIDER_KINDS)[number];
type AuthMode = (typeof AUTH_MODES)[number];
type GatewayApi = (typeof GATEWAY_APIS)[number];

const DEFAULT_AUTH: Record<ProviderKind, AuthMode> = {
  openai: 'bearer',
  'openai-compatible': 'bearer',
  anthropic: 'x-api-key',
};
const DEFAULT_APIS: Record<ProviderKind, GatewayApi[]> = {
  openai: ['chat', 'responses'],
  'openai-compatible': ['chat'],
  anthropic: ['messages'],
};
/** The header each auth mode writes; a static header of the same name would conflict. */
const AUTH_HEADER: Record<AuthMode, string | undefined> = {
  bearer: 'authorization',
  'api-key': 'api-key',
  'x-api-key': 'x-api-key',
  none: undefined,
};

const id = (what: string) =>
  z.string().max(64).regex(ID_PATTERN, { error: `${what} id must match [a-z0-9][a-z0-9_-]*` });
const durationMs = (fallback: number, description: string) =>
  z.int().positive().max(MAX_TIMER_MS).default(fallback).describe(`${description} (milliseconds)`);
const modelPatterns = z
  .array(z.string().regex(/^\S+$/, { error: 'model names and globs must be non-empty, without whitespace' }))
  .describe("Exact model names or globs where '*' matches any run of characters");

const limitsSchema = z.strictObject({
  maxBodyBytes: z.int().min(1024).max(1024 ** 3).default(4 * 1024 * 1024)
    .describe('Largest request body accepted from an agent, in bytes'),
  maxJsonDepth: z.int().min(1).max(1000).default(64)
    .describe('Deepest JSON nesting accepted in a request body (guards the parser)'),
  maxMessages: z.int().min(1).default(2000).describe('Most messages/input items accepted in one request'),
  maxResponseBytes: z.int().min(1024).max(1024 ** 3).default(32 * 1024 * 1024)
    .describe('Largest non-streamed provider response the gateway buffers for inspection, in bytes'),
});

const serverSchema = z.strictObject({
  host: z.string().min(1).default('127.0.0.1').describe('Interface to listen on'),
  port: z.int().min(0).max(65535).default(8080).describe('TCP port to listen on; 0 picks an ephemeral port'),
  limits: limitsSchema.prefault({}).describe('Request size limits'),
  timeouts: z.strictObject({
    headersMs: durationMs(30_000, 'Time a client has to send request headers and body'),
    drainMs: durationMs(10_000, 'On shutdown, how long in-flight exchanges may finish before their connections are closed'),
  }).prefault({}).describe('Client-side timeouts'),
});

const providerSchema = z
  .strictObject({
    id: id('provider').describe('Unique provider id, referenced in logs and routing'),
    kind: z.enum(PROVIDER_KINDS).describe('Wire protocol of the upstream'),
    baseUrl: z.url({ protocol: /^https?$/, error: 'Invalid URL: expected an http(s) URL' }).describe(
      'Upstream base URL as given to the official SDK: ending in /v1 for openai kinds ' +
        '(https://api.openai.com/v1), without /v1 for anthropic (https://api.anthropic.com). ' +
        'A trailing "/" is removed.',
    ),
    apiKey: z.string().min(1, { error: 'apiKey is empty (is its environment variable empty?)' }).optional()
      .describe('Upstream credential, normally "${ENV_VAR}". Omit for upstreams that need none.'),
    auth: z.enum(AUTH_MODES).optional().describe(
      'How apiKey is sent. Default: bearer for openai kinds, x-api-key for anthropic; none without apiKey',
    ),
    headers: z.record(
      z.string().regex(HEADER_NAME_PATTERN, { error: 'invalid HTTP header name' }),
      z.string().regex(HEADER_VALUE_PATTERN, { error: 'header values must not contain CR, LF or NUL' }),
    ).default({}).describe('Extra static headers sent upstream'),
    models: modelPatterns.min(1, { error: 'list at least one model' }).describe('Models this provider serves'),
    apis: z.array(z.enum(GATEWAY_APIS)).min(1).optional().describe(
      'Gateway APIs served. Default: [chat, responses] for openai, [chat] for openai-compatible, ' +
        '[messages] for anthropic',
    ),
    timeouts: z.strictObject({
      connectMs: durationMs(5_000, 'Time to establish the upstream connection'),
      headersMs: durationMs(60_000, 'Time until the upstream sends response headers'),
      bodyMs: durationMs(300_000, 'Longest idle gap between upstream response body chunks'),
    }).prefault({}).describe('Upstream timeouts'),
    pool: z.strictObject({
      connections: z.int().min(1).max(10_000).default(64).describe('Most concurrent upstream connections'),
      keepAliveMs: durationMs(30_000, 'How long an idle upstream connection is kept open'),
    }).prefault({}).describe('Upstream connection pool'),
    flags: z.array(z.string().regex(/^[a-z0-9][a-z0-9_:-]*$/, { error: 'flags are lowercase, e.g. baa' })).default([])
      .describe('Facts about the provider that policy can test, e.g. baa (a HIPAA business associate agreement is in place)'),
  })
  .superRefine((p, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    checkBaseUrl(p.kind, p.baseUrl, (message) => issue(['baseUrl'], message));
    if (p.auth !== undefined && p.auth !== 'none' && p.apiKey === undefined) {
      issue(['auth'], 'this auth mode needs an apiKey');
    }
    if (p.auth === 'none' && p.apiKey !== undefined) issue(['apiKey'], 'apiKey is set but auth is none, so it is never sent');
    const authHeader = AUTH_HEADER[effectiveAuth(p)];
    for (const name of Object.keys(p.headers)) {
      const lower = name.toLowerCase();
      if (RESERVED_HEADERS.has(lower)) issue(['headers', name], 'this header is managed by the HTTP client');
      if (lower === authHeader) issue(['headers', name], 'this header is set from apiKey by the auth mode');
    }
    const seen = new Set<string>();
    p.apis?.forEach((api, i) => (seen.has(api) ? issue(['apis', i], 'listed twice') : seen.add(api)));
  })
  // Kind-dependent defaults cannot be plain `.default()`s, so they are filled in after validation.
  .transform((p) => ({
    ...p,
    baseUrl: p.baseUrl.replace(/\/+$/, ''),
    auth: effectiveAuth(p),
    apis: p.apis ?? DEFAULT_APIS[p.kind],
  }));

function effectiveAuth(p: { kind: ProviderKind; auth?: AuthMode | undefined; apiKey?: string | undefined }): AuthMode {
  return p.auth ?? (p.apiKey === undefined ? 'none' : DEFAULT_AUTH[p.kind]);
}

/** Catches the classic mistakes: a missing or doubled /v1, which would otherwise surface as upstream 404s. */
function checkBaseUrl(kind: ProviderKind, baseUrl: string, report: (message: string) => void): void {
  // Refinements also run after continuable issues such as a malformed URL, already reported.
  if (!URL.canParse(baseUrl)) return;
  const url = new URL(baseUrl);
  if (url.username !== '' || url.password !== '') report('baseUrl must not embed credentials; use apiKey');
  if (url.search !== '' || url.hash !== '') report('baseUrl must not have a query or fragment');
  const path = url.pathname.replace(/\/+$/, '');
  if (kind === 'anthropic' && path.endsWith('/v1')) {
    report('anthropic baseUrl must not end in /v1 (the gateway appends /v1/messages, like the Anthropic SDK)');
  }
  if (kind !== 'anthropic' && !path.endsWith('/v1')) {
    report("openai kinds' baseUrl must end in /v1, like the OpenAI SDK's baseURL (e.g. https://api.openai.com/v1)");
  }
}

const agentSchema = z.strictObject({
  id: id('agent').describe('Unique agent id'),
  team: z.string().min(1).describe('Owning team'),
  env: z.string().min(1).describe('Deployment environment, e.g. dev, staging, prod'),
  tier: z.string().min(1).default('standard').describe('Service tier used by policy'),
  clearances: z.array(z.string().min(1)).default([]).describe('Data clearances granted to the agent'),
  keyHash: z.string().regex(KEY_HASH_PATTERN, {
    error: 'keyHash must be "sha256:" and 64 lowercase hex digits: the SHA-256 of the agent key, never the key',
  }).describe('SHA-256 of the agent\'s gateway key as "sha256:<64 hex>"; the key itself never appears here'),
  models: modelPatterns.default([]).describe('Models the agent may use; empty allows none'),
  tools: z.array(z.string().regex(/^\S+$/, { error: 'tool names, globs and tag: entries have no whitespace' })).default([])
    .describe("Tools the agent may call: names, globs, or 'tag:<capability>' for every catalog tool with that tag; empty allows none"),
});

export const configSchema = z
  .strictObject({
    version: z.literal(1, { error: 'unsupported config version: expected 1' }).describe('Config format version'),
    server: serverSchema.prefault({}).describe('The listener agents connect to'),
    log: z.strictObject({
      level: z.enum(LOG_LEVELS).default('info').describe('Minimum log level'),
    }).prefault({}).describe('Logging'),
    providers: z.array(providerSchema).min(1, { error: 'configure at least one provider' })
      .describe('Upstream LLM providers'),
    agents: z.array(agentSchema).default([]).describe('Agents allowed to call the gateway'),
    tools: z.array(toolSchema).default([]).describe('Tool catalog: capability tags of known tools'),
    policy: policySchema.prefault({}),
    admins: z.array(adminSchema).default([]).describe('People who may use the admin API (approvals, kill switch)'),
    state: stateSchema,
    ledger: ledgerSchema.optional().describe('The tamper-evident audit ledger; absent: nothing is recorded'),
    dataProtection: dataProtectionSchema.optional()
      .describe('Detect and redact, tokenize or block sensitive data; absent: nothing is scanned'),
    injection: injectionSchema.optional()
      .describe('Score messages and tool results for prompt injection (findings.injection); absent: nothing is scored'),
    mcp: mcpSchema.optional(),
    observability: observabilitySchema,
  })
  // `when` runs these even if other fields are invalid, so one pass reports every problem.
  .superRefine((config, ctx) => {
    const raw: unknown = config;
    checkUnique(raw, 'providers', 'id', 'duplicate provider id', ctx);
    checkUnique(raw, 'agents', 'id', 'duplicate agent id', ctx);
    checkUnique(raw, 'agents', 'keyHash', 'duplicate keyHash: two agents share a key', ctx);
    checkAgentModelsServed(raw, ctx);
    checkUnique(raw, 'admins', 'id', 'duplicate admin id', ctx);
    checkUnique(raw, 'admins', 'keyHash', 'duplicate keyHash: two admins share a key', ctx);
    checkUniqueNested(raw, ['policy', 'rules'], 'id', 'duplicate rule id', ctx);
    checkUniqueNested(raw, ['policy', 'limits'], 'id', 'duplicate limit id', ctx);
  }, { when: () => true })
  .meta({ title: 'Portcullis configuration', description: 'Configuration of the Portcullis gateway (portcullis.yaml)' });

/** The validated configuration, with every default applied. */
export type Config = z.output<typeof configSchema>;
/** What a config file may contain (defaults make most keys optional). */
export type ConfigInput = z.input<typeof configSchema>;
export type ProviderConfig = Config['providers'][number];
export type AgentConfig = Config['agents'][number];
export type PolicyConfig = Config['policy'];
export type RuleConfig = PolicyConfig['rules'][number];
export type LimitConfig = PolicyConfig['limits'][number];
export type ToolConfig = Config['tools'][number];
