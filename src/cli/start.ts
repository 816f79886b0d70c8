import { loadConfig } from '../config/load.ts';
import { openLedger, type Ledger } from '../ledger/index.ts';
import { createObservability } from '../observe/index.ts';
import { createLogging, logExchanges, logMcpRequests } from '../observe/log.ts';
import { openPolicyStore, openSharedProvenance } from '../policy/state/open.ts';
import { notifyApprovalWebhook } from '../policy/webhook.ts';
import { createGateway } from '../server/gateway.ts';
import { tuneV8ForServing } from '../server/v8-tuning.ts';
import { recordPolicyReload, recordStart, recordStop } from '../server/ledger-events.ts';
import { watchPolicy } from '../server/policy-reload.ts';
import { CONFIG_OPTION, parseCommandLine } from './usage.ts';

/**
 * `portcullis start [-c portcullis.yaml]`: serve until SIGINT/SIGTERM, then drain and stop.
 * The policy reloads when the file changes; every exchange is recorded in the ledger.
 */
export async function runStart(args: string[]): Promise<void> {
  const { values } = parseCommandLine('start', args, CONFIG_OPTION);
  tuneV8ForServing();
  const config = loadConfig(values.config);
  const logging = createLogging(config.log.level);
  const { logger } = logging;
  const redis = config.state.redis;
  const policyStore = await openPolicyStore(config, (error) => logger.warn({ error: error.message }, 'policy state store'));
  const provenance = await openSharedProvenance(config, (error) => logger.warn({ error: error.message }, 'shared provenance memory'));
  let ledger: Ledger | undefined;
  if (config.ledger === undefined) logger.warn('no ledger configured: exchanges are not recorded');
  else {
    ledger = await openLedger(config.ledger, {
      onProblem: (problem) => logger.error({ problem, onFailure: config.ledger?.onFailure }, 'audit ledger cannot write'),
      onRecovered: () => logger.info('audit ledger writing again'),
    });
  }
  const webhook = config.policy.approvals.webhook;
  // Metrics and traces (observability:); the policy store is the gateway's own unless shared.
  const observability = await createObservability(config, { ledger, policyStore: () => gateway.policy.store, provenance },
    (failure) => logger.warn(failure, 'trace export failed: spans were dropped (check observability.tracing.endpoint and the collector)'));
  const logMcp = logMcpRequests(logging);
  const gateway = createGateway({
    config,
    observers: [logExchanges(logging), ...observability.observers],
    onMcpRecord: (record) => {
      logMcp(record);
      observability.onMcpRecord(record);
    },
    metrics: observability.metrics,
    ...(policyStore === undefined ? {} : { policyStore }),
    ...(provenance === undefined ? {} : { provenance }),
    ...(ledger === undefined ? {} : { ledger }),
    onUnrecorded: (requestId, problem) => logger.error({ requestId, problem }, 'exchange not recorded in the ledger'),
    ...(webhook === undefined ? {} : { onApprovalRequested: notifyApprovalWebhook(webhook, logger) }),
  });
  if (ledger !== undefined) await recordStart(ledger, config, gateway.policy.current.version);
  const url = await gateway.listen();
  const reloader = watchPolicy(values.config, config, gateway.policy, logger, (version, previous, next) => {
    if (ledger !== undefined) recordPolicyReload(ledger, next, version, previous).catch(() => undefined);
  });
  logger.info({
    url, providers: config.providers.map((p) => p.id), agents: config.agents.length,
    policy: gateway.policy.current.version, state: redis === undefined ? 'in-process' : 'redis', provenance: provenance === undefined ? 'in-process' : 'redis',
    ...(ledger === undefined ? {} : { ledger: ledger.config.store, durability: ledger.config.durability, verifierKey: ledger.secrets.signer.verifierKey }),
    metrics: observability.metrics?.path ?? false, tracing: observability.tracing !== undefined,
  }, 'gateway listening');
  if (config.observability.metrics.enabled && observability.metrics === undefined) {
    logger.warn('metrics are off: scraping them needs an admin key and no admins are configured (set observability.metrics.auth: none, or add an admin)');
  }
  logger.flush(); // lifecycle lines go out at once; per-exchange lines are batched
  const stop = (signal: string): void => {
    logger.info({ signal }, 'gateway stopping');
    logger.flush();
    reloader.close();
    gateway.close()
      .then(async () => {
        if (ledger !== undefined) {
          await recordStop(ledger, signal);
          await ledger.close();
        }
        await policyStore?.close();
        await provenance?.close();
        await observability.close();
      })
      .then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
