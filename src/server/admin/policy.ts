/**
 * The policy versions this gateway has run since it started, each with its source, for
 * `GET /admin/policy`, `/admin/policy/source` and `/admin/policy/diff`. The source shown is
 * exactly what the version hashes (policy/compile.ts policyVersion): the policy section, the
 * tool catalog, each agent's grants and each provider's kind, so a diff between two versions
 * explains every change of version. Keys, URLs and the approval webhook (a URL and usually a
 * token) are not part of it.
 *
 * Reloads reach the history through `notePolicyLoad`, which policy-reload.ts calls after it
 * swapped the engine's policy; the history is found by its engine. With a ledger, the versions
 * of earlier runs are recalled from it at start (`recall`): the ledger keeps the policy of
 * every start and reload, so the history survives restarts.
 */
import type { Config } from '../../config/schema.ts';
import type { PolicyEngine } from '../../policy/engine.ts';
import { decisivePolicy, policyYaml, versionOf } from '../../policy/source.ts';
import { decodeRecord } from '../../ledger/record.ts';
import type { LedgerStore } from '../../ledger/types.ts';
import { unifiedDiff } from '../../core/line-diff.ts';

/** Versions kept (oldest dropped first); a reload a minute for a day fits. */
const MAX_VERSIONS = 100;
/** The ledger records that keep a policy (server/ledger-events.ts). */
const POLICY_RECORDS = ['gateway.start', 'policy.reload'];

interface Loaded {
  readonly version: string;
  readonly loadedAt: string;
  readonly yaml: string;
}

const histories = new WeakMap<PolicyEngine, PolicyHistory>();

/** Tells the engine's history (if the gateway keeps one) that `config` is now in force. */
export function notePolicyLoad(engine: PolicyEngine, config: Config): void {
  histories.get(engine)?.loaded(engine.current.version, config);
}

export class PolicyHistory {
  private readonly versions: Loaded[] = [];

  constructor(engine: PolicyEngine, config: Config) {
    histories.set(engine, this);
    this.loaded(engine.current.version, config);
  }

  loaded(version: string, config: Config, at = Date.now()): void {
    if (this.versions.at(-1)?.version === version) return;
    this.versions.push({ version, loadedAt: new Date(at).toISOString(), yaml: policySource(config) });
    if (this.versions.length > MAX_VERSIONS) this.versions.shift();
  }

  /**
   * Puts the versions the ledger kept from earlier runs before the ones loaded since this start
   * (at most MAX_VERSIONS in all). Only a policy that hashes to its recorded version is taken.
   */
  async recall(store: LedgerStore): Promise<void> {
    const recorded = (await Promise.all(POLICY_RECORDS.map((type) => store.query({ type }, MAX_VERSIONS))))
      .flat().sort((a, b) => a.index - b.index);
    const earlier: Loaded[] = [];
    for (const stored of recorded) {
      const body = decodeRecord(stored.bytes) as Record<string, unknown>;
      const version = body['policyVersion'];
      if (typeof version !== 'string' || body['policy'] === undefined || versionOf(body['policy']) !== version) continue;
      if (earlier.at(-1)?.version === version) continue;
      earlier.push({ version, loadedAt: String(body['time']), yaml: policyYaml(body['policy']) });
    }
    // This start's own record may already be in the ledger: the version loaded now is not repeated.
    while (earlier.length > 0 && earlier.at(-1)?.version === this.versions[0]?.version) earlier.pop();
    this.versions.unshift(...earlier.slice(-(MAX_VERSIONS - this.versions.length)));
  }

  get current(): Loaded {
    return this.versions.at(-1) as Loaded;
  }

  summary() {
    const { version, loadedAt } = this.current;
    return { version, loadedAt, history: this.versions.map(({ version: v, loadedAt: at }) => ({ version: v, loadedAt: at })) };
  }

  /** The newest load of a version (a version can come back after a revert). */
  find(version: string): Loaded | undefined {
    return this.versions.findLast((loaded) => loaded.version === version);
  }

  diff(from: Loaded, to: Loaded): string {
    return unifiedDiff(from.yaml, to.yaml, from.version, to.version);
  }
}

/** What decides, as YAML (policy/compile.ts decisivePolicy: exactly what the version hashes). */
export function policySource(config: Config): string {
  return policyYaml(decisivePolicy(config));
}
