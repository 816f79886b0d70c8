import type { JsonRpcMessage } from '../jsonrpc.ts';

/**
 * A connection to one MCP server for one agent session: messages out, messages in, and an end.
 * Transports carry messages; they never interpret them (the session does).
 */
export interface UpstreamTransport {
  /** Starts the connection (spawns the process, or nothing for HTTP, which connects per message). */
  start(): Promise<void>;
  send(message: JsonRpcMessage): Promise<void>;
  /** Tells an HTTP server the negotiated protocol version (sent as MCP-Protocol-Version). */
  setProtocolVersion?(version: string): void;
  onmessage?: (message: JsonRpcMessage) => void;
  /** The connection ended; `reason` is safe to log (no server output). */
  onclose?: (reason: string) => void;
  close(): Promise<void>;
}
