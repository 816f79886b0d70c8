// Summarizes a V8 .cpuprofile (from `node bench/run.ts --cpu-prof`, which profiles each
// target) into where its CPU went: self time by module and by function, and the inclusive
// time of the gateway's own functions (dist/).
//
// Usage: node bench/profile-summary.ts bench/results/profile/<target>.cpuprofile [top]
import { readFileSync } from 'node:fs';

interface CallFrame { functionName: string; url: string; lineNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

const file = process.argv[2];
if (file === undefined) throw new Error('usage: profile-summary.ts <file.cpuprofile> [top]');
const top = Number(process.argv[3] ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

// Self time per node: each sample's time delta belongs to the node it landed in.
const self = new Map<number, number>();
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i] as number;
  self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
}
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const shortUrl = (url: string): string => url.replace(/^file:\/\/.*?\/(node_modules|dist)\//, '$1/');
const fnKey = (f: CallFrame): string => `${f.functionName || '(anonymous)'} ${shortUrl(f.url)}:${f.lineNumber + 1}`;
function moduleOf(f: CallFrame): string {
  const url = shortUrl(f.url);
  if (url === '') return f.functionName.startsWith('(') ? f.functionName : '(native/builtin)';
  const pkg = /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1] as string;
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/');
  return url;
}

const total = [...self.values()].reduce((a, b) => a + b, 0);
const idle = [...self.entries()].filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)').reduce((a, [, t]) => a + t, 0);
const busy = total - idle;
const pct = (t: number): string => `${((100 * t) / busy).toFixed(1).padStart(5)}%`;

function report(title: string, map: Map<string, number>): void {
  console.log(`\n${title} (% of busy time)`);
  for (const [key, t] of [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(t)}  ${key}`);
}

const byModule = new Map<string, number>();
const byFunction = new Map<string, number>();
for (const [id, t] of self) {
  const frame = byId.get(id)!.callFrame;
  if (frame.functionName === '(idle)') continue;
  byModule.set(moduleOf(frame), (byModule.get(moduleOf(frame)) ?? 0) + t);
  byFunction.set(fnKey(frame), (byFunction.get(fnKey(frame)) ?? 0) + t);
}

// Inclusive time: a sample counts once for every distinct function on its stack.
const inclusive = new Map<string, number>();
for (const [id, t] of self) {
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const key = fnKey(byId.get(at)!.callFrame);
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + t);
  }
}
const ours = new Map([...inclusive].filter(([key]) => / dist\//.test(key)));

console.log(`${file}\nbusy ${(busy / 1000).toFixed(0)} ms of ${(total / 1000).toFixed(0)} ms sampled`);
report('self time by module', byModule);
report('self time by function', byFunction);
report('inclusive time of gateway functions (dist/)', ours);
