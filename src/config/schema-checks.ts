/**
 * Whole-config checks. They run even when other parts of the config are invalid (so one pass
 * reports every problem), so they read the value as `unknown` and skip anything malformed:
 * the field-level schema already reports that.
 */
import { compileGlobs } from './glob.ts';

type Path = (string | number)[];
/** The slice of zod's refinement context these checks use. */
export interface IssueSink {
  addIssue(issue: { code: 'custom'; path: Path; message: string }): void;
}

function listAt(value: unknown, key: string): unknown[] {
  const list = isRecord(value) ? value[key] : undefined;
  return Array.isArray(list) ? list : [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/** Reports every repeat of `items[].field` on the repeat itself, naming the first occurrence. */
export function checkUnique(config: unknown, listKey: string, field: string, message: string, sink: IssueSink): void {
  const firstIndex = new Map<string, number>();
  listAt(config, listKey).forEach((item, index) => {
    const value = isRecord(item) ? item[field] : undefined;
    if (typeof value !== 'string') return;
    const first = firstIndex.get(value);
    if (first === undefined) firstIndex.set(value, index);
    // The value itself is not echoed: it may come from an environment variable.
    else sink.addIssue({ code: 'custom', path: [listKey, index, field], message: `${message} (same as ${listKey}[${first}])` });
  });
}

/** checkUnique for a list nested under objects, e.g. policy.rules[].id. */
export function checkUniqueNested(config: unknown, path: readonly string[], field: string, message: string, sink: IssueSink): void {
  let parent: unknown = config;
  for (const key of path.slice(0, -1)) parent = isRecord(parent) ? parent[key] : undefined;
  const prefix = path.slice(0, -1);
  checkUnique(parent, path[path.length - 1] as string, field, message, {
    addIssue: (issue) => sink.addIssue({ ...issue, path: [...prefix, ...issue.path] }),
  });
}

/**
 * An agent allowed an exact model name that no provider serves is almost always a typo that would
 * otherwise surface as a confusing 404 at request time. Agent globs are not checked: whether two
 * globs overlap says little about intent.
 */
export function checkAgentModelsServed(config: unknown, sink: IssueSink): void {
  const providers = listAt(config, 'providers');
  const providerModels = providers.map((p) => (isRecord(p) ? p['models'] : undefined));
  // A provider with malformed models is reported elsewhere; checking against it would add noise.
  if (providers.length === 0 || !providerModels.every(isStringList)) return;
  const served = compileGlobs(providerModels.flat());
  listAt(config, 'agents').forEach((agent, agentIndex) => {
    const models = isRecord(agent) ? agent['models'] : undefined;
    if (!isStringList(models)) return;
    models.forEach((model, modelIndex) => {
      if (model.includes('*') || served(model)) return;
      sink.addIssue({
        code: 'custom',
        path: ['agents', agentIndex, 'models', modelIndex],
        message: 'no provider serves this model (check for a typo against providers[].models)',
      });
    });
  });
}
