/**
 * The stdio front door for developer agents (Claude Code, Cursor): `portcullis mcp wrap` runs
 * as the stdio MCP server a client starts, and relays to the real server, which it starts
 * itself. Every message passes the same governor as the HTTP endpoint (pins, allow-lists,
 * policy, detectors) and every request is recorded. Only protocol goes to stdout.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Principal } from '../core/exchange.ts';
import type { Ledger } from '../ledger/index.ts';
import type { McpGovernor } from './governor.ts';
import { envelopeProblem, errorResponse, INVALID_REQUEST, isNotification, isRequest, PARSE_ERROR, type JsonRpcMessage, type JsonRpcResponse } from './jsonrpc.ts';
import { answerRequest } from './methods.ts';
import { McpRecord, recordAnswer } from './record.ts';
import type { DownstreamSink, McpSession } from './session.ts';

export interface StdioFrontOptions {
  readonly session: McpSession;
  readonly principal: Principal;
  readonly governor: McpGovernor;
  readonly input: Readable;
  readonly output: Writable;
  readonly ledger?: Ledger;
  readonly onRecord?: (record: McpRecord) => void;
}

/** Relays until the client closes stdin or the server exits; resolves with the reason. */
export async function serveStdioFront(options: StdioFrontOptions): Promise<string> {
  const { session, principal, governor, output } = options;
  const sink: DownstreamSink = {
    send: (message) => {
      output.write(`${JSON.stringify(message)}\n`);
    },
    get closed() {
      return output.writableEnded;
    },
  };
  session.attachStream(sink);
  const ended = new Promise<string>((resolve) => {
    const previous = session.onEnd;
    session.onEnd = (reason) => {
      previous?.(reason);
      resolve(`the server ${reason}`);
    };
  });
  const pending = new Set<Promise<void>>();
  const answer = async (message: JsonRpcMessage) => {
    if (!isRequest(message)) {
      if (isNotification(message)) session.notify(message);
      else session.answer(message as JsonRpcResponse);
      return;
    }
    const record = new McpRecord(crypto.randomUUID(), session.server.id);
    record.principal = principal;
    record.sessionId = session.id;
    let response: JsonRpcResponse;
    if (message.method === 'initialize') {
      record.describe(message);
      const started = performance.now();
      response = await session.forward(message, sink);
      record.upstreamMs = performance.now() - started;
      record.outcome = 'forwarded';
      session.adoptVersion(response);
    } else {
      const tools = session.tools;
      if (tools === undefined) throw new Error('an MCP session is used only once it is equipped');
      response = await answerRequest(governor, session, { record, clientAddress: 'stdio', sessionId: session.id, tools }, message, sink);
    }
    sink.send(await recordAnswer(record, response, options.ledger, options.onRecord));
  };
  const lines = createInterface({ input: options.input, crlfDelay: Infinity });
  const reading = (async () => {
    for await (const line of lines) {
      if (line.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        sink.send(errorResponse(null, PARSE_ERROR, 'not a JSON-RPC message: the line is not JSON'));
        continue;
      }
      const problem = envelopeProblem(value);
      if (problem !== undefined) {
        sink.send(errorResponse(null, INVALID_REQUEST, problem));
        continue;
      }
      const done = answer(value as JsonRpcMessage).catch(() => undefined).finally(() => pending.delete(done));
      pending.add(done);
    }
    await Promise.all(pending);
    return 'the client closed the connection';
  })();
  return Promise.race([reading, ended]);
}
