/**
 * Policy unit tests, in the spirit of `opa test`: a YAML file names a config and lists cases,
 * each an event (or a sequence of events) and the decision it must get. Every case runs on a
 * fresh in-process state store, so cases never leak counters or taints into each other.
 *
 *   config: portcullis.yaml          # relative to the fixture file
 *   env: { OPENAI_API_KEY: unused }  # values for ${VAR} references in the config
 *   cases:
 *     - name: bulk export is blocked
 *       event: { on: tool.call, agent: claims-agent, tool: query_emr_database, args: { sql: "SELECT *" } }
 *       expect: { action: deny, rules: [hipaa-no-bulk-phi-export] }
 *     - name: the daily sum holds
 *       steps:
 *         - { event: {...}, expect: { action: allow }, repeat: 3 }
 *         - { event: {...}, expect: { action: approve } }
 *         - { approval: approve, by: alice }             # decides the latest pending approval
 *         - { event: {...}, expect: { action: allow } }
 *         - { killSwitch: { agent: payments, engaged: true } }
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { loadConfig } from '../config/load.ts';
import { POLICY_EVENTS } from '../config/policy-schema.ts';
import type { Config } from '../config/schema.ts';
import type { Decision } from '../core/decision.ts';
import { FINDING_CHANNELS, type Principal } from '../core/exchange.ts';
import { compilePolicy } from './compile.ts';
import { PolicyEngine } from './engine.ts';
import type { PolicyEventInput } from './event.ts';
import { MemoryPolicyStore } from './state/memory.ts';
import { GLOBAL_SCOPE } from './state/types.ts';

const eventSchema = z.strictObject({
  on: z.enum(POLICY_EVENTS),
  agent: z.string().min(1),
  tool: z.union([z.string().min(1), z.strictObject({ name: z.string().min(1), server: z.string().optional() })]).optional(),
  args: z.record(z.string(), z.unknown()).optional(),
  /** Arguments whose value only untrusted content supplied (the gateway works it out; a fixture states it). */
  untrusted_args: z.array(z.string()).optional(),
  /** Whether only untrusted content asked for the call's action (likewise). */
  untrusted_action: z.boolean().optional(),
  model: z.string().optional(),
  provider: z.string().optional(),
  findings: z.array(z.strictObject({
    type: z.string(), score: z.number().min(0).max(1).default(1), channel: z.enum(FINDING_CHANNELS).optional(),
  })).optional(),
  session: z.strictObject({ id: z.string().default('fixture-session'), taints: z.array(z.string()).default([]) }).optional(),
  request: z.strictObject({ ip: z.string().default('127.0.0.1'), headers: z.record(z.string(), z.string()).default({}) }).optional(),
  at: z.iso.datetime().optional(),
});

const expectSchema = z.strictObject({
  action: z.enum(['allow', 'deny', 'approve', 'redact', 'neutralize']),
  /** Ids that must be among the matches behind the action. */
  rules: z.array(z.string()).optional(),
  monitored: z.array(z.string()).optional(),
  /** Ids that must appear neither among the matches nor among the monitored. */
  absent: z.array(z.string()).optional(),
  reason: z.string().optional().describe('a substring the reason must contain'),
});

const stepSchema = z.union([
  z.strictObject({ event: eventSchema, expect: expectSchema, repeat: z.int().min(1).max(10_000).default(1) }),
  /** An approver decides the most recent pending approval. */
  z.strictObject({ approval: z.enum(['approve', 'deny']), by: z.string().default('fixture-approver') }),
  z.strictObject({ killSwitch: z.strictObject({ agent: z.string().optional(), engaged: z.boolean() }) }),
]);
const caseSchema = z.union([
  z.strictObject({ name: z.string().min(1), event: eventSchema, expect: expectSchema }),
  z.strictObject({ name: z.string().min(1), steps: z.array(stepSchema).min(1) }),
]);
const fixtureSchema = z.strictObject({
  config: z.string().min(1),
  env: z.record(z.string(), z.string()).default({}),
  cases: z.array(caseSchema).min(1),
});

export type FixtureEvent = z.infer<typeof eventSchema>;

/** A fixture problem (bad file, unknown agent): reported as a usage error, not a crash. */
export class FixtureError extends Error {}

/** Validates one event written in the fixture format (as `policy explain --event` takes it). */
export function parseFixtureEvent(value: unknown, where: string): FixtureEvent {
  const parsed = eventSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new FixtureError(`${where}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid event'}`);
}
export type Expectation = z.infer<typeof expectSchema>;

export interface CaseResult {
  readonly name: string;
  readonly passed: boolean;
  /** What went wrong, one line per failed step. */
  readonly failures: readonly string[];
}

export interface FixtureResult {
  readonly file: string;
  readonly policyVersion: string;
  readonly cases: readonly CaseResult[];
}

/** Loads a fixture file and its config; throws with a readable message if either is invalid. */
export function loadFixture(file: string): { config: Config; cases: z.infer<typeof caseSchema>[] } {
  const parsed = fixtureSchema.safeParse(parseYaml(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new FixtureError(`${file}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid policy test file'}`);
  }
  const config = loadConfig(resolve(dirname(file), parsed.data.config), parsed.data.env);
  return { config, cases: parsed.data.cases };
}

export async function runFixture(file: string): Promise<FixtureResult> {
  const { config, cases } = loadFixture(file);
  const policy = compilePolicy(config);
  const results: CaseResult[] = [];
  for (const testCase of cases) {
    const steps = 'steps' in testCase ? testCase.steps : [{ event: testCase.event, expect: testCase.expect, repeat: 1 }];
    const engine = new PolicyEngine(policy, { store: new MemoryPolicyStore() });
    const failures: string[] = [];
    for (const [i, step] of steps.entries()) {
      const problem = await runStep(config, engine, step);
      if (problem !== undefined) failures.push(steps.length > 1 ? `step ${i + 1}: ${problem}` : problem);
    }
    results.push({ name: testCase.name, passed: failures.length === 0, failures });
  }
  return { file, policyVersion: policy.version, cases: results };
}

async function runStep(config: Config, engine: PolicyEngine, step: z.infer<typeof stepSchema>): Promise<string | undefined> {
  const store = engine.store;
  if ('approval' in step) {
    const pending = (await store.listApprovals('pending', Date.now())).sort((a, b) => b.createdAt - a.createdAt)[0];
    if (pending === undefined) return 'no pending approval to decide';
    await store.decideApproval(pending.id, step.approval === 'approve', step.by, undefined, Math.max(Date.now(), pending.createdAt));
    return undefined;
  }
  if ('killSwitch' in step) {
    await store.setKillSwitch(step.killSwitch.agent ?? GLOBAL_SCOPE, { engaged: step.killSwitch.engaged, by: 'fixture', reason: 'policy test', at: Date.now() });
    return undefined;
  }
  for (let n = 1; n <= step.repeat; n++) {
    const event = toEvent(config, step.event);
    const policy = engine.current;
    if (step.event.session !== undefined) {
      await store.taint(event.sessionId as string, step.event.session.taints, policy.sessions.idleTtl, event.now ?? Date.now());
    }
    const problem = mismatch(await engine.decide(event), step.expect);
    if (problem !== undefined) return step.repeat > 1 ? `repetition ${n}: ${problem}` : problem;
  }
  return undefined;
}

/** Turns a fixture event into the engine's event, resolving the agent and provider from the config. */
export function toEvent(config: Config, event: FixtureEvent): PolicyEventInput {
  const agent = config.agents.find((a) => a.id === event.agent);
  if (agent === undefined) throw new FixtureError(`no agent '${event.agent}' in the config`);
  const principal: Principal = {
    agentId: agent.id, team: agent.team, env: agent.env, tier: agent.tier, clearances: agent.clearances, keyId: 'fixture',
  };
  const provider = event.provider === undefined ? undefined : config.providers.find((p) => p.id === event.provider);
  if (event.provider !== undefined && provider === undefined) throw new FixtureError(`no provider '${event.provider}' in the config`);
  const tool = typeof event.tool === 'string' ? { name: event.tool } : event.tool;
  return {
    kind: event.on,
    principal,
    ...(tool === undefined ? {} : { tool: tool.server === undefined ? { name: tool.name } : { name: tool.name, server: tool.server } }),
    ...(event.args === undefined ? {} : { argumentsText: JSON.stringify(event.args) }),
    ...(event.untrusted_args === undefined ? {} : { untrustedArgs: event.untrusted_args }),
    ...(event.untrusted_action === undefined ? {} : { untrustedAction: event.untrusted_action }),
    ...(event.model === undefined ? {} : { model: event.model }),
    ...(provider === undefined ? {} : { provider: { id: provider.id, kind: provider.kind, flags: provider.flags } }),
    ...(event.findings === undefined ? {} : {
      findings: event.findings.map((f) => ({
        detector: 'fixture', type: f.type, partIndex: 0, start: 0, end: 0, score: f.score, ...(f.channel === undefined ? {} : { channel: f.channel }),
      })),
    }),
    ...(event.session === undefined ? {} : { sessionId: event.session.id }),
    ...(event.request === undefined ? {} : { request: event.request }),
    ...(event.at === undefined ? {} : { now: Date.parse(event.at) }),
  };
}

function mismatch(decision: Decision, expect: Expectation): string | undefined {
  const got = `${decision.action} (${decision.matches.map((m) => m.id).join(', ') || 'no rules'}: ${decision.reason})`;
  if (decision.action !== expect.action) return `expected ${expect.action}, got ${got}`;
  const ids = new Set(decision.matches.map((m) => m.id));
  const missing = (expect.rules ?? []).filter((id) => !ids.has(id));
  if (missing.length > 0) return `expected rules ${missing.join(', ')} among the matches, got ${got}`;
  const monitored = new Set(decision.monitored.map((m) => m.id));
  const unmonitored = (expect.monitored ?? []).filter((id) => !monitored.has(id));
  if (unmonitored.length > 0) return `expected monitored ${unmonitored.join(', ')}, got [${[...monitored].join(', ')}]`;
  const present = (expect.absent ?? []).filter((id) => ids.has(id) || monitored.has(id));
  if (present.length > 0) return `expected ${present.join(', ')} not to match, got ${got} (monitored: ${[...monitored].join(', ') || 'none'})`;
  if (expect.reason !== undefined && !decision.reason.includes(expect.reason)) return `expected the reason to mention "${expect.reason}", got ${got}`;
  return undefined;
}
