// Child process: the FLOOR. The least work any HTTP proxy must do: accept the agent's
// request on node:http, send its body and headers upstream over a keep-alive undici Pool
// with the provider's credential, and pipe the status, headers and body back as they arrive.
// No parsing, no auth, no logging. The gateway is measured against this, not against
// "no proxy at all", so the comparison isolates what the gateway adds over a bare relay.
//
// Usage: node bench/floor-proxy.ts <upstream origin>   (prints {"url":...} when listening)
import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool, type Dispatcher } from 'undici';

const origin = process.argv[2];
if (origin === undefined) throw new Error('usage: floor-proxy.ts <upstream origin>');

// Same pool size and keep-alive as the gateway's provider defaults, so connection reuse is equal.
const pool = new Pool(origin, { connections: 64, keepAliveTimeout: 30_000 });
const UPSTREAM_AUTH = 'Bearer bench-upstream-key';

/** Connection-level headers a proxy must not forward (RFC 9110 §7.6.1), plus host. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'proxy-connection', 'host']);

/**
 * The agent's headers as they came, less hop-by-hop ones, with the provider credential in
 * place of the agent's: what any pass-through proxy sends, so the mock parses the same
 * headers from the floor as from the gateway and the comparison isolates the gateway's work.
 */
function passThroughHeaders(req: IncomingMessage, length: number): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name in req.headers) {
    const value = req.headers[name];
    if (typeof value === 'string' && !HOP_BY_HOP.has(name)) headers[name] = value;
  }
  headers['content-length'] = String(length);
  headers['authorization'] = UPSTREAM_AUTH;
  return headers;
}

function relay(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
  let controller: Dispatcher.DispatchController | undefined;
  // The handler API (what pool.request is built on) skips the Readable and the promise:
  // measured fastest of the two (see docs/benchmarks.md).
  const handler: Dispatcher.DispatchHandler = {
    onRequestStart(ctrl) {
      controller = ctrl;
    },
    onResponseStart(_ctrl, status, headers) {
      // A pass-through proxy passes the provider's headers through, less hop-by-hop ones.
      const out: OutgoingHttpHeaders = {};
      for (const name in headers) if (!HOP_BY_HOP.has(name)) out[name] = headers[name];
      res.writeHead(status, out);
    },
    onResponseData(ctrl, chunk) {
      // Backpressure is part of the minimum: a slow agent must not make the proxy buffer.
      if (!res.write(chunk)) {
        ctrl.pause();
        res.once('drain', () => ctrl.resume());
      }
    },
    onResponseEnd() {
      res.end();
    },
    onResponseError(_ctrl, error) {
      if (res.headersSent) res.destroy();
      else {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(String(error));
      }
    },
  };
  pool.dispatch(
    {
      path: req.url ?? '/',
      method: 'POST',
      headers: passThroughHeaders(req, body.length),
      body,
    } as Dispatcher.DispatchOptions,
    handler,
  );
  res.on('close', () => {
    if (!res.writableFinished) controller?.abort(new Error('client went away'));
  });
}

const server = createServer({ keepAliveTimeout: 5_000 }, (req, res) => {
  // Buffer the (small) request body and send it as one write: cheaper than streaming a
  // Readable upstream, and what the gateway does too.
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => relay(req, res, chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
});

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}`, pid: process.pid })}\n`);
});

// The orchestrator holds our stdin open; when it ends (even if it was SIGKILLed) we go too.
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
