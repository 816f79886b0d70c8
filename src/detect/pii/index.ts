/**
 * The pattern- and validator-based PII/PHI/PCI recognizers (the NER recognizers for names and
 * places live in ./ner/). Entity names are Presidio's where Presidio has one.
 *
 * | type                  | what                                              | base score (no context)            | context that raises it (+0.35)        |
 * |-----------------------|---------------------------------------------------|------------------------------------|---------------------------------------|
 * | CREDIT_CARD           | 13-19 digits, Luhn + issuer prefix/length          | 0.9                                | card, credit, debit, visa, amex, ...  |
 * | CREDIT_CARD_EXPIRY *  | MM/YY, MM/YYYY after an expiry label near a card   | 0.45 (0.6 right after a card no.)  | exp, expires, valid thru, ...         |
 * | CREDIT_CARD_CVV *     | 3-4 digits after a CVV label near a card           | 0.45                               | cvv, cvc, security code, ...          |
 * | IBAN_CODE             | ISO 13616: country length + MOD 97-10              | 0.95                               | iban, account, wire                   |
 * | SWIFT_CODE *          | BIC, valid ISO country                             | 0.35                               | swift, bic                            |
 * | ABA_ROUTING_NUMBER    | 9 digits, 3-7-1 checksum, Fed prefix               | 0.4                                | routing, aba, rtn, transit number     |
 * | US_BANK_NUMBER        | 8-17 digits                                        | 0.3                                | account, acct, bank, checking, ...    |
 * | CRYPTO                | BTC base58check / bech32(m); ETH EIP-55            | 0.95 (0.45 single-case ETH)        | wallet, bitcoin, ethereum, eth        |
 * | US_SSN                | SSA ranges; 078-05-1120, 219-09-9999 invalid       | 0.6 dashed, 0.5 spaced, 0.3 bare   | ssn, social security                  |
 * | US_ITIN               | 9XX, IRS group ranges                              | 0.55 dashed, 0.5 spaced, 0.3 bare  | itin, tin, taxpayer, tax id           |
 * | US_PASSPORT           | 9 digits, or a letter + 8 digits                   | 0.3 / 0.35                         | passport                              |
 * | US_DRIVER_LICENSE     | state formats, only after a driver's licence label | 0.3                                | driver, driving, dl, cdl              |
 * | EMAIL_ADDRESS         | local@domain.tld                                   | 0.9                                | email                                 |
 * | PHONE_NUMBER          | NANP rules; +CC/00CC E.164; national trunk-0 forms | 0.6; 0.4 bare/national; 0.3 local  | phone, mobile, call, tel, cell        |
 * | FAX_NUMBER *          | a phone number labelled "fax"                      | as PHONE_NUMBER                    | fax                                   |
 * | IP_ADDRESS            | IPv4 octets; IPv6 via node:net                     | 0.6; 0.3 section no.; 0.1 loopback | ip address, ipv4, ipv6, client ip     |
 * | URL                   | web/ftp/database scheme:// or www.                 | 0.6 / 0.5; 0.1 loopback            | website, homepage, profile, link      |
 * | DATE_TIME             | ISO, US/EU numeric, "March 3, 1961", "3 Mar 1961"  | 0.55-0.6; 0.4-0.45 partial/yy      | dob, birth, admission, discharge, ... |
 * | MEDICAL_RECORD_NUMBER | the value after an MRN label                       | 0.4                                | mrn, medical record, patient id, ...  |
 * | HEALTH_PLAN_ID *      | the value after a member/subscriber/policy label   | 0.4                                | member, subscriber, policy, ...       |
 * | US_NPI                | 10 digits, Luhn over 80840 + digits                | 0.4 (0.45 as 4-3-3)                | npi, provider, prescriber, ...        |
 * | US_DEA_NUMBER *       | 2 letters + 7 digits, DEA check digit              | 0.45                               | dea, drug enforcement, prescriber     |
 * | US_MBI                | Medicare Beneficiary Identifier, CMS positions     | 0.4 (0.45 as 4-3-4)                | medicare, mbi, beneficiary, cms       |
 * | ACCOUNT_NUMBER *      | the value after an account label                   | 0.25                               | account, acct, a/c                    |
 * | LICENSE_NUMBER *      | the value after a licence/certificate label        | 0.25                               | license, certificate, cert            |
 * | DEVICE_ID *           | the value after a serial/UDI/IMEI label            | 0.35                               | serial, s/n, udi, imei                |
 * | LICENSE_PLATE *       | the value after a plate label                      | 0.35                               | plate, tag number                     |
 * | VIN *                 | 17 characters, North American check digit          | 0.45                               | vin, vehicle, chassis                 |
 *
 * Types marked * have no Presidio equivalent (or, for US_DEA_NUMBER, Presidio calls the DEA
 * number MEDICAL_LICENSE). Under scanText's default threshold 0.5, a base below 0.5 means the
 * type is reported only with context; labelled types find nothing without their label. A policy
 * that redacts PHONE_NUMBER should list FAX_NUMBER too, and CREDIT_CARD its _EXPIRY and _CVV.
 *
 * Files: validators.ts (check digits, ranges), scanners.ts (digit groups, found once per scan
 * and shared), keywords.ts (labels and abbreviations, one regex pass shared), labelled.ts
 * (values after labels); one file per family of entities; keccak.ts and countries.ts are data
 * and primitives.
 */
import type { Recognizer } from '../types.ts';
import { abaRoutingRecognizer, ibanRecognizer, swiftRecognizer, usBankNumberRecognizer } from './banking.ts';
import { cardCvvRecognizer, cardExpiryRecognizer, creditCardRecognizer } from './cards.ts';
import { emailRecognizer } from './contact.ts';
import { cryptoRecognizer } from './crypto.ts';
import { dateRecognizer } from './dates.ts';
import { deaRecognizer, healthPlanRecognizer, mbiRecognizer, medicalRecordRecognizer, npiRecognizer } from './health.ts';
import { usDriverLicenseRecognizer, usItinRecognizer, usPassportRecognizer, usSsnRecognizer } from './identity.ts';
import { ipAddressRecognizer, urlRecognizer } from './network.ts';
import { phoneRecognizer } from './phone.ts';
import { accountNumberRecognizer, deviceIdRecognizer, licenseNumberRecognizer, licensePlateRecognizer, vinRecognizer } from './records.ts';

/**
 * In order of precedence for ties: scanText keeps, among overlapping findings with equal score
 * and length, the one listed first.
 */
export const PII_RECOGNIZERS: readonly Recognizer[] = [
  creditCardRecognizer,
  cardExpiryRecognizer,
  cardCvvRecognizer,
  ibanRecognizer,
  swiftRecognizer,
  cryptoRecognizer,
  usSsnRecognizer,
  usItinRecognizer,
  abaRoutingRecognizer,
  usBankNumberRecognizer,
  usPassportRecognizer,
  usDriverLicenseRecognizer,
  emailRecognizer,
  phoneRecognizer,
  ipAddressRecognizer,
  urlRecognizer,
  dateRecognizer,
  medicalRecordRecognizer,
  healthPlanRecognizer,
  npiRecognizer,
  deaRecognizer,
  mbiRecognizer,
  accountNumberRecognizer,
  licenseNumberRecognizer,
  deviceIdRecognizer,
  licensePlateRecognizer,
  vinRecognizer,
];
