// The request lifecycle shared by startStandin() and embedders: read the body, record
// the request, route, check the key, parse JSON, consult the script, then answer
// (applying delay / hang / stall / drop / error behaviours uniformly for all endpoints).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { countTokens, messages } from './anthropic-messages.ts';
import { type Answer, type EndpointContext, isObj } from './endpoint.ts';
import { anthropicError, badRequest, defaultError, type ErrorAnswer, type Flavor, malformedJson, notFound, openaiError, unauthorized } from './errors.ts';
import { getModel, listModels } from './models.ts';
import { chatCompletions } from './openai-chat.ts';
import { responses } from './openai-responses.ts';
import { dropAfterFlush, sendSse, type Timers } from './sse.ts';
import type { Behaviour, RecordedRequest, StandinOptions } from './types.ts';

/** Enough history for any test, bounded so benchmark runs of 100k+ requests stay flat in memory. */
const MAX_RECORDED = 1000;
const EMPTY = Buffer.alloc(0);

export interface StandinHandler {
  (req: IncomingMessage, res: ServerResponse): void;
  /** The most recent requests (at most 1000), oldest first. */
  requests: RecordedRequest[];
  /** Cancels pending delays and paced streams so the process can exit. */
  dispose(): void;
}

type Route = { post: boolean; run: (ctx: EndpointContext) => Answer };

function route(method: string, path: string, anthropicHeader: boolean): Route | undefined {
  if (method === 'POST') {
    if (path === '/v1/chat/completions') return { post: true, run: chatCompletions };
    if (path === '/v1/responses') return { post: true, run: responses };
    if (path === '/v1/messages') return { post: true, run: messages };
    if (path === '/v1/messages/count_tokens') return { post: true, run: countTokens };
  } else if (method === 'GET') {
    if (path === '/v1/models') return { post: false, run: () => listModels(anthropicHeader) };
    if (path.startsWith('/v1/models/')) {
      const id = decodeURIComponent(path.slice('/v1/models/'.length));
      return { post: false, run: () => getModel(anthropicHeader, id) };
    }
  }
  return undefined;
}

export function createStandinHandler(opts: StandinOptions = {}): StandinHandler {
  const requests: RecordedRequest[] = [];
  const pending = new Set<NodeJS.Timeout>();
  const timers: Timers = {
    later(ms, fn) {
      const t = setTimeout(() => {
        pending.delete(t);
        fn();
      }, ms);
      pending.add(t);
    },
  };
  let counter = 0;
  const nextId = (prefix: string): string => `${prefix}standin${(++counter).toString().padStart(6, '0')}`;
  const delayMs = opts.streamChunkDelayMs ?? 0;

  const handler = ((req: IncomingMessage, res: ServerResponse): void => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const record: RecordedRequest = {
      method: req.method ?? 'GET', path: q >= 0 ? url.slice(0, q) : url, url, headers: req.headers, body: EMPTY, aborted: false,
    };
    const chunks: Buffer[] = [];
    let recorded = false;
    const remember = (): void => {
      if (recorded) return;
      recorded = true;
      record.body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      requests.push(record);
      if (requests.length > MAX_RECORDED) requests.shift();
    };
    const state = { droppedByUs: false };
    res.on('close', () => {
      // A deliberate 'drop' is the server going away, not the client.
      if (!res.writableFinished && !state.droppedByUs) record.aborted = true;
      remember();
    });
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      remember();
      respond(req, res, record, state);
    });
  }) as StandinHandler;

  function respond(req: IncomingMessage, res: ServerResponse, record: RecordedRequest, state: { droppedByUs: boolean }): void {
    const { method, path } = record;
    const anthropicHeader = req.headers['anthropic-version'] !== undefined;
    const flavor: Flavor = anthropicHeader || path.startsWith('/v1/messages') ? 'anthropic' : 'openai';
    const requestId = nextId('req_');
    const headers: Record<string, string> = flavor === 'anthropic' ? { 'request-id': requestId } : { 'x-request-id': requestId };
    // The real Anthropic API repeats the request id inside error bodies.
    const stamp = (status: number, body: unknown): unknown =>
      flavor === 'anthropic' && status >= 400 && isObj(body) ? { ...body, request_id: requestId } : body;
    const fail = (e: ErrorAnswer, extra?: Record<string, string>): void => {
      sendJson(res, e.status, JSON.stringify(stamp(e.status, e.body)), { ...headers, ...extra });
    };

    const target = route(method, path, anthropicHeader);
    if (!target) return fail(notFound(flavor, method, path));
    if (opts.apiKey !== undefined) {
      const denied = checkKey(req, flavor, opts.apiKey);
      if (denied) return fail(denied);
    }
    let json: unknown;
    if (target.post) {
      try {
        json = JSON.parse(record.body.toString('utf8'));
      } catch {
        return fail(malformedJson(flavor));
      }
      if (!isObj(json)) return fail(badRequest(flavor, 'The request body must be a JSON object.'));
    }
    let behaviour: Behaviour | undefined;
    try {
      behaviour = opts.script?.({ method, path, headers: req.headers, body: record.body, json });
    } catch (err) {
      const message = `stand-in script threw: ${String(err)}`;
      return fail(flavor === 'anthropic' ? anthropicError(500, message, 'api_error') : openaiError(500, message, 'server_error'));
    }
    if (behaviour?.kind === 'hang') return;
    if (behaviour?.kind === 'error') {
      if (behaviour.body === undefined) return fail(defaultError(flavor, behaviour.status), behaviour.headers);
      const raw = typeof behaviour.body === 'string' ? behaviour.body : JSON.stringify(behaviour.body);
      return sendJson(res, behaviour.status, raw, { ...headers, ...behaviour.headers });
    }
    // Decide the answer now so ids follow request arrival order even when delayed.
    const answer = target.run({ body: (json ?? {}) as Record<string, unknown>, nextId, now: Math.floor(Date.now() / 1000) });
    const cut = behaviour?.kind === 'stall' || behaviour?.kind === 'drop' ? { mode: behaviour.kind, afterEvents: behaviour.afterEvents } : undefined;
    const deliver = (): void => {
      if (res.destroyed) return;
      if (cut?.mode === 'drop') state.droppedByUs = true;
      if (answer.type === 'sse') return sendSse(res, answer.frames, cut ? { delayMs, cut } : { delayMs }, timers, headers);
      if (!cut) return sendJson(res, answer.status, JSON.stringify(stamp(answer.status, answer.body)), headers);
      // Non-streaming answers have no events: 'stall' sends headers then nothing, 'drop' never answers.
      if (cut.mode === 'drop') return dropAfterFlush(res);
      res.writeHead(answer.status, { 'content-type': 'application/json', ...headers });
      res.flushHeaders();
    };
    if (behaviour?.kind === 'delay') timers.later(behaviour.ms, deliver);
    else deliver();
  }

  handler.requests = requests;
  handler.dispose = () => {
    for (const t of pending) clearTimeout(t);
    pending.clear();
  };
  return handler;
}

/**
 * OpenAI takes `Authorization: Bearer`. Anthropic takes `x-api-key`, and also the
 * Bearer form, which is what @anthropic-ai/sdk v1 sends for an apiKey.
 */
function checkKey(req: IncomingMessage, flavor: Flavor, key: string): ErrorAnswer | undefined {
  const bearer = req.headers.authorization;
  if (flavor === 'openai') return bearer === `Bearer ${key}` ? undefined : unauthorized('openai', bearer !== undefined);
  const xApiKey = req.headers['x-api-key'];
  if (xApiKey !== undefined) return xApiKey === key ? undefined : unauthorized('anthropic', 'x-api-key');
  if (bearer !== undefined) return bearer === `Bearer ${key}` ? undefined : unauthorized('anthropic', 'bearer');
  return unauthorized('anthropic', 'none');
}

function sendJson(res: ServerResponse, status: number, text: string, headers: Record<string, string>): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
