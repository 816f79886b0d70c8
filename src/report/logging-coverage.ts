/**
 * The logging-coverage statement (ISO/IEC 42001 A.6.2.8, PCI DSS 10.2.2): what the gateway
 * records at each stage of an exchange, and what it never records. Kept as data beside the
 * code that writes records (src/server/exchange-draft.ts, src/mcp/record.ts,
 * src/server/ledger-events.ts); a change there should change this.
 */
export interface LoggingStage {
  readonly stage: string;
  readonly recorded: string;
  readonly recordTypes: readonly string[];
}

export const LOGGING_STAGES: readonly LoggingStage[] = [
  { stage: 'Request received', recordTypes: ['llm.exchange', 'mcp.request'],
    recorded: 'time, route or MCP server and method, client address, agent id, team and key id (or the refusal of an unknown key), trace id, session id, message count, stream flag' },
  { stage: 'Guards and detectors', recordTypes: ['llm.exchange', 'mcp.request'],
    recorded: 'built-in refusals (e.g. a model outside the allow-list) with their code; detector findings as counts per type (US_SSN: 1, PROMPT_INJECTION: 1), never the values' },
  { stage: 'Policy decision', recordTypes: ['llm.exchange', 'mcp.request'],
    recorded: 'every decision, allows included: event, action, rule ids, reason, policy version hash, tool name, approval id and status, session taints, monitor-mode matches, the names of a call\'s arguments only untrusted content supplied' },
  { stage: 'Tools offered and proposed', recordTypes: ['llm.exchange', 'mcp.inventory'],
    recorded: 'tool names with the SHA-256 of each definition; proposed calls by name and id; MCP definitions offered but not approved (changed or new)' },
  { stage: 'Upstream call', recordTypes: ['llm.exchange'],
    recorded: 'provider, model, upstream status, upstream latency' },
  { stage: 'Response', recordTypes: ['llm.exchange', 'mcp.request'],
    recorded: 'status, outcome (success/failure and the finer detail), error code, token usage, total and gateway latency, keyed digests of request and response' },
  { stage: 'Administrative acts', recordTypes: ['admin.act', 'admin.erasure'],
    recorded: 'approvals and denials of held calls, kill switches engaged and released, erasure of captured payloads: who, what, which target, outcome (refused attempts too)' },
  { stage: 'Gateway lifecycle and policy', recordTypes: ['gateway.start', 'gateway.stop', 'policy.reload'],
    recorded: 'start with the policy version and every agent\'s and admin\'s key id, stop with its signal, each policy reload with new and previous version hashes' },
];

export const NEVER_RECORDED: readonly string[] = [
  'prompt and response text, tool arguments and tool results: only HMAC-SHA256 digests under a key the operator holds',
  'API keys and admin keys: only the first 12 hex digits of the key\'s hash',
  'the values of detected personal or card data: only their types and counts',
  'captured payloads (when capture is on) live outside the records, sealed with AES-256-GCM, deletable without breaking verification',
];

export const INTEGRITY_MECHANISM =
  'Each record is canonical JSON; its leaf hash is SHA-256(0x00 || bytes) in an RFC 6962/9162 Merkle tree, and signed checkpoints ' +
  '(C2SP tlog-checkpoint, Ed25519) commit to the tree. Any change, deletion, insertion or reordering fails verification.';
