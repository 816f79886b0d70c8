import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace';
import { ReportingExporter, type ExportFailure } from '../../src/observe/export-failures.ts';

/** An exporter that fails while `failing` is set, as a collector that is down would. */
function flakyExporter(): { exporter: SpanExporter; setFailing(on: boolean): void } {
  let failing = true;
  const exporter: SpanExporter = {
    export: (_spans, done) => done(failing ? { code: 1, error: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4318'), { code: 'ECONNREFUSED' }) } : { code: 0 }),
    shutdown: () => Promise.resolve(),
  };
  return { exporter, setFailing: (on) => { failing = on; } };
}

const spans = (n: number) => Array.from({ length: n }, () => ({}) as ReadableSpan);
const exportNow = (exporter: SpanExporter, n: number) => new Promise<number>((resolve) => exporter.export(spans(n), (result) => resolve(result.code)));

describe('failed trace exports', () => {
  test('are reported at most once a minute, with the spans lost since the last report and why', async () => {
    const reports: ExportFailure[] = [];
    let clock = 0;
    const { exporter: inner, setFailing } = flakyExporter();
    const exporter = new ReportingExporter(inner, (failure) => reports.push(failure), () => clock);
    assert.equal(await exportNow(exporter, 3), 1, 'the result still reaches the processor');
    assert.deepEqual(reports, [{ lostSpans: 3, failedExports: 1, error: 'Error ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:4318' }]);
    clock += 30_000;
    await exportNow(exporter, 5);
    await exportNow(exporter, 2);
    assert.equal(reports.length, 1, 'not again within the minute');
    setFailing(false);
    clock += 31_000;
    assert.equal(await exportNow(exporter, 4), 0);
    assert.equal(reports.length, 1, 'a success is not a failure');
    setFailing(true);
    await exportNow(exporter, 1);
    assert.deepEqual(reports[1], { lostSpans: 8, failedExports: 3, error: 'Error ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:4318' });
  });

  test('a collector that refuses the spans: the real OTLP exporter\'s failure is reported, nothing of the spans in it', async () => {
    const server = createServer((req, res) => { req.resume(); req.on('end', () => res.writeHead(503).end('collector is overloaded')); });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const reports: ExportFailure[] = [];
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`;
    const exporter = new ReportingExporter(new OTLPTraceExporter({ url, timeoutMillis: 2_000 }), (failure) => reports.push(failure));
    const memory = new InMemorySpanExporter();
    const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter }), new SimpleSpanProcessor({ exporter: memory })] });
    try {
      provider.getTracer('test').startSpan('chat secret-model', { attributes: { 'secret.value': 'quokka-7781' } }).end();
      await provider.forceFlush().catch(() => undefined); // the processor passes the failure on too
      for (let waited = 0; reports.length === 0 && waited < 5_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(memory.getFinishedSpans().length, 1);
      assert.equal(reports.length, 1);
      assert.equal(reports[0]?.lostSpans, 1);
      assert.match(reports[0]?.error ?? '', /^OTLPExporterError.*: Export failed/);
      assert.ok(!JSON.stringify(reports).includes('quokka') && !JSON.stringify(reports).includes('secret'), 'no span content');
    } finally {
      await provider.shutdown().catch(() => undefined);
      server.close();
    }
  });
});
