import { pino, type DestinationStream, type Logger } from 'pino';
import { mcpLogFields, type McpRecord } from '../mcp/record.ts';
import type { ExchangeRecord } from '../server/record.ts';
import { LineWriter } from './line-writer.ts';

export type { Logger };

/** A pino logger and the stream it writes to (the per-exchange lines share it). */
export interface Logging {
  readonly logger: Logger;
  readonly destination: DestinationStream;
}

/**
 * Structured JSON logs. Nothing that flows through here may carry prompt text, keys or PII.
 * By default lines go to stdout in batches (see LineWriter): logs are operational, and a
 * write per line cost more CPU than the rest of a request.
 */
export function createLogging(level: string, destination: DestinationStream = new LineWriter()): Logging {
  const options = { level, base: { service: SERVICE }, timestamp: pino.stdTimeFunctions.isoTime };
  return { logger: pino(options, destination), destination };
}

const SERVICE = 'portcullis';
const PINO_LEVEL = { info: 30, warn: 40 } as const;

/**
 * One line per exchange: who, what, how it ended and how long it took, in the same shape as
 * pino's lines. Written by hand rather than through pino's generic serializer because it
 * runs for every request and measured several times more expensive there. Only identifiers,
 * counts and timings are taken from the record: never message text, arguments or keys.
 */
export function logExchanges({ logger, destination }: Logging): (record: ExchangeRecord) => void {
  const clock = isoClock();
  return (record) => {
    const level = record.status >= 500 || record.outcome === 'upstream_failed' ? 'warn' : 'info';
    if (!logger.isLevelEnabled(level)) return;
    destination.write(formatExchangeLine(record, PINO_LEVEL[level], clock()));
  };
}

/** The time as pino's isoTime writes it, formatted once per millisecond (a busy gateway logs many lines in each). */
function isoClock(): () => string {
  let lastMs = -1;
  let lastIso = '';
  return () => {
    const now = Date.now();
    if (now !== lastMs) {
      lastMs = now;
      lastIso = new Date(now).toISOString();
    }
    return lastIso;
  };
}

/** One line per MCP request, through pino (far fewer than LLM exchanges): identifiers, decisions, timings. */
export function logMcpRequests({ logger }: Logging): (record: McpRecord) => void {
  return (record) => {
    const failed = record.outcome === 'upstream_failed';
    logger[failed ? 'warn' : 'info'](mcpLogFields(record), 'mcp request');
  };
}

/** What the exchange line reads from a record (a plain object will do, for tests). */
export type LoggedRecord = Pick<ExchangeRecord,
  'requestId' | 'route' | 'clientAddress' | 'principal' | 'model' | 'provider' | 'stream' | 'status' | 'outcome' |
  'errorCode' | 'upstreamStatus' | 'decisions' | 'unobserved' | 'request' | 'toolCallCount' | 'usage' |
  'overheadMs' | 'upstreamMs' | 'totalMs'> & Partial<Pick<ExchangeRecord, 'policy' | 'adminAction'>>;

/** The JSON line for one exchange. Every string that can come from a client is escaped. */
export function formatExchangeLine(record: LoggedRecord, level: number, time: string): string {
  const principal = record.principal;
  const request = record.request;
  let line = `{"level":${level},"time":"${time}","service":"${SERVICE}","requestId":"${record.requestId}"`;
  line += `,"route":${JSON.stringify(record.route)}`;
  if (principal !== undefined) {
    line += `,"agent":${JSON.stringify(principal.agentId)},"team":${JSON.stringify(principal.team)},"keyId":"${principal.keyId}"`;
  }
  line += `,"client":${JSON.stringify(record.clientAddress)}`;
  if (record.model !== undefined) line += `,"model":${JSON.stringify(record.model)}`;
  if (record.provider !== undefined) line += `,"provider":${JSON.stringify(record.provider)}`;
  line += `,"stream":${record.stream},"status":${record.status},"outcome":"${record.outcome}"`;
  if (record.errorCode !== undefined) line += `,"errorCode":${JSON.stringify(record.errorCode)}`;
  if (record.upstreamStatus !== undefined) line += `,"upstreamStatus":${record.upstreamStatus}`;
  if (record.decisions.length > 0) {
    const decisions = record.decisions.map((d) => `${d.guard}:${'deny' in d.verdict ? 'deny' : 'edit'}`);
    line += `,"decisions":${JSON.stringify(decisions)}`;
  }
  const enforced = record.policy?.filter((d) => d.action !== 'allow' || d.monitored.length > 0) ?? [];
  if (enforced.length > 0) {
    // Rule ids, actions and tool names only: what was decided, never what it was decided on.
    const summary = enforced.map((d) => {
      const ids = d.matches.filter((m) => m.action === d.action).map((m) => m.id);
      const watched = d.monitored.map((m) => `monitor:${m.id}`);
      return `${d.event}${d.tool === undefined ? '' : `(${d.tool})`}:${d.action}:${[...ids, ...watched].join('+')}`;
    });
    line += `,"policy":${JSON.stringify(summary)},"policyVersion":"${enforced[0]?.policyVersion.slice(7, 19) ?? ''}"`;
  }
  if (record.adminAction !== undefined) line += `,"adminAction":"${record.adminAction}"`;
  if (record.unobserved) line += ',"unobserved":true';
  if (request !== undefined) line += `,"messages":${request.messageCount}`;
  if (record.toolCallCount !== undefined) line += `,"toolCalls":${record.toolCallCount}`;
  if (record.usage !== undefined) line += `,"tokensIn":${record.usage.inputTokens},"tokensOut":${record.usage.outputTokens}`;
  line += `,"overheadMs":${round(record.overheadMs)},"upstreamMs":${round(record.upstreamMs)},"totalMs":${round(record.totalMs)}`;
  return `${line},"msg":"exchange"}\n`;
}

const round = (ms: number): number => Math.round(ms * 1000) / 1000;
