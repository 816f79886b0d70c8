// Policy decision speed: one typical event (a proposed tool call with arguments, by an agent
// whose allow-list admits the tool) decided against 50 rules that all apply to tool calls,
// plus a limit and a taint rule, on the in-process store. Each decision is timed on its own
// and the table shows the median and p99 over all of them. Target: median <= 20 µs.
//
// Usage: node bench/policy.ts [--rules 50] [--seconds 3]
import { parseArgs } from 'node:util';
import { parseConfig } from '../src/config/load.ts';
import { compilePolicy } from '../src/policy/compile.ts';
import { PolicyEngine } from '../src/policy/engine.ts';
import type { PolicyEventInput } from '../src/policy/event.ts';
import { MemoryPolicyStore } from '../src/policy/state/memory.ts';

const { values } = parseArgs({ options: { rules: { type: 'string', default: '50' }, seconds: { type: 'string', default: '3' } } });
const RULES = Number(values.rules);
const TARGET_US = 20;

/** Rule shapes seen in real policies: names, tags, arguments, regexes, sessions, findings, identity. */
const SHAPES: ((i: number) => string)[] = [
  (i) => `tool.name == "tool_${i}" && args.amount > 1000.0`,
  (i) => `"egress_${i}" in tool.tags && "untrusted" in session.taints`,
  (i) => `agent.team == "team_${i}" && tool.name.startsWith("query_")`,
  (i) => `findings.types.exists(t, t == "TYPE_${i}")`,
  (i) => `has(args.sql) && args.sql.matches("(?i)drop\\\\s+table_${i}")`,
  (i) => `agent.env == "env_${i}" || model == "model_${i}"`,
  (i) => `tool.name in ["a_${i}", "b_${i}", "c_${i}"] && agent.tier != "regulated"`,
  (i) => `has(args.destination) && args.destination.endsWith(".example_${i}")`,
  (i) => `size(args) > ${20 + i}`,
  (i) => `"clearance_${i}" in agent.clearances && tool.server == "srv_${i}"`,
];

function policyWith(shapes: readonly ((i: number) => string)[]) {
  const rules = Array.from({ length: RULES }, (_, i) => `
    - id: rule-${i}
      on: tool.call
      when: '${(shapes[i % shapes.length] as (i: number) => string)(i)}'
      action: ${i % 7 === 0 ? 'approve' : 'deny'}
      reason: rule ${i}`).join('');
  return compilePolicy(parseConfig(`
version: 1
providers: [{ id: p, kind: openai, baseUrl: "http://127.0.0.1:1/v1", models: ["*"] }]
agents:
  - { id: claims, team: claims, env: prod, keyHash: "sha256:${'0'.repeat(64)}", models: ["*"], tools: [query_emr_database, "tag:read_only"] }
tools:
  - { name: query_emr_database, tags: [reads_phi, database] }
policy:
  rules:${rules}
  limits:
    - { id: emr-per-minute, when: 'tool.name == "query_emr_database"', window: 1m, max: 1000000000, reason: cap }
  sessions:
    taints: [{ label: phi_read, on: tool.call, when: '"reads_phi" in tool.tags' }]
`, 'bench-policy.yaml', {}));
}

const event: PolicyEventInput = {
  kind: 'tool.call',
  principal: { agentId: 'claims', team: 'claims', env: 'prod', tier: 'standard', clearances: ['phi'], keyId: 'bench' },
  tool: { name: 'query_emr_database' },
  argumentsText: JSON.stringify({ sql: 'SELECT name, dob FROM patient_records WHERE id = 4471', purpose: 'claim review', limit: 1 }),
  model: 'gpt-4o',
  sessionId: 'claims:h:bench',
  request: { ip: '10.0.0.7', headers: {} },
};

/** Times each decision on its own; returns the sorted samples in µs. */
function measure(policy: ReturnType<typeof compilePolicy>): { samples: number[]; evaluated: number } {
  const engine = new PolicyEngine(policy, { store: new MemoryPolicyStore() });
  const first = engine.decide(event);
  if (first instanceof Promise || first.action !== 'allow') throw new Error(`the bench event should be allowed, got ${JSON.stringify(first)}`);
  const samples: number[] = [];
  for (let i = 0; i < 20_000; i++) engine.decide(event); // warm the JIT
  const deadline = performance.now() + Number(values.seconds) * 1000;
  while (performance.now() < deadline) {
    for (let i = 0; i < 1000; i++) {
      const start = process.hrtime.bigint();
      engine.decide(event);
      samples.push(Number(process.hrtime.bigint() - start) / 1000);
    }
  }
  const evaluated = policy.rules.get('tool.call')?.forTool('query_emr_database').length ?? 0;
  return { samples: samples.sort((a, b) => a - b), evaluated };
}

const at = (samples: number[], q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] as number;
// The same rules with the tool pinned by a prefix test instead of equality: nothing can be indexed.
const UNPINNED = SHAPES.map((shape) => (i: number) => shape(i).replace(/tool\.name == "([^"]+)"/, 'tool.name.startsWith("$1")')
  .replace(/tool\.name in \[([^\]]+)\]/, '[$1].exists(n, n == tool.name)'));

console.log(`policy decision: one tool call against ${RULES} tool.call rules + 1 limit + 1 taint rule (in-process store)`);
let verdict = true;
for (const [label, shapes] of [['typical mix (some rules pinned to a tool)', SHAPES], ['no rule pinned to a tool (worst case)', UNPINNED]] as const) {
  const { samples, evaluated } = measure(policyWith(shapes));
  const median = at(samples, 0.5);
  if (label.startsWith('typical')) verdict = median <= TARGET_US;
  console.log(`  ${label}: ${evaluated} rules evaluated, ${samples.length} decisions`);
  console.log(`    median ${median.toFixed(2)} µs   p90 ${at(samples, 0.9).toFixed(2)} µs   p99 ${at(samples, 0.99).toFixed(2)} µs`);
}
console.log(`  target: median <= ${TARGET_US} µs on the typical mix: ${verdict ? 'met' : 'MISSED'}`);
