/**
 * The report as one self-contained HTML page: inline CSS, no scripts, print-friendly, every
 * value escaped. Each number sits next to the ledger indices it came from and the `portcullis
 * audit` command that shows them, so a reader can follow it back.
 */
import type { ControlRow, Report } from './build.ts';
import type { EvidenceResult } from './evidence.ts';
import type { PolicyChange } from './incidents.ts';

const CSS = `body{font:14px/1.45 system-ui,sans-serif;color:#1a1a1a;margin:2rem auto;max-width:1100px;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{border-bottom:2px solid #333;padding-bottom:.2rem;margin-top:2rem;break-after:avoid}
h3{margin:1.2rem 0 .3rem}table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #bbb;padding:.3rem .45rem;vertical-align:top;text-align:left}
th{background:#eee}tr{break-inside:avoid}code,pre{font:12px/1.35 ui-monospace,monospace}pre{background:#f6f6f6;padding:.5rem;white-space:pre-wrap;word-break:break-all}
.kind-direct{color:#05660f;font-weight:600}.kind-supporting{color:#7a5a00;font-weight:600}.kind-organizational{color:#555}
.bad{background:#fde2e2;border:2px solid #b00;padding:.6rem;font-weight:600}.ok{background:#e4f5e4;border:1px solid #2a7a2a;padding:.6rem}
.muted{color:#555;font-size:.9em}.idx{font-size:.85em;color:#333;word-break:break-word}@media print{body{margin:0;max-width:none}a{color:inherit}}`;

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const e = escapeHtml;

/** 0,1,2,5,7,8 -> "0-2, 5, 7-8": compact and exact. */
export function indexRanges(indices: readonly number[]): string {
  const parts: string[] = [];
  let start: number | undefined;
  let prev: number | undefined;
  for (const i of [...indices].sort((a, b) => a - b)) {
    if (start !== undefined && prev !== undefined && i === prev + 1) {
      prev = i;
      continue;
    }
    if (start !== undefined && prev !== undefined) parts.push(start === prev ? `${start}` : `${start}-${prev}`);
    start = prev = i;
  }
  if (start !== undefined && prev !== undefined) parts.push(start === prev ? `${start}` : `${start}-${prev}`);
  return parts.join(', ');
}

function table(head: readonly string[], rows: readonly string[][], attrs = ''): string {
  return `<table${attrs}><thead><tr>${head.map((h) => `<th>${e(h)}</th>`).join('')}</tr></thead><tbody>` +
    rows.map((r) => `<tr>${r.join('')}</tr>`).join('') + '</tbody></table>';
}

const td = (text: unknown, cls = '') => `<td${cls === '' ? '' : ` class="${cls}"`}>${e(text)}</td>`;
const tdHtml = (html: string) => `<td>${html}</td>`;

/** Whether the ledger keeps the rules of a policy change, they match its version, and what changed. */
function policyText(change: PolicyChange): string {
  const status = change.text === 'verified' ? 'kept; their hash is this version'
    : change.text === 'mismatch' ? '<strong>kept, but their hash is not this version</strong>'
    : 'not kept (recorded before the ledger kept policies)';
  return change.diff === undefined ? status : `${status}<details><summary>what changed</summary><pre>${e(change.diff)}</pre></details>`;
}

function cli(report: Report, args: string): string {
  return `portcullis audit ${args}${report.configFile === undefined ? '' : ` -c ${report.configFile}`}`;
}

function showCommand(report: Report, evidence: EvidenceResult): string | undefined {
  const period = `${report.period.from === undefined ? '' : ` --since ${report.period.from}`}${report.period.to === undefined ? '' : ` --until ${report.period.to}`}`;
  if (evidence.show?.type !== undefined) return cli(report, `show --type ${evidence.show.type}${period}`);
  if (evidence.show?.rule !== undefined) return cli(report, `show --rule ${evidence.show.rule}${period}`);
  return undefined;
}

function controlRows(rows: readonly ControlRow[], section: string): string {
  return table(['Control', 'Title', 'Our paraphrase', 'Evidence', 'What the ledger shows', 'Policy rules tagged'], rows.map((row) => [
    `<td data-control="${e(row.id)}"><strong>${e(row.id)}</strong></td>`,
    td(row.title),
    tdHtml(`${e(row.paraphrase)}${row.note === undefined ? '' : `<div class="muted">${e(row.note)}</div>`}`),
    td(row.evidenceKind, `kind-${row.evidenceKind}`),
    tdHtml(row.evidence.length === 0 ? '<span class="muted">not evidenced by the gateway</span>'
      : row.evidence.map((ev) => `<a href="#q-${e(ev.query)}">${e(ev.title)}</a>: <strong>${e(ev.total)}</strong> ${e(ev.unit)}` +
        (ev.samples.length === 0 ? '' : ` <span class="idx">(e.g. records ${e(ev.samples.join(', '))})</span>`)).join('<br>')),
    tdHtml(row.rules.length === 0 ? '<span class="muted">none</span>'
      : row.rules.map((r) => `<code>${e(r.rule)}</code> (${e(r.severity)}): ${e(r.decisions)} decisions` +
        (r.indices.length === 0 ? '' : ` <span class="idx">in records ${e(indexRanges(r.indices))}</span>`)).join('<br>')),
  ]), ` data-section="${section}"`);
}

function evidenceSection(report: Report): string {
  return report.evidence.map((ev) => {
    const show = showCommand(report, ev);
    const breakdown = ev.breakdown.length === 0 ? '<p class="muted">nothing in this period</p>'
      : table([ev.unit, 'count', 'ledger records'], ev.breakdown.map((b) => [td(b.label), td(b.count), `<td class="idx">${e(indexRanges(b.indices))}</td>`]));
    const figures = ev.figures.length === 0 ? '' : `<ul>${ev.figures.map((f) => `<li>${e(f.label)}: <strong>${e(f.value)}</strong></li>`).join('')}</ul>`;
    return `<section id="q-${e(ev.id)}" data-query="${e(ev.id)}"><h3>${e(ev.title)}: <span data-total>${e(ev.total)}</span> ${e(ev.unit)}</h3>` +
      `<p class="muted">Query <code>${e(ev.id)}</code> (source: ${e(ev.source)}); selects ${e(ev.selection)}.` +
      (ev.indices.length === 0 ? '' : ` Records: <span class="idx">${e(indexRanges(ev.indices))}</span>.`) + '</p>' +
      breakdown + figures +
      (show === undefined ? '' : `<p>Re-check: <code>${e(show)}</code></p>`) +
      (ev.samples.length === 0 ? '' : `<p>Samples (proofs below): ${ev.samples.map((s) => `<a href="#proof-${s}">${s}</a>`).join(', ')}</p>`) +
      '</section>';
  }).join('');
}

function proofsSection(report: Report): string {
  return table(['Record', 'Leaf hash (SHA-256, base64)', 'Inclusion proof', 'Verified', 'Re-check'], report.proofs.map((p) => [
    `<td id="proof-${p.index}" data-proof="${p.index}">${e(p.index)}</td>`,
    `<td><code>${e(p.leafHash)}</code></td>`,
    `<td><code>${p.hashes.map((h) => e(h)).join('<br>')}</code></td>`,
    td(p.verified ? 'yes' : 'NO', p.verified ? '' : 'bad'),
    `<td><code>${e(cli(report, `proof ${p.index}`))}</code></td>`,
  ]), ' data-section="proofs"');
}

export function renderHtml(report: Report): string {
  const a = report.attestation;
  const period = `${report.period.from ?? 'the first record'} to ${report.period.to ?? 'the checkpoint'}`;
  const register = report.toolRisk.register;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${e(`${report.framework.name} evidence report`)}</title><style>${CSS}</style></head><body>
<h1>${e(report.framework.name)}: evidence from the Portcullis ledger</h1>
<p class="muted">Generated ${e(report.generatedAt)} for ${e(period)}. ${e(report.scope.records)} records in the period, under the signed checkpoint of size ${e(a.checkpoint.size)}` +
    `${report.scope.uncovered > 0 ? ` (${e(report.scope.uncovered)} later records are not yet under a checkpoint and are left out)` : ''}.</p>
${a.verified ? `<div class="ok" data-verified="true">Integrity: ${e(a.statement)}</div>`
    : `<div class="bad" data-verified="false">UNVERIFIED LEDGER: ${e(a.statement)}. This report was built with --allow-unverified; its numbers cannot be relied on.</div>`}
<h2>Statement of applicability</h2>
<p class="muted">Evidence kinds: <span class="kind-direct">direct</span> (the ledger records the control operating), <span class="kind-supporting">supporting</span> (part of the evidence; the rest is the organization's), <span class="kind-organizational">organizational</span> (a management activity the gateway cannot evidence). Titles as published; paraphrases are ours. Source: ${e(report.framework.source)}</p>
${controlRows(report.applicability, 'applicability')}
${report.clauses.length === 0 ? '' : `<h3>Management-system clauses</h3>${controlRows(report.clauses, 'clauses')}`}
<h2>Evidence</h2>
<p class="muted">Every number lists the ledger records it was computed from. <code>${e(cli(report, 'show --json'))}</code> prints records; <code>${e(cli(report, 'proof <index>'))}</code> proves one against the signed checkpoint.</p>
${evidenceSection(report)}
<h2>Human oversight</h2>
${table(['', 'count', 'ledger records'], report.oversight.map((o) => [td(o.label), td(o.value), `<td class="idx">${e(indexRanges(o.indices))}</td>`]), ' data-section="oversight"')}
<h2>Incidents and corrective policy changes</h2>
${report.incidents.length === 0 ? '<p>No high or critical severity denials or neutralizations in the period.</p>'
    : table(['Record', 'Time', 'Agent', 'Event', 'Action', 'Rule', 'Severity', 'Policy version'], report.incidents.map((i) => [
      td(i.index), td(i.time), td(i.principal), td(`${i.event}${i.tool === undefined ? '' : ` ${i.tool}`}`), td(i.action), td(i.rule), td(i.severity), `<td><code>${e(i.policyVersion ?? '')}</code></td>`]), ' data-section="incidents"')}
<p class="muted">Severity comes from the current policy (records name rule ids, not severities).</p>
<h2>Policy change history</h2>
${report.policyHistory.length === 0 ? '<p>No gateway start or policy reload recorded in the period; the versions decisions ran under are in <a href="#q-policy-versions">policy versions</a>.</p>'
    : table(['Record', 'Time', 'Kind', 'Version', 'Previous', 'By', 'Incidents before it', 'Rules in the ledger'], report.policyHistory.map((c) => [
      td(c.index), td(c.time), td(c.type), `<td><code>${e(c.version)}</code></td>`, `<td><code>${e(c.previous ?? '')}</code></td>`,
      td(c.by ?? 'not recorded (reloaded from the config file)'), td(indexRanges(c.after)), `<td>${policyText(c)}</td>`]), ' data-section="policy-history"')}
<h2>Tool risk register</h2>
${register === undefined ? `<p>${e(report.toolRisk.notes.join('; '))}</p>`
    : table(['Server', 'Tool', 'Risk', 'Capabilities', 'Why'], register.tools.map((t) => [td(t.server), td(t.name), td(t.level), td(t.capabilities.join(', ') || '(none)'), td(t.levelReason)])) +
      table(['Agent', 'Risk', 'Capabilities', 'Tools admitted'], register.agents.map((ag) => [td(ag.agent), td(ag.level), td(ag.capabilities.join(', ') || '(none)'), td(ag.tools.length)]))}
<h2>Logging coverage (ISO/IEC 42001 A.6.2.8)</h2>
${table(['Stage', 'Recorded', 'Record types'], report.logging.stages.map((s) => [td(s.stage), td(s.recorded), td(s.recordTypes.join(', '))]))}
<p><strong>Never recorded:</strong></p><ul>${report.logging.never.map((n) => `<li>${e(n)}</li>`).join('')}</ul>
<h2>Integrity attestation</h2>
<p>${e(report.logging.integrity)}</p>
<ul><li>Verification: <strong>${e(a.statement)}</strong></li><li>Ledger size: ${e(a.ledgerSize)} records; signed checkpoints: ${e(a.signedCheckpoints)}</li>
<li>Report built from the checkpoint at tree size <strong>${e(a.checkpoint.size)}</strong>, root <code>${e(a.checkpoint.rootHash)}</code>, stored ${e(a.checkpoint.signedAt)}</li>
${report.scope.ledgerSpan === undefined ? '' : `<li>Earliest record ${e(report.scope.ledgerSpan.first)}, latest under the checkpoint ${e(report.scope.ledgerSpan.last)}</li>`}</ul>
<pre data-checkpoint>${e(a.checkpoint.note)}</pre>
<p class="muted">Re-check: <code>${e(cli(report, 'verify'))}</code> and <code>${e(cli(report, 'checkpoint'))}</code>; verify the note with the ledger's verifier key.</p>
<h3>Inclusion proofs of the samples</h3>
${proofsSection(report)}
<h2>What the gateway does not cover</h2>
<p>These controls are management activities outside what an inline gateway can observe; their evidence is the organization's.</p>
${table(['Control', 'Title', 'Note'], report.notCovered.map((n) => [td(n.id), td(n.title), td(n.note ?? '')]), ' data-section="not-covered"')}
</body></html>
`;
}
