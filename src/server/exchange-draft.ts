/**
 * Turns an exchange record into a ledger draft at the moment the exchange ends: identifiers,
 * outcome, decisions, counts and timings are copied now (the record is not read again), and
 * content is handed over by reference for the writer to digest: the request body as received,
 * the response as the model sent it, each proposed call's arguments. Tool definitions offered
 * in the request are hashed (SHA-256 of their canonical JSON) so a changed definition shows.
 */
import { createHash } from 'node:crypto';
import type { Exchange } from '../core/exchange.ts';
import { decisionFields, ruleIdsOf, type RecordDraft } from '../ledger/record.ts';
import { summarizeFindings } from '../policy/findings.ts';
import { stableJson } from '../policy/stable-json.ts';
import type { ExchangeRecord } from './record.ts';

const SUCCESS = new Set(['forwarded']);

export function exchangeDraft(record: ExchangeRecord, status: number, totalMs: number): RecordDraft {
  const principal = record.principal;
  const request = record.request;
  const body = record.requestBody;
  const guardDenials = record.decisions.filter((d) => 'deny' in d.verdict).map((d) => ({
    guard: d.guard, code: 'deny' in d.verdict ? d.verdict.deny.code : '',
  }));
  const fields = {
    id: record.requestId,
    route: record.route,
    origin: record.clientAddress,
    ...(record.model === undefined ? {} : { model: record.model }),
    ...(record.provider === undefined ? {} : { provider: record.provider }),
    ...(request === undefined ? {} : { stream: request.stream, messages: request.messageCount }),
    status,
    detail: record.outcome,
    ...(record.errorCode === undefined ? {} : { errorCode: record.errorCode }),
    ...(record.upstreamStatus === undefined ? {} : { upstreamStatus: record.upstreamStatus }),
    ...(record.sessionId === undefined ? {} : { session: record.sessionId }),
    ...(record.policy.length === 0 ? {} : { decisions: record.policy.map(decisionFields) }),
    ...(guardDenials.length === 0 ? {} : { guards: guardDenials }),
    ...(request?.findings === undefined ? {} : { findings: summarizeFindings(request.findings).counts }),
    ...(record.protectedData === undefined || Object.keys(record.protectedData).length === 0 ? {} : { protected: record.protectedData }),
    ...(record.usage === undefined ? {} : { usage: { input: record.usage.inputTokens, output: record.usage.outputTokens } }),
    latencyMs: { total: round(totalMs), gateway: round(record.overheadMs), upstream: round(record.upstreamMs) },
    traceId: record.traceId,
    ...(record.adminAction === undefined ? {} : { action: record.adminAction }),
    ...(record.adminTarget === undefined ? {} : { target: record.adminTarget }),
  };
  const draft: RecordDraft = {
    type: record.adminAction === undefined ? 'llm.exchange' : 'admin.act',
    time: record.startedAt,
    ...(principal === undefined ? {} : { principal: { id: principal.agentId, team: principal.team, keyId: principal.keyId } }),
    outcome: SUCCESS.has(record.outcome) && status < 400 ? 'success' : 'failure',
    fields,
    ruleIds: ruleIdsOf(record.policy),
    // Read in the writer: decoding a deferred response and hashing definitions stay off the request path.
    derived: () => derivedFields(record.response, request, body),
    content: {
      ...(body === undefined ? {} : { request: body }),
      response: () => responseContent(record.response),
    },
    payload: () => (body === undefined ? undefined : Buffer.from(JSON.stringify({
      request: body.toString('utf8'), response: responseContent(record.response) ?? null,
    }))),
  };
  return draft;
}

/** Findings in the response (types and counts), tool definitions offered (name and hash) and calls proposed (name and the hash of their definition); arguments are covered by the response digest. */
function derivedFields(response: Exchange | undefined, request: Exchange | undefined, body: Buffer | undefined) {
  const hashes = definitionHashes(request, body);
  const calls = response?.toolCalls ?? [];
  return {
    // What the detectors found in the model's answer (types and counts: EXFIL_LINK, masked values).
    ...(response?.findings === undefined || response.findings.length === 0 ? {} : { responseFindings: summarizeFindings(response.findings).counts }),
    ...(hashes.size === 0 ? {} : { tools: [...hashes].map(([name, hash]) => ({ name, hash })) }),
    ...(calls.length === 0 ? {} : {
      toolCalls: calls.map((call) => ({ id: call.id, name: call.name, ...(hashes.has(call.name) ? { definition: hashes.get(call.name) } : {}) })),
    }),
  };
}

function definitionHashes(request: Exchange | undefined, body: Buffer | undefined): Map<string, string> {
  const hashes = new Map<string, string>();
  if (request === undefined || body === undefined || request.toolDefinitions.length === 0) return hashes;
  const tools = (JSON.parse(body.toString('utf8')) as { tools?: unknown[] }).tools ?? [];
  for (const definition of request.toolDefinitions) {
    const raw = tools[definition.messageIndex];
    if (raw !== undefined) hashes.set(definition.name, `sha256:${createHash('sha256').update(stableJson(raw)).digest('hex')}`);
  }
  return hashes;
}

/** The response as content to digest: its text and its calls, in order (protocol-independent). */
function responseContent(response: Exchange | undefined): string | undefined {
  if (response === undefined) return undefined;
  return JSON.stringify({ parts: response.parts.map((p) => p.text), calls: response.toolCalls.map((c) => [c.name, c.argumentsText]) });
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;
