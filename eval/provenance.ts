/**
 * Argument provenance on agent runs it never saw (guards/argument-provenance.ts): for each
 * moment of an agent's run, the conversation so far (OpenAI Chat Completions) and the call the
 * model proposes next, whether the call carries a value only a tool result, document or tool
 * description supplied. Attacks: the call an injection planted in a tool result asked for.
 * Benign: the call the user's task needs, its values given by the user, by the operator's
 * system prompt, by a tool result the task points to, or none at all.
 *
 * Beside it, the injection detector on the same tool results (indirect input), and the two
 * together: a defence that needs either to fire. And the MCP door alone (agent-provenance.ts):
 * a gateway that relayed the run's tool results and tool descriptions to the agent but never saw
 * its conversation, as when only the agent's MCP traffic passes through it.
 *
 * Usage: node eval/provenance.ts [--errors]     (npm run eval:provenance)
 *   --errors  also list the dev half's errors (a hash of the row's id below 0.5): the half that was
 *             looked at while building; the other half's rates are reported apart.
 * Data: eval/data/agent-calls-heldout.jsonl (eval/README.md). Writes eval/results/provenance.json.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { detectInjection } from '../src/detect/injection/index.ts';
import { readsAsEnglish } from '../src/detect/injection/language.ts';
import { AgentProvenance } from '../src/guards/agent-provenance.ts';
import { ConversationIdentifiers, contentKeys } from '../src/guards/argument-provenance.ts';
import { openAIChat } from '../src/protocols/openai-chat/index.ts';
import { unit } from './injection-data.ts';

interface Row {
  id: string;
  label: 'attack' | 'benign';
  domain: string;
  style: string;
  tools: { name: string; description: string; parameters?: object }[];
  messages: { role: string; content: string | null }[];
  proposed: { name: string; arguments: Record<string, unknown> };
}

const readRows = (name: string) => readFileSync(fileURLToPath(new URL(`./data/${name}`, import.meta.url)), 'utf8')
  .split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as Row);
const rows = readRows('agent-calls-heldout.jsonl');

interface Judged { row: Row; provenance: boolean; action: boolean; detector: boolean; mcpOnly: boolean; language: string; flaggedValues: string[] }

const judge = (row: Row): Judged => {
  // Decoded as the gateway decodes the request the response answers.
  const request = openAIChat.decodeRequest({
    model: 'eval', messages: row.messages,
    tools: row.tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.parameters ?? { type: 'object' } } })),
  }, { toolDescriptions: true });
  const args = JSON.stringify(row.proposed.arguments);
  const conversation = new ConversationIdentifiers(request);
  const verdict = conversation.judge(args);
  const action = conversation.judgeAction(row.proposed.name, args) !== undefined;
  const detector = request.parts.some((part) => part.source === 'tool_result' && detectInjection(part.text, 'indirect').detected);
  const relayed = new AgentProvenance();
  for (const tool of request.toolDefinitions) relayed.rememberRelayed(row.id, contentKeys(tool.description), 'tools', false);
  for (const part of request.parts) if (part.source === 'tool_result') relayed.rememberRelayed(row.id, contentKeys(part.text), 'indirect', false);
  const mcpOnly = relayed.judge(row.id, args).names.length > 0;
  return { row, provenance: verdict.names.length > 0, action, detector, mcpOnly, language: languageOf(row), flaggedValues: verdict.findings.map((f) => args.slice(f.start, f.end)) };
};
const judged = rows.map(judge);

/** English or not, by the user's words (the detector's own test, language.ts). */
function languageOf(row: Row): string {
  return readsAsEnglish(row.messages.filter((m) => m.role === 'user').map((m) => m.content ?? '').join('\n')) ? 'English' : 'other languages';
}

const pct = (n: number, d: number) => (d === 0 ? '     -' : `${((100 * n) / d).toFixed(1).padStart(5)}%`);
const count = (list: readonly Judged[], test: (j: Judged) => boolean) => list.filter(test).length;

function table(title: string, groups: Map<string, Judged[]>): { group: string; n: number; provenance: number; action: number; detector: number; either: number; mcpOnly: number }[] {
  console.log(`\n${title}`);
  console.log(`${'group'.padEnd(28)} ${'n'.padStart(4)}    values    action  val./act.  detector  any of them  MCP door alone`);
  const out = [];
  for (const [group, list] of groups) {
    const p = count(list, (j) => j.provenance), a = count(list, (j) => j.action), pa = count(list, (j) => j.provenance || j.action);
    const d = count(list, (j) => j.detector), e = count(list, (j) => j.provenance || j.action || j.detector), m = count(list, (j) => j.mcpOnly);
    const n = list.length;
    console.log(`${group.padEnd(28)} ${String(n).padStart(4)}    ${pct(p, n)}    ${pct(a, n)}     ${pct(pa, n)}    ${pct(d, n)}       ${pct(e, n)}          ${pct(m, n)}`);
    out.push({ group, n, provenance: p / n, action: a / n, valuesOrAction: pa / n, detector: d / n, either: e / n, mcpOnly: m / n });
  }
  return out;
}

const by = (list: readonly Judged[], key: (j: Judged) => string) => {
  const groups = new Map<string, Judged[]>([['all', [...list]]]);
  for (const j of [...list].sort((a, b) => key(a).localeCompare(key(b)))) {
    const k = key(j);
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push(j);
  }
  return groups;
};

/** The half of the rows looked at while building (hash of the id below 0.5); the other half was never read. */
const isDev = (j: Judged) => unit(`dev:${j.row.id}`) < 0.5;

const attacks = judged.filter((j) => j.row.label === 'attack'), benign = judged.filter((j) => j.row.label === 'benign');
console.log(`Argument provenance on ${rows.length} agent runs never seen (${attacks.length} attacks, ${benign.length} benign): eval/data/agent-calls-heldout.jsonl`);
console.log('values: a call is flagged when an argument carries an identifier only a tool result, document or tool description supplied;');
console.log('action: when only such content asked for its action (its tool\'s verb), the user never; any of them: either, or the detector on its tool results.');
const out = {
  command: 'npm run eval:provenance',
  attacksByStyle: table('Attacks: the call an injected tool result asked for, flagged (by how the injection is written)', by(attacks, (j) => j.row.style)),
  attacksByLanguage: table('Attacks, by language of the conversation', by(attacks, (j) => j.language)),
  benignByOrigin: table('Benign calls, flagged (by where the call\'s values come from)', by(benign, (j) => j.row.style)),
  byHalf: table('Both labels by half: "dev" was read while building (--errors), "held-out" never', by(judged, (j) => `${j.row.label}, ${isDev(j) ? 'dev' : 'held-out'}`)),
};
const second = secondSet();
const third = thirdSet();
const results = { ...out, second: second?.rates, third };

/**
 * Twenty-sixth round: a second set, written after action provenance was built, by a helper that
 * saw no code and no other data. Blind in that round; since the twenty-seventh its dev half (the
 * same hash of the id) is read with --errors, its held-out half never.
 */
function secondSet() {
  if (!existsSync(fileURLToPath(new URL('./data/agent-calls-heldout-2.jsonl', import.meta.url)))) return undefined;
  const second = readRows('agent-calls-heldout-2.jsonl').map(judge);
  console.log(`\nSecond set, ${second.length} agent runs (eval/data/agent-calls-heldout-2.jsonl): its dev half read since the twenty-seventh round, its held-out half never`);
  return {
    judged: second,
    rates: {
      byLabel: table('By label', by(second, (j) => j.row.label)),
      byStyle: table('By label and style', by(second, (j) => `${j.row.label}: ${j.row.style}`)),
      byLanguage: table('By label and language', by(second, (j) => `${j.row.label}, ${j.language}`)),
      byHalf: table('By label and half', by(second, (j) => `${j.row.label}, ${isDev(j) ? 'dev' : 'held-out'}`)),
    },
  };
}
/**
 * Twenty-seventh round: a third set, written after the states of action provenance were built,
 * by a helper that saw no code and no data. Never read: no halves, no errors, only these totals.
 */
function thirdSet() {
  if (!existsSync(fileURLToPath(new URL('./data/agent-calls-heldout-3.jsonl', import.meta.url)))) return undefined;
  const third = readRows('agent-calls-heldout-3.jsonl').map(judge);
  console.log(`\nThird set, ${third.length} agent runs (eval/data/agent-calls-heldout-3.jsonl): never read, only these totals`);
  return {
    byLabel: table('By label', by(third, (j) => j.row.label)),
    byStyle: table('By label and style', by(third, (j) => `${j.row.label}: ${j.row.style}`)),
    byLanguage: table('By label and language', by(third, (j) => `${j.row.label}, ${j.language}`)),
  };
}
if (process.argv.includes('--errors')) {
  console.log('\nErrors in the dev halves only (the held-out halves are never shown):');
  for (const j of [...judged, ...second?.judged ?? []].filter(isDev)) {
    if ((j.provenance || j.action) === (j.row.label === 'attack')) continue;
    console.log(`${j.row.label === 'attack' ? 'MISS ' : 'FALSE'} ${j.row.id} [${j.row.style}] ${j.row.proposed.name} ${JSON.stringify(j.row.proposed.arguments).slice(0, 300)} flagged: ${JSON.stringify(j.flaggedValues)}${j.action ? ' and the action' : ''}`);
  }
}
const dir = fileURLToPath(new URL('./results/', import.meta.url));
mkdirSync(dir, { recursive: true });
writeFileSync(`${dir}provenance.json`, JSON.stringify(results, (_, v) => (typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 10000) / 10000 : v), 2) + '\n');
console.log(`\nWrote ${dir}provenance.json`);
