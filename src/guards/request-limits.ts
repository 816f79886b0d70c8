import type { Config } from '../config/schema.ts';
import { GatewayError } from '../core/errors.ts';
import type { Guard, GuardInput, GuardVerdict } from '../core/guard.ts';

/**
 * Shape limits on a decoded request. Body size and JSON depth are enforced earlier, while
 * the body is read and parsed, because they must hold before any decoding can be afforded.
 */
export class RequestLimitsGuard implements Guard {
  readonly name = 'request-limits';
  private readonly maxMessages: number;

  constructor(limits: Config['server']['limits']) {
    this.maxMessages = limits.maxMessages;
  }

  onRequest({ exchange }: GuardInput): GuardVerdict {
    if (exchange.messageCount <= this.maxMessages) return undefined;
    return {
      deny: new GatewayError(
        'invalid_request', 'too_many_messages',
        `request has ${exchange.messageCount} messages; the limit is ${this.maxMessages}`,
      ),
    };
  }
}
