import { configJsonSchema } from '../config/json-schema.ts';
import { loadConfig } from '../config/load.ts';
import { CONFIG_OPTION, parseCommandLine, UsageError } from './usage.ts';

/** `portcullis config check [-c file]` and `portcullis config schema`. */
export async function runConfig(args: string[]): Promise<void> {
  const { values, positionals } = parseCommandLine('config', args, CONFIG_OPTION);
  switch (positionals[0]) {
    case 'check': {
      const config = loadConfig(values.config);
      console.log(`${values.config}: OK (${config.providers.length} providers, ${config.agents.length} agents)`);
      return;
    }
    case 'schema':
      console.log(JSON.stringify(configJsonSchema(), null, 2));
      return;
    default:
      throw new UsageError('usage: portcullis config check [-c portcullis.yaml] | portcullis config schema');
  }
}
