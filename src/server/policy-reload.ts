/**
 * Hot reload of the policy: when the config file changes, the new file is loaded and its
 * policy compiled; only a valid one replaces the running policy, and its version is logged.
 * An invalid file keeps the old policy running and the log says exactly why (file:line).
 * What a reload cannot change (listener, providers, agent identities and keys) is reported as
 * needing a restart rather than half-applied.
 */
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { loadConfig } from '../config/load.ts';
import type { Config } from '../config/schema.ts';
import type { Logger } from '../observe/log.ts';
import { compilePolicy } from '../policy/compile.ts';
import type { PolicyEngine } from '../policy/engine.ts';
import { notePolicyLoad } from './admin/policy.ts';

/** Editors save in bursts (truncate, write, rename): wait for the burst to end. */
const SETTLE_MS = 150;

export interface PolicyReloader {
  /** Reloads now; resolves to the version running afterwards. */
  reload(): string;
  close(): void;
}

export function watchPolicy(
  file: string, running: Config, engine: PolicyEngine, logger: Logger, onReload?: (version: string, previous: string, config: Config) => void,
): PolicyReloader {
  const path = resolve(file);
  let current = running;
  const reload = (): string => {
    let next: Config;
    let version: string;
    try {
      next = loadConfig(path);
      const policy = compilePolicy(next);
      version = policy.version;
      if (version !== engine.current.version) {
        const previous = engine.current.version;
        engine.replace(policy);
        notePolicyLoad(engine, next);
        logger.info({ version, previous }, 'policy reloaded');
        onReload?.(version, previous, next);
      }
    } catch (error) {
      logger.warn({ version: engine.current.version, problem: error instanceof Error ? error.message : String(error) },
        'config change rejected; the running policy stays in force');
      return engine.current.version;
    }
    const needRestart = restartOnlyChanges(current, next);
    if (needRestart.length > 0) logger.warn({ sections: needRestart }, 'config changes that take effect only after a restart');
    current = next;
    return version;
  };
  let timer: NodeJS.Timeout | undefined;
  // The directory, not the file: an editor's rename-into-place would orphan a file watch.
  const watcher: FSWatcher = watch(dirname(path), (_event, name) => {
    if (name !== null && name !== basename(path)) return;
    clearTimeout(timer);
    timer = setTimeout(reload, SETTLE_MS);
  });
  watcher.unref();
  return {
    reload,
    close: () => {
      clearTimeout(timer);
      watcher.close();
    },
  };
}

/** Sections a reload does not apply, named (never their values: they may hold secrets). */
function restartOnlyChanges(before: Config, after: Config): string[] {
  const identity = (c: Config) => c.agents.map(({ tools: _tools, ...rest }) => rest);
  const changed: string[] = [];
  if (JSON.stringify(before.server) !== JSON.stringify(after.server)) changed.push('server');
  if (JSON.stringify(before.providers) !== JSON.stringify(after.providers)) changed.push('providers');
  if (JSON.stringify(identity(before)) !== JSON.stringify(identity(after))) changed.push('agents (identity, keys, models)');
  if (JSON.stringify(before.admins) !== JSON.stringify(after.admins)) changed.push('admins');
  if (JSON.stringify(before.state) !== JSON.stringify(after.state)) changed.push('state');
  return changed;
}
