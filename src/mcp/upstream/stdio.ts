/**
 * A stdio MCP server, started by the gateway: newline-delimited JSON-RPC on stdin/stdout.
 * What runs comes from the config file only (command, args, cwd), never from a request, and
 * the process sees only the environment the config gives it plus an allow-list of the
 * gateway's own variables: provider keys and the ledger's secrets never reach a tool server.
 * Its stderr is kept as a bounded tail for diagnostics, never logged as it comes.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { McpServerConfig } from '../../config/mcp-schema.ts';
import { envelopeProblem, type JsonRpcMessage } from '../jsonrpc.ts';
import type { UpstreamTransport } from './transport.ts';

type StdioServer = Extract<McpServerConfig, { transport: 'stdio' }>;

/** A server that writes a line longer than this is broken or hostile: it is stopped. */
const MAX_LINE_BYTES = 16 * 1024 * 1024;
const STDERR_TAIL_BYTES = 8 * 1024;

export function serverEnvironment(server: StdioServer, parent: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of server.inheritEnv) {
    const value = parent[name];
    if (value !== undefined) env[name] = value;
  }
  return { ...env, ...server.env };
}

export class StdioUpstream implements UpstreamTransport {
  onmessage?: (message: JsonRpcMessage) => void;
  onclose?: (reason: string) => void;
  private readonly server: StdioServer;
  private child: ChildProcessWithoutNullStreams | undefined;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private stderrTail = '';
  private closed = false;

  constructor(server: StdioServer) {
    this.server = server;
  }

  /** The end of what the server wrote to stderr (for an operator diagnosing a failed start). */
  get stderr(): string {
    return this.stderrTail;
  }

  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.server.command, this.server.args, {
        cwd: this.server.cwd, env: serverEnvironment(this.server), stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true,
      });
      this.child = child;
      child.once('error', (error) => {
        if (!this.closed) reject(new Error(`MCP server '${this.server.id}' could not start: ${error.message}`));
        this.end(`could not start: ${error.message}`);
      });
      child.once('spawn', () => resolve());
      child.once('exit', (code, signal) => this.end(signal === null ? `exited with code ${code}` : `killed by ${signal}`));
      child.stdout.on('data', (chunk: Buffer) => this.read(chunk));
      child.stderr.on('data', (chunk: Buffer) => {
        this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
      });
      // A server that dies mid-write must cost its session, not the gateway.
      child.stdin.on('error', () => undefined);
    });
  }

  send(message: JsonRpcMessage): Promise<void> {
    const child = this.child;
    if (child === undefined || this.closed) return Promise.reject(new Error(`MCP server '${this.server.id}' is not running`));
    child.stdin.write(`${JSON.stringify(message)}\n`);
    return Promise.resolve();
  }

  async close(): Promise<void> {
    const child = this.child;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return this.end('closed');
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // The spec's shutdown for stdio: close stdin, then SIGTERM, then SIGKILL.
    child.stdin.end();
    const term = setTimeout(() => child.kill('SIGTERM'), 500);
    const kill = setTimeout(() => child.kill('SIGKILL'), 2_000);
    await exited;
    clearTimeout(term);
    clearTimeout(kill);
    this.end('closed');
  }

  private read(chunk: Buffer): void {
    let start = 0;
    for (let newline = chunk.indexOf(10); newline !== -1; newline = chunk.indexOf(10, start)) {
      this.pending.push(chunk.subarray(start, newline));
      const line = Buffer.concat(this.pending).toString('utf8');
      this.pending = [];
      this.pendingBytes = 0;
      start = newline + 1;
      this.deliver(line);
    }
    if (start < chunk.length) {
      this.pending.push(chunk.subarray(start));
      this.pendingBytes += chunk.length - start;
      if (this.pendingBytes > MAX_LINE_BYTES) {
        this.child?.kill('SIGKILL');
        this.end(`wrote a message over ${MAX_LINE_BYTES} bytes`);
      }
    }
  }

  private deliver(line: string): void {
    if (line.trim() === '') return;
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      return; // not protocol: a server logging to stdout. Dropped, as the SDK's client does.
    }
    if (envelopeProblem(message) !== undefined) return;
    this.onmessage?.(message as JsonRpcMessage);
  }

  private end(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.onclose?.(reason);
  }
}
