/**
 * Failed trace exports, made visible. The OpenTelemetry batch processor drops spans it could
 * not export and says so only to OpenTelemetry's own diagnostics, which nobody reads: a
 * collector that is down or refuses our spans would leave an operator with no traces and no
 * hint. This wraps the exporter so that a failed export is counted and reported, at most
 * once a minute (a collector that is down fails every batch), with how many spans were lost
 * since the last report and why, never with span contents.
 */
import type { SpanExporter } from '@opentelemetry/sdk-trace';

/** ExportResultCode.SUCCESS in @opentelemetry/core (not a dependency of ours for one constant). */
const EXPORT_SUCCEEDED = 0;
const REPORT_EVERY_MS = 60_000;

/** What is reported: spans lost since the last report, batches that failed, and the last error. */
export interface ExportFailure {
  readonly lostSpans: number;
  readonly failedExports: number;
  readonly error: string;
}

export class ReportingExporter implements SpanExporter {
  private readonly inner: SpanExporter;
  private readonly report: (failure: ExportFailure) => void;
  private readonly now: () => number;
  private lastReport = -Infinity;
  private lostSpans = 0;
  private failedExports = 0;

  constructor(inner: SpanExporter, report: (failure: ExportFailure) => void, now: () => number = Date.now) {
    this.inner = inner;
    this.report = report;
    this.now = now;
  }

  export(...[spans, done]: Parameters<SpanExporter['export']>): void {
    this.inner.export(spans, (result) => {
      if (result.code !== EXPORT_SUCCEEDED) this.failed(spans.length, result.error);
      done(result);
    });
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }

  private failed(spans: number, error: Error | undefined): void {
    this.lostSpans += spans;
    this.failedExports++;
    const now = this.now();
    if (now - this.lastReport < REPORT_EVERY_MS) return;
    this.lastReport = now;
    const failure = { lostSpans: this.lostSpans, failedExports: this.failedExports, error: describe(error) };
    this.lostSpans = 0;
    this.failedExports = 0;
    try {
      this.report(failure);
    } catch {
      // Reporting must not break exporting.
    }
  }
}

/** The error's kind and message, cut short: an HTTP status or a connection error, not a response body. */
function describe(error: Error | undefined): string {
  if (error === undefined) return 'unknown error';
  const code = (error as { code?: unknown }).code;
  const text = `${error.name}${typeof code === 'string' || typeof code === 'number' ? ` ${code}` : ''}: ${error.message}`;
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
