/**
 * `portcullis report`: compliance evidence from the ledger for one framework, as HTML, JSON or
 * PDF. The ledger is verified first; a ledger that does not verify gets no report (exit 1)
 * unless --allow-unverified, which stamps the report as unverified.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { loadConfig } from '../config/load.ts';
import { openStore } from '../ledger/index.ts';
import { REPORT_FRAMEWORKS } from '../report/catalogs/index.ts';
import { buildReport, UnverifiedLedgerError } from '../report/build.ts';
import { NoCheckpointError } from '../report/integrity.ts';
import { NoChromiumError, writePdf } from '../report/pdf.ts';
import { renderHtml } from '../report/render-html.ts';
import { toolRiskSection } from '../report/tool-risk.ts';
import { CONFIG_OPTION, parseCommandLine, UsageError } from './usage.ts';

const USAGE = `usage: portcullis report --framework ${REPORT_FRAMEWORKS.join('|')} [-c portcullis.yaml] [--from time] [--to time] ` +
  '[--format html|json|pdf] --out file [--allow-unverified] [--no-tools]';

export async function runReport(args: string[]): Promise<void> {
  const { values } = parseCommandLine('report', args, {
    ...CONFIG_OPTION,
    framework: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' },
    format: { type: 'string' }, out: { type: 'string' },
    'allow-unverified': { type: 'boolean', default: false },
    'no-tools': { type: 'boolean', default: false },
  });
  const framework = REPORT_FRAMEWORKS.find((f) => f === values.framework);
  if (framework === undefined || values.out === undefined) throw new UsageError(USAGE);
  const format = values.format ?? (values.out.endsWith('.json') ? 'json' : values.out.endsWith('.pdf') ? 'pdf' : 'html');
  if (format !== 'html' && format !== 'json' && format !== 'pdf') throw new UsageError('portcullis report: --format is html, json or pdf');
  const from = time(values.from, '--from');
  const to = time(values.to, '--to');
  const config = loadConfig(values.config);
  const ledger = config.ledger;
  if (ledger === undefined) throw new UsageError(`${values.config}: no ledger is configured`);
  // As in `audit`: opening a missing SQLite file would create an empty ledger.
  if (ledger.store === 'sqlite' && !existsSync(ledger.path)) throw new UsageError(`no ledger at ${ledger.path}`);
  const toolRisk = values['no-tools'] ? { notes: ['tool discovery skipped (--no-tools)'] } : await toolRiskSection(config);
  const store = await openStore(ledger);
  try {
    const report = await buildReport({
      store, ledger, config, framework, toolRisk, configFile: values.config, allowUnverified: values['allow-unverified'],
      period: { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) },
    });
    if (format === 'json') writeFileSync(values.out, `${JSON.stringify(report, null, 2)}\n`);
    else if (format === 'html') writeFileSync(values.out, renderHtml(report));
    else await writePdf(renderHtml(report), values.out);
    const rows = report.applicability.length;
    console.log(`${report.framework.name}: ${rows} controls, ${report.scope.records} records, ` +
      `checkpoint size ${report.attestation.checkpoint.size}${report.attestation.verified ? ', verified' : ', UNVERIFIED'} -> ${values.out}`);
  } catch (error) {
    if (error instanceof UnverifiedLedgerError || error instanceof NoCheckpointError || error instanceof NoChromiumError) {
      console.error(`portcullis report: ${error.message}`);
      process.exitCode = 1;
      return;
    }
    throw error;
  } finally {
    await store.close();
  }
}

function time(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new UsageError(`portcullis report: ${name} must be a date or time, e.g. 2026-11-01T00:00:00Z`);
  return ms;
}
