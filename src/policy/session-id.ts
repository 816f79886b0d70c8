/**
 * Which session an exchange belongs to. An agent that sends the session header (default
 * `x-portcullis-session`) names it; otherwise the session is the conversation: agents resend
 * the whole history on every turn, so the system prompt and first user message identify it
 * without any change to the agent. Sessions are always scoped to the agent, so one agent can
 * neither read nor clear another's taints.
 */
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Exchange } from '../core/exchange.ts';

const MAX_HEADER_SESSION = 128;
const PRINTABLE = /^[\x21-\x7e]+$/;

/**
 * The session the agent named with the session header, if it sent a usable one. Both doors call
 * this, so an agent that sends the same header value with its model calls and its MCP calls has
 * one session across them: a taint the MCP door adds holds for the LLM door's calls, and back.
 */
export function namedSessionId(agentId: string, headers: IncomingHttpHeaders, headerName: string): string | undefined {
  const named = headers[headerName];
  const value = Array.isArray(named) ? named[0] : named;
  return value !== undefined && value.length > 0 && value.length <= MAX_HEADER_SESSION && PRINTABLE.test(value) ? `${agentId}:h:${value}` : undefined;
}

export function sessionIdFor(agentId: string, headers: IncomingHttpHeaders, headerName: string, request: Exchange): string {
  const named = namedSessionId(agentId, headers, headerName);
  if (named !== undefined) return named;
  const hash = createHash('sha256').update(agentId);
  const system = request.parts.find((part) => part.source === 'system');
  const user = request.parts.find((part) => part.source === 'user');
  hash.update('\u0000').update(system?.text ?? '').update('\u0000').update(user?.text ?? '');
  return `${agentId}:c:${hash.digest('hex').slice(0, 32)}`;
}
