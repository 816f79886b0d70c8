import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { CelCompileError, CelEvalError, compileCondition, createActivation } from '../../src/policy/cel/index.ts';
import { dynamicPatternCacheSize } from '../../src/policy/cel/regex.ts';

const AGENT = { id: 'a1', team: 't', env: 'prod', tier: 'standard', clearances: [] };

function matchesWith(source: string, args: Record<string, unknown>, toolName = 'query_emr_database'): boolean {
  const activation = createActivation({ event: 'tool.call', agent: AGENT, tool: { server: 'emr', name: toolName, tags: [] }, args });
  return compileCondition(source).evaluate(activation);
}

/**
 * Evaluates a rule in a worker, so a regex engine that backtracks makes the test fail after
 * `deadlineMs` instead of blocking the test process for good.
 */
function matchesInWorker(source: string, args: Record<string, unknown>, deadlineMs: number): Promise<boolean> {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    import(workerData.url).then(({ compileCondition, createActivation }) => {
      const activation = createActivation({ event: 'tool.call', agent: workerData.agent, args: workerData.args });
      parentPort.postMessage(compileCondition(workerData.source).evaluate(activation));
    });`;
  const url = new URL('../../src/policy/cel/index.ts', import.meta.url).href;
  const worker = new Worker(code, { eval: true, workerData: { url, source, args, agent: AGENT } });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`no answer within ${deadlineMs} ms: the regex engine backtracks`));
    }, deadlineMs);
    worker.once('message', (value: boolean) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(value);
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

describe('CEL matches uses RE2', () => {
  it('accepts RE2 inline flags such as (?i), which JS RegExp rejects', () => {
    const rule = 'tool.name == "query_emr_database" && args.sql.matches("(?i)select\\\\s+\\\\*")';
    assert.equal(matchesWith(rule, { sql: 'SeLeCt   * FROM patients' }), true);
    assert.equal(matchesWith(rule, { sql: 'select id FROM patients' }), false);
  });

  it('supports \\d, anchors and Unicode classes', () => {
    const rule = 'args.id.matches("^tool_\\\\d+$")';
    assert.equal(matchesWith(rule, { id: 'tool_42' }), true);
    assert.equal(matchesWith(rule, { id: 'xtool_42' }), false);
    assert.equal(matchesWith(rule, { id: 'tool_42x' }), false);
    assert.equal(matchesWith('args.name.matches("^\\\\pL+$")', { name: 'Zoë' }), true);
    assert.equal(matchesWith('args.name.matches("^\\\\pL+$")', { name: 'Zoë1' }), false);
  });

  it('is a partial match (find), as CEL specifies', () => {
    assert.equal(matchesWith('args.text.matches("DROP")', { text: 'x; DROP TABLE y' }), true);
    assert.equal(matchesWith('args.text.matches("^DROP")', { text: 'x; DROP TABLE y' }), false);
  });

  it('supports the global form matches(text, pattern)', () => {
    assert.equal(matchesWith('matches(tool.name, "(?i)^QUERY_")', {}), true);
    assert.equal(matchesWith('matches(tool.name, "(?i)^QUERY_")', {}, 'send_email'), false);
  });

  it('reaches matches inside macros, binds and literals', () => {
    const activation = createActivation({
      event: 'tool.call',
      agent: AGENT,
      tool: { server: 'crm', name: 'lookup', tags: ['read', 'PII-email'] },
    });
    for (const source of [
      'tool.tags.exists(t, t.matches("(?i)^pii-"))',
      'tool.tags.filter(t, t.matches("(?i)^pii-")).size() == 1',
      'cel.bind(n, tool.name, n.matches("(?i)^LOOK"))',
      '{"k": tool.name.matches("(?i)LOOKUP")}["k"]',
    ]) {
      assert.equal(compileCondition(source).evaluate(activation), true, source);
    }
  });

  it('answers a catastrophic-backtracking pattern in linear time', async () => {
    const rule = 'args.s.matches("(a+)+$")';
    assert.equal(await matchesInWorker(rule, { s: `${'a'.repeat(100_000)}!` }, 5_000), false);
    assert.equal(await matchesInWorker(rule, { s: 'a'.repeat(100_000) }, 5_000), true);
  });

  it('does not touch `.matches(` inside a string literal', () => {
    // A textual rewrite would turn the literal into `.__re2...(` or validate "(" as a pattern.
    const rule = 'args.note == "s.matches(\\"(\\")" && args.note.matches("^s\\\\.matches")';
    assert.equal(matchesWith(rule, { note: 's.matches("(")' }), true);
    assert.equal(matchesWith(rule, { note: 's.other("(")' }), false);
  });
});

describe('CEL regex errors', () => {
  it('rejects an invalid literal pattern at compile time, at the pattern', () => {
    const source = 'tool.name == "q" &&\n  args.sql.matches("select (")';
    assert.throws(
      () => compileCondition(source),
      (e: unknown) =>
        e instanceof CelCompileError && e.code === 'invalid_regular_expression' && e.offset === source.indexOf('"select ('),
    );
  });

  it('rejects lookbehind, which RE2 lacks though JS RegExp has it', () => {
    assert.throws(() => compileCondition('args.s.matches("(?<=a)b")'), CelCompileError);
  });

  it('raises CelEvalError for an invalid dynamic pattern without echoing it', () => {
    const error = (() => {
      try {
        matchesWith('tool.name.matches(args.p)', { p: '(SECRET' });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    assert.ok(error instanceof CelEvalError);
    assert.equal(error.code, 'invalid_regular_expression');
    assert.doesNotMatch(error.message, /SECRET/);
  });

  it('keeps the cache of dynamic patterns bounded', () => {
    const rule = compileCondition('tool.name.matches(args.p)');
    for (let i = 0; i < 300; i++) {
      const activation = createActivation({ event: 'e', agent: AGENT, tool: { server: '', name: `t${i}`, tags: [] }, args: { p: `^t${i}$` } });
      assert.equal(rule.evaluate(activation), true);
    }
    assert.ok(dynamicPatternCacheSize() > 0);
    assert.ok(dynamicPatternCacheSize() <= 128, `cache holds ${dynamicPatternCacheSize()}`);
  });
});
