import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nerFindings as found } from '../helpers/ner.ts';


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

  it('reads a language, a database or a platform after "in" or "on" as technology, not a place', () => {
    assert.deepEqual(found('Can you sketch the delay function in TypeScript, with a test?'), []);
    assert.deepEqual(found('Rewrite it in Python, store the rows in Postgres and deploy on Kubernetes.'), []);
    assert.deepEqual(found('The ticket is in Jira.'), []);
    // Places keep their cue, an unknown town included, and so do surnames' prefixes.
    assert.deepEqual(found('We met in Paris and later moved to McAllen.'), ['LOCATION:Paris', 'LOCATION:McAllen']);
    assert.deepEqual(found('The plant is in Zwettlbach.'), ['LOCATION:Zwettlbach']);
  });

  it('finds US and continental street addresses with units and localities', () => {
    assert.deepEqual(found('Ship it to 4821 Maple Avenue, Apt 3B, Springfield, IL 62704 please.'), ['STREET_ADDRESS:4821 Maple Avenue, Apt 3B, Springfield, IL 62704']);
    assert.deepEqual(found('Meine Adresse: Hauptstraße 12, 10115 Berlin'), ['STREET_ADDRESS:Hauptstraße 12, 10115 Berlin']);
    assert.deepEqual(found('Send it to Rua do Arenque 1634, Goiânia'), ['STREET_ADDRESS:Rua do Arenque 1634, Goiânia']);
    assert.deepEqual(found('Return to PSC 0413, Box 8144\nAPO AA 42323 if undelivered.'), ['STREET_ADDRESS:PSC 0413, Box 8144\nAPO AA 42323']);
    // A sentence's full stop after the postal code is not part of the address; a dot glued to a house number is.
    assert.deepEqual(found('He lives at 742 Evergreen Terrace, Springfield, OR 97477. Call him.'), ['STREET_ADDRESS:742 Evergreen Terrace, Springfield, OR 97477']);
    assert.deepEqual(found('Adresse: Petőfi u. 15.'), ['STREET_ADDRESS:Petőfi u. 15.']);
    // A decimal number is a measurement, not a house number.
    assert.deepEqual(found('Latitude 40.7128, longitude -74.0060'), []);
    // Without a street word, a number run on by more numbers is an identifier, not a house number.
    assert.ok(!found('Aadhaar 2345 6789 0123').some((f) => f.startsWith('STREET_ADDRESS')));
    assert.deepEqual(found('Hauptstraße 12 10115 Berlin'), ['STREET_ADDRESS:Hauptstraße 12 10115 Berlin']);
  });

  it('knows first names from everywhere, but wants a cue or a surname for the rarer ones', () => {
    assert.deepEqual(found('Please ask Mette Frederiksen to call me back.'), ['PERSON:Mette Frederiksen']);
    assert.deepEqual(found('Hi Stanko, can you review the PR?'), ['PERSON:Stanko']);
    assert.deepEqual(found('Thanks, Jouko!'), ['PERSON:Jouko']);
    assert.deepEqual(found('Warrane, can I please speak to your boss?'), ['PERSON:Warrane']);
    // A rare name that is also a tool's name, with nothing around it saying "person".
    assert.deepEqual(found('We log with Pino and script in Lua.').filter((f) => f.startsWith('PERSON')), []);
    assert.deepEqual(found('I\'m Bojka Žilih, originally from Dolores.')[0], 'PERSON:Bojka Žilih');
    assert.deepEqual(found('Maika van de Noort\nEmployment manager'), ['PERSON:Maika van de Noort']);
  });

  it('reads lists, transcripts and firms named after their partners', () => {
    assert.deepEqual(found('Attendees: Monjeau, Graves and Reed.'), ['PERSON:Monjeau', 'PERSON:Graves', 'PERSON:Reed']);
    assert.deepEqual(found('Ubul: What a wife.\nNicole: Remember me, Mary?\nJohn: You saved my life!'), ['PERSON:Ubul', 'PERSON:Nicole', 'PERSON:Mary', 'PERSON:John']);
    assert.deepEqual(found('She spent a year at Jones, Mitchell and Williams.'), ['ORGANIZATION:Jones, Mitchell and Williams']);
    assert.deepEqual(found('Lopez, Santos and Coleman is a design agency.'), ['ORGANIZATION:Lopez, Santos and Coleman']);
    assert.deepEqual(found('Maria, Bread and Milk.'), ['PERSON:Maria']);
  });

  it('leaves streets, towns, products and identifiers that look like names alone', () => {
    assert.deepEqual(found('Meet me at the corner of Main Street and Alexander Flat.'), []);
    assert.deepEqual(found('We returned to Feliciano by helicopter.'), ['LOCATION:Feliciano']);
    assert.deepEqual(found('Use the OpenAI SDK or a JSON Schema validator.'), []);
    assert.deepEqual(found('The Google Pixel is a phone.'), ['ORGANIZATION:Google Pixel']);
    assert.deepEqual(found('name: query_emr_database, tags: [reads_phi]'), []);
  });

  it('weighs a word no list knows by its spelling, where nothing makes it a thing', () => {
    assert.deepEqual(found('Please forward the minutes to Akifumi before Friday.'), ['PERSON:Akifumi']);
    assert.deepEqual(found('Please forward the logs to Xignite support.'), []);
    // Technical text (code, "API"): an unknown capitalised word there is a product, however it is spelt.
    assert.deepEqual(found('Send the payload to Esprima through the `parse()` API.'), []);
    // Items of a list of things stay things ("Deno" and "Bun" are spelt like names).
    assert.deepEqual(found('It runs on Cloudflare Workers, Deno, and Bun.').filter((f) => f.startsWith('PERSON')), []);
  });

  it('knows the surnames of a larger list alone, in capitalised text only', () => {
    // Surnames compromise lacks (redact-pii's list, build-ner-lexicon.ts): alone, with no cue, their spelling was not enough.
    assert.deepEqual(found('The quarterly numbers were checked by Lockwood before the audit.'), ['PERSON:Lockwood']);
    assert.deepEqual(found('Hi all, Acevedo approved the travel request this morning.'), ['PERSON:Acevedo']);
    // In lowercase text a surname alone is no sign of a name; a nationality on the list stays one.
    assert.deepEqual(found('the quarterly numbers were checked by lockwood before the audit.'), []);
    assert.deepEqual(found('We prefer English for the documentation.'), []);
  });

  it('reads what people do and are around a name: pronouns, person verbs, roles', () => {
    assert.deepEqual(found('Yesterday Quionia lost her keys at the station.'), ['PERSON:Quionia']);
    assert.deepEqual(found('Akifumi has just said no.'), ['PERSON:Akifumi']);
    assert.deepEqual(found('Tomomi is from Osaka Gas.'), ['PERSON:Tomomi', 'ORGANIZATION:Osaka Gas']);
    assert.deepEqual(found('Katrine is our new accountant.'), ['PERSON:Katrine']);
    assert.deepEqual(found('I met the journalist Dzhambek last week.'), ['PERSON:Dzhambek']);
  });

  it('does not take terms, handles or a cue\'s ordinary words for names', () => {
    // Several words, none spelt like a name.
    assert.deepEqual(found('The header lists a Digital Signature or MAC Algorithm for each key.'), []);
    assert.deepEqual(found('Any identity provider that supports OpenID Connect works.'), []);
    // A capital inside a word: how products and handles are written.
    assert.deepEqual(found('In the warm cache state, PathScurry\'s performance increases around 4x.'), []);
    // Lowercase text: "this is", "called" are followed by ordinary words far more often than by names.
    assert.deepEqual(found('this is a known limitation, not a bug.'), []);
    assert.deepEqual(found('the function can be called twice without harm.'), []);
    assert.deepEqual(found('follow up with patricia desrosiers in a couple of months.'), ['PERSON:patricia desrosiers']);
  });

  it('in lowercase text, takes a rarer first name before a surname, and a first name by what people do', () => {
    assert.deepEqual(found('have you met aksel kristensen?'), ['PERSON:aksel kristensen']);
    assert.deepEqual(found('leone mazzi will call you back.'), ['PERSON:leone mazzi']);
    assert.deepEqual(found('selma is from the accounting team.'), ['PERSON:selma']);
    // A rare first name alone, or before a short word no list knows, is a tool or a command.
    assert.deepEqual(found('pino is fast and has a small footprint.'), []);
    assert.deepEqual(found('we keep the json npm scripts in one place.'), []);
  });

  it('does not take numbers in prose, IPs or countdowns for addresses', () => {
    assert.deepEqual(found('3... 2... 1... liftoff!'), []);
    assert.deepEqual(found('The host 41.173.96.26 is blocked, see chapter 5 of the guide.'), []);
    assert.deepEqual(found('We shipped 5 Musicians Of The 70s last year.'), []);
  });
});
