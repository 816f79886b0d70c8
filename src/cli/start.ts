import { loadConfig } from '../config/load.ts';
import { createLogging, logExchanges } from '../observe/log.ts';
import { RedisPolicyStore } from '../policy/state/redis.ts';
import type { PolicyStore } from '../policy/state/types.ts';
import { notifyApprovalWebhook } from '../policy/webhook.ts';
import { createGateway } from '../server/gateway.ts';
import { watchPolicy } from '../server/policy-reload.ts';
import { CONFIG_OPTION, parseCommandLine } from './usage.ts';

/**
 * `portcullis start [-c portcullis.yaml]`: serve until SIGINT/SIGTERM, then drain and stop.
 * The policy reloads when the file changes.
 */
export async function runStart(args: string[]): Promise<void> {
  const { values } = parseCommandLine('start', args, CONFIG_OPTION);
  const config = loadConfig(values.config);
  const logging = createLogging(config.log.level);
  const { logger } = logging;
  const redis = config.state.redis;
  let policyStore: PolicyStore | undefined;
  if (redis !== undefined) {
    policyStore = await RedisPolicyStore.connect({
      url: redis.url,
      keyPrefix: redis.keyPrefix,
      onError: (error) => logger.warn({ error: error.message }, 'policy state store'),
    });
  }
  const webhook = config.policy.approvals.webhook;
  const gateway = createGateway({
    config,
    observers: [logExchanges(logging)],
    ...(policyStore === undefined ? {} : { policyStore }),
    ...(webhook === undefined ? {} : { onApprovalRequested: notifyApprovalWebhook(webhook, logger) }),
  });
  const url = await gateway.listen();
  const reloader = watchPolicy(values.config, config, gateway.policy, logger);
  logger.info({
    url, providers: config.providers.map((p) => p.id), agents: config.agents.length,
    policy: gateway.policy.current.version, state: redis === undefined ? 'in-process' : 'redis',
  }, 'gateway listening');
  logger.flush(); // lifecycle lines go out at once; per-exchange lines are batched
  const stop = (signal: string): void => {
    logger.info({ signal }, 'gateway stopping');
    logger.flush();
    reloader.close();
    gateway.close()
      .then(() => policyStore?.close())
      .then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
