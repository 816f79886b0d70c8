import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { analyze } from '../../src/detect/pii/ner/index.ts';
import { ORG_CUES, STRONG_NAME_CUES } from '../../src/detect/pii/ner/lexicon.ts';
import { alignedLowerCase } from '../../src/detect/scan.ts';
import { mulberry32 } from '../../scripts/seeded-random.ts';

// The NER tokenizes only the text around capitals, digits and non-ASCII letters (sparse.ts);
// that must find exactly what analysing every token finds.
const DATASET = new URL('../../../shared/datasets/pii/presidio-research/synth_dataset_v2.json', import.meta.url);

function compare(text: string): void {
  const lower = alignedLowerCase(text);
  const sparse = analyze({ text, lower });
  const full = analyze({ text, lower }, true);
  assert.deepEqual(sparse, full, `differs on ${JSON.stringify(text)}`);
}


// Words that the rules treat specially: cues, titles, particles, street and unit words, names,
// places, box words, ordinary capitalised words, numbers, and punctuation with its spacing; words
// no list knows (spelt like names or not), pronouns, auxiliaries and role nouns that names.ts
// reads ahead of a name, and the signs of code and technical text.
const VOCABULARY = `
  the The Please Keep I I'm It's We'll my name is My Name Is dear Dear patient Patient : , . ; - ' ’ ( ) " “ ” • \n \n\n
  Mr Mr. Dr. Mrs dr. signed Signed sincerely Sincerely regards , called named this is contact Contact emergency
  van de la del von Van De y e Maria Gonzalez Kyle Kuefer John Smith Asya Godina Becker Kowalski and or & Vasquez
  Šárka Ottová Ahmed O. Farouk Grace Mark Austin Paris London Czech Republic United States from in to flew at works for Inc
  Bank University Street St St. Avenue Ave Rd Main Maple Apt Apt. Suite Unit # 4B 12 221 4821 62704 10115 IL CA NY
  PO P.O. Box PSC 0413 APO AA USNS ul. Hauptstraße Rua do Arenque Kálmán Imre u. terrasse gade Søndergade strasse
  said lives 's with by told asked Hello hi Thanks about status claim month reply draft API ATM USA Russian Title VII
  iPhone e-mail Follow-up Acme Corp Ltd 1961 03/14/1961 (415) 555-0132 ΠΑΦΟΣ ∆ Ö é 2nd 3rd Colorado Springs Goiânia
  Tomomi Akifumi Xignite Esprima JsDiff he she his her was has just nurse songwriter accountant a an our \` / npm`
  .split(/ +/).filter((w) => w.length > 0).map((w) => w.replace('\\n', '\n'))
  // Whole cue phrases (the longest reach back the furthest), and lowercase street words before a number.
  .concat([...STRONG_NAME_CUES, ...ORG_CUES].map((cue) => cue.join(' ')), ['via del corso 12', 'rua do Arenque 7', 'ul. al. 5', 'Apt . # 4']);

describe('sparse NER tokenization', () => {
  it('finds what a full analysis finds on generated text', () => {
    const random = mulberry32(42);
    const pick = () => VOCABULARY[Math.floor(random() * VOCABULARY.length)]!;
    for (let sample = 0; sample < 3000; sample++) {
      const words: string[] = [];
      const length = 1 + Math.floor(random() * 60);
      for (let w = 0; w < length; w++) {
        // Mostly prose-like runs of lowercase filler, so regions start and stop inside the text.
        const filler = random() < 0.45;
        words.push(filler ? 'x'.repeat(1 + Math.floor(random() * 6)) : pick());
      }
      const glue = () => (random() < 0.15 ? '' : random() < 0.1 ? '  ' : ' ');
      compare(words.reduce((text, w) => text + glue() + w, ''));
    }
  });

  it('finds what a full analysis finds on the evaluation data set', { skip: !existsSync(DATASET) && 'no ../shared data set' }, () => {
    const samples = JSON.parse(readFileSync(DATASET, 'utf8')) as { full_text: string }[];
    for (const s of samples) compare(s.full_text);
    // Joined, as the gateway sees a conversation: regions then meet across samples.
    for (let i = 0; i + 8 <= samples.length; i += 8) compare(samples.slice(i, i + 8).map((s) => s.full_text).join('\n\n'));
  });

  it('finishes on long hostile inputs (each anchor, dismissal and region is bounded)', () => {
    // No timing is asserted, completion is; the shapes stress dismissals, regions and gaps.
    for (const unit of ['A', 'Aa ', 'The ', '1 ', 'Mr. ', 'The x ', 'Maria ', '12 Main St ', 'and The ', ' '.repeat(100) + 'The', "It's ", 'PO Box 1 ']) {
      const text = unit.repeat(Math.ceil(200_000 / unit.length)).slice(0, 200_000);
      analyze({ text, lower: alignedLowerCase(text) });
    }
  });

  it('analyses a lowercase message from all its tokens', () => {
    compare('hi my name is maria gonzalez and i live at 12 main street');
    compare('i think so');
  });
});
