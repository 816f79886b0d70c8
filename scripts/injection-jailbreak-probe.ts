/**
 * How the committed model scores the jailbreak families of scripts/injection-synth-jailbreak.ts,
 * which it was NOT trained on (they cost held-out precision; docs/injection-rounds.md, fifth round):
 * the share of 200 texts per family flagged as direct input at the operating threshold, and of
 * their benign look-alikes. Our own templates, so a coverage check, not a benchmark: the
 * families' vocabulary was also what the fifth round's jailbreak rules were written from.
 *
 * Usage: node scripts/injection-jailbreak-probe.ts [--odd]   (--odd: only the odd-numbered
 * templates, the ones INJECTION_JB_HOLD=odd leaves out of a training run)
 */
import { detectInjection } from '../src/detect/injection/index.ts';
import { pick } from './injection-synth.ts';
import { BENIGN, FAMILIES, FOREIGN, make } from './injection-synth-jailbreak.ts';
import { mulberry32 } from './seeded-random.ts';

const odd = process.argv.includes('--odd');
const r = mulberry32(777);
const chosen = (xs: readonly string[]) => (odd ? xs.filter((_, i) => i % 2 === 1) : xs);
let flaggedAll = 0, all = 0;
const rate = (xs: readonly string[], attack = true) => {
  let flagged = 0;
  for (let i = 0; i < 200; i++) if (detectInjection(make(r, pick(r, chosen(xs))), 'direct').detected) flagged++;
  if (attack) { flaggedAll += flagged; all += 200; }
  return `${(flagged / 2).toFixed(0)}%`;
};
const families = Object.entries(FAMILIES).map(([name, templates]) => `${name} ${rate(templates)}`).join(', ');
console.log(`${families}, other languages ${rate(FOREIGN)} | all ${((100 * flaggedAll) / all).toFixed(1)}% | benign look-alikes flagged ${rate(BENIGN, false)}`);
