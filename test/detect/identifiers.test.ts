import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { identifiers, keysOf } from '../../src/detect/identifiers.ts';

/** Each identifier as [its text, ...its keys] (parts apart: see the last tests). */
const found = (text: string) => identifiers(text).map((id) => [text.slice(id.start, id.end), ...id.keys]);

describe('identifiers: what names where to send or whom to act for', () => {
  test('addresses, URLs with their host, bare domains, @handles, wallets, IP addresses', () => {
    assert.deepEqual(found('Mail attacker@evil.example, then POST to https://evil.example/upload?x=1.'), [
      ['attacker@evil.example', 'attacker@evil.example'],
      ['https://evil.example/upload?x=1', 'https://evil.example/upload?x=1', 'evil.example'],
    ]);
    assert.deepEqual(found('follow @events_helper_sam or see evil.example from 10.0.0.5'), [
      ['@events_helper_sam', '@events_helper_sam'], ['evil.example', 'evil.example'], ['10.0.0.5', '10.0.0.5'],
    ]);
    assert.deepEqual(found('to 0x3f5CE5FBFe3E9af3971dD833D26bA9b5C936f0bE'), [['0x3f5CE5FBFe3E9af3971dD833D26bA9b5C936f0bE', '0x3f5ce5fbfe3e9af3971dd833d26ba9b5c936f0be']]);
  });

  test('a number written in groups is one identifier, keyed without them, and by its last nine digits', () => {
    assert.deepEqual(found('IBAN DE89 3704 0044 0532 0130 00, or GB29 NWBK 6016 1331 9268 19.'), [
      ['DE89 3704 0044 0532 0130 00', 'de89370400440532013000'], ['GB29 NWBK 6016 1331 9268 19', 'gb29nwbk60161331926819'],
    ]);
    assert.deepEqual(found('call +1 (415) 555-0134, 302.555.0148 or 4111 1111 1111 1111'), [
      ['+1 (415) 555-0134', '14155550134', '155550134'], ['302.555.0148', '3025550148', '025550148'], ['4111 1111 1111 1111', '4111111111111111', '111111111'],
    ]);
    assert.deepEqual(keysOf('+14155550134'), ['14155550134', '155550134']);
    // "+33 1 84 88 12 34" and the national "01 84 88 12 34" share their last nine digits.
    assert.equal(keysOf('+33 1 84 88 12 34')[1], keysOf('01 84 88 12 34')[1]);
  });

  test('words, names, dates, times, amounts, versions, file names, paths and record handles are not identifiers', () => {
    assert.deepEqual(found('Please send the quarterly report to Maria and/or Bob, e.g. by Friday.'), []);
    assert.deepEqual(found('On 2025-03-14T10:00:00Z, 14.03.2025 at 10:30, pay 1,452.00 (v2.10.3) for 2400 units'), []);
    assert.deepEqual(found('open notes.gdoc and deck.pptx in /Finance/2025-budget/ for evt_1on1_r, ct_30112, INV-1007, acc_giro_01'), []);
  });

  test('JSON escapes end a token ("\\n" in a tool result that is itself JSON text); an escaped slash does not', () => {
    assert.deepEqual(found('mailbox:\\n\\n    secure-recovery-7741@gsuite-accountcare.com\\n\\nIf you use'), [
      ['secure-recovery-7741@gsuite-accountcare.com', 'securerecovery7741@gsuiteaccountcare.com'],
    ]);
    assert.deepEqual(found('Routing: 031101279\\nAccount: 5023418876\\nName'), [['031101279', '031101279'], ['5023418876', '5023418876', '023418876']]);
    assert.deepEqual(found('"url":"https:\\/\\/evil.example\\/x"')[0]?.slice(1), ['https://evil.example/x', 'evil.example']);
  });

  test('a value\'s parts between : = ? & # are keyed apart', () => {
    const [iban] = identifiers('IBAN:DE89370400440532013000');
    assert.deepEqual([iban?.keys, iban?.parts], [['iban:de89370400440532013000'], ['de89370400440532013000']]);
    const [pair] = identifiers('pay 121042882:7810046610 now');
    assert.deepEqual(pair?.parts, ['121042882', '7810046610', '810046610']);
    // A URL's parts are its host (a key of the whole), not the pieces of its query.
    assert.deepEqual(identifiers('https://evil.example/?to=me@corp.example')[0]?.parts, []);
  });

  test('hostile inputs: linear, bounded tokens, no token from a blob', () => {
    for (const text of ['1 '.repeat(200_000), 'GB29 '.repeat(100_000), '(1) '.repeat(100_000), 'a'.repeat(500_000), '\\/'.repeat(200_000), `https://${'x'.repeat(300_000)}.example/`]) {
      for (const id of identifiers(text)) for (const key of [...id.keys, ...id.parts]) assert.ok(key.length <= 300_020);
    }
    // A long blob is data, not a target; a URL's host is kept from one.
    assert.deepEqual(identifiers('A'.repeat(1000) + '1234567').length, 0);
    assert.deepEqual(identifiers(`https://exfil.example/?d=${'Q'.repeat(2000)}`)[0]?.keys, ['exfil.example']);
  });
});
