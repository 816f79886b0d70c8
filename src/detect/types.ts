/**
 * Detectors find sensitive things in text: PII/PHI/PCI entities, secrets, (later) injections.
 * They are pure functions of the text, with no I/O, in the style of Microsoft Presidio: a
 * registry of recognizers, each a pattern (or a scanner), a validator (checksum, ranges) and
 * context words that raise the score when found nearby. Entity names are Presidio's where one
 * exists (CREDIT_CARD, US_SSN, IBAN_CODE, EMAIL_ADDRESS, PERSON, ...).
 */

export type DetectorName = 'pii' | 'secrets' | 'injection';

/** One thing found: what, where (UTF-16 offsets into the scanned text, end exclusive), how sure. */
export interface Detection {
  readonly detector: DetectorName;
  readonly type: string;
  readonly start: number;
  readonly end: number;
  /** Confidence in [0, 1]. */
  readonly score: number;
}

/** What a recognizer gets besides the text, computed once per scan. */
export interface ScanText {
  readonly text: string;
  /** `text.toLowerCase()`, shared by every recognizer's keyword and context checks. */
  readonly lower: string;
}

/** A candidate before context and allow-lists are applied. */
export interface Candidate {
  readonly type: string;
  readonly start: number;
  readonly end: number;
  /** Score without context (a validated checksum is already strong; a bare 9-digit number is not). */
  readonly score: number;
}

export interface Recognizer {
  /** Unique, e.g. "credit_card". */
  readonly name: string;
  readonly detector: DetectorName;
  /** Entity types this recognizer can emit. */
  readonly types: readonly string[];
  /**
   * Words that, found shortly before (or after) a candidate, make it likelier: "ssn",
   * "social security", "card", "visa", "dob", ... Lowercase.
   */
  readonly context?: readonly string[];
  /** Added to a candidate's score when a context word is near (capped at 1). Default 0.35. */
  readonly contextBoost?: number;
  /**
   * A cheap test on the whole text that must pass before `find` runs (a digit, an '@', a
   * keyword). Most texts contain no card number: they should cost one indexOf, not a regex.
   */
  mayMatch?(input: ScanText): boolean;
  /** Every candidate in the text. Must run in time linear in the text's length. */
  find(input: ScanText): Candidate[];
}
