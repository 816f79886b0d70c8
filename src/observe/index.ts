/**
 * Metrics and traces, wired from the `observability:` config in one place. `portcullis start`
 * and the demo pass what this returns to createGateway: exchange observers (they run once the
 * agent has its answer), an MCP record hook, and the metrics route.
 *
 * Tracing is loaded only when configured: without `observability.tracing`, no OpenTelemetry
 * SDK module is imported, nothing is started and the request path does not change.
 */
import type { Config } from '../config/schema.ts';
import type { McpRecord } from '../mcp/record.ts';
import type { ExchangeObserver } from '../server/record.ts';
import { GatewayMetrics, type MetricsSources } from './metrics.ts';
import type { ExportFailure } from './export-failures.ts';
import type { Tracing } from './tracing.ts';

export type { MetricsEndpoint, MetricsSources } from './metrics.ts';

export interface Observability {
  /** For createGateway's `observers`. */
  readonly observers: readonly ExchangeObserver[];
  /** For createGateway's `onMcpRecord` (alongside the log's). */
  readonly onMcpRecord: (record: McpRecord) => void;
  /** For createGateway's `metrics`; undefined when metrics are disabled, or need an admin key and there are no admins. */
  readonly metrics: GatewayMetrics | undefined;
  /** Undefined when tracing is not configured. */
  readonly tracing: Tracing | undefined;
  /** Exports the spans still queued and stops the tracer; never rejects. */
  close(): Promise<void>;
}

/** `onTraceExportFailure`: spans the collector did not take (reported at most once a minute); the caller logs it. */
export async function createObservability(
  config: Config, sources: MetricsSources = {}, onTraceExportFailure?: (failure: ExportFailure) => void,
): Promise<Observability> {
  const { metrics: metricsConfig, tracing: tracingConfig } = config.observability;
  // Scraping needs an admin key by default: with no admins, nobody could read what is counted,
  // so nothing is (every exchange would pay for it).
  const scrapable = metricsConfig.auth === 'none' || config.admins.length > 0;
  const metrics = metricsConfig.enabled && scrapable ? new GatewayMetrics(config, sources) : undefined;
  let tracing: Tracing | undefined;
  if (tracingConfig !== undefined) {
    const { Tracing } = await import('./tracing.ts');
    tracing = new Tracing(config, tracingConfig, onTraceExportFailure);
  }
  const observers: ExchangeObserver[] = [];
  if (metrics !== undefined) observers.push(metrics.observeExchange);
  if (tracing !== undefined) observers.push(tracing.observeExchange);
  const traceMcp = tracing?.observeMcp;
  return {
    observers,
    metrics,
    tracing,
    // The MCP hook runs before the answer is written: counting is a few adds, and building
    // spans waits for the next turn of the event loop.
    onMcpRecord: (record) => {
      try {
        metrics?.observeMcp(record);
      } catch {
        // Observability must never fail a request.
      }
      if (traceMcp !== undefined) {
        setImmediate(() => {
          try {
            traceMcp(record);
          } catch {
            // As above.
          }
        });
      }
    },
    close: async () => {
      // Spans that cannot be delivered now are lost, not a reason to fail the shutdown.
      await tracing?.close().catch(() => undefined);
    },
  };
}
