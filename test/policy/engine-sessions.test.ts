/**
 * The policy engine, continued: session taints, kill switches, which offered tools survive,
 * and where CEL errors in a config are reported.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError } from '../../src/config/errors.ts';
import { parseConfig } from '../../src/config/load.ts';
import { PROVIDERS, call, ids, principal, setup, sync, yaml } from './engine-helpers.ts';

describe('sessions and taints', () => {
  const { engine } = setup(yaml(`policy:
  rules:
    - { id: no-egress-after-phi, on: tool.call, when: '"phi" in session.taints && "egress" in tool.tags', action: deny, reason: phi was read }
  sessions:
    taints:
      - { label: phi, on: tool.call, when: '"reads_phi" in tool.tags' }
`, {
    tools: '[read_record, send_email, get_weather]',
    catalog: `tools:
  - { name: read_record, tags: [reads_phi] }
  - { name: send_email, tags: [egress] }
`,
  }));
  const inSession = (tool: string, sessionId: string) => sync(engine.decide(call(tool, {}, { sessionId })));

  test('an allowed event that matches a taint adds the label, and rules see it later in that session only', () => {
    assert.equal(inSession('send_email', 's1').action, 'allow', 'before the taint');
    const read = inSession('read_record', 's1');
    assert.equal(read.action, 'allow');
    assert.deepEqual(read.taints, ['phi']);
    const egress = inSession('send_email', 's1');
    assert.equal(egress.action, 'deny');
    assert.equal(egress.matches[0]?.id, 'no-egress-after-phi');
    assert.equal(inSession('send_email', 's2').action, 'allow', 'another session is clean');
    assert.equal(inSession('read_record', 's1').taints, undefined, 'a label already held is not added again');
  });

  test('session counters count allowed events per kind and per tool, before the event being decided', () => {
    const { engine } = setup(yaml(`policy:
  rules:
    - id: three-emails-a-session
      on: tool.call
      when: 'tool.name == "send_email" && session.counters[?"tool.call:send_email"].orValue(0) >= 3'
      action: deny
      reason: at most three emails per session
`, { tools: '[send_email, get_weather]' }));
    const email = (sessionId: string) => sync(engine.decide(call('send_email', {}, { sessionId }))).action;
    assert.deepEqual([email('c1'), email('c1'), email('c1'), email('c1')], ['allow', 'allow', 'allow', 'deny']);
    assert.equal(sync(engine.decide(call('get_weather', {}, { sessionId: 'c1' }))).action, 'allow', 'other tools are not counted against it');
    assert.equal(email('c2'), 'allow', 'each session counts for itself');
    assert.equal(email('c1'), 'deny', 'denied calls are not counted, and the count stands');
  });

  test('a taint whose condition cannot be evaluated is added: taints only restrict', () => {
    const { engine } = setup(yaml(`policy:
  sessions:
    taints:
      - { label: maybe, on: tool.call, when: 'args.source == "web"' }
`));
    assert.equal(sync(engine.decide(call('get_weather', { source: 'db' }, { sessionId: 'x' }))).taints, undefined);
    assert.deepEqual(sync(engine.decide(call('get_weather', {}, { sessionId: 'x' }))).taints, ['maybe']);
  });

  test('a denied event adds no taint', () => {
    const { engine } = setup(yaml(`policy:
  rules:
    - { id: no-phi-for-t2, on: tool.call, when: 'agent.team == "t2"', action: deny, reason: t2 may not read phi }
    - { id: egress-after-phi, on: tool.call, when: '"phi" in session.taints && tool.name == "send_email"', action: deny, reason: phi was read }
  sessions:
    taints:
      - { label: phi, on: tool.call, when: 'tool.name == "read_record"' }
`, { tools: '[read_record, send_email]', a2Tools: '[read_record, send_email]' }));
    const as2 = (tool: string) => sync(engine.decide(call(tool, {}, { sessionId: 's', principal: principal('a2', 't2') })));
    const read = as2('read_record');
    assert.equal(read.action, 'deny');
    assert.equal(read.taints, undefined);
    // The same session id for a1: still clean, since a2's denied read added nothing.
    assert.equal(sync(engine.decide(call('send_email', {}, { sessionId: 's' }))).action, 'allow');
    const notAdmitted = sync(engine.decide(call('read_record', {}, { sessionId: 's3', principal: principal('ghost', 't1') })));
    assert.equal(notAdmitted.action, 'deny');
    assert.equal(sync(engine.decide(call('send_email', {}, { sessionId: 's3' }))).action, 'allow');
  });
});

describe('kill switch', () => {
  const at = 5;
  test('the global switch denies every event, a per-agent switch only that agent, and release restores', () => {
    const { engine, store } = setup(yaml('', { a2Tools: '[get_weather]' }));
    const a2 = { principal: principal('a2', 't2') };
    store.setKillSwitch('*', { engaged: true, by: 'ops', reason: 'incident 42', at });
    for (const event of [call('get_weather'), call('get_weather', {}, a2), { kind: 'llm.request', principal: principal() } as const]) {
      const d = sync(engine.decide(event));
      assert.equal(d.action, 'deny');
      assert.deepEqual(ids(d.matches), ['kill-switch']);
      assert.equal(d.matches[0]?.source, 'kill_switch');
      assert.match(d.reason, /ops/);
      assert.match(d.reason, /incident 42/);
    }
    store.setKillSwitch('*', { engaged: false, by: 'ops', reason: 'resolved', at });
    assert.equal(sync(engine.decide(call('get_weather'))).action, 'allow');

    store.setKillSwitch('a1', { engaged: true, by: 'ops', reason: 'a1 misbehaves', at });
    assert.equal(sync(engine.decide(call('get_weather'))).matches[0]?.id, 'kill-switch');
    assert.equal(sync(engine.decide({ kind: 'llm.response', principal: principal() })).action, 'deny');
    assert.equal(sync(engine.decide(call('get_weather', {}, a2))).action, 'allow');
    store.setKillSwitch('a1', { engaged: false, by: 'ops', reason: 'fixed', at });
    assert.equal(sync(engine.decide(call('get_weather'))).action, 'allow');
  });
});

describe('offering tools', () => {
  const { engine } = setup(yaml(`policy:
  rules:
    - { id: team-search, on: tool.call, when: 'tool.name == "search" && agent.team == "t1"', action: allow, reason: t1 searches }
    - { id: small-pay, on: tool.call, when: 'tool.name == "pay" && args.amount < 10', action: allow, reason: small payments }
`, { tools: '[get_weather, "tag:read_only"]', catalog: 'tools:\n  - { name: "get_*", tags: [read_only] }\n' }));

  test('mayOffer: the allow-list or an argument-free allow rule admits; nothing else does', () => {
    assert.equal(engine.mayOffer(principal(), 'get_weather'), true);
    assert.equal(engine.mayOffer(principal(), 'get_time'), true, 'by tag');
    assert.equal(engine.mayOffer(principal(), 'search'), true, 'by an allow rule');
    assert.equal(engine.mayOffer(principal('a2', 't2'), 'search'), false);
    assert.equal(engine.mayOffer(principal('a2', 't2'), 'get_weather'), false);
    assert.equal(engine.mayOffer(principal(), 'pay'), false, 'a rule that needs arguments cannot admit the definition');
    assert.equal(engine.mayOffer(principal(), 'delete_all'), false);
  });

  test('strippedTools records a redact decision by tool-allowlist naming the tools', () => {
    const d = engine.strippedTools(['delete_all', 'pay']);
    assert.equal(d.event, 'llm.request');
    assert.equal(d.action, 'redact');
    assert.deepEqual(ids(d.matches), ['tool-allowlist']);
    assert.match(d.reason, /delete_all, pay/);
    assert.equal(d.policyVersion, engine.current.version);
  });
});

describe('CEL errors in the config point into the expression', () => {
  const located = (rule: string) => {
    const text = `${PROVIDERS}policy:\n  rules:\n${rule}`;
    try {
      parseConfig(text, 'test.yaml', {});
    } catch (error) {
      assert.ok(error instanceof ConfigError, String(error));
      assert.equal(error.issues.length, 1, error.message);
      const issue = error.issues[0]!;
      assert.equal(issue.path, 'policy.rules[0].when');
      assert.match(error.message, new RegExp(`test\\.yaml:${issue.line}:${issue.column}: policy\\.rules\\[0\\]\\.when: `));
      const line = text.split('\n')[issue.line - 1] ?? '';
      return { issue, at: line.slice(issue.column - 1) };
    }
    assert.fail('expected a ConfigError');
  };
  const rule = (when: string) => `    - id: r1\n      on: tool.call\n      when: ${when}\n      action: deny\n      reason: nope\n`;

  test('in a plain scalar', () => {
    const { issue, at } = located(rule('tool.name == "x" && agent.bogus == "y"'));
    assert.equal(issue.line, 12);
    assert.ok(at.startsWith('bogus'), at);
    assert.match(issue.message, /bogus/);
  });

  test('in a quoted string', () => {
    assert.ok(located(rule(`"tool.name == 'x' && agent.bogus == 'y'"`)).at.startsWith('bogus'));
    assert.ok(located(rule(`'tool.name == "x" && agent.bogus == "y"'`)).at.startsWith('bogus'));
  });

  test('in a block scalar', () => {
    const { issue, at } = located(rule('|\n        tool.name == "x" &&\n          agent.bogus == "y"'));
    assert.equal(issue.line, 14);
    assert.ok(at.startsWith('bogus'), at);
  });

  test('a syntax error points at where the expression breaks off', () => {
    const { issue, at } = located(rule('tool.name == "x" && (args.n > 1 || )'));
    assert.equal(issue.line, 12);
    assert.ok(at.startsWith(')'), at);
  });

  test('errors in limits and taints are located too, all reported at once', () => {
    const text = `${PROVIDERS}policy:
  limits:
    - { id: l1, window: 1m, max: 3, when: 'tool.nme == "x"', reason: r }
  sessions:
    taints:
      - { label: t, on: tool.call, when: 'args.n >' }
`;
    try {
      parseConfig(text, 'test.yaml', {});
      assert.fail('expected a ConfigError');
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      assert.deepEqual(error.issues.map((i) => i.path), ['policy.limits[0].when', 'policy.sessions.taints[0].when']);
      assert.deepEqual(error.issues.map((i) => i.line), [10, 13]);
      assert.ok(text.split('\n')[9]!.slice(error.issues[0]!.column - 1).startsWith('nme'));
    }
  });
});
