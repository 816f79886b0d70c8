import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertFound, assertNotFound, findPii, ofType } from './pii-helpers.ts';

describe('CREDIT_CARD', () => {
  test('each issuer, contiguous, spaced and dashed, at exact offsets', () => {
    const cards = [
      '4111111111111111', '4012 8888 8888 1881', '4222222222222', '5555-5555-5555-4444', '2223 0031 2200 3222',
      '3782 822463 10005', '6011111111111117', '6445 6445 6445 6445', '3530111333300000', '3056 930902 5904',
      '6200000000000005',
    ];
    for (const card of cards) {
      const hit = assertFound(`Please charge ${card} today.`, card, 'CREDIT_CARD');
      assert.ok(hit.score >= 0.85, `${card}: ${hit.score}`);
    }
  });

  test('a Luhn failure, a non-issuer prefix or a wrong length is not a card', () => {
    assertNotFound('charge 4111 1111 1111 1112 now', 'CREDIT_CARD');
    assertNotFound('charge 4111111111111112 now', 'CREDIT_CARD');
    assertNotFound('ref 1111111111111117 now', 'CREDIT_CARD'); // Luhn-valid, no issuer starts with 1
    assertNotFound('ref 9111111111111111 now', 'CREDIT_CARD');
    assertNotFound('amex 3782 8224 6310 0051 now', 'CREDIT_CARD'); // Amex prefix, 16 digits
  });

  test('not part of a longer digit run or word', () => {
    assertNotFound('id 14111111111111111 end', 'CREDIT_CARD');
    assertNotFound('id 41111111111111110 end', 'CREDIT_CARD');
    assertNotFound('id x4111111111111111 end', 'CREDIT_CARD');
    assertNotFound('id 4111111111111111.5 end', 'CREDIT_CARD');
  });

  test('a card followed by more digits in the same grouping: the card is the valid window', () => {
    const text = 'card 4111 1111 1111 1111 123 thanks';
    assertFound(text, '4111 1111 1111 1111', 'CREDIT_CARD');
  });

  test('two cards in a row are two findings', () => {
    const found = ofType('cards 4111 1111 1111 1111 5555 5555 5555 4444', 'CREDIT_CARD');
    assert.deepEqual(found.map((f) => f.text), ['4111 1111 1111 1111', '5555 5555 5555 4444']);
  });
});

describe('CREDIT_CARD_EXPIRY and CREDIT_CARD_CVV', () => {
  test('found with a label near a card', () => {
    const text = 'Visa 4111 1111 1111 1111, exp 12/27, CVV: 123';
    assertFound(text, '12/27', 'CREDIT_CARD_EXPIRY');
    assertFound(text, '123', 'CREDIT_CARD_CVV');
    const words = 'my credit card expires 03/2029 and the security code is 4321';
    assertFound(words, '03/2029', 'CREDIT_CARD_EXPIRY');
    assertFound(words, '4321', 'CREDIT_CARD_CVV');
  });

  test('right after a card number, an expiry needs no label', () => {
    assertFound('4111111111111111|12/27|123', '12/27', 'CREDIT_CARD_EXPIRY');
    assertFound('4111111111111111 12/27', '12/27', 'CREDIT_CARD_EXPIRY');
  });

  test('not without card context, nor with an impossible month', () => {
    assertNotFound('the passport expires 12/2030', 'CREDIT_CARD_EXPIRY');
    assertNotFound('experiment 12/27 went well', 'CREDIT_CARD_EXPIRY');
    assertNotFound('card 4111 1111 1111 1111 exp 13/27', 'CREDIT_CARD_EXPIRY');
    assertNotFound('your security code is 123', 'CREDIT_CARD_CVV');
    assertNotFound('card CVV 12345', 'CREDIT_CARD_CVV');
  });
});

describe('IBAN_CODE', () => {
  test('compact and grouped by four, at exact offsets', () => {
    for (const iban of ['DE89 3704 0044 0532 0130 00', 'GB29NWBK60161331926819', 'FR14 2004 1010 0505 0001 3M02 606', 'NO93 8601 1117 947', 'BE68539007547034', 'gb29nwbk60161331926819']) {
      const hit = assertFound(`Transfer to ${iban}.`, iban, 'IBAN_CODE');
      assert.ok(hit.score >= 0.9);
    }
  });

  test('bad check digits, wrong country length or unknown country: not found', () => {
    assertNotFound('to DE88 3704 0044 0532 0130 00', 'IBAN_CODE');
    assertNotFound('to GB29NWBK60161331926818', 'IBAN_CODE');
    assertNotFound('to DE89 3704 0044 0532 0130 001', 'IBAN_CODE'); // 23 characters, Germany has 22
    assertNotFound('to QQ89370400440532013000', 'IBAN_CODE');
    assertNotFound('to XDE89370400440532013000', 'IBAN_CODE');
  });
});

describe('SWIFT_CODE', () => {
  test('found with context, not without', () => {
    assertFound('SWIFT: DEUTDEFF500', 'DEUTDEFF500', 'SWIFT_CODE');
    assertFound('the BIC is NWBKGB2L for the wire', 'NWBKGB2L', 'SWIFT_CODE');
    assertFound('Our bank: SWIFT code DEUTDEFF.', 'DEUTDEFF', 'SWIFT_CODE'); // no digit anywhere
    assertFound('bic DEUTDEFF', 'DEUTDEFF', 'SWIFT_CODE');
    assertNotFound('public DEUTDEFF', 'SWIFT_CODE'); // "bic" inside a word is not context
    assertNotFound('Our BUSINESS plan for DEUTDEFF', 'SWIFT_CODE');
  });

  test('the country code must be real', () => {
    assertNotFound('SWIFT: DEUTQQFF', 'SWIFT_CODE');
  });
});

describe('ABA_ROUTING_NUMBER', () => {
  test('checksum and context', () => {
    assertFound('routing number 021000021', '021000021', 'ABA_ROUTING_NUMBER');
    assertFound('ABA: 0110-0001-5', '0110-0001-5', 'ABA_ROUTING_NUMBER');
    assertFound('RTN 121000358 for the deposit', '121000358', 'ABA_ROUTING_NUMBER');
  });

  test('bad checksum or no context: not found', () => {
    assertNotFound('routing number 021000022', 'ABA_ROUTING_NUMBER');
    assertNotFound('order 021000021 shipped', 'ABA_ROUTING_NUMBER');
    assertNotFound('a database 021000021 row', 'ABA_ROUTING_NUMBER'); // "aba" inside a word is not context
  });
});

describe('US_BANK_NUMBER', () => {
  test('8-17 digits after an account word', () => {
    assertFound('checking account 000123456789', '000123456789', 'US_BANK_NUMBER');
    assertFound('Bank acct: 12345678', '12345678', 'US_BANK_NUMBER');
  });

  test('no context, too short, or part of a longer number: not found', () => {
    assertNotFound('order 123456789012 shipped', 'US_BANK_NUMBER');
    assertNotFound('account 1234567', 'US_BANK_NUMBER');
    assertNotFound('account 12345678-9', 'US_BANK_NUMBER');
  });
});

describe('CRYPTO', () => {
  test('Bitcoin base58check, bech32, bech32m and checksummed Ethereum, at exact offsets', () => {
    for (const address of [
      '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa',
      '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy',
      'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4',
      'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0',
      '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
    ]) {
      const hit = assertFound(`send it to ${address} please`, address, 'CRYPTO');
      assert.ok(hit.score >= 0.9);
    }
  });

  test('bad checksums are not addresses', () => {
    assertNotFound('send to 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb', 'CRYPTO');
    assertNotFound('send to bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5', 'CRYPTO');
    assertNotFound('send to 0x5aaeb6053F3E94C9b9A09f33669435E7Ef1BeAed', 'CRYPTO');
  });

  test('a single-case Ethereum address has no checksum: context needed', () => {
    const address = '0xde709f2102306220921060314715629080e2fb77';
    assertNotFound(`hash ${address}`, 'CRYPTO');
    assertFound(`my ETH wallet: ${address}`, address, 'CRYPTO');
  });

  test('a longer token is not an address', () => {
    assert.deepEqual(ofType('x1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa', 'CRYPTO'), []);
    assert.deepEqual(ofType('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed00', 'CRYPTO'), []);
  });
});

test('a message with several financial identifiers finds each once', () => {
  const text = 'Wire from DE89370400440532013000 (BIC DEUTDEFF) to routing 021000021, card 4111-1111-1111-1111.';
  assert.deepEqual(
    findPii(text).map((f) => [f.type, f.text]),
    [
      ['IBAN_CODE', 'DE89370400440532013000'],
      ['SWIFT_CODE', 'DEUTDEFF'],
      ['ABA_ROUTING_NUMBER', '021000021'],
      ['CREDIT_CARD', '4111-1111-1111-1111'],
    ],
  );
});

describe('Maestro and legacy JCB cards', () => {
  test('are found next to a card word, and not as bare numbers (a 12-digit Luhn look-alike is common)', async () => {
    const { scanText } = await import('../../src/detect/scan.ts');
    const { PII_RECOGNIZERS } = await import('../../src/detect/pii/index.ts');
    const types = (text: string) => scanText(text, PII_RECOGNIZERS).filter((f) => f.type === 'CREDIT_CARD').map((f) => text.slice(f.start, f.end));
    assert.deepEqual(types('What is the limit for card 501864667909?'), ['501864667909']);
    assert.deepEqual(types('I want to cancel my card 180000826105910 because I lost it'), ['180000826105910']);
    assert.deepEqual(types('Order 501864667909 shipped.'), []);
    assert.deepEqual(types('card 501864667908'), [], 'Luhn still applies');
    // "cc" as a word is card context too; inside "accept" it is not.
    assert.deepEqual(types('Please send the last billed amount for cc 503802053770.'), ['503802053770']);
    assert.deepEqual(types('We accept 503802053770 as the reference.'), []);
  });
});

describe('cards outside the issuer tables', () => {
  test('are found when the text labels them a card, and only then', async () => {
    const { scanText } = await import('../../src/detect/scan.ts');
    const { PII_RECOGNIZERS } = await import('../../src/detect/pii/index.ts');
    const cards = (text: string) => scanText(text, PII_RECOGNIZERS).filter((f) => f.type === 'CREDIT_CARD').map((f) => text.slice(f.start, f.end));
    // Luhn-valid, 35xx outside JCB's 3528-3589 and 58xx outside Maestro's listed prefixes.
    assert.deepEqual(cards('card number 3598899323053410 is lost'), ['3598899323053410']);
    assert.deepEqual(cards('points won on my credit card 587428561654 last month'), ['587428561654']);
    assert.deepEqual(cards('the last billed amount for cc 3509413199654323 please'), ['3509413199654323']);
    // Unlabelled, labelled only loosely ("credit", "payment"), labelled in another sentence, or failing Luhn: not a card.
    assert.deepEqual(cards('Reference 3598899323053410 was filed.'), []);
    assert.deepEqual(cards('credit union account 3598899323053410'), []);
    assert.deepEqual(cards('payment reference 587428561654'), []);
    assert.deepEqual(cards('I lost my card. Ticket 3598899323053410 is open.'), []);
    assert.deepEqual(cards('card number 3598899323053411 is lost'), [], 'Luhn still applies');
    // A number starting with 0 or 7-9 is no payment card (ISO/IEC 7812 industry digit).
    assert.deepEqual(cards('credit card 060426070011'), []);
  });
});
