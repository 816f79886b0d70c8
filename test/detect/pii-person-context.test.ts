import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { buildPersonContextModel, DATASET, PERSON_CONTEXT_FILE } from '../../scripts/train-person-context.ts';
import { FEATURES } from '../../src/detect/pii/ner/person-context.ts';
import { FEATURE_WEIGHTS } from '../../src/detect/pii/ner/person-context-data.ts';
import { nerFindings as found } from '../helpers/ner.ts';

const people = (text: string) => found(text).filter((f) => f.startsWith('PERSON:'));

// The PERSON context model (src/detect/pii/ner/person-context.ts), trained by
// scripts/train-person-context.ts. The sentences are not from its training templates.
describe('PERSON context model', () => {
  it('has one weight per feature', () => {
    assert.equal(FEATURE_WEIGHTS.length, FEATURES.length);
  });

  it('retraining gives the committed model byte for byte (a change to the features, the templates or the lexicon cannot leave it stale)',
    { skip: !existsSync(DATASET) && 'the shared data set is not there' }, () => {
      assert.equal(buildPersonContextModel(), readFileSync(PERSON_CONTEXT_FILE, 'utf8'), 'stale: run npm run train:person');
    });

  it('takes a product\'s possessive or a product after "to" for no person', () => {
    assert.deepEqual(people('Due to Node\'s single-threaded event loop, it is fast.'), []);
    assert.deepEqual(people('The plugin relies on Esprima\'s tokens.'), []);
    assert.deepEqual(people('Send the events to Redis in batches.'), []);
  });

  it('still finds people by their spelling and what they do', () => {
    assert.deepEqual(people('Ask Bergsveinsson whether the invoice was paid.'), ['PERSON:Bergsveinsson']);
    assert.deepEqual(people('Mahlangu called me this morning about the invoice.'), ['PERSON:Mahlangu']);
    assert.deepEqual(people('Thanks to Akifumi for the patch!'), ['PERSON:Akifumi']);
  });

  it('knows what is said only of people: a state of body or mind, a verb that takes a person', () => {
    // A state a thing is not in, after the name or around it in a question (cues.ts personStateAround).
    assert.deepEqual(people('Why was Quiroga so nervous at dinner?'), ['PERSON:Quiroga']);
    // Hiring, meeting, telling: verbs whose object is a person (cues.ts personVerbBefore).
    assert.deepEqual(people('We hired Oyelaran as a consultant last spring.'), ['PERSON:Oyelaran']);
  });

  it('does not read a thing\'s state or a reported clause as a person', () => {
    assert.deepEqual(people('Redis is so slow on this machine.'), []);
    // A firm's voice takes feelings too, before "to".
    assert.deepEqual(people('Acme is excited to announce version 2.'), []);
    // After "said" a chain followed by its verb is the subject of what was said, not its addressee.
    assert.deepEqual(people('The team said Vitexa is still broken after the update.'), []);
  });

  it('reads a list of surnames after "from" as a firm named after its partners', () => {
    assert.deepEqual(found('Sandra is from Hawkins, Okafor and Brandt.'), ['PERSON:Sandra', 'ORGANIZATION:Hawkins, Okafor and Brandt']);
    assert.deepEqual(found('He got an offer from Brandt, Okafor and Hale last week.'), ['ORGANIZATION:Brandt, Okafor and Hale']);
  });
});
