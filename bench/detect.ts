// Detector speed: every PII and secrets recognizer on a 2 KB chat message, timed per scan,
// for a message with nothing to find (the common case), one with a few entities, and one with
// secrets. Target: median <= 60 µs for the 2 KB message on one core. Also checks that time
// grows linearly with size (8 KB and 32 KB of the same text).
//
// Usage: node bench/detect.ts [--seconds 2]
import { parseArgs } from 'node:util';
import { recognizersFor } from '../src/detect/registry.ts';
import { scanText } from '../src/detect/scan.ts';
import { conversationText } from './request.ts';
import { medianMicros } from './stats.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '2' } } });
const TARGET_US = 60;
const recognizers = recognizersFor(['pii', 'secrets']);

const PROSE = 'The member called about the status of their claim for the outpatient procedure last month. ' +
  'They asked whether the prior authorisation was approved and when the reimbursement would arrive. ' +
  'Please summarise the policy terms that apply, list the documents still missing, and draft a short, ' +
  'friendly reply that explains the next steps without promising a date. Keep it under 120 words. ';
const fill = (size: number, inserts: string[] = []) => {
  let text = inserts.join(' ');
  while (text.length < size) text += PROSE;
  return text.slice(0, size);
};
const MESSAGES: Record<string, string> = {
  'nothing to find': fill(2048),
  'a name, SSN, card, email, phone': fill(2048, ['Patient Maria Gonzalez (SSN 219-45-8812, DOB 03/14/1961) paid with 4539 1488 0343 6467;', 'reach her at maria.g@example.org or (415) 555-0132.']),
  'two secrets': fill(2048, ['export AWS_ACCESS_KEY_ID=AKIAQYLPMN5HFIQR7XYZ', 'and token ghp_4f8Kq2Vx9Zr1Lm7Np3Tw6Ys0Bd5Hc8Je2Ga4']),
  // Not one paragraph repeated: the gateway benchmark's six-message coding conversation, whose
  // capitalised names, numbers and headers give the NER and the context rules more to look at.
  'a technical conversation': conversationText(),
};

const median = (text: string): number => medianMicros(() => scanText(text, recognizers), Number(values.seconds));

console.log(`detectors: ${recognizers.length} recognizers (PII and secrets), one scan of a chat message, median`);
let verdict = true;
for (const [label, text] of Object.entries(MESSAGES)) {
  const us = median(text);
  if (us > TARGET_US) verdict = false;
  console.log(`  2 KB, ${label.padEnd(32)} ${us.toFixed(1).padStart(7)} µs   findings: ${scanText(text, recognizers).map((f) => f.type).join(', ') || '-'}`);
}
const base = median(fill(2048, ['Maria Gonzalez 219-45-8812']));
const large = median(fill(32_768, ['Maria Gonzalez 219-45-8812']));
console.log(`  linearity: 32 KB takes ${(large / base).toFixed(1)}x the time of 2 KB (16x the size)`);
console.log(`  target: median <= ${TARGET_US} µs for 2 KB: ${verdict ? 'met' : 'MISSED'}`);
