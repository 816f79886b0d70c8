import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../../src/config/load.ts';
import type { Finding } from '../../src/core/exchange.ts';
import type { PolicyEventInput } from '../../src/policy/event.ts';
import { principal, setup, sync, yaml } from './engine-helpers.ts';

const POLICY = `policy:
  rules:
    - { id: deny-direct, on: llm.request, when: 'findings.injection.direct >= 0.5', action: deny, reason: direct injection }
    - { id: neutralize-results, on: tool.result, when: 'findings.injection.indirect > 0.0', action: neutralize, reason: injected result }
    - { id: neutralize-documents, on: llm.request, when: 'findings.injection.documents > 0.0', action: neutralize, reason: injected document }
  sessions:
    taints:
      - { label: untrusted_content, on: tool.result, when: 'findings.injection.indirect > 0.0' }
      - { label: untrusted_content, on: llm.request, when: 'findings.injection.documents > 0.0' }
`;

const injection = (score: number, channel: NonNullable<Finding['channel']>): Finding =>
  ({ detector: 'injection', type: 'PROMPT_INJECTION', partIndex: 0, start: 0, end: 4, score, channel });

const result = (findings: Finding[], extra: Partial<PolicyEventInput> = {}): PolicyEventInput =>
  ({ kind: 'tool.result', principal: principal(), tool: { name: 'get_weather' }, argumentsText: '{}', findings, sessionId: 's1', now: 1_000, ...extra });

describe('policy on prompt-injection findings', () => {
  it('tells direct from indirect injections through findings.injection', () => {
    const { engine } = setup(yaml(POLICY));
    const request = (findings: Finding[]) => sync(engine.decide({ kind: 'llm.request', principal: principal(), findings, now: 1_000 }));
    assert.equal(request([injection(0.9, 'direct')]).action, 'deny');
    // An injection in a tool result resent with the conversation is not a direct injection.
    assert.equal(request([injection(0.9, 'indirect')]).action, 'allow');
    assert.equal(request([injection(0.4, 'direct')]).action, 'allow');
  });

  it('tells a document pasted or retrieved into a message from its sender\'s words: neutralized, tainted, not refused', () => {
    const { engine } = setup(yaml(POLICY));
    const decision = sync(engine.decide({ kind: 'llm.request', principal: principal(), findings: [injection(0.95, 'documents')], sessionId: 's3', now: 1_000 }));
    assert.equal(decision.action, 'neutralize');
    assert.deepEqual(decision.matches.map((m) => m.id), ['neutralize-documents']);
    assert.deepEqual(decision.taints, ['untrusted_content']);
    // The sender's own injection next to it still refuses the request.
    const both = sync(engine.decide({ kind: 'llm.request', principal: principal(), findings: [injection(0.95, 'documents'), injection(0.9, 'direct')], now: 1_000 }));
    assert.equal(both.action, 'deny');
  });

  it('looks the session up for an llm.request taint only when it applies, and claims a label once', () => {
    const { engine, store } = setup(yaml(POLICY));
    let lookups = 0;
    const session = store.session.bind(store);
    store.session = (...args: Parameters<typeof store.session>) => { lookups++; return session(...args); };
    const request = (findings: Finding[]) => sync(engine.decide({ kind: 'llm.request', principal: principal(), findings, sessionId: 's4', now: 1_000 }));
    assert.equal(request([]).action, 'allow');
    assert.equal(lookups, 0, 'a request with nothing to taint costs no session lookup');
    assert.deepEqual(request([injection(0.95, 'documents')]).taints, ['untrusted_content']);
    assert.equal(lookups, 1);
    // The conversation resends the document next turn: the session already has the label.
    assert.equal(request([injection(0.95, 'documents')]).taints, undefined);
  });

  it('neutralizes a flagged tool result and taints the session', () => {
    const { engine, store } = setup(yaml(POLICY));
    const decision = sync(engine.decide(result([injection(0.97, 'indirect')])));
    assert.equal(decision.action, 'neutralize');
    assert.deepEqual(decision.matches.map((m) => m.id), ['neutralize-results']);
    assert.deepEqual(decision.taints, ['untrusted_content']);
    const session = store.session('s1', 86_400_000, 1_000);
    assert.ok(!(session instanceof Promise) && session.taints.includes('untrusted_content'));
  });

  it('replays a resent result: the same action, nothing tainted or counted again', () => {
    const { engine, store } = setup(yaml(POLICY));
    const replayed = sync(engine.decide(result([injection(0.97, 'indirect')], { replay: true, sessionId: 's2' })));
    assert.equal(replayed.action, 'neutralize');
    assert.equal(replayed.taints, undefined);
    const session = store.session('s2', 86_400_000, 1_000);
    assert.ok(!(session instanceof Promise) && session.taints.length === 0);
  });

  it('accepts neutralize only on content sent to a model', () => {
    const bad = `policy:\n  rules:\n    - { id: n, on: tool.call, action: neutralize, reason: r }\n`;
    assert.throws(() => parseConfig(yaml(bad), 'test.yaml', {}), /neutralize applies to content sent to a model/);
    const typo = `policy:\n  rules:\n    - { id: n, on: tool.result, when: 'findings.injection.indirectt > 0.0', action: neutralize, reason: r }\n`;
    assert.throws(() => parseConfig(yaml(typo), 'test.yaml', {}), /indirectt/);
  });
});
