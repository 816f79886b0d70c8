import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { applyEdits } from '../core/edits.ts';
import { GatewayError } from '../core/errors.ts';
import type { Exchange } from '../core/exchange.ts';
import type { ProtocolAdapter, WithheldToolCall } from '../protocols/adapter.ts';
import { responseRewriter } from '../protocols/text-rewrite.ts';
import { streamPipeline, type StreamPipeline } from './stream-pipeline.ts';
import { forward } from '../upstream/forward.ts';
import type { Provider } from '../upstream/providers.ts';
import type { GatewayCore } from './core.ts';
import { agentResponseHeaders, upstreamRequestHeaders } from './headers.ts';
import { runStage, type StageOutcome } from './pipeline.ts';
import type { ExchangeRecord } from './record.ts';
import { captureBufferedResponse, StreamCapture } from './response-capture.ts';
import { sendError, sendUnrecordedError, UNRECORDED, whenRecorded, withGatewayHeaders } from './respond.ts';
import { judgeToolCall, judgeToolCalls } from './tool-calls.ts';

/**
 * Sends the request upstream and relays the answer. A stream (2xx `text/event-stream` to a
 * `stream: true` request) is written to the agent chunk by chunk as it arrives and observed
 * on the side; anything else is buffered so response guards can decide before the agent
 * sees a byte. Upstream errors (4xx/5xx) pass through with their own status and body.
 */
export function relayUpstream(
  core: GatewayCore, adapter: ProtocolAdapter, provider: Provider, incoming: IncomingHttpHeaders,
  res: ServerResponse, record: ExchangeRecord, body: Buffer, requestOverheadMs: number,
): void {
  const request = record.request as Exchange;
  const dispatched = performance.now();
  let upstreamStarted = 0;
  let upstreamHeaders: IncomingHttpHeaders = {};
  let stream: StreamCapture | undefined;
  let gate: StreamPipeline | undefined;
  const chunks: Buffer[] = [];
  let buffered = 0;
  record.outcome = 'forwarded';

  const call = forward(provider, provider.basePath + adapter.upstreamPath, upstreamRequestHeaders(incoming, provider, body.length), body, {
    onStart(status, headers) {
      upstreamStarted = performance.now();
      upstreamHeaders = headers;
      record.upstreamStatus = status;
      const contentType = headers['content-type'];
      if (!request.stream || status >= 300 || typeof contentType !== 'string' || !contentType.includes('text/event-stream')) return;
      stream = new StreamCapture(adapter, record, core.inspectsResponses, core.limits.maxResponseBytes);
      // A model can propose only the tools it was offered: streams without tools need no gate.
      const judging = core.judgesToolCalls && request.toolDefinitions.length > 0;
      gate = streamPipeline(adapter, request, { write: (bytes) => void res.write(bytes) }, {
        rewriter: responseRewriter(record),
        judge: judging ? (call) => judgeToolCall(core.guards, record, request, call) : undefined,
      });
      record.overheadMs = requestOverheadMs + (performance.now() - upstreamStarted);
      res.writeHead(status, withGatewayHeaders(agentResponseHeaders(headers), record));
    },
    onData(chunk) {
      if (stream === undefined) {
        buffered += chunk.length;
        // A response must be whole to be inspected; one too large to hold is refused, not relayed.
        if (buffered > core.limits.maxResponseBytes) {
          call.abort();
          record.outcome = 'upstream_failed';
          sendError(res, adapter, new GatewayError(
            'upstream_unavailable', 'upstream_response_too_large',
            `provider '${provider.id}' sent a response over the limit of ${core.limits.maxResponseBytes} bytes`,
          ), record);
          return false;
        }
        chunks.push(chunk);
        return true;
      }
      // Forward first, observe second: node sends a response's first chunk on the next tick
      // (it corks the socket until then), so parsing is queued behind that send rather than
      // run before it. nextTick keeps chunks, and the end below, in order. With a gate,
      // tool-call events are held back by it until decided; everything else flows on.
      let flowing: boolean;
      if (gate === undefined) flowing = res.write(chunk);
      else {
        gate.push(chunk);
        flowing = !res.writableNeedDrain;
      }
      const capture = stream;
      process.nextTick(() => capture.push(chunk));
      if (!flowing) res.once('drain', () => call.resume());
      return flowing;
    },
    onEnd() {
      const ended = performance.now();
      record.upstreamMs = ended - dispatched;
      if (stream === undefined) {
        try {
          answerBuffered(core, adapter, res, record, upstreamHeaders, chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks), requestOverheadMs, ended);
        } catch {
          // A guard or decoder bug must cost this response, never the gateway: fail closed.
          record.outcome = 'rejected';
          sendError(res, adapter, internalError(), record);
        }
        return;
      }
      const capture = stream;
      const observe = () => {
        capture.finish();
        if (core.inspectsResponses && record.response !== undefined) observeStreamed(core, record);
      };
      if (gate === undefined && record.commit === undefined) {
        // Nothing to decide and no record to wait for: end in this tick, so the end leaves in
        // the same write as the last chunk (a later tick costs a syscall and a wake-up of the
        // agent). Observation, queued behind the chunks', still finishes before the response's
        // 'close' (which needs at least two more ticks) completes the exchange.
        process.nextTick(observe);
        res.end();
        return;
      }
      const held = gate?.end() ?? Promise.resolve();
      // Queued behind the chunks' observation (and the gate's last decisions); the stream
      // ends once the record is complete.
      const finish = () => {
        observe();
        // Everything but the end is with the agent now: an SDK that closes on `[DONE]` while the
        // end waits for the record has been answered (gateway.ts complete()).
        record.relayed = true;
        // The stream's end waits for its record (sync ledger); an unrecorded stream is cut, not ended.
        whenRecorded(record, record.upstreamStatus as number, () => res.end(), () => res.destroy());
      };
      if (gate === undefined) process.nextTick(finish);
      else held.then(finish, () => res.destroy());
    },
    onError(error) {
      record.upstreamMs = performance.now() - dispatched;
      record.outcome = 'upstream_failed';
      record.errorCode = error.code;
      if (res.headersSent) {
        res.destroy(); // mid-stream: a broken stream is the honest signal to the agent
        return;
      }
      record.overheadMs = requestOverheadMs;
      sendError(res, adapter, error, record);
    },
  });
  res.on('close', () => {
    if (!res.writableFinished) call.abort();
  });
}

/**
 * Streamed bytes are already with the agent: response guards observe (and are recorded)
 * here; holding streamed tool calls back for a decision comes with the policy engine. A
 * guard that fails leaves the stream whole and the record marked unobserved.
 */
function observeStreamed(core: GatewayCore, record: ExchangeRecord): void {
  try {
    const observed = runStage(core.guards, 'onResponse', responseInput(record), record.decisions);
    if (observed instanceof Promise) observed.catch(() => undefined);
  } catch {
    record.unobserved = true;
  }
}

function responseInput(record: ExchangeRecord) {
  return { principal: record.principal!, exchange: record.response!, requestId: record.requestId, context: record };
}

/**
 * Answers a buffered (non-stream) response. Provider errors pass through untouched. A 2xx
 * body is recorded (decoded when it must be, see response-capture.ts), shown to the response
 * guards if there are any, and sent as its original bytes unless a guard rewrote it. A body
 * that must be decoded and is not JSON is refused with 502.
 */
function answerBuffered(
  core: GatewayCore, adapter: ProtocolAdapter, res: ServerResponse, record: ExchangeRecord,
  headers: IncomingHttpHeaders, body: Buffer, requestOverheadMs: number, upstreamEnded: number,
): void {
  const send = (payload: Buffer): void => {
    record.overheadMs = requestOverheadMs + (performance.now() - upstreamEnded);
    const status = record.upstreamStatus as number;
    whenRecorded(record, status, () => {
      // The length is known: without it node would frame the body in chunks, which costs the
      // agent's HTTP parser and both sides' syscalls more than the header does.
      const out = agentResponseHeaders(headers);
      out['content-length'] = payload.length;
      res.writeHead(status, withGatewayHeaders(out, record));
      res.end(payload);
    }, () => sendUnrecordedError(res, adapter, UNRECORDED, record));
  };
  if ((record.upstreamStatus as number) >= 300) return send(body);
  let decoded: unknown;
  const rewriter = responseRewriter(record);
  try {
    // Masked, and placeholders back to the agent's values, before anything judges or forwards the response.
    decoded = captureBufferedResponse(adapter, record, body, core.inspectsResponses,
      rewriter === undefined ? undefined : (parsed) => adapter.rewriteResponseText(parsed, rewriter));
  } catch {
    record.outcome = 'upstream_failed';
    const error = new GatewayError('upstream_unavailable', 'upstream_malformed_response', `provider '${record.provider}' returned a response that is not JSON`);
    record.errorCode = error.code;
    return sendError(res, adapter, error, record);
  }
  const calls = core.judgesToolCalls && decoded !== undefined ? record.response?.toolCalls.length ?? 0 : 0;
  if (!core.inspectsResponses && calls === 0 && rewriter === undefined) return send(body);
  let rewritten = rewriter !== undefined;
  const decide = (outcome: StageOutcome): void => {
    if ('deny' in outcome) {
      record.outcome = 'denied';
      record.overheadMs = requestOverheadMs + (performance.now() - upstreamEnded);
      return sendError(res, adapter, outcome.deny, record);
    }
    if (outcome.edits.length === 0 && !rewritten) return send(body);
    applyEdits(decoded, outcome.edits);
    send(Buffer.from(JSON.stringify(decoded)));
  };
  const respond = (): void => {
    if (!core.inspectsResponses) return decide({ edits: [], removeToolDefinitions: [] });
    const stage = runStage(core.guards, 'onResponse', responseInput(record), record.decisions);
    // A failure after an asynchronous guard must be answered here: it has no caller to throw to.
    if (stage instanceof Promise) stage.then(decide).catch(() => sendError(res, adapter, internalError(), record));
    else decide(stage);
  };
  if (calls === 0) return respond();
  // Proposed tool calls first: a withheld call is gone before any response guard or the agent sees the body.
  const withhold = (withheld: readonly WithheldToolCall[]): void => {
    if (withheld.length > 0) {
      adapter.withholdToolCalls(decoded, withheld);
      rewritten = true;
    }
    respond();
  };
  const judged = judgeToolCalls(core.guards, record, record.response as Exchange);
  if (judged instanceof Promise) judged.then(withhold).catch(() => sendError(res, adapter, internalError(), record));
  else withhold(judged);
}

function internalError(): GatewayError {
  return new GatewayError('internal', 'guard_failed', 'a response guard failed; the response was withheld');
}
