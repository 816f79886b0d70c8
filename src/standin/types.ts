// Public types of the stand-in provider. Kept apart from the implementation so that
// endpoint modules can share them without importing the server.
import type { IncomingHttpHeaders } from 'node:http';

export interface StandinOptions {
  /** Interface to bind; default 127.0.0.1 (never expose a fake provider by accident). */
  host?: string;
  /** Port to bind; default 0 (ephemeral, so parallel test files never collide). */
  port?: number;
  /** When set, requests must carry it (OpenAI: `Authorization: Bearer`; Anthropic: `x-api-key`) or get a native 401. */
  apiKey?: string;
  /** Lets tests steer individual requests; return undefined to answer normally. */
  script?: (req: StandinRequest) => Behaviour | undefined;
  /** Pause between SSE events; default 0 (no timers at all on the hot path). */
  streamChunkDelayMs?: number;
}

export interface StandinRequest {
  method: string;
  /** URL path without the query string, e.g. `/v1/chat/completions`. */
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Parsed JSON body; undefined when there is no body. */
  json: unknown;
}

export type Behaviour =
  /** Answer with this status; `body` is sent raw (string) or as JSON (object); default a native-shaped error for the endpoint. */
  | { kind: 'error'; status: number; body?: string | object; headers?: Record<string, string> }
  /** Wait, then answer normally. */
  | { kind: 'delay'; ms: number }
  /** Never send headers. */
  | { kind: 'hang' }
  /** Streaming: send N SSE events then go silent forever. Non-streaming: send headers only, then go silent. */
  | { kind: 'stall'; afterEvents: number }
  /** Streaming: send N SSE events then destroy the socket. Non-streaming: destroy the socket without answering. */
  | { kind: 'drop'; afterEvents: number };

export interface RecordedRequest {
  method: string;
  path: string;
  /** Raw request target including any query string. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** True if the client went away before the response finished. */
  aborted: boolean;
}

export interface Standin {
  /** `http://host:port` (no trailing slash). */
  url: string;
  /** The most recent requests (bounded, oldest dropped first). */
  requests: RecordedRequest[];
  close(): Promise<void>;
}
