import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NER_RECOGNIZERS } from '../../src/detect/pii/ner/index.ts';
import { scanText } from '../../src/detect/scan.ts';

/** "TYPE:text" for every finding, in text order. */
const found = (text: string) => scanText(text, NER_RECOGNIZERS).map((d) => `${d.type}:${text.slice(d.start, d.end)}`);

describe('NER recognizers', () => {
  it('finds people from titles, cues and first names, without the title', () => {
    assert.deepEqual(found('Hello, this is Dr. Kyle Kuefer. Who are you?'), ['PERSON:Kyle Kuefer']);
    assert.deepEqual(found('My name is Šárka Ottová and I need help.'), ['PERSON:Šárka Ottová']);
    assert.deepEqual(found('Please forward this to Maria Gonzalez before Friday.'), ['PERSON:Maria Gonzalez']);
    assert.deepEqual(found('The patient, Ahmed O. Farouk, was discharged.'), ['PERSON:Ahmed O. Farouk']);
  });

  it('recognises later mentions and list members of a person', () => {
    assert.deepEqual(found('Asya Godina joined in May. Later Asya moved on.'), ['PERSON:Asya Godina', 'PERSON:Asya']);
    assert.deepEqual(found('The firm was founded by Becker, Kowalski and Vasquez.'), ['PERSON:Becker', 'PERSON:Kowalski', 'PERSON:Vasquez']);
  });

  it('leaves sentence starts, headings, acronyms and products alone', () => {
    assert.deepEqual(found('Please restart the API server. The ATM network is down.'), []);
    assert.deepEqual(found('Capitalized words like Wisdom and Discipline are not names.'), []);
    assert.deepEqual(found('Title VII of the Civil Rights Act protects employees.'), []);
    assert.deepEqual(found('Deploy Kubernetes with Helm on Monday.'), []);
  });

  it('tells places and organisations from people', () => {
    assert.deepEqual(found('She moved here from Czech Republic last year.'), ['LOCATION:Czech Republic']);
    assert.deepEqual(found('We flew to Reykjavik and then drove to Akureyri.'), ['LOCATION:Reykjavik', 'LOCATION:Akureyri']);
    assert.deepEqual(found('I work for Rapid Cycle Solutions.'), ['ORGANIZATION:Rapid Cycle Solutions']);
  });

  it('finds US and continental street addresses with units and localities', () => {
    assert.deepEqual(found('Ship it to 4821 Maple Avenue, Apt 3B, Springfield, IL 62704 please.'), ['STREET_ADDRESS:4821 Maple Avenue, Apt 3B, Springfield, IL 62704']);
    assert.deepEqual(found('Meine Adresse: Hauptstraße 12, 10115 Berlin'), ['STREET_ADDRESS:Hauptstraße 12, 10115 Berlin']);
    assert.deepEqual(found('Send it to Rua do Arenque 1634, Goiânia'), ['STREET_ADDRESS:Rua do Arenque 1634, Goiânia']);
    assert.deepEqual(found('Return to PSC 0413, Box 8144\nAPO AA 42323 if undelivered.'), ['STREET_ADDRESS:PSC 0413, Box 8144\nAPO AA 42323']);
  });

  it('does not take numbers in prose, IPs or countdowns for addresses', () => {
    assert.deepEqual(found('3... 2... 1... liftoff!'), []);
    assert.deepEqual(found('The host 41.173.96.26 is blocked, see chapter 5 of the guide.'), []);
    assert.deepEqual(found('We shipped 5 Musicians Of The 70s last year.'), []);
  });
});
