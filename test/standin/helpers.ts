// Shared test plumbing: SDK clients pointed at a stand-in, and a raw SSE reader for
// checks the SDKs would hide (exact event order, failure behaviours).
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { request } from 'node:http';

export const KEY = 'sk-standin-test';

export function openai(url: string, apiKey = KEY): OpenAI {
  return new OpenAI({ baseURL: `${url}/v1`, apiKey, maxRetries: 0, timeout: 5000 });
}

export function anthropic(url: string, apiKey = KEY): Anthropic {
  return new Anthropic({ baseURL: url, apiKey, maxRetries: 0, timeout: 5000 });
}

export interface RawResponse { status: number; headers: Record<string, string | string[] | undefined>; body: string; error?: Error }

/**
 * POSTs with plain node:http and collects the body until the server ends it, breaks
 * it, or `idleMs` passes without data (a stall); never throws.
 */
export function rawPost(url: string, path: string, body: string | object, headers: Record<string, string> = {}, idleMs = 0): Promise<RawResponse> {
  return new Promise((resolve) => {
    const payload = typeof body === 'string' ? body : JSON.stringify(body);
    const req = request(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      let idle: NodeJS.Timeout | undefined;
      const done = (error?: Error): void => {
        clearTimeout(idle);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, ...(error ? { error } : {}) });
      };
      const arm = (): void => {
        if (idleMs <= 0) return;
        clearTimeout(idle);
        idle = setTimeout(() => {
          done(new Error('idle'));
          req.destroy();
        }, idleMs);
      };
      arm();
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        arm();
      });
      res.on('end', () => done());
      res.on('error', (e) => done(e));
      res.on('aborted', () => done(new Error('aborted')));
    });
    req.on('error', (e) => resolve({ status: 0, headers: {}, body: '', error: e }));
    req.end(payload);
  });
}

/** Parses an SSE body into `{event, data}` records (data JSON-parsed unless it is [DONE]). */
export function parseSse(body: string): { event: string | undefined; data: any }[] {
  return body.split('\n\n').filter((b) => b.trim() !== '').map((block) => {
    let event: string | undefined;
    let data = '';
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data += line.slice(6);
    }
    return { event, data: data === '[DONE]' ? data : JSON.parse(data) };
  });
}

export async function waitFor(cond: () => boolean, ms = 2000): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
