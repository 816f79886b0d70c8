// Two versions of the prompt-injection detector timed on bench/injection.ts's texts, interleaved
// in one process: this checkout's and another's (a `git worktree add /tmp/before <rev>` with
// node_modules linked). On a shared machine whose speed swings within minutes, runs of two
// versions one after the other compare the machine's phases as much as the code; batches
// alternated in one process see the same phases. Prints each version's median and fastest
// batch (µs per call) and the ratio of the medians (this checkout / the other).
//
// Usage: node bench/injection-ab.ts <other checkout> [--seconds 24]
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { detectInjection, type InjectionResult, type InjectionSource } from '../src/detect/injection/index.ts';
import { CASES } from './injection-cases.ts';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { seconds: { type: 'string', default: '24' } } });
if (positionals.length !== 1) throw new Error('usage: node bench/injection-ab.ts <other checkout> [--seconds 24]');
type Detect = (text: string, source: InjectionSource) => InjectionResult;
const other = (await import(resolve(positionals[0]!, 'src/detect/injection/index.ts'))).detectInjection as Detect;
const BATCH = 50;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
/** µs per call of one batch. */
function batch(detect: Detect, text: string, source: InjectionSource): number {
  const start = performance.now();
  for (let i = 0; i < BATCH; i++) detect(text, source);
  return ((performance.now() - start) * 1000) / BATCH;
}

console.log('detectInjection, µs per call: the other checkout | this one | this / other (medians)');
for (const [label, text, source] of CASES) {
  for (let i = 0; i < 300; i++) { other(text, source); detectInjection(text, source); }
  const before: number[] = [], after: number[] = [];
  const end = performance.now() + (Number(values.seconds) * 1000) / CASES.length;
  while (performance.now() < end) { before.push(batch(other, text, source)); after.push(batch(detectInjection, text, source)); }
  const ratio = median(after) / median(before);
  console.log(`  2 KB, ${label.padEnd(32)} median ${median(before).toFixed(1).padStart(6)} | ${median(after).toFixed(1).padStart(6)}   fastest ${Math.min(...before).toFixed(1).padStart(6)} | ${Math.min(...after).toFixed(1).padStart(6)}   ${ratio.toFixed(3)}`);
}
