import { ConfigError } from '../config/errors.ts';
import { runAudit } from './audit.ts';
import { runConfig } from './config.ts';
import { runDemo } from './demo.ts';
import { runKeys } from './keys.ts';
import { runPolicy } from './policy.ts';
import { runReport } from './report.ts';
import { runScan } from './scan.ts';
import { FixtureError } from '../policy/fixtures.ts';
import { PolicyCompileError } from '../policy/compile.ts';
import { runMcp } from './mcp.ts';
import { runStart } from './start.ts';
import { runTools } from './tools.ts';
import { UsageError } from './usage.ts';

const COMMANDS: Record<string, { summary: string; run: (args: string[]) => Promise<void> }> = {
  start: { summary: 'start [-c portcullis.yaml]    run the gateway', run: runStart },
  demo: { summary: 'demo [--keep-running|--exit]  run the gateway on embedded defaults with a scripted agent, then keep the console open (in a terminal)', run: runDemo },
  keys: { summary: 'keys new <agent>              create an agent key (printed once) and its config hash', run: runKeys },
  config: { summary: 'config check|schema [-c file] validate a config file, or print its JSON Schema', run: runConfig },
  audit: { summary: 'audit verify|show|tail|proof|export|checkpoint|keygen  verify and read the ledger', run: runAudit },
  scan: { summary: 'scan [--jsonl] [--detectors pii,secrets,injection] [--redact]  find PII, PHI, card data, secrets and prompt injections in stdin', run: runScan },
  policy: { summary: 'policy check|test|explain     check rules, run policy tests, explain a decision', run: runPolicy },
  mcp: { summary: 'mcp wrap --server <id> [-- cmd]  run as a stdio MCP server that governs and records a wrapped one', run: runMcp },
  tools: { summary: 'tools scan|approve|risk [-c file]  MCP tool inventory: pinning, poisoning scan, risk register', run: runTools },
  report: { summary: 'report --framework iso42001|hipaa|pci|eu-ai-act --out report.html  compliance evidence from the ledger', run: runReport },
};

function usage(): string {
  return ['usage: portcullis <command> [options]', '', ...Object.values(COMMANDS).map((c) => `  portcullis ${c.summary}`)].join('\n');
}

export async function main(argv: string[]): Promise<void> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    console.log(usage());
    return;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    console.error(`portcullis: unknown command '${name}'\n\n${usage()}`);
    process.exitCode = 2;
    return;
  }
  try {
    await command.run(args);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof UsageError || error instanceof FixtureError || error instanceof PolicyCompileError) {
      console.error(error.message);
      process.exitCode = 2;
      return;
    }
    throw error;
  }
}

// Allow `node src/cli/main.ts ...` during development as well as the bin.
if (import.meta.main) await main(process.argv.slice(2));
