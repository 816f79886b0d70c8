/**
 * JSON-RPC 2.0 as MCP uses it: requests (with an id), notifications (without) and responses
 * (a result or an error). The proxy routes messages by these shapes and reads the few fields
 * it governs; everything else passes through as the peer sent it.
 */
export type RequestId = string | number;

export interface JsonRpcRequest {
  readonly jsonrpc: '2.0';
  readonly id: RequestId;
  readonly method: string;
  readonly params?: Record<string, unknown>;
}

export interface JsonRpcNotification {
  readonly jsonrpc: '2.0';
  readonly method: string;
  readonly params?: Record<string, unknown>;
}

export interface JsonRpcError {
  readonly code: number;
  readonly message: string;
  readonly data?: unknown;
}

export interface JsonRpcResponse {
  readonly jsonrpc: '2.0';
  readonly id: RequestId | null;
  readonly result?: Record<string, unknown>;
  readonly error?: JsonRpcError;
}

export type JsonRpcMessage = JsonRpcRequest | JsonRpcNotification | JsonRpcResponse;

export const PARSE_ERROR = -32700;
export const INVALID_REQUEST = -32600;
export const METHOD_NOT_FOUND = -32601;
export const INVALID_PARAMS = -32602;
export const INTERNAL_ERROR = -32603;
/** Implementation-defined server errors (-32000 to -32099). */
export const UPSTREAM_UNAVAILABLE = -32001;
export const REQUEST_TIMEOUT = -32002;
/** The agent cancelled the request (JSON-RPC's RequestCancelled, as LSP numbers it); the agent ignores the answer. */
export const REQUEST_CANCELLED = -32800;

export const isRequest = (m: JsonRpcMessage): m is JsonRpcRequest => 'method' in m && 'id' in m && m.id !== undefined;
export const isNotification = (m: JsonRpcMessage): m is JsonRpcNotification => 'method' in m && !('id' in m && m.id !== undefined);
export const isResponse = (m: JsonRpcMessage): m is JsonRpcResponse => !('method' in m);

/** Checks the envelope only (what routing needs); a reason when the value is not a JSON-RPC message. */
export function envelopeProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return Array.isArray(value) ? 'JSON-RPC batches are not supported (MCP 2025-06-18 and later send one message per request)' : 'a JSON-RPC message must be an object';
  }
  const m = value as Record<string, unknown>;
  if (m['jsonrpc'] !== '2.0') return 'jsonrpc must be "2.0"';
  const id = m['id'];
  if (id !== undefined && id !== null && typeof id !== 'string' && !(typeof id === 'number' && Number.isFinite(id))) return 'id must be a string or a number';
  if ('method' in m) {
    if (typeof m['method'] !== 'string' || m['method'] === '') return 'method must be a non-empty string';
    const params = m['params'];
    if (params !== undefined && (typeof params !== 'object' || params === null || Array.isArray(params))) return 'params must be an object';
    return undefined;
  }
  if (id === undefined) return 'a response needs an id';
  if (('result' in m) === ('error' in m)) return 'a response has exactly one of result and error';
  return undefined;
}

export function errorResponse(id: RequestId | null, code: number, message: string, data?: unknown): JsonRpcResponse {
  return { jsonrpc: '2.0', id, error: data === undefined ? { code, message } : { code, message, data } };
}

export function resultResponse(id: RequestId, result: Record<string, unknown>): JsonRpcResponse {
  return { jsonrpc: '2.0', id, result };
}
