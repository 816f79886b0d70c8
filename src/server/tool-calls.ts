/**
 * Proposed tool calls are judged one by one, before the agent sees them, by every guard that
 * has `onToolCall`: the first guard that withholds a call decides its notice. A guard that
 * fails withholds the call (fail closed): an unjudged call must not reach the agent.
 */
import type { Awaitable } from '../core/awaitable.ts';
import type { Exchange, ToolCall } from '../core/exchange.ts';
import type { Guard, ToolCallVerdict } from '../core/guard.ts';
import type { WithheldToolCall } from '../protocols/adapter.ts';
import type { ExchangeRecord } from './record.ts';

const FAILED_NOTICE = (tool: string) =>
  `[Portcullis] The call to tool '${tool}' could not be checked against policy, so it was withheld and not executed.`;

export function judgeToolCall(guards: readonly Guard[], record: ExchangeRecord, response: Exchange, call: ToolCall): Awaitable<ToolCallVerdict> {
  const input = { principal: record.principal!, exchange: response, requestId: record.requestId, context: record, call };
  const next = (i: number): Awaitable<ToolCallVerdict> => {
    for (; i < guards.length; i++) {
      const guard = guards[i] as Guard;
      if (guard.onToolCall === undefined) continue;
      let verdict: Awaitable<ToolCallVerdict>;
      try {
        verdict = guard.onToolCall(input);
      } catch {
        return FAILED_NOTICE(call.name);
      }
      if (verdict instanceof Promise) {
        const resume = i + 1;
        return verdict.then((v) => v ?? next(resume), () => FAILED_NOTICE(call.name));
      }
      if (verdict !== undefined) return verdict;
    }
    return undefined;
  };
  return next(0);
}

/** Judges every call of a whole response, in order; resolves to the calls withheld. */
export function judgeToolCalls(guards: readonly Guard[], record: ExchangeRecord, response: Exchange): Awaitable<WithheldToolCall[]> {
  const withheld: WithheldToolCall[] = [];
  const from = (i: number): Awaitable<WithheldToolCall[]> => {
    for (; i < response.toolCalls.length; i++) {
      const call = response.toolCalls[i] as ToolCall;
      const verdict = judgeToolCall(guards, record, response, call);
      if (verdict instanceof Promise) {
        const resume = i + 1;
        return verdict.then((notice) => {
          if (notice !== undefined) withheld.push({ index: call.index, notice });
          return from(resume);
        });
      }
      if (verdict !== undefined) withheld.push({ index: call.index, notice: verdict });
    }
    return withheld;
  };
  return from(0);
}
