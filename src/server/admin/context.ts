/** What an admin route handler is given. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AdminIdentity } from '../auth.ts';
import type { GatewayCore } from '../core.ts';
import type { ExchangeRecord } from '../record.ts';

export interface AdminContext {
  readonly core: GatewayCore;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly record: ExchangeRecord;
  readonly url: URL;
  /** The path's captured parts (ids, names), decoded. */
  readonly params: readonly string[];
  /** Who is calling; for the login route, nobody yet (a placeholder the route never reads). */
  readonly identity: AdminIdentity;
  /** Whether the caller came with the console cookie rather than a key. */
  readonly viaCookie: boolean;
}
