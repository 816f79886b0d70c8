import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CEL_VARIABLES,
  CelCompileError,
  CelEvalError,
  compileCondition,
  compileNumber,
  createActivation,
  type ActivationInput,
} from '../../src/policy/cel/index.ts';

const AGENT = { id: 'billing-bot', team: 'finance', env: 'prod', tier: 'standard', clearances: ['pci', 'internal'] };

function input(overrides: Partial<ActivationInput> = {}): ActivationInput {
  return { event: 'tool.call', agent: AGENT, ...overrides };
}

function holds(source: string, overrides: Partial<ActivationInput> = {}): boolean {
  return compileCondition(source).evaluate(createActivation(input(overrides)));
}

function compileError(source: string): CelCompileError {
  try {
    compileCondition(source);
  } catch (error) {
    assert.ok(error instanceof CelCompileError, `expected CelCompileError, got ${String(error)}`);
    return error;
  }
  assert.fail(`expected \`${source}\` not to compile`);
}

function evalError(source: string, overrides: Partial<ActivationInput> = {}): CelEvalError {
  const expression = compileCondition(source);
  try {
    expression.evaluate(createActivation(input(overrides)));
  } catch (error) {
    assert.ok(error instanceof CelEvalError, `expected CelEvalError, got ${String(error)}`);
    return error;
  }
  assert.fail(`expected \`${source}\` to fail at evaluation`);
}

describe('CEL conditions on typical policy inputs', () => {
  // Each case is one expression with an event it matches and one it does not, so a case
  // passes only if the expression really distinguishes them.
  const cases: { name: string; source: string; yes: Partial<ActivationInput>; no: Partial<ActivationInput> }[] = [
    {
      name: 'list membership',
      source: '"pci" in agent.clearances',
      yes: {},
      no: { agent: { ...AGENT, clearances: ['internal'] } },
    },
    {
      name: 'exists macro with startsWith',
      source: 'tool.tags.exists(t, t.startsWith("pii"))',
      yes: { tool: { server: 'crm', name: 'lookup', tags: ['read', 'pii-email'] } },
      no: { tool: { server: 'crm', name: 'lookup', tags: ['read'] } },
    },
    {
      name: 'all macro',
      source: 'args.recipients.all(r, r.endsWith("@example.com"))',
      yes: { args: { recipients: ['a@example.com', 'b@example.com'] } },
      no: { args: { recipients: ['a@example.com', 'b@evil.test'] } },
    },
    {
      name: 'an argument only untrusted content supplied',
      source: 'tool.name == "transfer_funds" && "payee" in untrusted_args',
      yes: { tool: { server: '', name: 'transfer_funds', tags: [] }, untrustedArgs: ['memo', 'payee'] },
      no: { tool: { server: '', name: 'transfer_funds', tags: [] }, untrustedArgs: ['memo'] },
    },
    {
      name: 'an action only untrusted content asked for',
      source: 'untrusted_action && "egress" in tool.tags',
      yes: { tool: { server: '', name: 'send_email', tags: ['egress'] }, untrustedAction: true },
      no: { tool: { server: '', name: 'send_email', tags: ['egress'] }, untrustedAction: false },
    },
    {
      name: 'size of an argument list',
      source: 'size(args.ids) > 2',
      yes: { args: { ids: [1, 2, 3] } },
      no: { args: { ids: [1, 2] } },
    },
    {
      name: 'JSON number against an int literal',
      source: 'tool.name == "transfer" && args.amount > 10000',
      yes: { tool: { server: '', name: 'transfer', tags: [] }, args: { amount: 10000.5 } },
      no: { tool: { server: '', name: 'transfer', tags: [] }, args: { amount: 10000 } },
    },
    {
      name: 'JSON integer equals a CEL int',
      source: 'args.count == 3',
      yes: { args: JSON.parse('{"count": 3}') as Record<string, unknown> },
      no: { args: JSON.parse('{"count": 3.5}') as Record<string, unknown> },
    },
    {
      name: 'nested arguments with has()',
      source: 'has(args.patient.ssn) && args.patient.id == "p1"',
      yes: { args: { patient: { id: 'p1', ssn: '000-00-0000' } } },
      no: { args: { patient: { id: 'p1' } } },
    },
    {
      name: 'finding counts and scores',
      source: '"ssn" in findings.types && findings.counts["ssn"] >= 2 && findings.max["ssn"] > 0.8',
      yes: { findings: { types: ['ssn'], counts: { ssn: 2 }, max: { ssn: 0.95 } } },
      no: { findings: { types: ['ssn'], counts: { ssn: 2 }, max: { ssn: 0.5 } } },
    },
    {
      name: 'optional read of an absent count',
      source: 'findings.counts.?email.orValue(0) == 0',
      yes: { findings: { types: ['ssn'], counts: { ssn: 1 }, max: { ssn: 1 } } },
      no: { findings: { types: ['email'], counts: { email: 1 }, max: { email: 1 } } },
    },
    {
      name: 'session taints and counters',
      source: '"untrusted_web" in session.taints && session.counters["tool_calls"] > 10',
      yes: { session: { id: 's1', taints: ['untrusted_web'], counters: { tool_calls: 11 } } },
      no: { session: { id: 's1', taints: ['untrusted_web'], counters: { tool_calls: 10 } } },
    },
    {
      name: 'request headers',
      source: '"x-debug" in request.headers || request.headers["x-env"] == "staging"',
      yes: { request: { ip: '10.0.0.1', headers: { 'x-env': 'staging' } } },
      no: { request: { ip: '10.0.0.1', headers: { 'x-env': 'prod' } } },
    },
    {
      name: 'model, provider and event',
      source: 'event == "llm.request" && provider.kind == "openai" && model.startsWith("gpt-4")',
      yes: { event: 'llm.request', model: 'gpt-4o', provider: { id: 'oai', kind: 'openai', flags: [] } },
      no: { event: 'llm.request', model: 'gpt-3.5', provider: { id: 'oai', kind: 'openai', flags: [] } },
    },
    {
      name: 'ternary on agent fields',
      source: 'agent.env == "prod" ? agent.tier == "privileged" : true',
      yes: { agent: { ...AGENT, env: 'dev' } },
      no: {},
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.equal(holds(c.source, c.yes), true);
      assert.equal(holds(c.source, c.no), false);
    });
  }
});

describe('CEL compile errors', () => {
  it('reports an unknown field of a struct variable at the field', () => {
    const error = compileError('tool.name == "x" && agent.teem == "finance"');
    assert.equal(error.code, 'no_such_key');
    assert.equal(error.offset, 26);
    assert.match(error.message, /teem/);
  });

  it('reports a type mismatch', () => {
    assert.equal(compileError('agent.team == 1').code, 'no_such_overload');
    assert.match(compileError('session.counters["calls"] > "3"').message, /int > string/);
  });

  it('reports an unknown variable where it is used', () => {
    const error = compileError('agent.id == "a" || agnet.id == "b"');
    assert.equal(error.code, 'unknown_variable');
    assert.equal(error.offset, 19);
  });

  it('reports a syntax error at the offending token', () => {
    const source = 'agent.id == "a" &&';
    const error = compileError(source);
    assert.equal(error.offset, source.length);
  });

  it('counts offsets in UTF-16 code units, as JS strings do', () => {
    const source = '"é😀" != agent.id && agent.nmae == ""';
    assert.equal(compileError(source).offset, source.indexOf('nmae'));
  });

  it('refuses a condition that is not boolean', () => {
    const error = compileError('agent.id');
    assert.equal(error.code, 'wrong_result_type');
    assert.match(error.message, /bool.*string/);
  });

  it('names `matches` as the author wrote it, not the internal RE2 function', () => {
    const error = compileError('matches(agent.id, 1)');
    assert.match(error.message, /matches\(string, int\)/);
    assert.doesNotMatch(error.message, /re2/);
  });
});

describe('CEL evaluation errors', () => {
  it('raises CelEvalError for an absent argument', () => {
    const error = evalError('args.amount > 100', { args: {} });
    assert.equal(error.code, 'no_such_key');
    assert.equal(error.offset, 5);
  });

  it('raises CelEvalError for a runtime type mismatch', () => {
    assert.equal(evalError('args.amount + 1 > 100', { args: { amount: 'lots' } }).code, 'no_such_overload');
    assert.equal(evalError('args.flag', { args: { flag: 'yes' } }).code, 'condition_not_bool');
  });

  it('never repeats activation values in the message', () => {
    const secret = 'SECRET-4111111111111111';
    const error = evalError('args[args.key] == 1', { args: { key: secret } });
    assert.equal(error.code, 'no_such_key');
    assert.doesNotMatch(error.message, /SECRET/);
    assert.match(error.message, /args\[args\.key\]/);
  });

  it('fails, not crashes, when args is not a JSON object', () => {
    const error = evalError('size(args) == 2', { args: [1, 2] as unknown as Record<string, unknown> });
    assert.equal(error.code, 'variable_type_mismatch');
  });
});

describe('createActivation', () => {
  it('fills every variable with an empty default', () => {
    const everythingEmpty = [
      'tool.server == "" && tool.name == "" && size(tool.tags) == 0',
      'size(args) == 0 && size(untrusted_args) == 0 && !untrusted_action && model == "" && provider.id == "" && provider.kind == "" && size(provider.flags) == 0',
      'size(findings.types) == 0 && size(findings.counts) == 0 && size(findings.max) == 0',
      'session.id == "" && size(session.taints) == 0 && size(session.counters) == 0',
      'request.ip == "" && size(request.headers) == 0',
    ].join(' && ');
    assert.equal(holds(everythingEmpty), true);
    assert.equal(holds(everythingEmpty, { model: 'gpt-4o' }), false);
  });

  it('makes counts CEL ints, so int arithmetic works (fractions truncate)', () => {
    const session = { id: 's', taints: [], counters: { calls: 2.9 } };
    assert.equal(holds('session.counters.calls + 1 == 3', { session }), true);
  });

  it('does not expose inherited properties of argument objects', () => {
    assert.equal(holds('"toString" in args || has(args.constructor)', { args: {} }), false);
  });
});

describe('compileNumber', () => {
  const activation = createActivation(
    input({
      args: { amount: 1250.5, label: 'x' },
      findings: { types: ['ssn'], counts: { ssn: 3 }, max: { ssn: 0.9 } },
    }),
  );

  it('returns doubles and ints as JS numbers', () => {
    assert.equal(compileNumber('args.amount').evaluate(activation), 1250.5);
    assert.equal(compileNumber('findings.counts.ssn * 2').evaluate(activation), 6);
    assert.equal(compileNumber('size(agent.clearances)').evaluate(activation), 2);
  });

  it('refuses a non-numeric expression at compile time', () => {
    assert.throws(() => compileNumber('agent.id'), (e: unknown) => e instanceof CelCompileError && e.code === 'wrong_result_type');
  });

  it('raises CelEvalError when a dyn value is not a number', () => {
    assert.throws(() => compileNumber('args.label').evaluate(activation), (e: unknown) => e instanceof CelEvalError);
  });
});

describe('CEL_VARIABLES', () => {
  it('documents every variable, and each one compiles', () => {
    assert.deepEqual(
      CEL_VARIABLES.map((v) => v.name),
      ['event', 'agent', 'tool', 'args', 'untrusted_args', 'untrusted_action', 'model', 'now', 'provider', 'findings', 'session', 'request'],
    );
    assert.match(CEL_VARIABLES.find((v) => v.name === 'agent')?.type ?? '', /clearances: list<string>/);
    for (const v of CEL_VARIABLES) assert.equal(compileCondition(`type(${v.name}) != null_type`).type, 'bool');
  });
});

describe('now', () => {
  it('is the event time as a timestamp, with time zones', () => {
    const condition = compileCondition('now.getHours("America/New_York") < 7 || now.getDayOfWeek() == 0');
    const at = (iso: string) => createActivation({ event: 'tool.call', agent: { id: 'a', team: 't', env: 'e', tier: 's', clearances: [] }, now: Date.parse(iso) });
    assert.equal(condition.evaluate(at('2026-11-29T03:00:00Z')), true, 'a Sunday in UTC (22:00 Saturday in New York)');
    assert.equal(condition.evaluate(at('2026-11-30T15:00:00Z')), false, 'Monday 10:00 in New York');
    assert.equal(condition.evaluate(at('2026-12-01T10:00:00Z')), true, 'Tuesday 05:00 in New York');
  });
});
