/**
 * The recognizers of each detector, in one place: the gateway, `portcullis scan`, the bench and
 * the evaluations all run the same set.
 */
import { PII_RECOGNIZERS } from './pii/index.ts';
import { NER_RECOGNIZERS } from './pii/ner/index.ts';
import { SECRET_RECOGNIZERS } from './secrets/index.ts';
import type { Recognizer } from './types.ts';

export type ScanDetector = 'pii' | 'secrets';

export function recognizersFor(detectors: readonly ScanDetector[]): Recognizer[] {
  const recognizers: Recognizer[] = [];
  if (detectors.includes('pii')) recognizers.push(...PII_RECOGNIZERS, ...NER_RECOGNIZERS.filter((r) => !PII_RECOGNIZERS.some((p) => p.name === r.name)));
  if (detectors.includes('secrets')) recognizers.push(...SECRET_RECOGNIZERS);
  return recognizers;
}
