/**
 * Tells people a call waits for them: a POST to the configured webhook (a chat bot, a
 * ticketing system) for every new approval request. The payload names the agent, tool, rules
 * and reason, and the arguments provenance found a tool result or document chose (their names),
 * but never the arguments' values: an approver reads those through the admin API, behind
 * an admin key, so they do not spread into chat logs.
 */
import { request } from 'undici';
import type { Logger } from '../observe/log.ts';
import type { Approval } from './state/types.ts';

export interface WebhookConfig {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
}

export function approvalPayload(approval: Approval) {
  return {
    type: 'approval.requested',
    id: approval.id,
    agent: approval.agentId,
    tool: approval.tool,
    rules: approval.ruleIds,
    reason: approval.reason,
    // Names, never values: which arguments a tool result or document chose, and whether only it asked.
    ...(approval.untrustedArgs === undefined ? {} : { untrustedArgs: approval.untrustedArgs }),
    ...(approval.untrustedAction === true ? { untrustedAction: true } : {}),
    createdAt: new Date(approval.createdAt).toISOString(),
    expiresAt: new Date(approval.expiresAt).toISOString(),
    review: `/admin/approvals/${approval.id}`,
  };
}

/** Fire and forget: a webhook that is down must not hold the agent's response. Failures are logged. */
export function notifyApprovalWebhook(webhook: WebhookConfig, logger: Logger): (approval: Approval) => void {
  return (approval) => {
    request(webhook.url, {
      method: 'POST',
      headers: { ...webhook.headers, 'content-type': 'application/json' },
      body: JSON.stringify(approvalPayload(approval)),
      headersTimeout: webhook.timeoutMs,
      bodyTimeout: webhook.timeoutMs,
    }).then(
      async (response) => {
        await response.body.dump();
        if (response.statusCode >= 300) logger.warn({ approval: approval.id, status: response.statusCode }, 'approval webhook refused the notification');
      },
      (error: unknown) => logger.warn({ approval: approval.id, error: (error as Error).name }, 'approval webhook unreachable'),
    );
  };
}
