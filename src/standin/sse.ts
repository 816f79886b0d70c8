// Server-sent events: frame encoding and the writer that plays a precomputed list of
// frames, honouring the per-event delay and the stall/drop failure behaviours.
// Responses are fully determined before the first byte is written, so the common case
// (no delay, no failure) is a single write of the joined frames: the fastest thing
// node:http can do, which the benchmark relies on.
import type { ServerResponse } from 'node:http';

/** `data: {...}\n\n` (OpenAI Chat Completions style, no event name). */
export function dataFrame(data: unknown): string {
  return `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
}

/** `event: <type>\ndata: {...}\n\n` (Responses API and Anthropic style). */
export function eventFrame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Schedules callbacks so that close() can cancel them and let the process exit. */
export interface Timers { later(ms: number, fn: () => void): void }

export interface StreamPlan {
  delayMs: number;
  /** Stop after this many events: 'stall' keeps the socket open silently, 'drop' destroys it. */
  cut?: { mode: 'stall' | 'drop'; afterEvents: number };
}

export const SSE_HEADERS: Record<string, string> = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
};

export function sendSse(
  res: ServerResponse,
  frames: string[],
  plan: StreamPlan,
  timers: Timers,
  headers: Record<string, string>,
): void {
  res.writeHead(200, { ...SSE_HEADERS, ...headers });
  const limit = plan.cut ? Math.min(Math.max(0, plan.cut.afterEvents), frames.length) : frames.length;
  const finish = (): void => {
    if (!plan.cut) res.end();
    else if (plan.cut.mode === 'drop') dropAfterFlush(res);
    // 'stall': leave the response open; only the client or close() ends it.
  };
  if (plan.delayMs <= 0) {
    const body = limit === frames.length ? frames.join('') : frames.slice(0, limit).join('');
    if (body === '') res.flushHeaders();
    else res.write(body);
    finish();
    return;
  }
  res.flushHeaders();
  let i = 0;
  const next = (): void => {
    if (res.destroyed) return;
    if (i >= limit) return finish();
    res.write(frames[i++] as string);
    if (i >= limit) return finish();
    timers.later(plan.delayMs, next);
  };
  next();
}

/** Destroys the connection once what was written has reached the socket, so the client sees exactly N events then a broken stream. */
export function dropAfterFlush(res: ServerResponse): void {
  const socket = res.socket;
  if (!socket) {
    res.destroy();
    return;
  }
  // An empty write queues behind everything written so far; its callback fires once
  // the earlier bytes were handed to the kernel.
  socket.write('', () => socket.destroy());
}
