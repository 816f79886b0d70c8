// Builds the variables of one event for evaluation, once per event, so every rule evaluated
// for the event shares the conversion. Every variable is always present (empty defaults when
// an event has no tool, no session, ...), so a rule never fails on a missing variable.
//
// Conversions: CEL ints are JS BigInts in the library, so counters and counts become BigInts;
// `args` stays as parsed JSON, whose numbers are doubles (CEL compares int and double, so
// `args.amount > 10000` works); the struct variables become instances of their classes.
import { AgentValue, FindingsValue, InjectionValue, ProviderValue, RequestValue, SessionValue, ToolValue } from './types.ts';

export interface ActivationInput {
  /** What is being decided, e.g. "llm.request", "tool.call". */
  event: string;
  agent: { id: string; team: string; env: string; tier: string; clearances: readonly string[] };
  /** server is '' for tools at the LLM layer. */
  tool?: { server: string; name: string; tags: readonly string[] };
  /** Parsed JSON tool arguments; must be a JSON object (an array or scalar fails at evaluation). */
  args?: Readonly<Record<string, unknown>>;
  /** A proposed call's arguments that carry a value only untrusted content supplied (`untrusted_args`). */
  untrustedArgs?: readonly string[];
  /** A proposed call whose action only untrusted content asked for (`untrusted_action`). */
  untrustedAction?: boolean;
  model?: string;
  provider?: { id: string; kind: string; flags: readonly string[] };
  /** Per finding type: how many were found and the highest score. */
  findings?: {
    types: readonly string[];
    counts: Readonly<Record<string, number>>;
    max: Readonly<Record<string, number>>;
    /** Highest flagged prompt-injection scores; zeros when absent. */
    injection?: { score: number; direct: number; documents?: number; indirect: number; tools?: number };
  };
  session?: { id: string; taints: readonly string[]; counters: Readonly<Record<string, number>> };
  /** Header names lower-case, one string per header (join repeated headers with ", "). */
  request?: { ip: string; headers: Readonly<Record<string, string>> };
  /** Milliseconds since the epoch; the current time when absent. */
  now?: number;
}

declare const activationBrand: unique symbol;

/** The converted variables of one event; only `createActivation` makes one. */
export type Activation = { readonly [activationBrand]: true };

/** The variables as the library reads them (by name, from an object). */
export interface ActivationVariables {
  readonly event: string;
  readonly agent: AgentValue;
  readonly tool: ToolValue;
  readonly args: Readonly<Record<string, unknown>>;
  readonly untrusted_args: readonly string[];
  readonly untrusted_action: boolean;
  readonly model: string;
  readonly now: Date;
  readonly provider: ProviderValue;
  readonly findings: FindingsValue;
  readonly session: SessionValue;
  readonly request: RequestValue;
}

// Null-prototype maps, so no key of the input can reach Object.prototype.
function emptyMap<T>(): Readonly<Record<string, T>> {
  return Object.freeze(Object.create(null) as Record<string, T>);
}

const NO_STRINGS: readonly string[] = Object.freeze([]);
const NO_ARGS = emptyMap<unknown>();
const NO_TOOL = Object.freeze(new ToolValue('', '', NO_STRINGS));
const NO_PROVIDER = Object.freeze(new ProviderValue('', '', NO_STRINGS));
const NO_INJECTION = Object.freeze(new InjectionValue(0, 0, 0, 0, 0));
const NO_FINDINGS = Object.freeze(new FindingsValue(NO_STRINGS, emptyMap<bigint>(), emptyMap<number>(), NO_INJECTION));
const NO_SESSION = Object.freeze(new SessionValue('', NO_STRINGS, emptyMap<bigint>()));
const NO_REQUEST = Object.freeze(new RequestValue('', emptyMap<string>()));

/** Counts arrive as JS numbers; CEL `int` is a BigInt. Fractions are truncated. */
function toIntMap(values: Readonly<Record<string, number>>): Readonly<Record<string, bigint>> {
  const out = Object.create(null) as Record<string, bigint>;
  for (const key of Object.keys(values)) {
    const value = values[key] as number;
    if (!Number.isFinite(value)) throw new TypeError(`CEL activation: count "${key}" is not a finite number`);
    out[key] = BigInt(Math.trunc(value));
  }
  return out;
}

function injectionOf(injection: NonNullable<NonNullable<ActivationInput['findings']>['injection']> | undefined): InjectionValue {
  return injection === undefined || injection.score === 0 ? NO_INJECTION
    : new InjectionValue(injection.score, injection.direct, injection.documents ?? 0, injection.indirect, injection.tools ?? 0);
}

export function createActivation(input: ActivationInput): Activation {
  const { agent, tool, provider, findings, session, request } = input;
  const variables: ActivationVariables = {
    event: input.event,
    agent: new AgentValue(agent.id, agent.team, agent.env, agent.tier, agent.clearances),
    tool: tool === undefined ? NO_TOOL : new ToolValue(tool.server, tool.name, tool.tags),
    args: input.args ?? NO_ARGS,
    untrusted_args: input.untrustedArgs ?? NO_STRINGS,
    untrusted_action: input.untrustedAction ?? false,
    model: input.model ?? '',
    now: new Date(input.now ?? Date.now()),
    provider: provider === undefined ? NO_PROVIDER : new ProviderValue(provider.id, provider.kind, provider.flags),
    findings:
      findings === undefined ? NO_FINDINGS : new FindingsValue(findings.types, toIntMap(findings.counts), findings.max, injectionOf(findings.injection)),
    session: session === undefined ? NO_SESSION : new SessionValue(session.id, session.taints, toIntMap(session.counters)),
    request: request === undefined ? NO_REQUEST : new RequestValue(request.ip, request.headers),
  };
  return variables as unknown as Activation;
}

/** The library-facing view of an activation (for the compiled expressions). */
export function variablesOf(activation: Activation): ActivationVariables {
  return activation as unknown as ActivationVariables;
}
