/**
 * The `observability:` section: Prometheus metrics on the gateway's own port (on by default,
 * readable with an admin key) and OpenTelemetry traces exported over OTLP/HTTP (off unless an
 * endpoint is configured: absent, no tracing SDK is started at all).
 */
import { z } from 'zod';
import { HEADER_NAME_PATTERN } from './policy-schema.ts';

/** Paths the gateway already serves; the metrics path must not shadow one. */
const TAKEN_PATHS = [/^\/v1(\/|$)/, /^\/admin(\/|$)/, /^\/mcp(\/|$)/, /^\/healthz$/, /^\/ledger(\/|$)/];

const metricsSchema = z.strictObject({
  enabled: z.boolean().default(true).describe('Serve Prometheus metrics on the gateway port'),
  path: z.string().regex(/^\/[A-Za-z0-9._~/-]*$/, { error: 'the metrics path is an absolute URL path, e.g. /metrics' })
    .refine((path) => !TAKEN_PATHS.some((taken) => taken.test(path)), { error: 'this path is one of the gateway\'s own routes' })
    .default('/metrics').describe('Where Prometheus scrapes'),
  auth: z.enum(['none', 'admin']).default('admin')
    .describe('admin: a scrape must send "Authorization: Bearer <admin key>" (any admin in admins:); none: open to anyone who reaches the port'),
}).prefault({}).describe('Prometheus metrics (text exposition format)');

const tracingSchema = z.strictObject({
  endpoint: z.url({ protocol: /^https?$/, error: 'Invalid URL: expected the OTLP/HTTP traces URL, e.g. http://collector:4318/v1/traces' })
    .describe('OTLP/HTTP traces endpoint of a collector, e.g. http://otel-collector:4318/v1/traces'),
  serviceName: z.string().min(1).max(128).default('portcullis').describe('service.name of the exported spans'),
  sampleRatio: z.number().min(0).max(1).default(1)
    .describe('Share of new traces kept (0 to 1); a traceparent from the agent decides for its own trace'),
  headers: z.record(z.string().regex(HEADER_NAME_PATTERN, { error: 'invalid HTTP header name' }), z.string()).default({})
    .describe('Headers sent to the collector, e.g. { Authorization: "Bearer ${OTEL_TOKEN}" }'),
}).describe('OpenTelemetry traces, built from each exchange\'s record after it is answered; absent: no tracing');

export const observabilitySchema = z.strictObject({
  metrics: metricsSchema,
  tracing: tracingSchema.optional(),
}).prefault({}).describe('Metrics and traces (no prompt text, arguments or detected values ever leave in them)');

export type ObservabilityConfig = z.output<typeof observabilitySchema>;
