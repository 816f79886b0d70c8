import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { emailRecognizer } from '../../src/detect/pii/contact.ts';
import { PII_RECOGNIZERS } from '../../src/detect/pii/index.ts';
import { medicalRecordRecognizer } from '../../src/detect/pii/health.ts';
import { keywordHits, keywordsIn } from '../../src/detect/pii/keywords.ts';
import { scanText } from '../../src/detect/scan.ts';
import type { ScanText } from '../../src/detect/types.ts';
import { assertFound, findPii } from './pii-helpers.ts';
import { below, mulberry32 } from '../../scripts/seeded-random.ts';

const SIZE = 200_000;
const repeat = (unit: string) => unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE);
const input = (text: string): ScanText => ({ text, lower: text.toLowerCase() });

describe('hostile input', () => {
  // Every recognizer is a forward scan or bounded looks around a position, so 200,000 characters
  // of the worst shapes each of them can meet finish; no timing is asserted, completion is.
  const nothing: Record<string, string> = {
    'dash-joined digits': repeat('1-'),
    'space-joined digits': repeat('1 '),
    'dot-joined digits': repeat('1.'),
    'slash-joined digits': repeat('1/'),
    'one digit run': '7'.repeat(SIZE),
    'at signs': repeat('a@'),
    colons: ':'.repeat(SIZE),
    'hex and colons': repeat('a:'),
    'schemes without hosts': repeat('://'),
    'plus signs': repeat('+1 '),
    parentheses: repeat('(1) '),
    'one letter': 'A'.repeat(SIZE),
    'letter-digit word': repeat('a1'),
    'labels without values': repeat('mrn account serial plate driver dl fax cvv exp swift '),
    'country codes': repeat('DE89 '),
    'month names': repeat('March '),
    'hex prefixes': repeat('0x'),
    'bech32 prefixes': repeat('bc1'),
  };
  for (const [name, text] of Object.entries(nothing)) {
    test(`${name}: finds nothing`, () => {
      assert.equal(text.length, SIZE);
      assert.deepEqual(scanText(text, PII_RECOGNIZERS), []);
    });
  }

  test('www. repeated: one URL spanning it all', () => {
    const found = scanText(repeat('www.'), PII_RECOGNIZERS);
    assert.deepEqual(found.map((f) => [f.type, f.start]), [['URL', 0]]);
  });

  test('a URL scheme repeated: one URL', () => {
    const found = scanText(repeat('http://'), PII_RECOGNIZERS);
    assert.equal(found.length, 1);
  });

  test('many real findings: each recognizer stays linear in their number', () => {
    // Called directly: scanText's overlap resolution is the caller's concern here.
    assert.equal(emailRecognizer.find(input(repeat('a.b@c.de '))).length, Math.floor(SIZE / 9));
    const mrn = repeat('MRN: 1234567 ');
    assert.equal(medicalRecordRecognizer.find(input(mrn)).length, Math.floor(SIZE / 13));
    for (const recognizer of PII_RECOGNIZERS) {
      for (const text of [repeat('4111111111111111 12/27 cvv 123 '), repeat('SSN 536-22-8726 (415) 555-2671 '), repeat('12/12/2024 '), repeat('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed ')]) {
        const scan = input(text);
        if (recognizer.mayMatch === undefined || recognizer.mayMatch(scan)) assert.ok(Array.isArray(recognizer.find(scan)));
      }
    }
  });
});

describe('keywords are searched only near digits', () => {
  /** A seeded integer in [0, n), so a failure reproduces. */
  function seededRandom(seed: number): (n: number) => number {
    const random = mulberry32(seed);
    return (n) => below(random, n);
  }

  test('and find there exactly what a whole-text search finds', () => {
    const pieces = ['mrn', 'MRN:', 'idea', 'dea', 'account', 'acct#', 'medical record', 'x', 'the', 'patient #', 'dl', 'handle', '12345', '7', 'card', 'tel.', 'a'.repeat(30), ' ', ' ', '\n', ', '];
    for (let seed = 1; seed <= 200; seed++) {
      const random = seededRandom(seed);
      let text = '';
      while (text.length < 600) text += pieces[random(pieces.length)] + (random(3) === 0 ? '' : ' ');
      const lower = text.toLowerCase();
      const windowed = keywordHits({ text, lower });
      const whole = keywordsIn(lower);
      const key = (hits: typeof whole, i: number) => `${hits.start[i]}-${hits.end[i]}`;
      const wholeKeys = new Set(Array.from({ length: whole.count }, (_, i) => key(whole, i)));
      for (let i = 0; i < windowed.count; i++) {
        assert.ok(wholeKeys.has(key(windowed, i)), `seed ${seed}: ${key(windowed, i)} is no keyword in the whole text`);
        if (i > 0) assert.ok((windowed.start[i] ?? 0) >= (windowed.end[i - 1] ?? 0), `seed ${seed}: hits in order`);
      }
      // Every whole-text keyword within 80 characters before a digit is found.
      const windowedKeys = new Set(Array.from({ length: windowed.count }, (_, i) => key(windowed, i)));
      for (let i = 0; i < whole.count; i++) {
        const after = text.slice(whole.end[i], (whole.end[i] ?? 0) + 80);
        if (/[0-9]/.test(after)) assert.ok(windowedKeys.has(key(whole, i)), `seed ${seed}: missed ${JSON.stringify(text.slice(whole.start[i], whole.end[i]))} at ${whole.start[i]}`);
      }
    }
  });
});

describe('offsets', () => {
  test('are UTF-16 code units: emoji and astral characters before an entity', () => {
    const text = '🎉😀 𝒜 SSN 536-22-8726, 📧 jane@example.com, card 🃏 4111 1111 1111 1111, call 👉 (415) 555-2671, DOB 😷 03/14/1961, MRN 🏥: 00123456';
    assertFound(text, '536-22-8726', 'US_SSN');
    assertFound(text, 'jane@example.com', 'EMAIL_ADDRESS');
    assertFound(text, '4111 1111 1111 1111', 'CREDIT_CARD');
    assertFound(text, '(415) 555-2671', 'PHONE_NUMBER');
    assertFound(text, '03/14/1961', 'DATE_TIME');
    assertFound(text, '00123456', 'MEDICAL_RECORD_NUMBER');
  });

  test('stay aligned when lower-casing changes the length (U+0130)', () => {
    const text = 'İİİ İstanbul clinic, MRN: 00123456, born 3 March 1961, see www.example.org';
    assert.notEqual(text.toLowerCase().length, text.length, 'test premise');
    // Called directly: scanText's own context test reads `lower` at the text's offsets.
    const [mrn] = medicalRecordRecognizer.find(input(text));
    assert.equal(mrn && text.slice(mrn.start, mrn.end), '00123456');
    assertFound(text, '3 March 1961', 'DATE_TIME');
    assertFound(text, 'www.example.org', 'URL');
  });
});

describe('the registry', () => {
  test('names are unique, and every finding has a type its recognizer declares', () => {
    const names = PII_RECOGNIZERS.map((r) => r.name);
    assert.equal(new Set(names).size, names.length);
    const sample = [
      'Card 4111 1111 1111 1111 exp 12/27 CVV 123; IBAN DE89370400440532013000; SWIFT DEUTDEFF; routing 021000021; checking account 000123456789',
      'SSN 536-22-8726, ITIN 912-70-1234, passport A12345678, DL: D1234567, jane@example.com, (415) 555-2671, fax 415-555-2672, 203.0.113.45, https://x.org',
      'DOB 03/14/1961, MRN: 00123456, member id XYZ123456, NPI 1234567893, DEA AB1234563, Medicare 1EG4-TE5-MK73, acct PA-88123, license RN123456, serial C02XK1ABJG5H, plate 7ABC123, VIN 1M8GDM9AXKP042788, wallet 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa',
    ].join('\n');
    const scan = input(sample);
    const emitted = new Set<string>();
    for (const recognizer of PII_RECOGNIZERS) {
      assert.equal(recognizer.detector, 'pii');
      for (const word of recognizer.context ?? []) assert.equal(word, word.toLowerCase(), `${recognizer.name} context is lower case`);
      if (recognizer.mayMatch !== undefined && !recognizer.mayMatch(scan)) continue;
      for (const candidate of recognizer.find(scan)) {
        assert.ok(recognizer.types.includes(candidate.type), `${recognizer.name} emitted ${candidate.type}`);
        assert.ok(candidate.start >= 0 && candidate.end <= sample.length && candidate.start < candidate.end);
        assert.ok(candidate.score > 0 && candidate.score <= 1);
      }
    }
    for (const finding of findPii(sample)) emitted.add(finding.type);
    const declared = new Set(PII_RECOGNIZERS.flatMap((r) => r.types));
    assert.deepEqual([...declared].filter((type) => !emitted.has(type)), [], 'every declared type is found in the sample');
  });
});
