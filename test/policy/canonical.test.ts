import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { approvalBinding, canonicalJson } from '../../src/policy/state/canonical.ts';

const bind = (args: string, agent = 'agent-1', tool = 'send_email'): string => approvalBinding(agent, tool, args);

describe('approvalBinding', () => {
  it('is a SHA-256 hex digest, stable across releases', () => {
    // Pinned: changing the canonical form silently would orphan every stored approval.
    assert.equal(bind('{"a":1,"b":2}'), bind('{"a":1,"b":2}'));
    assert.match(bind('{}'), /^[0-9a-f]{64}$/);
    assert.equal(bind('{"a":1,"b":2}'), 'cfe1cd6ad43fa57db824bf8191bfba1fdbfc38a1285f73301645a4fccc63ffbd');
    // The documented framing: length-prefixed fields, hashed as UTF-16LE.
    const framed = '30:portcullis/approval-binding/v17:agent-110:send_email4:json13:{"a":1,"b":2}';
    assert.equal(bind('{ "b": 2, "a": 1 }'), createHash('sha256').update(Buffer.from(framed, 'utf16le')).digest('hex'));
  });

  it('ignores key order and whitespace, recursively', () => {
    assert.equal(bind('{"a":1,"b":2}'), bind('{"b":2, "a":1}'));
    assert.equal(bind('{"x":{"b":[1,{"d":1,"c":2}],"a":null}}'), bind(' { "x" : { "a" : null , "b" : [ 1 , { "c" : 2 , "d" : 1 } ] } }\n'));
  });

  it('keeps array order and every value significant', () => {
    assert.notEqual(bind('[1,2]'), bind('[2,1]'));
    assert.notEqual(bind('{"a":1}'), bind('{"a":"1"}'));
    assert.notEqual(bind('{"a":true}'), bind('{"a":"true"}'));
    assert.notEqual(bind('{"a":null}'), bind('{}'));
    assert.notEqual(bind('{"a":1}'), bind('{"a":1,"b":1}'));
  });

  it('binds numbers by value as JSON.stringify prints them', () => {
    assert.equal(bind('{"n":1.0}'), bind('{"n":1}'));
    assert.equal(bind('{"n":1e2}'), bind('{"n":100}'));
    assert.equal(bind('{"n":-0}'), bind('{"n":0}'));
    assert.equal(bind('{"n":0.5}'), bind('{"n":5E-1}'));
    assert.equal(canonicalJson('[1.50, 1e21, 1E-7]'), '[1.5,1e+21,1e-7]');
  });

  it('never binds numbers that a double would round together', () => {
    assert.notEqual(bind('{"id":9007199254740993}'), bind('{"id":9007199254740992}'));
    assert.notEqual(bind('[0.1]'), bind('[0.10000000000000001]'));
    assert.notEqual(bind('[1e400]'), bind('[null]'));
    assert.equal(canonicalJson('[9007199254740993, 1e400, 1.0e400]'), '[9007199254740993e0,1e400,1e400]');
  });

  it('decodes string escapes before comparing', () => {
    assert.equal(bind('{"\\u0061":"\\u00fc\\/"}'), bind('{"a":"ü/"}'));
    assert.notEqual(bind('{"a":"x"}'), bind('{"a":"x "}'));
  });

  it('binds text that is not JSON as raw text, distinct from any JSON', () => {
    assert.equal(canonicalJson('hello'), undefined);
    assert.notEqual(bind('hello'), bind('"hello"'));
    assert.notEqual(bind('{"a":1} '), bind('{"a":1} x'));
    assert.equal(bind('not json'), bind('not json'));
    assert.notEqual(bind('not json'), bind('not  json'));
    assert.notEqual(bind(''), bind('""'));
  });

  it('treats duplicate keys as not JSON, since tools disagree on which one wins', () => {
    assert.equal(canonicalJson('{"a":1,"a":2}'), undefined);
    assert.equal(canonicalJson('{"a":1,"\\u0061":2}'), undefined);
    assert.notEqual(bind('{"a":1,"a":2}'), bind('{"a":2}'));
  });

  it('rejects what strict JSON rejects', () => {
    for (const text of ['{a:1}', "{'a':1}", '[1,]', '{"a":1,}', '01', '+1', '.5', '1.', 'NaN', '"\t"', '[1 2]', '{"a" 1}', 'tru']) {
      assert.equal(canonicalJson(text), undefined, text);
    }
    for (const text of ['0', '-0.0e+0', 'true', 'null', '"x"', '[]', '{}', ' [ ] ']) assert.notEqual(canonicalJson(text), undefined, text);
  });

  it('frames fields so nothing moves between agent, tool and arguments', () => {
    assert.notEqual(bind('{}', 'ab', 'c'), bind('{}', 'a', 'bc'));
    assert.notEqual(bind('x', 'a', 'b'), bind('bx', 'a', ''));
    assert.notEqual(bind('{}', 'agent-1'), bind('{}', 'agent-2'));
    assert.notEqual(bind('{}', 'agent-1', 'read'), bind('{}', 'agent-1', 'write'));
  });

  it('keeps lone surrogates distinct instead of folding them into U+FFFD', () => {
    assert.notEqual(bind('\ud800'), bind('\udc00'));
    assert.notEqual(bind('\ud800'), bind('\ufffd'));
    assert.notEqual(bind('x', '\ud800'), bind('x', '\ufffd'));
  });

  it('falls back to raw text for nesting too deep to walk, without throwing', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    assert.equal(canonicalJson(deep), undefined);
    assert.match(bind(deep), /^[0-9a-f]{64}$/);
    assert.notEqual(canonicalJson('['.repeat(200) + ']'.repeat(200)), undefined);
  });
});
