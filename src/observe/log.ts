import { pino, type DestinationStream, type Logger } from 'pino';
import type { ExchangeRecord } from '../server/record.ts';

export type { Logger };

/** Structured JSON logs. Nothing that flows through here may carry prompt text, keys or PII. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({ level, base: { service: 'portcullis' }, timestamp: pino.stdTimeFunctions.isoTime }, destination);
}

const round = (ms: number): number => Math.round(ms * 1000) / 1000;

/**
 * One line per exchange: who, what, how it ended and how long it took. Only identifiers,
 * counts and timings are taken from the record: never message text, arguments or keys.
 */
export function logExchanges(logger: Logger): (record: ExchangeRecord) => void {
  return (record) => {
    const level = record.status >= 500 || record.outcome === 'upstream_failed' ? 'warn' : 'info';
    if (!logger.isLevelEnabled(level)) return;
    logger[level]({
      requestId: record.requestId,
      route: record.route,
      agent: record.principal?.agentId,
      team: record.principal?.team,
      keyId: record.principal?.keyId,
      client: record.clientAddress,
      model: record.model,
      provider: record.provider,
      stream: record.stream,
      status: record.status,
      outcome: record.outcome,
      errorCode: record.errorCode,
      upstreamStatus: record.upstreamStatus,
      decisions: record.decisions.length > 0 ? record.decisions.map((d) => `${d.guard}:${'deny' in d.verdict ? 'deny' : 'edit'}`) : undefined,
      messages: record.request?.messageCount,
      toolCalls: record.response?.toolCalls.length,
      tokensIn: record.response?.usage?.inputTokens,
      tokensOut: record.response?.usage?.outputTokens,
      overheadMs: round(record.overheadMs),
      upstreamMs: round(record.upstreamMs),
      totalMs: round(record.totalMs),
    }, 'exchange');
  };
}
