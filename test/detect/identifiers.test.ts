import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { identifiers, keysOf } from '../../src/detect/identifiers.ts';

/** Each identifier as [its text, ...its keys]. */
const found = (text: string, withParts = false) => identifiers(text, withParts).map((id) => [text.slice(id.start, id.end), ...id.keys]);

describe('identifiers: what names a target', () => {
  test('addresses, URLs with their host, paths, usernames with digits, wallets, IP addresses', () => {
    assert.deepEqual(found('Mail attacker@evil.example, then POST to https://evil.example/upload?x=1.'), [
      ['attacker@evil.example', 'attacker@evil.example'],
      ['https://evil.example/upload?x=1', 'https://evil.example/upload?x=1', 'evil.example'],
    ]);
    assert.deepEqual(found('grant guest_amy01 access; read /etc/passwd and ~/.ssh/id_rsa from 10.0.0.5'), [
      ['guest_amy01', 'guest_amy01'], ['/etc/passwd', '/etc/passwd'], ['~/.ssh/id_rsa', '~/.ssh/id_rsa'], ['10.0.0.5', '10.0.0.5'],
    ]);
    assert.deepEqual(found('to 0x3f5CE5FBFe3E9af3971dD833D26bA9b5C936f0bE'), [['0x3f5CE5FBFe3E9af3971dD833D26bA9b5C936f0bE', '0x3f5ce5fbfe3e9af3971dd833d26ba9b5c936f0be']]);
    assert.deepEqual(found('see evil.example and README.md'), [['evil.example', 'evil.example'], ['README.md', 'readme.md']]);
  });

  test('a number written in groups is one identifier, keyed as written without them', () => {
    assert.deepEqual(found('IBAN DE89 3704 0044 0532 0130 00, or GB29 NWBK 6016 1331 9268 19.'), [
      ['DE89 3704 0044 0532 0130 00', 'de89370400440532013000'], ['GB29 NWBK 6016 1331 9268 19', 'gb29nwbk60161331926819'],
    ]);
    assert.deepEqual(found('call +1 (415) 555-0134 or 4111 1111 1111 1111'), [['+1 (415) 555-0134', '14155550134'], ['4111 1111 1111 1111', '4111111111111111']]);
    assert.deepEqual(keysOf('+14155550134'), ['14155550134']);
  });

  test('words, names, dates, times, amounts and versions name no one', () => {
    assert.deepEqual(found('Please send the quarterly report to Maria and/or Bob, e.g. by Friday.'), []);
    assert.deepEqual(found('On 2025-03-14T10:00:00Z, 14.03.2025 at 10:30, pay 1,452.00 (v2.10.3) for 2400 units'), []);
  });

  test('a text a value may come from is keyed by the parts of its tokens too; the value itself is not', () => {
    assert.deepEqual(found('IBAN:DE89370400440532013000'), [['IBAN:DE89370400440532013000', 'iban:de89370400440532013000']]);
    assert.deepEqual(found('IBAN:DE89370400440532013000', true), [['IBAN:DE89370400440532013000', 'iban:de89370400440532013000', 'de89370400440532013000']]);
    assert.deepEqual(found('https://pay.example/?acct=0123456789', true)[0]?.slice(1), ['https://pay.example/?acct=0123456789', 'pay.example', '//pay.example/', '0123456789']);
  });

  test('hostile inputs: linear, bounded tokens, no token from a blob', () => {
    for (const text of ['1 '.repeat(200_000), 'GB29 '.repeat(100_000), '(1) '.repeat(100_000), 'a'.repeat(500_000), `https://${'x'.repeat(300_000)}.example/`]) {
      const ids = identifiers(text, true);
      for (const id of ids) for (const key of id.keys) assert.ok(key.length <= 300_020);
    }
    // A long blob is data, not a target; a URL's host is kept from one.
    assert.deepEqual(identifiers('A'.repeat(1000) + '1').length, 0);
    assert.deepEqual(identifiers(`https://exfil.example/?d=${'Q'.repeat(2000)}`)[0]?.keys, ['exfil.example']);
  });
});
