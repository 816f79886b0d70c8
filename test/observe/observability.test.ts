import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import { embeddedDefaultConfig } from '../../src/config/defaults.ts';
import { observabilitySchema } from '../../src/config/observability-schema.ts';
import { createObservability } from '../../src/observe/index.ts';
import { parentOf } from '../../src/observe/tracing.ts';

const run = promisify(execFile);
const config = () => embeddedDefaultConfig({ standinUrl: 'http://127.0.0.1:9', agentKeyHash: `sha256:${'0'.repeat(64)}` });

describe('observability config', () => {
  test('defaults: metrics on at /metrics behind an admin key, no tracing', () => {
    assert.deepEqual(observabilitySchema.parse(undefined), { metrics: { enabled: true, path: '/metrics', auth: 'admin' } });
    assert.deepEqual(config().observability, { metrics: { enabled: true, path: '/metrics', auth: 'admin' } });
  });

  test('tracing needs an OTLP/HTTP endpoint; the rest has defaults', () => {
    assert.deepEqual(observabilitySchema.parse({ tracing: { endpoint: 'http://collector:4318/v1/traces' } }).tracing,
      { endpoint: 'http://collector:4318/v1/traces', serviceName: 'portcullis', sampleRatio: 1, headers: {} });
    assert.equal(observabilitySchema.safeParse({ tracing: {} }).success, false);
    assert.equal(observabilitySchema.safeParse({ tracing: { endpoint: 'grpc://collector:4317' } }).success, false);
    assert.equal(observabilitySchema.safeParse({ tracing: { endpoint: 'http://c:4318/v1/traces', sampleRatio: 1.5 } }).success, false);
    assert.equal(observabilitySchema.safeParse({ tracing: { endpoint: 'http://c:4318/v1/traces', exporter: 'zipkin' } }).success, false, 'strict');
  });

  test('the metrics path cannot shadow one of the gateway\'s routes', () => {
    for (const path of ['/v1/metrics', '/admin/metrics', '/mcp', '/healthz', '/ledger/checkpoint', 'metrics']) {
      assert.equal(observabilitySchema.safeParse({ metrics: { path } }).success, false, path);
    }
    assert.equal(observabilitySchema.parse({ metrics: { path: '/internal/metrics', auth: 'none' } }).metrics.path, '/internal/metrics');
  });
});

describe('createObservability', () => {
  test('metrics only by default: one exchange observer, a metrics route, no tracer', async () => {
    const observability = await createObservability(config());
    assert.equal(observability.observers.length, 1);
    assert.equal(observability.metrics?.path, '/metrics');
    assert.equal(observability.tracing, undefined);
    await observability.close();
  });

  test('metrics disabled and no tracing: nothing observes at all', async () => {
    const c = config();
    c.observability.metrics.enabled = false;
    const observability = await createObservability(c);
    assert.equal(observability.observers.length, 0);
    assert.equal(observability.metrics, undefined);
  });

  test('without tracing configured, no OpenTelemetry SDK module is even loaded', async () => {
    // A child process records every module it resolves while it sets observability up.
    const script = `
      import { registerHooks } from 'node:module';
      const seen = [];
      registerHooks({ resolve(specifier, context, next) { seen.push(specifier); return next(specifier, context); } });
      const { embeddedDefaultConfig } = await import('./src/config/defaults.ts');
      const { createObservability } = await import('./src/observe/index.ts');
      const config = embeddedDefaultConfig({ standinUrl: 'http://127.0.0.1:9', agentKeyHash: 'sha256:' + '0'.repeat(64) });
      const withoutTracing = await createObservability(config);
      const before = seen.filter((s) => s.includes('@opentelemetry/sdk-trace') || s.includes('exporter-trace-otlp') || s.includes('tracing.ts'));
      config.observability.tracing = { endpoint: 'http://127.0.0.1:9/v1/traces', serviceName: 'x', sampleRatio: 1, headers: {} };
      const withTracing = await createObservability(config);
      const after = seen.filter((s) => s.includes('@opentelemetry/sdk-trace'));
      await withTracing.close();
      console.log(JSON.stringify({ before, after: after.length, tracer: withoutTracing.tracing === undefined && withTracing.tracing !== undefined }));
    `;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: join(import.meta.dirname, '..', '..') });
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as { before: string[]; after: number; tracer: boolean };
    assert.deepEqual(result.before, []);
    assert.ok(result.after > 0, 'the check would have seen the SDK load');
    assert.equal(result.tracer, true);
  });
});

describe('traceparent', () => {
  test('a valid W3C traceparent becomes a remote parent, sampled flag and all', () => {
    assert.deepEqual(parentOf('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'),
      { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1, isRemote: true });
    assert.equal(parentOf('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00')?.traceFlags, 0);
  });

  test('anything malformed is ignored, so the exchange starts its own trace', () => {
    for (const bad of [
      undefined, ['00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'], '', 'garbage',
      '00-00000000000000000000000000000000-00f067aa0ba902b7-01', '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01',
      'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', '00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra',
    ]) assert.equal(parentOf(bad), undefined, String(bad));
  });
});
