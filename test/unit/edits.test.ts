import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from '../../src/core/edits.ts';

describe('applyEdits', () => {
  it('replaces values at paths and removes array items without shifting later removals', () => {
    const body = { messages: [{ content: 'a' }, { content: 'b' }, { content: 'c' }], tools: [1, 2, 3, 4] };
    applyEdits(body, [
      { op: 'remove', path: ['tools', 1] },
      { op: 'replace', path: ['messages', 2, 'content'], value: '[REDACTED]' },
      { op: 'remove', path: ['tools', 3] },
      { op: 'remove', path: ['messages', 0] },
    ]);
    assert.deepEqual(body, { messages: [{ content: 'b' }, { content: '[REDACTED]' }], tools: [1, 3] });
  });

  it('refuses a path that does not exist instead of inventing structure', () => {
    assert.throws(() => applyEdits({ a: 1 }, [{ op: 'replace', path: ['a', 'b', 'c'], value: 2 }]), /does not exist/);
  });
});
