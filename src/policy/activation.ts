import { createActivation, type Activation } from './cel/index.ts';
import type { CompiledPolicy } from './compile.ts';
import type { PolicyEventInput } from './event.ts';
import { summarizeFindings } from './findings.ts';
import type { SessionState } from './state/types.ts';

/** What a rule's condition sees of an event: the CEL variables, built once per event. */
export function eventActivation(
  policy: CompiledPolicy, event: PolicyEventInput, args: Record<string, unknown>, session: SessionState,
): Activation {
  const { principal, tool, provider, request } = event;
  return createActivation({
    event: event.kind,
    agent: { id: principal.agentId, team: principal.team, env: principal.env, tier: principal.tier, clearances: principal.clearances },
    ...(tool === undefined ? {} : { tool: { name: tool.name, server: tool.server ?? '', tags: policy.catalog.tagsOf(tool.name, tool.server) } }),
    args,
    untrustedArgs: event.untrustedArgs ?? [],
    untrustedAction: event.untrustedAction ?? false,
    ...(event.model === undefined ? {} : { model: event.model }),
    ...(provider === undefined ? {} : { provider }),
    findings: summarizeFindings(event.findings),
    session: { id: session.id, taints: session.taints, counters: session.counters },
    ...(request === undefined ? {} : { request }),
    ...(event.now === undefined ? {} : { now: event.now }),
  });
}
