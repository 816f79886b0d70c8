import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertFound, assertNotFound, ofType } from './pii-helpers.ts';

describe('DATE_TIME', () => {
  test('numeric dates at exact offsets: ISO, US, European', () => {
    for (const date of ['1961-03-03', '2024-01-15T10:30:00Z', '2024-01-15T10:30:00.123+02:00', '2024-01-15 10:30', '03/14/2024', '3/4/1961', '14.03.2024', '31/12/1999', '12-25-2023']) {
      assertFound(`Seen ${date}, then home.`, date, 'DATE_TIME');
    }
  });

  test('written dates', () => {
    for (const date of ['March 3, 1961', 'Mar 3 1961', 'Mar. 3rd, 1961', '3 Mar 1961', '3 March 1961', '21st of September 2020', 'SEPT 9, 2001']) {
      assertFound(`Born ${date} in Ohio`, date, 'DATE_TIME');
    }
  });

  test('impossible days and months are not dates', () => {
    for (const text of ['on 2023-02-29', 'on 2024-13-01', 'on 13/13/2024', 'on 02/30/2024', 'on February 30, 2024', 'on 32 March 2024']) {
      assertNotFound(text, 'DATE_TIME');
    }
    assertFound('on 2024-02-29', '2024-02-29', 'DATE_TIME'); // a leap year
  });

  test('birth, admission and discharge context raises the score', () => {
    const [plain] = ofType('on 03/14/1961 we met', 'DATE_TIME');
    const [dob] = ofType('DOB: 03/14/1961', 'DATE_TIME');
    const [discharge] = ofType('discharged on 03/14/1961', 'DATE_TIME');
    assert.ok(plain !== undefined && dob !== undefined && discharge !== undefined);
    assert.ok(dob.score > plain.score && discharge.score > plain.score);
  });

  test('partial and two-digit-year dates need context', () => {
    assertNotFound('on 3/14/61 we met', 'DATE_TIME');
    assertFound('DOB 3/14/61', '3/14/61', 'DATE_TIME');
    assertNotFound('see you March 3', 'DATE_TIME');
    assertFound('admitted March 3', 'March 3', 'DATE_TIME');
    assertFound('born in March 1961', 'March 1961', 'DATE_TIME');
  });

  test('not versions, fractions, ratios or verbs', () => {
    for (const text of ['version 1.2.24', 'ratio 3/4', 'v 1.2.3.2024', 'you may 3 times', 'page 12/2024/1', 'id 2024-01-15-7']) {
      assertNotFound(text, 'DATE_TIME');
    }
  });
});
