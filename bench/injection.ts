// Prompt-injection detector speed: detectInjection on a clean 2 KB chat message (direct), a
// clean 2 KB system prompt (system: read twice, direct and system features), a clean 2 KB tool
// result (indirect), a 2 KB tool result with an instruction buried in it
// (detected, so the passage is localized too), and a 2 KB system prompt holding retrieved
// documents (read as system input and its documents as indirect input), timed per call. Target: median <= 60 µs for
// 2 KB on one core. Also checks that time grows linearly with size (32 KB vs 2 KB). And, since the
// twentieth round, a user's message read against what its system prompt withholds (guarded.ts):
// the prompt read, then a message searched against it.
//
// Usage: node bench/injection.ts [--seconds 2]. To compare two versions of the detector on these
// texts, interleaved in one process: bench/injection-ab.ts.
import { parseArgs } from 'node:util';
import { guardedRequest, withheldBy } from '../src/detect/injection/guarded.ts';
import { detectInjection, type InjectionSource } from '../src/detect/injection/index.ts';
import { ASKING_MESSAGE, CASES, CHAT_MESSAGE, fill, SYSTEM_PROMPT, TOOL_UNIT } from './injection-cases.ts';
import { medianMicros } from './stats.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '2' } } });
const TARGET_US = 60;

const median = (text: string, source: InjectionSource): number => medianMicros(() => detectInjection(text, source), Number(values.seconds));

console.log('injection detector: detectInjection on one text, median');
let verdict = true;
for (const [label, text, source] of CASES) {
  const us = median(text, source);
  if (us > TARGET_US) verdict = false;
  const result = detectInjection(text, source);
  console.log(`  2 KB, ${label.padEnd(32)} ${us.toFixed(1).padStart(7)} µs   score ${result.score.toFixed(2)}, findings: ${result.findings.map((f) => f.type).join(', ') || '-'}`);
}
const base = median(fill(TOOL_UNIT, 2048), 'indirect');
const large = median(fill(TOOL_UNIT, 32_768), 'indirect');
console.log(`  linearity: 32 KB takes ${(large / base).toFixed(1)}x the time of 2 KB (16x the size)`);
const withheld = withheldBy(SYSTEM_PROMPT)!;
const timed = (label: string, us: number) => {
  if (us > TARGET_US) verdict = false;
  console.log(`  2 KB, ${label.padEnd(32)} ${us.toFixed(1).padStart(7)} µs`);
};
timed('system prompt read (once)', medianMicros(() => withheldBy(SYSTEM_PROMPT), Number(values.seconds)));
timed('chat message vs its prompt', medianMicros(() => guardedRequest(withheld, CHAT_MESSAGE), Number(values.seconds)));
timed('asking message vs its prompt', medianMicros(() => guardedRequest(withheld, ASKING_MESSAGE), Number(values.seconds)));
console.log(`  target: median <= ${TARGET_US} µs for 2 KB: ${verdict ? 'met' : 'MISSED'}`);
