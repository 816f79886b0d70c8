// Micro-benchmark of the CEL layer of the policy engine: what a policy load costs per rule
// (compile), what each rule costs per event (evaluate), and what building an event's
// activation costs. Pure CPU; prints medians of repeated rounds in µs.
//
// Usage: node bench/cel.ts
import { compileCondition, createActivation, type ActivationInput } from '../src/policy/cel/index.ts';
import { median } from './stats.ts';

const RULES: readonly { name: string; source: string }[] = [
  { name: 'tool name equality', source: 'tool.name == "query_emr_database"' },
  { name: 'list membership', source: '"phi" in agent.clearances && agent.env == "prod"' },
  { name: 'exists + startsWith', source: 'tool.tags.exists(t, t.startsWith("pii"))' },
  { name: 'numeric arg threshold', source: 'args.amount > 10000 && tool.server == "emr"' },
  { name: 'findings count + score', source: 'findings.counts.?ssn.orValue(0) >= 1 && findings.max["ssn"] > 0.8' },
  { name: 'session taint + counter', source: '"untrusted_web" in session.taints && session.counters["tool_calls"] > 10' },
  { name: 'header check', source: 'request.headers["x-env"] == "prod" && !("x-debug" in request.headers)' },
  {
    name: 'RE2 matches (?i) on SQL',
    source: 'tool.name == "query_emr_database" && args.sql.matches("(?i)select\\\\s+\\\\*\\\\s+from")',
  },
];

const INPUT: ActivationInput = {
  event: 'tool.call',
  agent: { id: 'care-bot', team: 'care', env: 'prod', tier: 'standard', clearances: ['phi', 'internal'] },
  tool: { server: 'emr', name: 'query_emr_database', tags: ['read', 'pii-health'] },
  args: { sql: 'SELECT * FROM patients WHERE ward = 7 LIMIT 50', amount: 12000 },
  model: 'gpt-4o',
  provider: { id: 'oai', kind: 'openai', flags: [] },
  findings: { types: ['ssn', 'email'], counts: { ssn: 1, email: 3 }, max: { ssn: 0.97, email: 0.9 } },
  session: { id: 's-1', taints: ['untrusted_web'], counters: { tool_calls: 12, tokens: 5400 } },
  request: { ip: '10.0.0.7', headers: { 'content-type': 'application/json', 'x-env': 'prod', 'user-agent': 'sdk/1.0' } },
};

const ROUNDS = 15;

/** Median over rounds of the mean µs per call within a round of `calls` calls. */
function measure(fn: () => unknown, calls: number): number {
  let sink: unknown;
  for (let i = 0; i < calls; i++) sink = fn(); // warm-up, so the JIT has optimized the code
  const perRound: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) sink = fn();
    perRound.push(Number(process.hrtime.bigint() - start) / 1_000 / calls);
  }
  if (sink === Symbol.for('never')) console.log(sink); // keeps the results alive
  return median(perRound);
}

const activation = createActivation(INPUT);
const rows: { name: string; compile: number; evaluate: number }[] = [];
for (const rule of RULES) {
  const compiled = compileCondition(rule.source);
  // Every rule holds for the bench event, so no && short-circuits and each is evaluated in full.
  if (compiled.evaluate(activation) !== true) throw new Error(`bench rule "${rule.name}" should hold for the bench event`);
  rows.push({
    name: rule.name,
    compile: measure(() => compileCondition(rule.source), 2_000),
    evaluate: measure(() => compiled.evaluate(activation), 100_000),
  });
}
const activationCost = measure(() => createActivation(INPUT), 100_000);

const width = Math.max(...rows.map((r) => r.name.length), 'createActivation (full event)'.length);
const fmt = (us: number): string => us.toFixed(3).padStart(10);
console.log(`${'expression'.padEnd(width)}  ${'compile µs'.padStart(10)}  ${'eval µs'.padStart(10)}`);
for (const row of rows) console.log(`${row.name.padEnd(width)}  ${fmt(row.compile)}  ${fmt(row.evaluate)}`);
console.log(`${'createActivation (full event)'.padEnd(width)}  ${''.padStart(10)}  ${fmt(activationCost)}`);
console.log(`(medians of ${ROUNDS} rounds, node ${process.version})`);
