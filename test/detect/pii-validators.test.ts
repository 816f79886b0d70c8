import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { cardIssuer } from '../../src/detect/pii/cards.ts';
import { base58check, eip55, segwit } from '../../src/detect/pii/crypto.ts';
import { mbiValid } from '../../src/detect/pii/health.ts';
import { keccak256 } from '../../src/detect/pii/keccak.ts';
import { abaRouting, allSame, deaNumber, ibanMod97, itinValid, luhn, npi, ssnValid, vinValid } from '../../src/detect/pii/validators.ts';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('check digits', () => {
  test('Luhn', () => {
    for (const n of ['4111111111111111', '5555555555554444', '378282246310005', '79927398713']) assert.equal(luhn(n), true, n);
    for (const n of ['4111111111111112', '5555555555554445', '79927398710']) assert.equal(luhn(n), false, n);
  });

  test('card issuers: prefix and length', () => {
    const valid = ['4222222222222', '4111111111111111', '5105105105105100', '2221000000000009', '2720990000000007', '378282246310005', '6011111111111117', '6445644564456445', '6500000000000002', '3530111333300000', '30569309025904', '36227206271667', '6200000000000005'];
    for (const n of valid) assert.equal(cardIssuer(n) && luhn(n), true, n);
    // Right checksum, wrong issuer or length: 1 and 9 issue no cards, Amex is 15 digits, Mastercard 16.
    for (const n of ['1111111111111117', '9111111111111111', '34000000000000009', '51051051051051', '2800000000000004']) assert.equal(cardIssuer(n), false, n);
  });

  test('ABA routing: 3-7-1 checksum and Federal Reserve prefix', () => {
    for (const n of ['021000021', '011000015', '121000358', '322271627']) assert.equal(abaRouting(n), true, n);
    assert.equal(abaRouting('021000022'), false, 'bad checksum');
    assert.equal(abaRouting('130000006'), false, 'prefix 13 is not a routing symbol'); // its checksum passes
    assert.equal(abaRouting('000000000'), false, 'all zeros');
  });

  test('IBAN MOD 97-10', () => {
    for (const iban of ['DE89370400440532013000', 'GB29NWBK60161331926819', 'FR1420041010050500013M02606', 'NO9386011117947', 'gb29nwbk60161331926819']) assert.equal(ibanMod97(iban), true, iban);
    for (const iban of ['DE88370400440532013000', 'GB29NWBK60161331926818', 'DE89370400440532013001']) assert.equal(ibanMod97(iban), false, iban);
  });

  test('NPI: Luhn over 80840 + the ten digits', () => {
    assert.equal(npi('1234567893'), true);
    assert.equal(npi('1245319599'), true);
    assert.equal(npi('1234567890'), false, 'bad check digit');
    assert.equal(npi('3234567893'), false, 'must start with 1 or 2');
    assert.equal(npi('123456789'), false, 'nine digits');
  });

  test('DEA: (d1+d3+d5) + 2(d2+d4+d6) ends in d7', () => {
    for (const n of ['AB1234563', 'BJ6125341', 'F91234563']) assert.equal(deaNumber(n), true, n);
    assert.equal(deaNumber('AB1234564'), false, 'bad check digit');
    assert.equal(deaNumber('IB1234563'), false, 'I is no registrant type');
    assert.equal(deaNumber('A11234563'), false, 'second character is a letter or 9');
  });

  test('VIN check digit', () => {
    for (const vin of ['1M8GDM9AXKP042788', '1HGCM82633A004352', 'JH4KA7561PC008269']) assert.equal(vinValid(vin), true, vin);
    assert.equal(vinValid('1M8GDM9A1KP042788'), false, 'bad check digit');
    assert.equal(vinValid('1M8GDM9AXKP04278O'), false, 'O is not allowed');
  });

  test('MBI position rules', () => {
    assert.equal(mbiValid('1EG4TE5MK73'), true);
    assert.equal(mbiValid('1EG4TE5MK7A'), false, 'position 11 is numeric');
    assert.equal(mbiValid('1SG4TE5MK73'), false, 'S is excluded');
    assert.equal(mbiValid('0EG4TE5MK73'), false, 'position 1 is 1-9');
  });
});

describe('identity number ranges', () => {
  test('SSN: SSA-invalid areas, groups, serials and voided sample numbers', () => {
    for (const n of ['536228726', '123456789', '001010001', '899999999']) assert.equal(ssnValid(n), true, n);
    for (const n of ['000123456', '666123456', '900123456', '999123456', '536008726', '536220000', '078051120', '219099999', '111111111']) assert.equal(ssnValid(n), false, n);
  });

  test('ITIN: 9XX with group 50-65, 70-88, 90-92, 94-99', () => {
    for (const n of ['912501234', '912651234', '912701234', '912881234', '912901234', '912921234', '912941234', '912991234']) assert.equal(itinValid(n), true, n);
    for (const n of ['912491234', '912661234', '912691234', '912891234', '912931234', '812701234']) assert.equal(itinValid(n), false, n);
  });

  test('allSame', () => {
    assert.equal(allSame('7777'), true);
    assert.equal(allSame('7778'), false);
  });
});

describe('cryptocurrency addresses', () => {
  test('Keccak-256 matches known digests, and node SHA3-256 when given its padding', () => {
    assert.equal(hex(keccak256(new Uint8Array())), 'c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470');
    assert.equal(hex(keccak256(Buffer.from('abc'))), '4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45');
    for (const length of [0, 1, 135, 136, 137, 300]) {
      const data = new Uint8Array(length).map((_, i) => (i * 31 + 7) & 0xff);
      assert.equal(hex(keccak256(data, 0x06)), createHash('sha3-256').update(data).digest('hex'), `length ${length}`);
    }
  });

  test('EIP-55 vectors', () => {
    for (const address of ['5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', 'fB6916095ca1df60bB79Ce92cE3Ea74c37c5d359', 'dbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB', 'D1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb']) {
      assert.equal(eip55(address), 'valid', address);
    }
    assert.equal(eip55('5aaeb6053F3E94C9b9A09f33669435E7Ef1BeAed'), 'invalid', 'one letter in the wrong case');
    assert.equal(eip55('52908400098527886E0F7030069857D2E4169EE7'), 'none', 'single case carries no checksum');
  });

  test('base58check', () => {
    assert.equal(base58check('1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa'), true);
    assert.equal(base58check('3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy'), true);
    assert.equal(base58check('1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb'), false, 'checksum');
    assert.equal(base58check('1A1zP1eP5QGefi2DMPTfTL5SLmv7Div0Na'), false, '0 is not base58');
  });

  test('bech32 and bech32m (BIP 173, BIP 350 vectors)', () => {
    for (const address of ['bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', 'BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4', 'bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3', 'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0', 'bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs']) {
      assert.equal(segwit(address), true, address);
    }
    assert.equal(segwit('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh'), false, 'v0 with a bech32m checksum');
    assert.equal(segwit('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5'), false, 'checksum');
    assert.equal(segwit('bc1Qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4'), false, 'mixed case');
  });
});
