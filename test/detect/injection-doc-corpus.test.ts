import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chunkMarkdown, type DocChunk } from '../../scripts/build-doc-corpus.ts';
import { ownJsonl, packageDocs, packageSplit } from '../../eval/injection-data.ts';

const prose = (words: number) => Array.from({ length: words }, (_, i) => `word${i}`).join(' ');

test('documentation is cut at headings once a chunk is big enough, never inside a code fence', () => {
  const fence = ['```sh', 'npm install thing', '', '# not a heading: a shell comment', 'thing --run', '```'].join('\n');
  const markdown = ['# Title', '', prose(60), '', fence, '', '## Usage', '', prose(5), '', '### Options', '', prose(60), '', '## API', '', prose(30), '', '## Notes', '', 'Short.'].join('\n');
  const chunks = chunkMarkdown(markdown);
  assert.equal(chunks.length, 3);
  assert.ok(chunks[0]!.startsWith('# Title') && chunks[0]!.includes(fence), 'the fence stays whole, its comment line is no heading');
  assert.ok(chunks[1]!.startsWith('## Usage') && chunks[1]!.includes('### Options'), 'a section under 300 characters takes in the next');
  assert.ok(chunks[2]!.startsWith('## API') && chunks[2]!.endsWith('Short.'));
});

test('chunks stay under 2,000 characters and chunks without a line of prose are dropped', () => {
  const long = Array.from({ length: 40 }, () => prose(20)).join('\n\n');
  for (const chunk of chunkMarkdown(long)) assert.ok(chunk.length <= 2000, `${chunk.length} characters`);
  assert.deepEqual(chunkMarkdown('# Badges\n\n[![npm](https://img.shields.io/npm/v/x.svg)](https://npmjs.org/x)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n'.repeat(3)), []);
});

test('the committed corpus names the package, version, licence and file of every chunk, under licences that allow redistribution', () => {
  const rows = ownJsonl<DocChunk>('package-docs.jsonl');
  assert.ok(rows.length > 1000);
  for (const row of rows) {
    assert.ok(row.package !== '' && /^\d+\.\d+\.\d+/.test(row.version) && row.file.endsWith('.md'), JSON.stringify(row).slice(0, 200));
    assert.match(row.license, /^\(?(MIT|ISC|Apache-2\.0|BSD-[23]-Clause|0BSD|BlueOak-1\.0\.0|Unlicense|CC0-1\.0|Python-2\.0|CC-BY-4\.0)/);
    assert.ok(!/(^|\/)(AGENTS|CLAUDE|SKILL)\.md$/i.test(row.file), `instructions to agents are not benign documentation: ${row.file}`);
  }
});

test('package docs are split by package: no package has chunks in two splits', () => {
  const rows = ownJsonl<DocChunk>('package-docs.jsonl');
  const total = (['train', 'calibration', 'held-out'] as const).reduce((sum, split) => sum + packageDocs(split).length, 0);
  assert.equal(total, rows.length);
  const splits = new Map<string, Set<string>>();
  for (const row of rows) splits.set(row.package, (splits.get(row.package) ?? new Set()).add(packageSplit(row.package)));
  for (const [name, of] of splits) assert.equal(of.size, 1, name);
  assert.ok(packageDocs('held-out').length >= 300 && packageDocs('calibration').length >= 300);
});
