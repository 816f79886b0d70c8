/**
 * The policy engine's documented semantics, through the front door: a YAML config parsed and
 * compiled as the gateway does it, decided on the in-process store (synchronously). Sessions,
 * kill switches, offered tools and CEL error locations are in engine-sessions.test.ts, limits
 * in engine-limits.test.ts, approvals in engine-approvals.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseConfig } from '../../src/config/load.ts';
import { compilePolicy } from '../../src/policy/compile.ts';
import { resolve } from '../../src/policy/rules.ts';
import type { RuleMatch } from '../../src/core/decision.ts';
import type { PolicyEventInput } from '../../src/policy/event.ts';
import { HASH, call, ids, principal, setup, sync, yaml } from './engine-helpers.ts';

describe('least privilege', () => {
  const catalog = `tools:
  - { name: "get_*", tags: [read_only] }
  - { name: send_email, tags: [egress] }
  - { name: run_sql, server: db, tags: [database] }
`;
  const { engine } = setup(yaml('', { tools: '[get_weather, "lookup_*", "tag:read_only", "tag:database"]', catalog }));
  const decide = (tool: string, extra: Partial<PolicyEventInput> = {}) => sync(engine.decide(call(tool, {}, extra)));

  test('an exact allow-list entry admits the tool, and the decision names it', () => {
    const d = decide('get_weather');
    assert.equal(d.action, 'allow');
    assert.equal(d.tool, 'get_weather');
    assert.equal(d.matches[0]?.id, 'allowlist:get_weather');
    assert.equal(d.matches[0]?.source, 'allowlist');
    assert.equal(d.reason, d.matches[0]?.reason);
  });

  test('a glob entry admits what it matches and nothing else', () => {
    assert.equal(decide('lookup_claim').action, 'allow');
    assert.equal(decide('lookup_claim').matches[0]?.id, 'allowlist:lookup_*');
    assert.equal(decide('xlookup_claim').action, 'deny');
    assert.equal(decide('lookup').action, 'deny');
    assert.equal(decide('LOOKUP_claim').action, 'deny', 'names are case-sensitive');
  });

  test('tag:<capability> admits catalog tools carrying that tag', () => {
    const d = decide('get_time');
    assert.equal(d.action, 'allow');
    assert.equal(d.matches[0]?.id, 'allowlist:tag:read_only');
    assert.equal(decide('send_email').action, 'deny', 'egress is not read_only');
    assert.equal(decide('unlisted_tool').action, 'deny', 'a tool outside the catalog has no tags');
  });

  test("a catalog entry scoped to an MCP server tags only that server's tool", () => {
    assert.equal(decide('run_sql').action, 'deny', 'at the LLM layer there is no server');
    assert.equal(decide('run_sql', { kind: 'mcp.call', tool: { name: 'run_sql', server: 'other' } }).action, 'deny');
    assert.equal(decide('run_sql', { kind: 'mcp.call', tool: { name: 'run_sql', server: 'db' } }).action, 'allow');
  });

  test('a tool not admitted is denied by tool-allowlist, naming tool and agent', () => {
    const d = decide('delete_everything');
    assert.equal(d.action, 'deny');
    assert.deepEqual(ids(d.matches), ['tool-allowlist']);
    assert.equal(d.matches[0]?.source, 'allowlist');
    assert.match(d.reason, /delete_everything/);
    assert.match(d.reason, /a1/);
  });

  test('mcp.call is held to the same allow-list', () => {
    assert.equal(decide('get_weather', { kind: 'mcp.call' }).action, 'allow');
    assert.equal(decide('nope', { kind: 'mcp.call' }).matches[0]?.id, 'tool-allowlist');
  });

  test('an agent with an empty list, or an unknown agent, may call nothing', () => {
    for (const agent of ['a2', 'ghost']) {
      const d = decide('get_weather', { principal: principal(agent, 't2') });
      assert.equal(d.action, 'deny', agent);
      assert.equal(d.matches[0]?.id, 'tool-allowlist', agent);
    }
  });

  test('an allow rule admits a tool beyond the list, only where its condition holds', () => {
    const { engine } = setup(yaml(`policy:
  rules:
    - { id: team-search, on: tool.call, when: 'tool.name == "search" && agent.team == "t1"', action: allow, reason: team t1 may search }
`));
    const d = sync(engine.decide(call('search')));
    assert.equal(d.action, 'allow');
    assert.deepEqual(ids(d.matches), ['team-search']);
    assert.equal(d.reason, 'team t1 may search');
    const other = sync(engine.decide(call('search', {}, { principal: principal('a2', 't2') })));
    assert.equal(other.action, 'deny');
    assert.equal(other.matches[0]?.id, 'tool-allowlist');
  });

  test('events that are not calls are not subject to the allow-list', () => {
    const d = sync(engine.decide({ kind: 'llm.request', principal: principal('a2', 't2') }));
    assert.equal(d.action, 'allow');
    assert.deepEqual(d.matches, []);
  });
});

describe('precedence and explanation', () => {
  test('deny beats allow: an allow rule and a deny rule both matching deny', () => {
    const { engine } = setup(yaml(`policy:
  rules:
    - { id: allow-search, on: tool.call, when: 'tool.name == "search"', action: allow, reason: search is fine }
    - { id: no-secrets, on: tool.call, when: 'args.q.contains("secret")', action: deny, reason: no secrets, severity: high }
`));
    const d = sync(engine.decide(call('search', { q: 'the secret plan' })));
    assert.equal(d.action, 'deny');
    assert.equal(d.reason, 'no secrets');
    assert.deepEqual(ids(d.matches), ['no-secrets', 'allow-search'], 'deciding match first; the allow is still shown');
    assert.equal(d.matches[0]?.severity, 'high');
    assert.equal(sync(engine.decide(call('search', { q: 'weather' }))).action, 'allow');
  });

  test('deny beats the allow-list, and the first deny rule written decides among several', () => {
    const { engine } = setup(yaml(`policy:
  rules:
    - { id: first, on: tool.call, when: 'true', action: deny, reason: first reason }
    - { id: second, on: tool.call, when: 'true', action: deny, reason: second reason }
`));
    const d = sync(engine.decide(call('get_weather')));
    assert.equal(d.action, 'deny');
    assert.deepEqual(ids(d.matches), ['first', 'second', 'allowlist:get_weather']);
    assert.equal(d.reason, 'first reason');
  });

  test('deny beats approve, and no approval is requested for a denied call', () => {
    const { engine, store } = setup(yaml(`policy:
  rules:
    - { id: hold, on: tool.call, when: 'true', action: approve, reason: a human decides }
    - { id: never, on: tool.call, when: 'args.x == 1', action: deny, reason: never with x }
`));
    const d = sync(engine.decide(call('get_weather', { x: 1 })));
    assert.equal(d.action, 'deny');
    assert.deepEqual(ids(d.matches), ['never', 'hold', 'allowlist:get_weather']);
    assert.equal(d.approval, undefined);
    assert.deepEqual(store.listApprovals(undefined, 0), []);
    assert.equal(sync(engine.decide(call('get_weather', { x: 2 }))).action, 'approve');
  });

  test('on content events deny beats redact, and redact beats the default allow', () => {
    const { engine } = setup(yaml(`policy:
  rules:
    - { id: mask-pii, on: llm.request, when: '"pii" in findings.types', action: redact, reason: pii is masked }
    - { id: no-keys, on: llm.request, when: '"secret" in findings.types', action: deny, reason: no credentials }
`));
    const event = (types: string[]): PolicyEventInput => ({
      kind: 'llm.request', principal: principal(), now: 1,
      findings: types.map((type) => ({ detector: 'test', type, partIndex: 0, start: 0, end: 1, score: 1 })),
    });
    const redacted = sync(engine.decide(event(['pii'])));
    assert.equal(redacted.action, 'redact');
    assert.equal(redacted.reason, 'pii is masked');
    const denied = sync(engine.decide(event(['pii', 'secret'])));
    assert.equal(denied.action, 'deny');
    assert.deepEqual(ids(denied.matches), ['no-keys', 'mask-pii']);
    const plain = sync(engine.decide(event([])));
    assert.equal(plain.action, 'allow');
    assert.deepEqual(plain.matches, []);
  });

  test('resolve orders deny > approve > redact > allow and ignores monitor', () => {
    const m = (id: string, action: RuleMatch['action']): RuleMatch => ({ id, source: 'rule', action, reason: id, severity: 'low', tags: {} });
    const out = resolve([m('al', 'allow'), m('mo', 'monitor'), m('re', 'redact'), m('ap', 'approve'), m('de', 'deny')]);
    assert.equal(out.action, 'deny');
    assert.deepEqual(ids(out.ordered), ['de', 'ap', 're', 'al', 'mo']);
    assert.equal(resolve([m('re', 'redact'), m('ap', 'approve')]).action, 'approve');
    assert.equal(resolve([m('al', 'allow'), m('re', 'redact')]).action, 'redact');
    assert.equal(resolve([m('mo', 'monitor')]).action, 'allow');
  });
});

describe('policy version', () => {
  const base = yaml(`policy:
  rules:
    - { id: r, on: tool.call, when: 'args.n > 1', action: deny, reason: too many }
`);
  const version = (text: string) => compilePolicy(parseConfig(text, 'test.yaml', {})).version;

  test('is a sha256 content hash, stable for the same config and carried by every decision', () => {
    const v = version(base);
    assert.match(v, /^sha256:[0-9a-f]{64}$/);
    assert.equal(version(base), v);
    const { engine } = setup(base);
    assert.equal(sync(engine.decide(call('get_weather'))).policyVersion, v);
    assert.equal(sync(engine.decide(call('nope'))).policyVersion, v);
  });

  test('changes when a rule changes', () => {
    const v = version(base);
    assert.notEqual(version(base.replace("'args.n > 1'", "'args.n > 2'")), v);
    assert.notEqual(version(base.replace('too many', 'far too many')), v);
    assert.notEqual(version(base.replace('action: deny', 'action: approve')), v);
    assert.notEqual(version(base.replace('[get_weather]', '[get_weather, get_time]')), v, 'a grant is policy');
  });

  test('does not change when only secrets or endpoints change', () => {
    const v = version(base);
    assert.equal(version(base.replace('sk-test', 'sk-rotated')), v);
    assert.equal(version(base.replace('https://api.openai.com/v1', 'https://proxy.example.com/v1')), v);
    assert.equal(version(base.replace(HASH('a'), HASH('c'))), v, 'an agent key rotation');
  });

  test('does not change when only the approval webhook (URL, token header) changes', () => {
    const withHook = (url: string, token: string) => `${base}  approvals:
    webhook: { url: "${url}", headers: { authorization: "Bearer ${token}" } }
`;
    const v = version(withHook('https://hooks.example.com/a', 't1'));
    assert.equal(version(withHook('https://hooks.example.com/b', 't2')), v);
    assert.equal(version(base), v);
  });
});

describe('monitor', () => {
  const { engine } = setup(yaml(`policy:
  rules:
    - { id: would-deny, on: tool.call, when: 'args.n > 1', action: deny, mode: monitor, reason: would deny }
    - { id: watch, on: tool.call, when: 'args.n > 5', action: monitor, reason: watching }
    - { id: would-admit, on: tool.call, when: 'tool.name == "secret_tool"', action: allow, mode: monitor, reason: trial grant }
`));

  test('a monitor-mode deny leaves the action unchanged and is listed in monitored', () => {
    const d = sync(engine.decide(call('get_weather', { n: 2 })));
    assert.equal(d.action, 'allow');
    assert.deepEqual(ids(d.monitored), ['would-deny']);
    assert.equal(d.monitored[0]?.action, 'deny', 'a monitored match says what it would have done');
    assert.ok(!ids(d.matches).includes('would-deny'));
  });

  test('action: monitor is listed in monitored and changes nothing', () => {
    const d = sync(engine.decide(call('get_weather', { n: 9 })));
    assert.equal(d.action, 'allow');
    assert.deepEqual(ids(d.monitored), ['would-deny', 'watch']);
    assert.equal(d.monitored[1]?.action, 'monitor');
  });

  test('a monitor-mode approve holds nothing', () => {
    const { engine, store } = setup(yaml(`policy:
  rules:
    - { id: would-hold, on: tool.call, when: 'true', action: approve, mode: monitor, reason: trial approval }
`));
    const d = sync(engine.decide(call('get_weather')));
    assert.equal(d.action, 'allow');
    assert.equal(d.approval, undefined);
    assert.deepEqual(ids(d.monitored), ['would-hold']);
    assert.deepEqual(store.listApprovals(undefined, 0), []);
  });

  test('a monitor-mode allow does not admit a tool', () => {
    const d = sync(engine.decide(call('secret_tool', { n: 0 })));
    assert.equal(d.action, 'deny');
    assert.equal(d.matches[0]?.id, 'tool-allowlist');
    assert.deepEqual(ids(d.monitored), ['would-admit']);
  });
});

describe('fail closed', () => {
  const { engine } = setup(yaml(`policy:
  rules:
    - { id: big, on: tool.call, when: 'args.missing > 1', action: deny, reason: too big }
    - { id: admit, on: tool.call, when: 'tool.name == "extra" && args.ok == true', action: allow, reason: extra when ok }
`));

  test('a deny rule whose condition errors matches and carries the error', () => {
    const d = sync(engine.decide(call('get_weather', { other: 1 })));
    assert.equal(d.action, 'deny');
    assert.equal(d.matches[0]?.id, 'big');
    assert.equal(typeof d.matches[0]?.error, 'string');
    assert.match(d.matches[0]?.error ?? '', /no such key/);
    const fine = sync(engine.decide(call('get_weather', { missing: 0 })));
    assert.equal(fine.action, 'allow');
    assert.equal(fine.matches.find((m) => m.id === 'big'), undefined);
  });

  test('an allow rule whose condition errors does not admit', () => {
    const d = sync(engine.decide(call('extra', { missing: 0 })));
    assert.equal(d.action, 'deny');
    assert.equal(d.matches[0]?.id, 'tool-allowlist');
    assert.equal(sync(engine.decide(call('extra', { missing: 0, ok: true }))).action, 'allow');
  });

  test('a redact rule whose condition errors redacts (the error is recorded)', () => {
    const { engine } = setup(yaml(`policy:
  rules:
    - { id: mask, on: tool.result, when: 'args.missing == "x"', action: redact, reason: mask results }
`));
    const d = sync(engine.decide({ ...call('get_weather', { city: 'Oslo' }), kind: 'tool.result' }));
    assert.equal(d.action, 'redact');
    assert.match(d.matches[0]?.error ?? '', /no such key/);
  });

  test('malformed tool arguments are denied before any rule runs', () => {
    for (const text of ['{not json', '[1,2]', '"text"', '42', 'null']) {
      const d = sync(engine.decide(call('get_weather', undefined, { argumentsText: text })));
      assert.equal(d.action, 'deny', text);
      assert.deepEqual(ids(d.matches), ['malformed-arguments'], text);
    }
    assert.equal(sync(engine.decide(call('get_weather', undefined, { argumentsText: '' }))).action, 'deny',
      'no arguments at all: rules still see args as {} and big fails closed');
  });

  test('arguments that repeat a key are malformed: rules and tools could read different values', () => {
    const { engine } = setup(yaml(`policy:
  rules:
    - { id: cap, on: tool.call, when: 'args.amount > 100', action: deny, reason: too much }
`));
    assert.equal(sync(engine.decide(call('get_weather', undefined, { argumentsText: '{"amount": 5}' }))).action, 'allow');
    const url = '{"amount": 5, "to": "https://a.example:8443/x?y=1:2", "when": "12:30"}';
    assert.equal(sync(engine.decide(call('get_weather', undefined, { argumentsText: url }))).action, 'allow', 'colons in values');
    const deep = `{"amount": 5, "a": ${'['.repeat(100)}{"b": 1}${']'.repeat(100)}}`;
    assert.equal(sync(engine.decide(call('get_weather', undefined, { argumentsText: deep }))).action, 'allow');
    for (const text of [
      '{"amount": 1000000, "amount": 5}', '{"x": {"amount": 1, "amount": 2}}', '{"__proto__": 1, "__proto__": 2}',
      '{"to": "https://a.example:8443", "amount": 1000000, "amount": 5}', '{"amount": 1e6, "a\\u006dount": 5}',
      `{"a": ${'['.repeat(300)}${']'.repeat(300)}}`,
    ]) {
      const d = sync(engine.decide(call('get_weather', undefined, { argumentsText: text })));
      assert.equal(d.action, 'deny', text);
      assert.deepEqual(ids(d.matches), ['malformed-arguments'], text);
    }
  });
});
