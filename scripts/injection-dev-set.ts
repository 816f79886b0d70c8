/**
 * The direct dev set of the sixth round: deepset's training and calibration attacks (203; not
 * trained on since the third round, see docs/injection-rounds.md), scored by the committed model and
 * flagged above the score of WildGuard's calibration quarter (never trained on) at matched
 * false-positive rates. Train and calibration splits only: no held-out text is read.
 *
 * Usage: node scripts/injection-dev-set.ts [--misses]
 *   --misses  also list the attacks under the direct threshold, lowest first (to read while writing rules)
 */
import { detectInjection, injectionThreshold, INJECTION_THRESHOLDS } from '../src/detect/injection/index.ts';
import { deepset, hasDatasets, wildGuard } from '../eval/injection-data.ts';

if (!hasDatasets()) {
  console.error('needs ../shared/datasets beside the checkout');
  process.exit(2);
}

const threshold = INJECTION_THRESHOLDS.direct;
const attacks = [...deepset('train'), ...deepset('calibration')].filter((e) => e.label === 1)
  .map((e) => ({ score: detectInjection(e.text, 'direct').score, threshold: injectionThreshold(e.text, 'direct'), text: e.text }))
  .sort((a, b) => a.score - b.score);
const benign = wildGuard('calibration').map((e) => detectInjection(e.text, 'direct').score).sort((a, b) => b - a);
const rate = (above: number) => attacks.filter((a) => a.score >= above).length / attacks.length;
// As eval/injection.ts: flag what scores above the benign set's (1 - target) quantile.
const matched = [0.005, 0.01, 0.02, 0.05].map((target) => (100 * rate((benign[Math.floor(benign.length * target)] ?? 0) + 1e-9)).toFixed(1));
const atOwn = attacks.filter((a) => a.score >= a.threshold).length / attacks.length;
console.log(`deepset train+calibration attacks: ${attacks.length}; at the direct thresholds (English ${threshold}, other languages ${INJECTION_THRESHOLDS.directOtherLanguages}): ${(100 * atOwn).toFixed(1)}%`);
console.log(`at <= 0.5 / 1 / 2 / 5% of WildGuard's calibration quarter (${benign.length}): ${matched.join(' / ')}%`);
if (process.argv.includes('--misses')) for (const a of attacks) if (a.score < a.threshold) console.log(a.score.toFixed(3), JSON.stringify(a.text.slice(0, 200)));
