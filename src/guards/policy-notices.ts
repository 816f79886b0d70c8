/**
 * What an agent reads when policy stops something. Written for the model as much as for the
 * person debugging it: what was stopped, why, which rule, and what to do next. Never echoes
 * arguments or content.
 */
import type { Decision } from '../core/decision.ts';
import { GatewayError } from '../core/errors.ts';

const shortVersion = (decision: Decision) => decision.policyVersion.slice(0, 'sha256:'.length + 12);

function provenance(decision: Decision): string {
  const ids = decision.matches.filter((m) => m.action === decision.action).map((m) => m.id);
  return `${ids.length === 1 ? 'rule' : 'rules'} ${ids.join(', ') || 'default'}; policy ${shortVersion(decision)}`;
}

/** A request refused by policy: 429 when a limit or budget refused it, else 403. */
export function deniedRequest(decision: Decision): GatewayError {
  const byLimit = decision.matches[0]?.source === 'limit';
  return new GatewayError(
    byLimit ? 'rate_limit' : 'permission',
    byLimit ? 'policy_limit_exceeded' : 'policy_denied',
    `Denied by Portcullis policy: ${decision.reason} (${provenance(decision)})`,
  );
}

/** The text that takes a withheld tool call's place in the model's response. */
export function withheldCallNotice(tool: string, decision: Decision): string {
  if (decision.action === 'approve' && decision.approval !== undefined) {
    const expires = new Date(decision.approval.expiresAt).toISOString();
    return `[Portcullis] The call to tool '${tool}' is held for human approval: ${decision.reason}. ` +
      `It was not executed. Once it is approved (before ${expires}), make the identical call again. ` +
      `(${provenance(decision)})`;
  }
  return `[Portcullis] The call to tool '${tool}' was blocked by policy and not executed: ${decision.reason} (${provenance(decision)})`;
}

export function redactedResult(decision: Decision): string {
  return `[Portcullis] This tool result was withheld by policy: ${decision.reason} (${provenance(decision)})`;
}
