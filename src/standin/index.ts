// Portcullis stand-in: a deterministic local LLM provider speaking the real OpenAI
// (Chat Completions, Responses, Models) and Anthropic (Messages, Models) wire formats.
// Used as the demo's model, the test suite's upstream and the benchmark's provider.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createStandinHandler } from './handler.ts';
import type { Standin, StandinOptions } from './types.ts';

export type { Behaviour, RecordedRequest, Standin, StandinOptions, StandinRequest } from './types.ts';
export type { StandinHandler } from './handler.ts';
export { createStandinHandler } from './handler.ts';
export { MODEL_IDS } from './models.ts';

export async function startStandin(opts: StandinOptions = {}): Promise<Standin> {
  const handler = createStandinHandler(opts);
  const server = createServer(handler);
  // Outlive typical client keep-alive pools so benchmark connections are not reset mid-reuse.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  let closed: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    requests: handler.requests,
    close() {
      closed ??= new Promise<void>((resolve) => {
        handler.dispose();
        server.close(() => resolve());
        // Hung and stalled responses would otherwise keep close() waiting forever.
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
