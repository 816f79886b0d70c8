import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertFound, assertNotFound, findPii } from './pii-helpers.ts';

describe('MEDICAL_RECORD_NUMBER', () => {
  test('the value after an MRN label', () => {
    assertFound('MRN: 00123456', '00123456', 'MEDICAL_RECORD_NUMBER');
    assertFound('Medical record number is A-0012345.', 'A-0012345', 'MEDICAL_RECORD_NUMBER');
    assertFound('patient ID #7788123 admitted', '7788123', 'MEDICAL_RECORD_NUMBER');
  });

  test('never without a label, nor a label followed by prose', () => {
    assertNotFound('order 00123456 shipped', 'MEDICAL_RECORD_NUMBER');
    assertNotFound('the medical record shows 12 visits', 'MEDICAL_RECORD_NUMBER');
    assertNotFound('MRN pending', 'MEDICAL_RECORD_NUMBER');
  });
});

describe('HEALTH_PLAN_ID', () => {
  test('member, subscriber, policy and group numbers', () => {
    assertFound('Member ID: XYZ123456789', 'XYZ123456789', 'HEALTH_PLAN_ID');
    assertFound('subscriber # W123-456-789', 'W123-456-789', 'HEALTH_PLAN_ID');
    assertFound('Group number 0048213', '0048213', 'HEALTH_PLAN_ID');
  });

  test('not without a label', () => {
    assertNotFound('code XYZ123456789', 'HEALTH_PLAN_ID');
  });
});

describe('US_NPI', () => {
  test('Luhn-valid with provider context', () => {
    assertFound('NPI: 1234567893', '1234567893', 'US_NPI');
    assertFound('rendering provider 1245319599', '1245319599', 'US_NPI');
    assertFound('NPI 1234-567-893', '1234-567-893', 'US_NPI');
  });

  test('bad check digit, or no context: not found', () => {
    assertNotFound('NPI: 1234567890', 'US_NPI');
    assertNotFound('NPI: 3234567893', 'US_NPI');
    assertNotFound('order 1234567893 shipped', 'US_NPI');
  });
});

describe('US_DEA_NUMBER', () => {
  test('valid check digit with context', () => {
    assertFound('DEA# AB1234563', 'AB1234563', 'US_DEA_NUMBER');
    assertFound('prescriber DEA: BJ6125341', 'BJ6125341', 'US_DEA_NUMBER');
    assertFound('DEA F91234563 (clinic)', 'F91234563', 'US_DEA_NUMBER');
  });

  test('bad check digit, bad registrant type, or no context: not found', () => {
    assertNotFound('DEA# AB1234564', 'US_DEA_NUMBER');
    assertNotFound('DEA# IB1234563', 'US_DEA_NUMBER');
    assertNotFound('part AB1234563', 'US_DEA_NUMBER');
    assertNotFound('a good idea AB1234563', 'US_DEA_NUMBER'); // "dea" inside "idea" is not context
  });
});

describe('US_MBI', () => {
  test('plain and dashed, with Medicare context', () => {
    assertFound('Medicare number 1EG4-TE5-MK73', '1EG4-TE5-MK73', 'US_MBI');
    assertFound('MBI: 1EG4TE5MK73', '1EG4TE5MK73', 'US_MBI');
  });

  test('position rules and context', () => {
    assertNotFound('Medicare number 1EG4-TE5-MK7A', 'US_MBI');
    assertNotFound('Medicare number 1SG4TE5MK73', 'US_MBI');
    assertNotFound('code 1EG4TE5MK73', 'US_MBI');
  });
});

describe('other Safe Harbor identifiers', () => {
  test('ACCOUNT_NUMBER: after an account label', () => {
    assertFound('patient account: PA-88123', 'PA-88123', 'ACCOUNT_NUMBER');
    assertNotFound('our account team 2024', 'ACCOUNT_NUMBER');
  });

  test('an all-digit bank account is reported as US_BANK_NUMBER', () => {
    assert.deepEqual(findPii('account number 12345678901').map((f) => f.type), ['US_BANK_NUMBER']);
  });

  test('LICENSE_NUMBER: certificate and licence numbers', () => {
    assertFound('nursing license no. RN123456', 'RN123456', 'LICENSE_NUMBER');
    assertFound('Certificate #: 2019-44871', '2019-44871', 'LICENSE_NUMBER');
    assertNotFound('MIT license, version 2', 'LICENSE_NUMBER');
    assertNotFound('if (certificate.fingerprint256 === pinned)', 'LICENSE_NUMBER'); // code, not a label
  });

  test("a driver's licence is US_DRIVER_LICENSE, a plate is LICENSE_PLATE", () => {
    assert.deepEqual(findPii("driver's license D1234567").map((f) => f.type), ['US_DRIVER_LICENSE']);
    assert.deepEqual(findPii('license plate 7ABC123').map((f) => f.type), ['LICENSE_PLATE']);
  });

  test('LICENSE_PLATE', () => {
    assertFound('plate number ABC 1234 seen', 'ABC 1234', 'LICENSE_PLATE');
    assertFound('tag #: 7XYZ789', '7XYZ789', 'LICENSE_PLATE');
    assertNotFound('a plate of 3 cookies', 'LICENSE_PLATE');
  });

  test('DEVICE_ID: serial numbers and device identifiers', () => {
    assertFound('pump serial number C02XK1ABJG5H', 'C02XK1ABJG5H', 'DEVICE_ID');
    assertFound('S/N: 12345-ABC', '12345-ABC', 'DEVICE_ID');
    assertFound('IMEI 490154203237518', '490154203237518', 'DEVICE_ID');
    assertNotFound('the device 12345-ABC', 'DEVICE_ID');
  });

  test('VIN: check digit and context', () => {
    assertFound('VIN 1M8GDM9AXKP042788', '1M8GDM9AXKP042788', 'VIN');
    assertFound('vehicle: 1HGCM82633A004352', '1HGCM82633A004352', 'VIN');
    assertNotFound('VIN 1M8GDM9A1KP042788', 'VIN'); // bad check digit
    assertNotFound('ref 1HGCM82633A004352', 'VIN');
    assertNotFound('having 1HGCM82633A004352', 'VIN'); // "vin" inside a word is not context
  });
});
