/**
 * Builds eval/data/jailbreak-templates.jsonl: the jailbreak prompts that promptfoo's red-team
 * "prompt-injection" strategy wraps around its test goals, as a held-out set of real attacks
 * written by people other than us (the "do anything now", developer-mode and persona templates
 * that circulated on jailbreakchat and Reddit in 2023, collected by promptfoo).
 *
 * Usage:
 *   npm pack promptfoo@0.123.1 && tar xzf promptfoo-0.123.1.tgz
 *   node scripts/build-jailbreak-set.ts package     (the unpacked directory; writes the file)
 *
 * promptfoo is MIT-licensed; the file records package, version and the source module on each
 * row. It is read from the published bundle rather than installed as a dependency (it is 33 MB
 * with its own dependency tree, and only this list is wanted). The list sits in the bundle as a
 * JavaScript array literal after the region marker below; it is evaluated in an empty context
 * with a time limit, and every element must be a string.
 *
 * Near-duplicates (the same template with a different name or a fixed typo) share a group, the
 * first five words, so that a split by group never puts one version on each side.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';

const MODULE = 'src/redteam/strategies/promptInjections/data.ts';
const TARGET = fileURLToPath(new URL('../eval/data/jailbreak-templates.jsonl', import.meta.url));

export interface JailbreakTemplate { readonly group: string; readonly text: string; readonly package: string; readonly version: string; readonly license: string; readonly module: string }

/** The group of a template: its first five words, lower-cased, letters and digits only. */
export const templateGroup = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim().split(' ').slice(0, 5).join(' ');

function templatesIn(bundle: string): string[] | null {
  const at = bundle.indexOf(`//#region ${MODULE}`);
  if (at < 0) return null;
  const open = bundle.indexOf('[', at), close = bundle.indexOf('\n];', open);
  if (open < 0 || close < 0) throw new Error(`${MODULE}: no array literal after the region marker`);
  const value: unknown = runInNewContext(`(${bundle.slice(open, close + 2)})`, Object.create(null), { timeout: 1000 });
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new Error(`${MODULE}: not an array of strings`);
  return value as string[];
}

function main(dir: string): void {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; version: string; license: string };
  if (manifest.name !== 'promptfoo') throw new Error(`${dir} is ${manifest.name}, not promptfoo`);
  const bundles = join(dir, 'dist', 'src');
  // The same module is bundled into several chunks (ESM and CommonJS): the first ESM one will do.
  const file = readdirSync(bundles).filter((f) => f.endsWith('.js')).sort().find((f) => readFileSync(join(bundles, f), 'utf8').includes(`//#region ${MODULE}`));
  if (file === undefined) throw new Error(`no bundle under ${bundles} holds ${MODULE}`);
  const texts = templatesIn(readFileSync(join(bundles, file), 'utf8'))!;
  const seen = new Set<string>();
  const rows: JailbreakTemplate[] = [];
  for (const raw of texts) {
    const text = raw.trim();
    if (seen.has(text)) continue;
    seen.add(text);
    rows.push({ group: templateGroup(text), text, package: manifest.name, version: manifest.version, license: manifest.license, module: MODULE });
  }
  writeFileSync(TARGET, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  console.log(`${rows.length} templates (${texts.length - rows.length} exact repeats dropped) in ${new Set(rows.map((r) => r.group)).size} groups → ${TARGET}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === undefined) { console.error('usage: node scripts/build-jailbreak-set.ts <unpacked promptfoo package directory>'); process.exit(2); }
  main(process.argv[2]);
}
