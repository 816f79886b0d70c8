import { newAgentKey } from '../server/auth.ts';
import { parseCommandLine, UsageError } from './usage.ts';

/**
 * `portcullis keys new <agent>`: a fresh key, printed once. Only its hash goes in the
 * config, so the config file (and whoever reads it) never holds a usable credential.
 */
export async function runKeys(args: string[]): Promise<void> {
  const { positionals } = parseCommandLine('keys', args, {});
  const [verb, agent] = positionals;
  if (verb !== 'new' || agent === undefined || positionals.length !== 2) {
    throw new UsageError('usage: portcullis keys new <agent>');
  }
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(agent)) throw new UsageError(`portcullis keys: agent id '${agent}' must match [a-z0-9][a-z0-9_-]*`);
  const { key, keyHash } = newAgentKey();
  console.log(`Agent key for '${agent}' (shown once; give it to the agent as its API key):\n\n  ${key}\n`);
  console.log(`Add to the agent's entry in portcullis.yaml:\n\n  - id: ${agent}\n    keyHash: ${keyHash}\n`);
}
