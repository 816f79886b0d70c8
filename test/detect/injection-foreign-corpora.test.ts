// The tenth round's real texts in other languages (eval/data/gnome-help.jsonl, foreign-docs.jsonl)
// and the converter that made the second from Debian's man pages.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chunkText, isNative, roffToText } from '../../scripts/build-foreign-doc-corpus.ts';
import { gnomeHelp, type HelpPage, ownJsonl } from '../../eval/injection-data.ts';

test('roff becomes readable text: macros, fonts and escapes are gone, paragraphs and options stay', () => {
  const page = String.raw`.\" a comment the reader never sees
.TH LS 1 "2022" "GNU coreutils"
.SH NOM
ls \- lister le contenu des r\('epertoires
.SH DESCRIPTION
Afficher les informations des \fIFICHIERs\fP (du r\('epertoire courant par d\('efaut).
.TP
\fB\-a\fR, \fB\-\-all\fR
ne pas ignorer les entr\('ees commen\(,cant par .`;
  const text = roffToText(page);
  assert.ok(text !== null);
  assert.ok(!/\\f|\\-|\.TP|\.SH|comment/.test(text), text);
  assert.match(text, /NOM\n\s*ls - lister le contenu/);
  assert.match(text, /-a, --all\n\s+ne pas ignorer/);
  assert.equal(roffToText('.so man1/other.1\n'), null, 'a redirect is no page');
});

test('man pages are cut into chunks of at most 2,000 characters at blank lines, and English paragraphs are not taken for French', () => {
  const paragraph = 'Le programme lit le fichier de configuration et affiche les options qui sont actives pour cet utilisateur. '.repeat(3);
  const chunks = chunkText(Array.from({ length: 12 }, () => paragraph).join('\n\n'));
  assert.ok(chunks.length >= 2);
  for (const c of chunks) assert.ok(c.length <= 2000 && !c.startsWith('\n'), `${c.length}`);
  assert.ok(isNative('fr', paragraph));
  assert.ok(!isNative('fr', 'The program reads the configuration file and prints the options that are active for this user.'));
});

test('the committed man pages name language, package version and page, in at least 20 languages', () => {
  const rows = ownJsonl<{ lang: string; package: string; page: string; text: string }>('foreign-docs.jsonl');
  const languages = new Set(rows.map((r) => r.lang));
  assert.ok(languages.size >= 20, `${languages.size} languages`);
  for (const r of rows) {
    assert.match(r.package, /^manpages-[a-z-]+=[\w.:~+-]+$/, r.package);
    assert.match(r.page, /^man\w+\/.+/);
    assert.ok(r.text.length > 200 && r.text.length <= 2000, `${r.page}: ${r.text.length}`);
  }
});

test('GNOME help pages are split by page, every translation of a page on one side, without the translators\' credits', () => {
  const rows = ownJsonl<HelpPage>('gnome-help.jsonl');
  assert.ok(new Set(rows.map((r) => r.lang)).size >= 15);
  const splits = (['train', 'calibration', 'held-out'] as const).map((s) => gnomeHelp(s));
  assert.equal(splits.reduce((n, s) => n + s.length, 0), rows.length);
  const sideOf = new Map<string, number>();
  splits.forEach((rowsOfSplit, side) => {
    assert.ok(rowsOfSplit.length >= 100, `split ${side}: ${rowsOfSplit.length}`);
    for (const r of rowsOfSplit) {
      assert.equal(sideOf.get(r.page) ?? side, side, r.page);
      sideOf.set(r.page, side);
    }
  });
  for (const r of rows) {
    assert.ok(r.title !== '' && r.text.length >= 300, `${r.lang}/${r.page}`);
    assert.ok(!/@[\w-]+\.\w/.test(r.text + r.title + r.desc), `no e-mail address: ${r.lang}/${r.page}`);
  }
});
