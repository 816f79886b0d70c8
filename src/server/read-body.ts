import type { IncomingMessage } from 'node:http';
import { isUtf8 } from 'node:buffer';
import { GatewayError } from '../core/errors.ts';

/** Thrown when the client went away before its body arrived: there is nobody to answer. */
export class ClientGoneError extends Error {}

function tooLarge(limit: number): GatewayError {
  return new GatewayError('too_large', 'request_too_large', `request body exceeds the limit of ${limit} bytes`);
}

/**
 * Reads a request body, refusing it as soon as it passes `limit` bytes (checked against
 * Content-Length before reading when the client sends one), so a huge body costs nothing.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    };
    const onClose = (): void => {
      cleanup();
      reject(new ClientGoneError('client closed the connection before sending its whole body'));
    };
    const cleanup = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onClose);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('close', onClose);
  });
}

/**
 * V8's reason without the excerpt of the body it sometimes quotes (`Unexpected token 'x',
 * "…" is not valid JSON`): the agent wrote the body, but error text can end up in logs.
 */
function jsonSyntaxProblem(error: Error): string {
  const message = error.message;
  const excerpt = message.indexOf(', "');
  const reason = excerpt === -1 ? message : message.slice(0, excerpt);
  return reason.replace(' in JSON at position', ' at position');
}

/**
 * Parses a JSON body. Refuses invalid UTF-8 (rather than letting it decode to U+FFFD and
 * reach a model altered), and nesting deeper than `maxDepth`. Error messages give the
 * position where V8 knows it, never an excerpt of the body.
 */
export function parseJsonBody(body: Buffer, maxDepth: number): unknown {
  if (!isUtf8(body)) {
    throw new GatewayError('invalid_request', 'invalid_utf8', 'request body is not valid UTF-8');
  }
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new GatewayError('invalid_request', 'invalid_json', `request body is not valid JSON: ${jsonSyntaxProblem(error as Error)}`);
  }
  if (exceedsDepth(value, maxDepth)) {
    throw new GatewayError(
      'invalid_request', 'json_too_deep', `request body nests JSON deeper than the limit of ${maxDepth} levels`,
    );
  }
  return value;
}

/** Bounded recursion: it never descends more than `remaining` levels, so it cannot overflow. */
function exceedsDepth(value: unknown, remaining: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (remaining === 0) return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (exceedsDepth(value[i], remaining - 1)) return true;
    return false;
  }
  for (const key in value) {
    if (exceedsDepth((value as Record<string, unknown>)[key], remaining - 1)) return true;
  }
  return false;
}
