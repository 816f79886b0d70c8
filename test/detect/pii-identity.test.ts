import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertFound, assertNotFound, ofType } from './pii-helpers.ts';

describe('US_SSN', () => {
  test('dashed, spaced and dotted, at exact offsets', () => {
    assertFound('Her number is 536-22-8726.', '536-22-8726', 'US_SSN');
    assertFound('Her number is 536 22 8726.', '536 22 8726', 'US_SSN');
    assertFound('Her number is 536.22.8726.', '536.22.8726', 'US_SSN');
  });

  test('nine bare digits only with context', () => {
    assertNotFound('Order 536228726 shipped', 'US_SSN');
    assertFound('SSN: 123456789', '123456789', 'US_SSN');
    assertFound('social security number 536228726', '536228726', 'US_SSN');
  });

  test('context raises a formatted SSN', () => {
    const [bare] = ofType('ref 536-22-8726', 'US_SSN');
    const [labelled] = ofType('SSN 536-22-8726', 'US_SSN');
    assert.ok(bare !== undefined && labelled !== undefined && labelled.score > bare.score);
  });

  test('SSA-invalid numbers are not SSNs, even with context', () => {
    for (const ssn of ['000-12-3456', '666-12-3456', '900-12-3456', '999-99-9999', '536-00-8726', '536-22-0000', '078-05-1120', '219-09-9999', '111-11-1111']) {
      assertNotFound(`SSN: ${ssn}`, 'US_SSN');
    }
  });

  test('never inside a longer digit run', () => {
    for (const text of ['SSN 1-536-22-8726', 'SSN 536-22-87261', 'SSN 9536-22-8726', 'SSN 536-22-8726-1', 'SSN 5536228726', 'SSN 536228726.5', 'SSN A536-22-8726']) {
      assertNotFound(text, 'US_SSN');
    }
  });

  test('mixed separators are not one SSN', () => {
    assertNotFound('SSN 536-22 8726', 'US_SSN');
  });

  test('a number after the SSN does not hide it', () => {
    assertFound('SSN 536-22-8726 2 copies', '536-22-8726', 'US_SSN');
  });
});

describe('US_ITIN', () => {
  test('9XX with a valid group', () => {
    assertFound('ITIN 912-70-1234', '912-70-1234', 'US_ITIN');
    assertFound('taxpayer id 912 94 1234', '912 94 1234', 'US_ITIN');
    assertFound('TIN: 912881234', '912881234', 'US_ITIN');
  });

  test('invalid groups, and bare digits without context, are not', () => {
    assertNotFound('ITIN 912-93-1234', 'US_ITIN');
    assertNotFound('ITIN 912-66-1234', 'US_ITIN');
    assertNotFound('ref 912881234', 'US_ITIN');
    assertNotFound('we were waiting 912881234', 'US_ITIN'); // "itin" inside "waiting" is not context
  });
});

describe('US_PASSPORT', () => {
  test('9 digits or a letter and 8 digits, with context', () => {
    assertFound('Passport number: 340020013', '340020013', 'US_PASSPORT');
    assertFound('passport A12345678 issued 2021', 'A12345678', 'US_PASSPORT');
  });

  test('not without "passport"', () => {
    assertNotFound('order A12345678', 'US_PASSPORT');
    assertNotFound('order 340020013', 'US_PASSPORT');
  });
});

describe('US_DRIVER_LICENSE', () => {
  test('common state formats after a driver licence label', () => {
    assertFound("Driver's License #: D1234567", 'D1234567', 'US_DRIVER_LICENSE'); // CA
    assertFound('DL (NY): 123 456 789', '123 456 789', 'US_DRIVER_LICENSE');
    assertFound('driver license number S123-4567-8901', 'S123-4567-8901', 'US_DRIVER_LICENSE'); // IL
    assertFound('CDL 12345678 (TX)', '12345678', 'US_DRIVER_LICENSE');
    assertFound('Driving licence: WDLABCD456DG', 'WDLABCD456DG', 'US_DRIVER_LICENSE'); // WA
  });

  test('only after a label, and only an identifier', () => {
    assertNotFound('order D1234567 shipped', 'US_DRIVER_LICENSE');
    assertNotFound('the driver was late by 20 minutes', 'US_DRIVER_LICENSE');
    assertNotFound('handle D1234567', 'US_DRIVER_LICENSE'); // "dl" inside a word is no label
  });

  test('"license" alone is a licence number, not a driver licence', () => {
    assertNotFound('license D1234567', 'US_DRIVER_LICENSE');
  });
});
