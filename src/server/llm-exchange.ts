import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { applyEdits } from '../core/edits.ts';
import { GatewayError } from '../core/errors.ts';
import type { Exchange } from '../core/exchange.ts';
import type { ProtocolAdapter } from '../protocols/adapter.ts';
import type { GatewayCore } from './core.ts';
import { runStage } from './pipeline.ts';
import { ClientGoneError, parseJsonBody, readBody } from './read-body.ts';
import type { ExchangeRecord } from './record.ts';
import { relayUpstream } from './relay.ts';
import { sendError } from './respond.ts';

const API_NAMES = { chat: 'Chat Completions', responses: 'Responses', messages: 'Messages' } as const;

function isJsonContentType(value: string | undefined): boolean {
  return value !== undefined && value.toLowerCase().includes('application/json');
}

/**
 * One LLM exchange, start to finish: authenticate, read and decode the request, run the
 * request guards, forward (the original bytes unless a guard rewrote something), then relay
 * the response: streams chunk by chunk as they arrive, JSON once the response guards passed.
 */
export async function handleLlmExchange(
  core: GatewayCore, adapter: ProtocolAdapter, req: IncomingMessage, res: ServerResponse, record: ExchangeRecord,
): Promise<void> {
  // The gateway's own time starts once the body is here: a slow upload is the network's.
  let started = performance.now();
  let request: Exchange;
  let body: Buffer;
  let json: unknown;
  try {
    record.principal = core.agents.authenticate(req.headers);
    if (!isJsonContentType(req.headers['content-type'])) {
      throw new GatewayError('unsupported_media_type', 'unsupported_content_type', 'request body must be sent as application/json');
    }
    body = await readBody(req, core.limits.maxBodyBytes);
    started = performance.now();
    if (core.ledger !== undefined) record.requestBody = body;
    json = parseJsonBody(body, core.limits.maxJsonDepth);
    request = adapter.decodeRequest(json, core.decode);
  } catch (error) {
    if (error instanceof ClientGoneError) return; // nobody to answer; 'close' records it
    return reject(adapter, res, record, error, 'rejected', started);
  }
  record.request = request;
  record.requestHeaders = req.headers;
  // Routed before the guards run, so policy can judge where the request would go (e.g. a BAA).
  const provider = core.providers.route(request.model, adapter.api);
  if (provider !== undefined) {
    record.provider = provider.id;
    record.providerInfo = provider.info;
  }
  const input = { principal: record.principal, exchange: request, requestId: record.requestId, context: record };
  let stage = runStage(core.guards, 'onRequest', input, record.decisions);
  if (stage instanceof Promise) stage = await stage;
  if ('deny' in stage) return reject(adapter, res, record, stage.deny, 'denied', started);
  if (provider === undefined) {
    const error = new GatewayError(
      'not_found', 'model_not_found', `no provider serves model '${request.model}' for the ${API_NAMES[adapter.api]} API`,
    );
    return reject(adapter, res, record, error, 'rejected', started);
  }
  let outgoing = body;
  if (stage.edits.length > 0 || stage.removeToolDefinitions.length > 0) {
    applyEdits(json, stage.edits);
    if (stage.removeToolDefinitions.length > 0) adapter.removeToolDefinitions(json, stage.removeToolDefinitions);
    outgoing = Buffer.from(JSON.stringify(json));
  }
  relayUpstream(core, adapter, provider, req.headers, res, record, outgoing, performance.now() - started);
}

function reject(
  adapter: ProtocolAdapter, res: ServerResponse, record: ExchangeRecord, error: unknown,
  outcome: ExchangeRecord['outcome'], started: number,
): void {
  const failure = error instanceof GatewayError
    ? error
    : new GatewayError('internal', 'internal_error', 'the gateway failed to process the request');
  record.outcome = outcome;
  record.overheadMs = performance.now() - started;
  sendError(res, adapter, failure, record);
}
