// The benchmark's request: one realistic chat turn, byte-identical for the floor and the
// gateway, so any difference in the numbers comes from what sits between client and provider.

export const MODEL = 'standin-gpt';
export const PATH = '/v1/chat/completions';

export type Mode = 'json' | 'stream';

/**
 * The last message names a ticket whose number the load generator changes on every request
 * (`setTicket`): an agent's turn resends the conversation so far plus something new, and a
 * gateway that remembers what it scanned must be measured scanning the new part, not
 * answering every request from memory. Fixed width, so every request has the same length.
 */
const TICKET_DIGITS = 6;
const TICKET_MARK = Buffer.from(`PAY-${'0'.repeat(TICKET_DIGITS)}.`);

// A six-message coding-assistant conversation (system prompt, two user/assistant turns, a
// final question): about 2 KB of JSON, the typical size of an agent's early turn.
const MESSAGES = [
  {
    role: 'system',
    content:
      'You are Atlas, a senior software engineer embedded in the payments team. You answer questions about the ' +
      'team\'s TypeScript services, review diffs, and propose small, safe changes. Always explain the reasoning ' +
      'behind a change before showing code. Prefer standard library APIs over new dependencies. Never invent ' +
      'configuration keys: when unsure, say so and point to the file that would settle the question. Keep answers ' +
      'under 300 words unless asked for more. Format code as fenced blocks with the language named.',
  },
  {
    role: 'user',
    content:
      'Our refund worker retries failed refunds with a fixed 5 second delay. During the incident last Tuesday it ' +
      'hammered the card processor with thousands of retries per minute. What would you change?',
  },
  {
    role: 'assistant',
    content:
      'Two things. First, switch to exponential backoff with full jitter (base 1 s, cap 5 min) so that retries ' +
      'from many workers spread out instead of arriving in waves. Second, stop retrying errors that cannot ' +
      'succeed: a 4xx from the processor other than 408 and 429 means the request itself is wrong, so send it ' +
      'to the dead-letter queue with the response attached for a human to look at.',
  },
  {
    role: 'user',
    content:
      'Makes sense. The processor also returns a Retry-After header on 429s. Should the worker respect it, and how ' +
      'does that interact with the backoff?',
  },
  {
    role: 'assistant',
    content:
      'Yes: Retry-After is the processor telling you exactly when capacity returns, so it should win. Use ' +
      'max(retryAfter, backoff(attempt)) as the delay, clamp it to the 5 minute cap, and count the attempt as ' +
      'usual so a processor that keeps answering 429 still ends in the dead-letter queue eventually.',
  },
  {
    role: 'user',
    content:
      'Great. Can you sketch the delay function in TypeScript, including the jitter, the cap and the Retry-After ' +
      `handling, with a short unit test for the 429 case? This is for ticket PAY-${'0'.repeat(TICKET_DIGITS)}.`,
  },
];

/** The conversation's texts joined as one message (2 KB): what the detectors' benchmark scans as realistic text. */
export function conversationText(): string {
  return MESSAGES.map((m) => m.content).join('\n\n');
}

/** The JSON body for a mode: the same conversation, plus the streaming options for `stream`. */
export function requestBody(mode: Mode): Buffer {
  const body: Record<string, unknown> = { model: MODEL, messages: MESSAGES, temperature: 0.2, max_tokens: 800 };
  if (mode === 'stream') {
    body.stream = true;
    body.stream_options = { include_usage: true };
  }
  return Buffer.from(JSON.stringify(body));
}

/**
 * The whole HTTP/1.1 request, serialized once: the load generator writes these bytes as they
 * are, so building requests costs it nothing per request. Headers are what an OpenAI SDK
 * would send, minus its telemetry.
 */
export function serializedRequest(host: string, port: number, key: string, mode: Mode): Buffer {
  const body = requestBody(mode);
  const head =
    `POST ${PATH} HTTP/1.1\r\n` +
    `host: ${host}:${port}\r\n` +
    'content-type: application/json\r\n' +
    `accept: ${mode === 'stream' ? 'text/event-stream' : 'application/json'}\r\n` +
    'user-agent: portcullis-bench/1\r\n' +
    `authorization: Bearer ${key}\r\n` +
    `content-length: ${body.length}\r\n` +
    'connection: keep-alive\r\n\r\n';
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}

/** Where the ticket number's digits start in a serialized request (see `setTicket`). */
export function ticketOffset(request: Buffer): number {
  const at = request.lastIndexOf(TICKET_MARK);
  if (at < 0) throw new Error('the request has no ticket number');
  return at + 4;
}

/** Writes `n` (modulo 10^6) as the ticket number, in place. */
export function setTicket(request: Buffer, offset: number, n: number): void {
  request.write(String(n % 10 ** TICKET_DIGITS).padStart(TICKET_DIGITS, '0'), offset, 'latin1');
}
