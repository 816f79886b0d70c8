// The variables a policy condition can read, with their CEL types. One table drives three
// things so they cannot drift apart: the struct types registered with the CEL environment
// (field-level type checking: `agent.teem` is a compile error), the classes activations are
// built from, and the documentation shown by `policy explain`.
//
// Struct values are class instances rather than plain objects because the library resolves a
// registered struct type by the value's constructor; a plain object would be a map at runtime
// and fail the variable's declared type.

/** The agent (principal) behind the exchange. */
export class AgentValue {
  readonly id: string;
  readonly team: string;
  readonly env: string;
  readonly tier: string;
  readonly clearances: readonly string[];
  constructor(id: string, team: string, env: string, tier: string, clearances: readonly string[]) {
    this.id = id;
    this.team = team;
    this.env = env;
    this.tier = tier;
    this.clearances = clearances;
  }
}

/** The tool being called or offered; `server` is '' for tools declared at the LLM layer. */
export class ToolValue {
  readonly server: string;
  readonly name: string;
  readonly tags: readonly string[];
  constructor(server: string, name: string, tags: readonly string[]) {
    this.server = server;
    this.name = name;
    this.tags = tags;
  }
}

export class ProviderValue {
  readonly id: string;
  readonly kind: string;
  readonly flags: readonly string[];
  constructor(id: string, kind: string, flags: readonly string[]) {
    this.id = id;
    this.kind = kind;
    this.flags = flags;
  }
}

/** Detector results, aggregated per finding type: how many, and the highest score. */
/**
 * The highest flagged prompt-injection score: overall, in direct input, in documents pasted or
 * retrieved into it, in indirect input, in tool definitions.
 */
export class InjectionValue {
  readonly score: number;
  readonly direct: number;
  readonly documents: number;
  readonly indirect: number;
  readonly tools: number;
  constructor(score: number, direct: number, documents: number, indirect: number, tools: number) {
    this.score = score;
    this.direct = direct;
    this.documents = documents;
    this.indirect = indirect;
    this.tools = tools;
  }
}

export class FindingsValue {
  readonly types: readonly string[];
  readonly counts: Readonly<Record<string, bigint>>;
  readonly max: Readonly<Record<string, number>>;
  readonly injection: InjectionValue;
  constructor(
    types: readonly string[], counts: Readonly<Record<string, bigint>>, max: Readonly<Record<string, number>>, injection: InjectionValue,
  ) {
    this.types = types;
    this.counts = counts;
    this.max = max;
    this.injection = injection;
  }
}

/** A struct that is the type of a field rather than of a variable. */
const INJECTION_STRUCT = {
  typeName: 'Injection',
  ctor: InjectionValue,
  fields: { score: 'double', direct: 'double', documents: 'double', indirect: 'double', tools: 'double' },
} as const;

export class SessionValue {
  readonly id: string;
  readonly taints: readonly string[];
  readonly counters: Readonly<Record<string, bigint>>;
  constructor(id: string, taints: readonly string[], counters: Readonly<Record<string, bigint>>) {
    this.id = id;
    this.taints = taints;
    this.counters = counters;
  }
}

export class RequestValue {
  readonly ip: string;
  readonly headers: Readonly<Record<string, string>>;
  constructor(ip: string, headers: Readonly<Record<string, string>>) {
    this.ip = ip;
    this.headers = headers;
  }
}

export interface StructDeclaration {
  /** The CEL type name (appears in type errors, e.g. "no such overload: Agent == string"). */
  readonly typeName: string;
  readonly ctor: abstract new (...args: never[]) => object;
  readonly fields: Readonly<Record<string, string>>;
}

interface VariableDeclaration {
  readonly name: string;
  /** A CEL type name, or a struct declaration. */
  readonly type: string | StructDeclaration;
  readonly description: string;
}

const VARIABLES: readonly VariableDeclaration[] = [
  {
    name: 'event',
    type: 'string',
    description: 'what is being decided, e.g. "llm.request", "tool.call"',
  },
  {
    name: 'agent',
    type: {
      typeName: 'Agent',
      ctor: AgentValue,
      fields: { id: 'string', team: 'string', env: 'string', tier: 'string', clearances: 'list<string>' },
    },
    description: 'the authenticated agent',
  },
  {
    name: 'tool',
    type: { typeName: 'Tool', ctor: ToolValue, fields: { server: 'string', name: 'string', tags: 'list<string>' } },
    description: 'the tool being called or offered (server is "" at the LLM layer; all empty when no tool)',
  },
  {
    name: 'args',
    type: 'map<string, dyn>',
    description: 'the tool call arguments as parsed JSON (numbers are doubles; {} when no tool call)',
  },
  {
    name: 'untrusted_args',
    type: 'list<string>',
    description: 'the arguments of a proposed call (top-level names) that carry a value (an address, URL, account, ' +
      'phone or card number, @handle; an account to grant or a place to ship to) only a tool result, retrieved document or tool description supplied, ' +
      'not the system prompt or a user message (tool.call and mcp.call; [] for other events)',
  },
  {
    name: 'untrusted_action',
    type: 'bool',
    description: 'a proposed call whose action only a tool result or document asked for: the verb of its tool\'s name ' +
      '(delete in delete_emails) is written in one, and no word of the name in the user\'s own messages (tool.call; false otherwise)',
  },
  { name: 'model', type: 'string', description: 'the requested model ("" when none)' },
  {
    name: 'now',
    type: 'google.protobuf.Timestamp',
    description: 'when the event happens (e.g. now.getHours("Europe/Berlin") < 7, now.getDayOfWeek() == 0)',
  },
  {
    name: 'provider',
    type: { typeName: 'Provider', ctor: ProviderValue, fields: { id: 'string', kind: 'string', flags: 'list<string>' } },
    description: 'the upstream provider serving the request (all empty when none)',
  },
  {
    name: 'findings',
    type: {
      typeName: 'Findings',
      ctor: FindingsValue,
      fields: { types: 'list<string>', counts: 'map<string, int>', max: 'map<string, double>', injection: 'Injection' },
    },
    description: 'detector findings: the types found, per type how many and the highest score, and ' +
      'injection{score, direct, documents, indirect, tools}: the highest flagged prompt-injection score overall, in ' +
      'system/user messages, in documents pasted or retrieved into them, in tool results, and in tool descriptions (0.0 when none)',
  },
  {
    name: 'session',
    type: {
      typeName: 'Session',
      ctor: SessionValue,
      fields: { id: 'string', taints: 'list<string>', counters: 'map<string, int>' },
    },
    description: "the agent session: its taints and counters (id is '' when there is no session)",
  },
  {
    name: 'request',
    type: { typeName: 'Request', ctor: RequestValue, fields: { ip: 'string', headers: 'map<string, string>' } },
    description: 'the client connection: remote address and request headers (lower-case names)',
  },
];

/** The struct types, for registration with the environment. */
export const STRUCTS: readonly StructDeclaration[] = [
  INJECTION_STRUCT,
  ...VARIABLES.flatMap((v) => (typeof v.type === 'string' ? [] : [v.type])),
];

/** Each variable with the CEL type name it is declared with. */
export const VARIABLE_TYPES: readonly { name: string; type: string }[] = VARIABLES.map((v) => ({
  name: v.name,
  type: typeof v.type === 'string' ? v.type : v.type.typeName,
}));

function describeType(type: string | StructDeclaration): string {
  if (typeof type === 'string') return type;
  const fields = Object.entries(type.fields).map(([name, fieldType]) => `${name}: ${fieldType}`);
  return `${type.typeName}{${fields.join(', ')}}`;
}

/** The variables every condition can read, for docs and `policy explain`. */
export const CEL_VARIABLES: readonly { name: string; type: string; description: string }[] = Object.freeze(
  VARIABLES.map((v) => Object.freeze({ name: v.name, type: describeType(v.type), description: v.description })),
);
