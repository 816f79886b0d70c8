import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { callKey, sameTool } from '../../src/guards/proposed-calls.ts';

describe('proposed calls', () => {
  test('a call is known by its arguments in canonical form: key order and white space aside, nothing else', () => {
    assert.equal(callKey('{"a": 1, "b": [2, "x"]}'), callKey('{ "b":[2,"x"],\n "a":1 }'));
    assert.notEqual(callKey('{"a": 1}'), callKey('{"a": 1.5}'));
    assert.notEqual(callKey('{"a": "1"}'), callKey('{"a": 1}'));
    assert.equal(callKey(''), callKey('{}'), 'no arguments are empty arguments');
    assert.equal(callKey('{"a": 1'), undefined, 'not JSON: no key');
    assert.equal(callKey('{"a": 1, "a": 2}'), undefined, 'duplicate keys are not one call');
  });

  test('tool names match whole, or after a framework\'s prefix', () => {
    const same: [string, string][] = [['export_records', 'export_records'], ['export_records', 'emr__export_records'], ['mcp__emr__export_records', 'export_records'], ['emr.export_records', 'export_records'], ['emr/export', 'export']];
    for (const [a, b] of same) {
      assert.ok(sameTool(a, b), `${a} ~ ${b}`);
    }
    const other: [string, string][] = [['export_records', 'reexport_records'], ['records', 'export_recordsx'], ['', 'x'], ['send', 'resend']];
    for (const [a, b] of other) assert.ok(!sameTool(a, b), `${a} !~ ${b}`);
  });
});
