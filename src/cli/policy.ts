import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { loadConfig } from '../config/load.ts';
import { compilePolicy } from '../policy/compile.ts';
import { explain } from '../policy/explain.ts';
import { parseFixtureEvent, runFixture, toEvent } from '../policy/fixtures.ts';
import { CONFIG_OPTION, parseCommandLine, UsageError } from './usage.ts';

const USAGE = [
  'usage: portcullis policy check [-c portcullis.yaml]',
  '       portcullis policy test <policy-tests.yaml>...',
  '       portcullis policy explain [-c portcullis.yaml] --event <event.yaml|json>',
].join('\n');

/**
 * `portcullis policy check|test|explain`: validate rules (schema and CEL types, with
 * file:line:column), run policy unit tests, and show why an event gets its decision.
 */
export async function runPolicy(args: string[]): Promise<void> {
  const { values, positionals } = parseCommandLine('policy', args, { ...CONFIG_OPTION, event: { type: 'string' } });
  const [sub, ...files] = positionals;
  switch (sub) {
    case 'check': {
      const config = loadConfig(values.config);
      const policy = compilePolicy(config);
      const rules = config.policy.rules.length;
      console.log(`${values.config}: OK: ${rules} rules, ${config.policy.limits.length} limits, policy ${policy.version}`);
      return;
    }
    case 'test':
      return test(files);
    case 'explain': {
      if (values.event === undefined) throw new UsageError(USAGE);
      const config = loadConfig(values.config);
      const event = parseFixtureEvent(parseYaml(readFileSync(values.event, 'utf8')), values.event);
      const input = toEvent(config, event);
      const { lines } = await explain(compilePolicy(config), input, event.session?.taints ?? []);
      console.log(lines.join('\n'));
      return;
    }
    default:
      throw new UsageError(USAGE);
  }
}

async function test(files: string[]): Promise<void> {
  if (files.length === 0) throw new UsageError(USAGE);
  let passed = 0;
  let failed = 0;
  for (const file of files) {
    const result = await runFixture(file);
    console.log(`${file} (policy ${result.policyVersion.slice(0, 19)})`);
    for (const c of result.cases) {
      console.log(`  ${c.passed ? 'PASS' : 'FAIL'}  ${c.name}`);
      for (const failure of c.failures) console.log(`        ${failure}`);
      if (c.passed) passed++;
      else failed++;
    }
  }
  console.log(`\n${passed} passed, ${failed} failed`);
  if (failed > 0) process.exitCode = 1;
}
