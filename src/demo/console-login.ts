/**
 * The console link the demo prints: the gateway's `/console/` page with a one-time login token
 * in the fragment (`#login=<token>`). Browsers never send a fragment to the server, so the
 * token reaches the gateway only in the page's POST /admin/session body, once; it expires
 * after 15 minutes if unused.
 */
import { DEMO_ADMIN_ID } from '../config/demo-policy.ts';
import type { Gateway } from '../server/gateway.ts';

export function consoleLoginUrl(gateway: Gateway, baseUrl: string, adminId: string = DEMO_ADMIN_ID): string {
  const token = gateway.createOneTimeLogin(adminId);
  return `${baseUrl}/console/#login=${encodeURIComponent(token)}`;
}
