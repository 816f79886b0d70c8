import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A mistake on the command line: printed as is, exit code 2. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

/** `node:util` parseArgs, with its errors turned into one readable line. */
export function parseCommandLine<T extends Options>(command: string, args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`portcullis ${command}: ${(error as Error).message}`);
  }
}

export const CONFIG_OPTION = { config: { type: 'string', short: 'c', default: 'portcullis.yaml' } } as const;
