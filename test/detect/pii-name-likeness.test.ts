import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { buildNameModel, NAME_MODEL_FILE } from '../../scripts/train-name-model.ts';
import { featuresOf } from '../../src/detect/pii/ner/name-features.ts';
import { nameLikeness } from '../../src/detect/pii/ner/name-likeness.ts';

// The committed model (scripts/train-name-model.ts) on words that are in none of its training
// lists: surnames and given names of several origins against product and company names. The
// threshold is a probability's one half, not fitted to these words.
describe('name-likeness model', () => {
  it('scores names of many origins above one half', () => {
    for (const name of ['akifumi', 'szczepańska', 'bergsveinsson', 'oyelaran', 'tshabalala', 'wojciechowski', 'mahlangu', 'okonkwo']) {
      assert.ok(nameLikeness(name) > 0.5, `${name}: ${nameLikeness(name)}`);
    }
  });

  it('scores products and company names below one half', () => {
    for (const word of ['webpack', 'xignite', 'simpletuition', 'hopstop', 'vitest', 'postgres', 'kubectl']) {
      assert.ok(nameLikeness(word) < 0.5, `${word}: ${nameLikeness(word)}`);
    }
  });

  it('hashes the same word to the same features every time (training and scoring agree)', () => {
    assert.deepEqual(featuresOf('tomomi'), featuresOf('tomomi'));
    // Edges are marked: a word's n-grams differ from those of the same letters inside a longer word.
    assert.notDeepEqual(featuresOf('ana'), featuresOf('anal').slice(0, featuresOf('ana').length));
  });

  it('retraining gives the committed model byte for byte (a change to the features or the lists cannot leave it stale)', () => {
    assert.equal(buildNameModel(), readFileSync(NAME_MODEL_FILE, 'utf8'), 'stale: run npm run train:names');
  });
});
