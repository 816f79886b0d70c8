import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertFound, assertNotFound, findPii, ofType } from './pii-helpers.ts';

describe('EMAIL_ADDRESS', () => {
  test('addresses at exact offsets, without surrounding punctuation', () => {
    assertFound('Write to jane.doe+claims@example.co.uk.', 'jane.doe+claims@example.co.uk', 'EMAIL_ADDRESS');
    assertFound('<j_smith-2@mail.example-health.org>', 'j_smith-2@mail.example-health.org', 'EMAIL_ADDRESS');
    assertFound('(a@b.io)', 'a@b.io', 'EMAIL_ADDRESS');
  });

  test('not without a dotted domain and a real TLD shape', () => {
    for (const text of ['user@localhost', 'user@example.c0m', 'user@-example.com', 'user@example..com', '@example.com', 'user.@example.com', 'a@b@c']) {
      assertNotFound(text, 'EMAIL_ADDRESS');
    }
  });
});

describe('PHONE_NUMBER and FAX_NUMBER', () => {
  test('NANP formats at exact offsets', () => {
    for (const phone of ['(415) 555-2671', '415-555-2671', '415.555.2671', '415 555 2671', '1-800-555-0199', '+1 415 555 2671', '+1 (415) 555-2671', '1 (415) 555-2671']) {
      const hit = assertFound(`Call ${phone} today`, phone, 'PHONE_NUMBER');
      assert.ok(hit.score >= 0.5, phone);
    }
  });

  test('international E.164', () => {
    assertFound('London office +44 20 7946 0958.', '+44 20 7946 0958', 'PHONE_NUMBER');
    assertFound('tel:+442079460958', '+442079460958', 'PHONE_NUMBER');
    assertFound('Paris +33 1 42 68 53 00', '+33 1 42 68 53 00', 'PHONE_NUMBER');
  });

  test('extensions belong to the number', () => {
    assertFound('Desk: (818) 666-3621x0135, thanks', '(818) 666-3621x0135', 'PHONE_NUMBER');
    assertFound('call 415-555-2671 ext. 45 now', '415-555-2671 ext. 45', 'PHONE_NUMBER');
  });

  test('00 as the international call prefix', () => {
    assertFound('from abroad 001-415-555-2671', '001-415-555-2671', 'PHONE_NUMBER');
    assertFound('dial 0044 20 7946 0958', '0044 20 7946 0958', 'PHONE_NUMBER');
  });

  test('national numbers with a trunk 0, and 7-digit local numbers, need context', () => {
    for (const phone of ['0490 75 40 81', '(08) 8747 6301', '03.93.92.16.85', '079 2718 1155', '083 564 9312']) {
      assertFound(`Phone: ${phone}`, phone, 'PHONE_NUMBER');
      assertNotFound(`Ref ${phone}`, 'PHONE_NUMBER');
    }
    assertFound('call me at 555-2671', '555-2671', 'PHONE_NUMBER');
    assertNotFound('invoice 555-2671', 'PHONE_NUMBER');
    assertNotFound('Phone: 0490 75.40 81', 'PHONE_NUMBER'); // mixed separators
  });

  test('ten bare digits only with context', () => {
    assertNotFound('order 4155552671 shipped', 'PHONE_NUMBER');
    assertFound('mobile: 4155552671', '4155552671', 'PHONE_NUMBER');
    assertFound('tel 4155552671', '4155552671', 'PHONE_NUMBER');
  });

  test('NANP rules: area and exchange codes', () => {
    for (const phone of ['(123) 555-2671', '(415) 155-2671', '(911) 555-2671', '(495) 555-2671', '(415) 911-2671', '123-555-2671']) {
      assertNotFound(`Call ${phone} today`, 'PHONE_NUMBER'); // nor its tail as a local number
    }
  });

  test('not dates, card numbers, IPs, versions or parts of longer numbers', () => {
    for (const text of ['on 2024-01-15', 'on 01/15/2024', 'card 4111 1111 1111 1111', 'host 192.168.100.200', 'v 415.555.2671.3', 'id 12-415-555-2671', 'id 415-555-26710', 'id 415-555-2671-22', 'id x415-555-2671']) {
      assertNotFound(text, 'PHONE_NUMBER');
    }
  });

  test('right after a phone word, national numbers of 7-12 digits without a trunk 0 count too', () => {
    const phones = (text: string) => findPii(text).filter((f) => f.type === 'PHONE_NUMBER').map((f) => f.text);
    assert.deepEqual(phones('Phone:\n60-56-85-91'), ['60-56-85-91']);
    assert.deepEqual(phones('I would like to stop receiving messages to 699 956 915'), ['699 956 915']);
    assert.deepEqual(phones('Tel. (99) 645-791'), ['(99) 645-791']);
    assert.deepEqual(phones('Call me at 78 65 14 50 tonight'), ['78 65 14 50']);
    // Not without the phone word, not after other words, and never a date or an IPv4 address.
    for (const text of ['Reference 699 956 915', 'Call about order 699 956 915', 'call on 2024-01-15', 'call 15.01.2024', 'call 192.168.100.200', 'call 12 345']) {
      assert.deepEqual(phones(text), [], text);
    }
  });

  test('an identifier\'s label says a number shaped like a phone number is that identifier', () => {
    assert.deepEqual(findPii('update account 0043-2291-88 today').map((f) => [f.type, f.text]), [['ACCOUNT_NUMBER', '0043-2291-88']]);
    assert.deepEqual(findPii('Member ID: 212-555-0147').map((f) => f.type), ['HEALTH_PLAN_ID']);
    // A bank's or an account manager's number is still a phone number.
    assert.deepEqual(findPii('Bank: (800) 555-0100').map((f) => f.type), ['PHONE_NUMBER']);
    assert.deepEqual(findPii('Call the account manager at 212-555-0147').map((f) => f.type), ['PHONE_NUMBER']);
  });

  test('a fax number is told apart by its label', () => {
    const text = 'Phone: (415) 555-2671, Fax: (415) 555-2672';
    assert.deepEqual(findPii(text).map((f) => [f.type, f.text]), [['PHONE_NUMBER', '(415) 555-2671'], ['FAX_NUMBER', '(415) 555-2672']]);
  });
});

describe('IP_ADDRESS', () => {
  test('IPv4 at exact offsets', () => {
    assertFound('client 203.0.113.45 connected', '203.0.113.45', 'IP_ADDRESS');
    assertFound('from 10.1.2.3:8080', '10.1.2.3', 'IP_ADDRESS');
  });

  test('IPv4 out of range, with leading zeros, or inside a longer dotted run is not an address', () => {
    for (const text of ['at 256.1.1.1', 'at 1.2.3.4.5', 'at 01.2.3.4', 'ver1.2.3.4', 'at 1.2.3']) assertNotFound(text, 'IP_ADDRESS');
  });

  test('loopback, masks and section numbers need context', () => {
    assertNotFound('loopback is 127.0.0.1', 'IP_ADDRESS');
    assertNotFound('mask 255.255.255.0', 'IP_ADDRESS');
    assertNotFound('RFC 9162 §2.1.3.1 says', 'IP_ADDRESS');
    assertNotFound('PCI DSS 10.2.1, 10.2.1.1, 10.2.2 apply', 'IP_ADDRESS');
    assertNotFound('requirements ["10.2.1", "10.2.1.1"]', 'IP_ADDRESS');
    assertNotFound('see section 7.6.1.1 of the spec', 'IP_ADDRESS');
    assertNotFound('semver 1.2.3.4-rc.1 sorts first', 'IP_ADDRESS');
    assertFound('hosts 10.2.1.1, 10.2.1.2 and 10.2.1.3', '10.2.1.2', 'IP_ADDRESS');
  });

  test('IPv6, compressed forms included', () => {
    for (const ip of ['2001:0db8:85a3:0000:0000:8a2e:0370:7334', '2001:db8::8a2e:370:7334', 'fe80::1ff:fe23:4567:890a', '::ffff:192.0.2.128', '2001:db8::']) {
      assertFound(`peer ${ip} joined`, ip, 'IP_ADDRESS');
    }
    assertFound('peer [2001:db8::1]:443', '2001:db8::1', 'IP_ADDRESS');
  });

  test('not times, MAC addresses or C++ scopes', () => {
    for (const text of ['at 12:30:45', 'mac 00:1A:2B:3C:4D:5E', 'std::vector', 'a:b:c:d', 'Foo::Bar::baz']) assertNotFound(text, 'IP_ADDRESS');
  });
});

describe('URL', () => {
  test('scheme URLs and www., without trailing punctuation', () => {
    assertFound('See https://portal.example.org/claims?id=42.', 'https://portal.example.org/claims?id=42', 'URL');
    assertFound('(see http://example.com/a_(b))', 'http://example.com/a_(b)', 'URL');
    assertFound('or www.example.org, thanks', 'www.example.org', 'URL');
    assertFound('"ftp://files.example.net/x"', 'ftp://files.example.net/x', 'URL');
  });

  test('not other schemes, nor bare ://', () => {
    assertNotFound('javascript://alert', 'URL');
    assertNotFound('a :// b', 'URL');
    assertNotFound('xwww.example.org', 'URL');
  });

  test('an email address is not a URL, a URL with a user is not an email address', () => {
    assert.deepEqual(ofType('mail jane@www.example.org', 'URL'), []);
    assert.deepEqual(findPii('DATABASE_URL=postgres://app@db.example.com/app').map((f) => [f.type, f.text]), [['URL', 'postgres://app@db.example.com/app']]);
  });

  test('loopback URLs need context', () => {
    assertNotFound('baseUrl: http://localhost:8080/v1', 'URL');
    assertNotFound('baseUrl: http://127.0.0.1:1/v1', 'URL');
  });
});
