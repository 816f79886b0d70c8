import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { describe, test } from 'node:test';
import { SessionEvents } from '../../src/mcp/http/replay.ts';

/** Just enough of a ServerResponse to see what a stream writes to it, and to drop it. */
function fakeResponse(): { res: ServerResponse; written: () => string; drop: () => void; ended: () => boolean } {
  let text = '';
  let ended = false;
  const closers: (() => void)[] = [];
  const res = {
    writeHead: () => res,
    write: (chunk: string) => { text += chunk; return true; },
    end: (chunk?: string) => { if (chunk !== undefined) text += chunk; ended = true; },
    once: (event: string, listener: () => void) => { if (event === 'close') closers.push(listener); return res; },
  };
  return { res: res as unknown as ServerResponse, written: () => text, drop: () => closers.forEach((c) => c()), ended: () => ended };
}

const dataOf = (text: string) => [...text.matchAll(/^data: (.+)$/gm)].map((m) => m[1]);

describe('resumable streams', () => {
  test('events written while no connection reads the stream are kept and replayed after the last id seen', () => {
    const events = new SessionEvents();
    const first = fakeResponse();
    const stream = events.open(first.res);
    stream.write('"a"');
    stream.write('"b"');
    first.drop();
    stream.write('"c"');
    stream.end('"d"');
    assert.deepEqual(dataOf(first.written()), ['"a"', '"b"']);
    const found = events.find(`${stream.id}-1`);
    assert.ok(found);
    const second = fakeResponse();
    found.stream.resume(second.res, found.after, {});
    assert.deepEqual(dataOf(second.written()), ['"b"', '"c"', '"d"']);
    assert.ok(second.ended(), 'a stream that has ended ends the resumed connection after the replay');
  });

  test('a resumed stream that is still open goes on writing to the new connection', () => {
    const events = new SessionEvents();
    const first = fakeResponse();
    const stream = events.open(first.res);
    let reopened = 0;
    stream.onResume = () => reopened++;
    stream.write('"a"');
    first.drop();
    const second = fakeResponse();
    stream.resume(second.res, 1, {});
    stream.write('"b"');
    assert.deepEqual(dataOf(second.written()), ['"b"']);
    assert.equal(reopened, 1);
    assert.ok(!second.ended());
  });

  test('ids name a stream of this session and a place in it; anything else is not found', () => {
    const events = new SessionEvents();
    const stream = events.open(fakeResponse().res);
    stream.write('"a"');
    assert.ok(events.find(`${stream.id}-0`), 'the priming id: replay everything');
    assert.ok(events.find(`${stream.id}-1`));
    for (const id of [`${stream.id}-2`, `${stream.id + 1}-0`, 'x-1', `${stream.id}-1-1`, '']) assert.equal(events.find(id), undefined, id);
  });

  test('past the session bound the oldest events go, and a resume from before them is refused rather than replayed with a hole', () => {
    const events = new SessionEvents();
    const stream = events.open(fakeResponse().res);
    const big = `"${'x'.repeat(600 * 1024)}"`;
    for (let i = 0; i < 5; i++) stream.write(big); // 3 MiB into a session that keeps 2: the last three stay
    assert.equal(events.find(`${stream.id}-0`), undefined, 'the first event is gone');
    assert.equal(events.find(`${stream.id}-1`), undefined, 'and the second');
    const found = events.find(`${stream.id}-2`);
    assert.ok(found, 'a resume after a kept event still works');
    const res = fakeResponse();
    found.stream.resume(res.res, found.after, {});
    assert.equal(dataOf(res.written()).length, 3);
  });

  test('a session keeps a bounded number of streams: the oldest is forgotten first', () => {
    const events = new SessionEvents();
    const streams = Array.from({ length: 65 }, () => events.open(fakeResponse().res));
    for (const stream of streams) stream.end('"done"');
    assert.equal(events.find(`${streams[0]!.id}-0`), undefined);
    assert.ok(events.find(`${streams[1]!.id}-0`));
    assert.ok(events.find(`${streams[64]!.id}-0`));
  });

  test('a stream that ended is kept five minutes, then forgotten when the session opens another', () => {
    let now = 0;
    const events = new SessionEvents(() => now);
    const ended = events.open(fakeResponse().res);
    ended.end('"result"');
    now += 4 * 60_000;
    events.open(fakeResponse().res);
    assert.ok(events.find(`${ended.id}-0`), 'still there after four minutes');
    now += 2 * 60_000;
    const open = events.open(fakeResponse().res);
    assert.equal(events.find(`${ended.id}-0`), undefined);
    assert.ok(events.find(`${open.id}-0`));
  });
});
