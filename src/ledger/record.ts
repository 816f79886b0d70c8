/**
 * What the ledger records, and its canonical bytes. One record per exchange and per
 * administrative act: who (principal), what (type, route, model, tools, decisions), when,
 * where from (client address) and where to (provider), how it ended (outcome), why (rule ids,
 * reasons, policy version), findings as types and counts, latency and trace id: the fields of
 * PCI DSS 10.2.2 and HIPAA 164.312(b). Content never: prompts, responses and arguments appear
 * only as keyed digests (see secrets.ts), computed by the writer off the request path.
 *
 * Canonical form: JSON with keys sorted at every level, no whitespace, UTF-8; absent fields
 * are left out, never written as null. The leaf hash covers exactly these bytes, so a
 * verifier needs no schema to check integrity, and a reader needs nothing but JSON.
 */
import type { Decision } from '../core/decision.ts';
import { stableJson } from '../policy/stable-json.ts';
import type { RecordMeta } from './types.ts';

export const RECORD_VERSION = 1;

/** Content to digest: raw bytes, or text. */
export type Content = Uint8Array | string;
/** Content, or how to get it: derived content (a decoded response) is produced in the writer. */
export type ContentSource = Content | (() => Content | undefined);

/**
 * What a record is made from, captured when the exchange ends: plain data and references to
 * content, never mutated afterwards. Digests and encoding happen in the writer.
 */
export interface RecordDraft {
  readonly type: string;
  readonly time: number;
  readonly principal?: { readonly id: string; readonly team?: string; readonly keyId?: string };
  readonly outcome: 'success' | 'failure';
  /** Type-specific fields (route, model, status, decisions, ...), already free of content. */
  readonly fields: Readonly<Record<string, unknown>>;
  /** Fields derived from content (e.g. tool-definition hashes), computed in the writer. */
  readonly derived?: () => Readonly<Record<string, unknown>>;
  /** Decisions, for the rule-id column; also written into `fields.decisions` by the builder. */
  readonly ruleIds: readonly string[];
  /** Content the writer digests (HMAC) into `digests`, e.g. {request: body, response: body}. */
  readonly content?: Readonly<Record<string, ContentSource>>;
  /** Digests already computed on the request path (e.g. of a stream, chunk by chunk). */
  readonly digests?: Readonly<Record<string, string>>;
  /** What payload capture seals beside the record, when it is on (never part of the record). */
  readonly payload?: () => Uint8Array | undefined;
}

/** The canonical bytes of a draft, given the digest function; and the columns kept beside them. */
export function encodeRecord(draft: RecordDraft, digest: (content: Content) => string): { bytes: Buffer; meta: RecordMeta } {
  const digests: Record<string, string> = { ...draft.digests };
  for (const [name, source] of Object.entries(draft.content ?? {})) {
    const content = typeof source === 'function' ? source() : source;
    if (content !== undefined) digests[name] = digest(content);
  }
  const body = {
    v: RECORD_VERSION,
    type: draft.type,
    time: new Date(draft.time).toISOString(),
    ...(draft.principal === undefined ? {} : { principal: draft.principal }),
    outcome: draft.outcome,
    ...draft.fields,
    ...draft.derived?.(),
    ...(Object.keys(digests).length === 0 ? {} : { digests }),
  };
  return {
    bytes: Buffer.from(stableJson(body), 'utf8'),
    meta: { time: draft.time, type: draft.type, principal: draft.principal?.id ?? '', outcome: draft.outcome, ruleIds: draft.ruleIds },
  };
}

/** A decision as recorded: ids, actions, reasons and the version; tags and severities stay in the policy. */
export function decisionFields(decision: Decision) {
  return {
    event: decision.event,
    action: decision.action,
    rules: decision.matches.map((m) => m.id),
    reason: decision.reason,
    policyVersion: decision.policyVersion,
    ...(decision.tool === undefined ? {} : { tool: decision.tool }),
    ...(decision.monitored.length === 0 ? {} : { monitored: decision.monitored.map((m) => ({ rule: m.id, action: m.action })) }),
    ...(decision.approval === undefined ? {} : { approval: decision.approval }),
    ...(decision.taints === undefined ? {} : { taints: decision.taints }),
    ...(decision.untrustedArgs === undefined ? {} : { untrustedArgs: decision.untrustedArgs }),
    ...(decision.untrustedAction === undefined ? {} : { untrustedAction: decision.untrustedAction }),
  };
}

/** Rule ids of decisions that did more than allow by default (what `audit show --rule` finds). */
export function ruleIdsOf(decisions: readonly Decision[]): string[] {
  const ids = new Set<string>();
  for (const decision of decisions) {
    for (const match of decision.matches) ids.add(match.id);
    for (const match of decision.monitored) ids.add(match.id);
  }
  return [...ids];
}

/** Reads a record's canonical bytes back (for show, export and the console). */
export function decodeRecord(bytes: Uint8Array): Record<string, unknown> {
  return JSON.parse(Buffer.from(bytes).toString('utf8')) as Record<string, unknown>;
}
