// The deterministic "model". Each wire format normalizes its request into a
// Conversation; this module decides the reply without any randomness or clock, so
// tests, the demo and the benchmark can predict every byte of content.
import { estimateTokens, firstCodePoints } from './text.ts';

export interface ToolCallIn { id: string; name: string; arguments: string }
export interface ToolResultIn { callId: string; name?: string; output: string }

/** One normalized message. Tool results are their own role so "last message is a tool result" is a plain check. */
export interface NormMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  text: string;
  toolCalls: ToolCallIn[];
  toolResults: ToolResultIn[];
}

export interface Conversation {
  messages: NormMessage[];
  /** Names of the tools the request offers (empty when tool use is disabled). */
  toolNames: string[];
  maxTokens: number | undefined;
}

export interface ToolCallOut { name: string; arguments: string }

export type Reply =
  | { kind: 'text'; text: string; truncated: boolean }
  /** `preamble`: text the model says before its calls (only with the preamble directive). */
  | { kind: 'tool_calls'; calls: ToolCallOut[]; preamble?: string };

export interface Outcome { reply: Reply; inputTokens: number; outputTokens: number }

const SAY = /\[\[standin:say ([\s\S]*?)\]\]/;
/** Text to say before tool calls, as real models often do; removed before tools are matched. */
const PREAMBLE = /\[\[standin:preamble ([\s\S]*?)\]\]/;
/**
 * In a system prompt: the model obeys instructions it reads in tool results, calling an offered
 * tool a result names (with the JSON after it), as a model hijacked by an indirect prompt
 * injection does. The demo and tests use it to show what the gateway does about that.
 */
const GULLIBLE = '[[standin:obeys-tool-results]]';
const TOOL_RESULT_PREVIEW = 200;
const USER_PREVIEW = 120;
/** Below this max_tokens a text reply is cut, yielding finish_reason length / stop_reason max_tokens. */
const TRUNCATE_BELOW = 5;

export function message(role: NormMessage['role'], text: string): NormMessage {
  return { role, text, toolCalls: [], toolResults: [] };
}

export function decide(conv: Conversation): Outcome {
  const reply = decideReply(conv);
  const outChars = reply.kind === 'text'
    ? reply.text.length
    : reply.calls.reduce((n, c) => n + c.name.length + c.arguments.length, reply.preamble?.length ?? 0);
  return { reply, inputTokens: estimateTokens(inputChars(conv)), outputTokens: estimateTokens(outChars) };
}

function decideReply(conv: Conversation): Reply {
  let last: NormMessage | undefined;
  let lastUser: NormMessage | undefined;
  let gullible = false;
  for (const m of conv.messages) {
    if (m.role === 'system') {
      gullible ||= m.text.includes(GULLIBLE);
      continue;
    }
    last = m;
    if (m.role === 'user') lastUser = m;
  }
  if (last?.role === 'tool' && last.toolResults.length > 0) {
    if (gullible && conv.toolNames.length > 0) {
      const calls = toolCallsFor(last.toolResults.map((r) => r.output).join('\n'), conv.toolNames);
      if (calls.length > 0) return { kind: 'tool_calls', calls };
    }
    return text(toolResultReply(conv, last.toolResults), conv.maxTokens);
  }
  const userText = lastUser?.text ?? '';
  const say = SAY.exec(userText);
  if (say) return text(say[1] ?? '', conv.maxTokens);
  if (last?.role === 'user' && conv.toolNames.length > 0) {
    const preamble = PREAMBLE.exec(userText);
    const calls = toolCallsFor(preamble ? userText.replace(PREAMBLE, '') : userText, conv.toolNames);
    if (calls.length > 0) return preamble ? { kind: 'tool_calls', calls, preamble: preamble[1] ?? '' } : { kind: 'tool_calls', calls };
  }
  return text(`Stand-in reply to: ${firstCodePoints(userText, USER_PREVIEW)}`, conv.maxTokens);
}

function text(full: string, maxTokens: number | undefined): Reply {
  if (maxTokens !== undefined && maxTokens < TRUNCATE_BELOW) {
    const cut = firstCodePoints(full, Math.max(0, maxTokens) * 4);
    if (cut.length < full.length) return { kind: 'text', text: cut, truncated: true };
  }
  return { kind: 'text', text: full, truncated: false };
}

/** One line per trailing tool result, naming the tool when an earlier assistant call reveals it. */
function toolResultReply(conv: Conversation, results: ToolResultIn[]): string {
  const names = new Map<string, string>();
  for (const m of conv.messages) for (const c of m.toolCalls) names.set(c.id, c.name);
  return results
    .map((r) => `Tool ${r.name ?? names.get(r.callId) ?? r.callId} returned: ${firstCodePoints(r.output, TOOL_RESULT_PREVIEW)}`)
    .join('\n');
}

/**
 * Offered tools named in the user text, in order of first appearance. A name only
 * counts as a whole identifier, so a tool called `read` is not triggered by "already".
 * With one call, its arguments are the first JSON object in the text (the documented
 * rule); with several, each call takes the first object between its name and the next
 * called name, falling back to the first object in the text.
 */
function toolCallsFor(userText: string, toolNames: string[]): ToolCallOut[] {
  const found: { name: string; at: number }[] = [];
  for (const name of new Set(toolNames)) {
    const at = findIdentifier(userText, name);
    if (at >= 0) found.push({ name, at });
  }
  found.sort((a, b) => a.at - b.at);
  const whole = firstJsonObject(userText, 0, userText.length);
  return found.map((f, i) => {
    let args = whole;
    if (found.length > 1) {
      const end = found[i + 1]?.at ?? userText.length;
      args = firstJsonObject(userText, f.at + f.name.length, end) ?? whole;
    }
    return { name: f.name, arguments: args ?? '{}' };
  });
}

const IDENT_CHAR = /[A-Za-z0-9_\-.]/;

function findIdentifier(haystack: string, name: string): number {
  if (name === '') return -1;
  let from = 0;
  for (;;) {
    const at = haystack.indexOf(name, from);
    if (at < 0) return -1;
    const before = haystack[at - 1];
    const after = haystack[at + name.length];
    // A trailing '.' ends a sentence, so only treat it as part of a name when more follows.
    const afterIsIdent = after !== undefined && IDENT_CHAR.test(after)
      && !(after === '.' && !IDENT_CHAR.test(haystack[at + name.length + 1] ?? ' '));
    if ((before === undefined || !IDENT_CHAR.test(before)) && !afterIsIdent) return at;
    from = at + 1;
  }
}

/** The first balanced `{...}` in text[from, to) that parses as a JSON object, re-serialized compactly. */
export function firstJsonObject(text: string, from: number, to: number): string | undefined {
  for (let start = text.indexOf('{', from); start >= 0 && start < to; start = text.indexOf('{', start + 1)) {
    const end = balancedEnd(text, start);
    if (end < 0) continue;
    try {
      const value: unknown = JSON.parse(text.slice(start, end + 1));
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) return JSON.stringify(value);
    } catch {
      // Not JSON (e.g. prose in braces): try the next opening brace.
    }
  }
  return undefined;
}

/** Index of the brace closing the one at `start`, honouring JSON strings; -1 if unbalanced. */
function balancedEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return i;
  }
  return -1;
}

function inputChars(conv: Conversation): number {
  let n = 0;
  for (const m of conv.messages) {
    n += m.text.length;
    for (const c of m.toolCalls) n += c.name.length + c.arguments.length;
    for (const r of m.toolResults) n += r.output.length;
  }
  return n;
}
