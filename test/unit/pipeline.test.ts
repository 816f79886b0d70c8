import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayError } from '../../src/core/errors.ts';
import type { Guard, GuardDecision, GuardInput } from '../../src/core/guard.ts';
import { runStage } from '../../src/server/pipeline.ts';

const input = { requestId: 'r1' } as unknown as GuardInput;
const deny = (name: string): Guard => ({ name, onRequest: () => ({ deny: new GatewayError('permission', name, name) }) });
const edit = (name: string, value: string): Guard => ({ name, onRequest: () => ({ edits: [{ op: 'replace', path: ['x'], value }] }) });
const silent = (name: string, seen: string[]): Guard => ({ name, onRequest: () => void seen.push(name) });

describe('runStage', () => {
  it('stays synchronous for synchronous guards and accumulates edits in order', () => {
    const decisions: GuardDecision[] = [];
    const outcome = runStage([edit('a', '1'), silent('quiet', []), edit('b', '2')], 'onRequest', input, decisions);
    assert.ok(!(outcome instanceof Promise));
    assert.deepEqual('edits' in outcome && outcome.edits.map((e) => (e as { value: string }).value), ['1', '2']);
    assert.deepEqual(decisions.map((d) => d.guard), ['a', 'b']);
  });

  it('stops at the first denial, which names its guard', () => {
    const seen: string[] = [];
    const decisions: GuardDecision[] = [];
    const outcome = runStage([silent('first', seen), deny('no'), silent('after', seen)], 'onRequest', input, decisions);
    assert.ok(!(outcome instanceof Promise) && 'deny' in outcome && outcome.deny.code === 'no');
    assert.deepEqual(seen, ['first']);
    assert.deepEqual(decisions.map((d) => d.guard), ['no']);
  });

  it('awaits an asynchronous guard and continues with the rest', async () => {
    const seen: string[] = [];
    const slow: Guard = { name: 'slow', onRequest: async () => ({ edits: [{ op: 'remove', path: ['y'] }] }) };
    const outcome = runStage([slow, silent('next', seen), deny('late')], 'onRequest', input, []);
    assert.ok(outcome instanceof Promise);
    const settled = await outcome;
    assert.ok('deny' in settled && settled.deny.code === 'late');
    assert.deepEqual(seen, ['next']);
  });

  it('skips guards that have no hook for the stage', () => {
    const outcome = runStage([{ name: 'response-only', onResponse: () => undefined }], 'onRequest', input, []);
    assert.deepEqual(outcome, { edits: [], removeToolDefinitions: [] });
  });
});
