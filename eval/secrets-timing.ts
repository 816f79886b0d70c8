/**
 * How long the secrets recognizers take on a realistic 2 KB chat message, without secrets and
 * with two (in prose, and pasted as .env lines). Not a test: numbers depend on the machine.
 *
 *   node eval/secrets-timing.ts
 *
 * Prints the time per scan over batches of 50 scans after a warm-up, as the median batch and the
 * fastest batch (on a shared machine the median moves with other load; the fastest is what an
 * idle core gives): for each recognizer alone (with the shared literal pass counted in each), for
 * the whole secrets set through scanText (which adds lower-casing and overlap resolution), and
 * for the PII and secrets sets together when src/detect/pii/index.ts loads.
 */
import { scanText } from '../src/detect/scan.ts';
import { SECRET_RECOGNIZERS } from '../src/detect/secrets/index.ts';
import type { Recognizer, ScanText } from '../src/detect/types.ts';
import { FORMATS, Random } from './secret-formats.ts';

const CLEAN = `Hi team, I'm trying to figure out why our deployment pipeline keeps failing on the staging cluster since yesterday afternoon. The build step passes, but when the checkout service starts it cannot reach the payments API, and the logs show a timeout after about 30 seconds. I checked the config map and the environment variables look right to me: the base URL points at the internal load balancer and the auth settings are copied from production. Could this be a DNS issue inside the pod, or is the network policy blocking egress? Here's the relevant part of the deployment file:

  containers:
    - name: checkout
      image: registry.example.com/checkout:1.42.0
      env:
        - name: PAYMENTS_URL
          value: http://payments.internal:8080
        - name: LOG_LEVEL
          value: debug
      readinessProbe:
        httpGet:
          path: /healthz
          port: 8080
        initialDelaySeconds: 5

When I exec into the container and run the health check by hand I get "connection refused", which makes me think the payments service isn't listening yet when checkout starts. Our on-call engineer suggested increasing the timeout, but I'd rather understand the root cause first. The access logs don't show anything useful, and the token refresh job ran fine last night according to the scheduler. Is there a way to make the readiness probe more tolerant during the first minute, or should we add an init container that waits for the dependency? Also, the auth token for the staging registry expires every twelve hours; is that expected, or did someone change the policy? Thanks in advance, and sorry for the long message. I know everyone is busy with the quarterly release, so no rush, but it's blocking the QA team from testing the new checkout flow.`;

const r = new Random(5);
const make = (type: string) => FORMATS.find((f) => f.type === type)!.make(r);
const PROSE = CLEAN.replace('from production.', `from production (the deploy bot uses ${make('SECRET_GITHUB_PAT')}).`).replace(
  'the payments API,',
  `the payments API (key id ${make('SECRET_AWS_ACCESS_TOKEN')}),`,
);
const PASTED = CLEAN.replace(
  "Here's the relevant part",
  `Our .env has:\nOPENAI_API_KEY=${make('SECRET_OPENAI_API_KEY')}\nDATABASE_URL=postgres://checkout:${make('SECRET_GENERIC')}@db.internal:5432/checkout\n\nHere's the relevant part`,
);

function measure(run: () => void): { median: number; min: number } {
  for (let i = 0; i < 3000; i++) run();
  const perScan: number[] = [];
  for (let b = 0; b < 300; b++) {
    const start = performance.now();
    for (let i = 0; i < 50; i++) run();
    perScan.push(((performance.now() - start) * 1000) / 50);
  }
  perScan.sort((a, b) => a - b);
  return { median: perScan[Math.floor(perScan.length / 2)]!, min: perScan[0]! };
}

const input = (text: string): ScanText => ({ text, lower: text.toLowerCase() });
const runAll = (set: readonly Recognizer[], text: string) => () => {
  const i = input(text);
  for (const rec of set) if (rec.mayMatch === undefined || rec.mayMatch(i)) rec.find(i);
};
const fmt = (m: { median: number; min: number }) => `${m.median.toFixed(1).padStart(6)} µs median, ${m.min.toFixed(1).padStart(5)} µs fastest`;

let pii: readonly Recognizer[] | null = null;
try {
  pii = ((await import('../src/detect/pii/index.ts')) as { PII_RECOGNIZERS: readonly Recognizer[] }).PII_RECOGNIZERS;
} catch (error) {
  console.log(`(PII recognizers not measured: ${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
}

for (const [name, text] of [['no secrets', CLEAN], ['two secrets in prose', PROSE], ['two secrets pasted as .env', PASTED]] as const) {
  const found = scanText(text, SECRET_RECOGNIZERS).map((d) => `${d.type} ${JSON.stringify(text.slice(d.start, d.end).slice(0, 24))}…`);
  console.log(`\n${name}: ${text.length} characters; found ${found.length === 0 ? 'nothing' : found.join(', ')}`);
  for (const rec of SECRET_RECOGNIZERS) console.log(`  ${rec.name.padEnd(28)} ${fmt(measure(runAll([rec], text)))}`);
  console.log(`  ${'all secrets recognizers'.padEnd(28)} ${fmt(measure(runAll(SECRET_RECOGNIZERS, text)))}`);
  console.log(`  ${'scanText(secrets)'.padEnd(28)} ${fmt(measure(() => scanText(text, SECRET_RECOGNIZERS)))}`);
  if (pii !== null) console.log(`  ${'scanText(pii + secrets)'.padEnd(28)} ${fmt(measure(() => scanText(text, [...pii!, ...SECRET_RECOGNIZERS])))}`);
}
