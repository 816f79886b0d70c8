import { loadConfig } from '../config/load.ts';
import { createLogging, logExchanges } from '../observe/log.ts';
import { createGateway } from '../server/gateway.ts';
import { CONFIG_OPTION, parseCommandLine } from './usage.ts';

/** `portcullis start [-c portcullis.yaml]`: serve until SIGINT/SIGTERM, then drain and stop. */
export async function runStart(args: string[]): Promise<void> {
  const { values } = parseCommandLine('start', args, CONFIG_OPTION);
  const config = loadConfig(values.config);
  const logging = createLogging(config.log.level);
  const { logger } = logging;
  const gateway = createGateway({ config, observers: [logExchanges(logging)] });
  const url = await gateway.listen();
  logger.info({ url, providers: config.providers.map((p) => p.id), agents: config.agents.length }, 'gateway listening');
  logger.flush(); // lifecycle lines go out at once; per-exchange lines are batched
  const stop = (signal: string): void => {
    logger.info({ signal }, 'gateway stopping');
    logger.flush();
    gateway.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
