import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NER_RECOGNIZERS } from '../../src/detect/pii/ner/index.ts';
import { scanText } from '../../src/detect/scan.ts';
import { nerFindings as found } from '../helpers/ner.ts';

/** The PERSON findings' text, in text order. */
const people = (text: string) => scanText(text, NER_RECOGNIZERS).filter((d) => d.type === 'PERSON').map((d) => text.slice(d.start, d.end));

describe('message cues (message-cues.ts)', () => {
  it('finds the people that messages, letters and notes speak of', () => {
    assert.deepEqual(people('Spoke to the customer\'s husband, Rashid, who confirmed the new address.'), ['Rashid']);
    assert.deepEqual(people('See you soon.\n\nKind regards,\nAisling'), ['Aisling']);
    assert.deepEqual(people('Okeke is a 67-year-old man with type 2 diabetes.'), ['Okeke']);
    assert.deepEqual(people('Candidate Ishaan Mehta accepted the offer.'), ['Ishaan Mehta']);
    assert.deepEqual(people('Tell Oluwaseun I said hi'), ['Oluwaseun']);
    assert.deepEqual(people('Sorry, Keanu, I totally forgot to reply.'), ['Keanu']);
  });

  it('leaves dates, eponyms, saints, firms and opening adverbs alone', () => {
    assert.deepEqual(people('Probation ends on 30 June, and the review is due since April.'), []);
    assert.deepEqual(people('Parkinson disease, diagnosed 2019, on levodopa.'), []);
    assert.deepEqual(people('MRI booked at St. Mary\'s Hospital for Thursday.'), []);
    assert.deepEqual(found('Telenav is a design agency based in Oslo.'), ['ORGANIZATION:Telenav', 'LOCATION:Oslo']);
    assert.deepEqual(people('Honestly, Bartholomew never answers his phone.'), ['Bartholomew']);
  });
});
