/**
 * `portcullis tools scan`, minus the network: given what each configured server lists, the
 * status of every definition against the lockfile (approved, new, changed), its poisoning
 * findings, the approved names no longer offered, and cross-server name collisions, then the
 * report as text. The lead's command fetches the lists and calls scanInventory, then renderScan.
 */
import { DEFINITION_KINDS, DefinitionError, definitionHash, KIND_LISTS, serverContent, type DefinitionKind, type McpDefinition, type ServerIdentity } from './definition.ts';
import type { Approval, ApprovalStatus, Lockfile } from './lockfile.ts';
import { findNameCollisions, type NameCollision } from './collisions.ts';
import { scanDefinition, type InjectionCheck, type PoisonFinding, type ToolRef } from './poisoning.ts';
import { printable } from './text.ts';
import { textTable } from '../../observe/text-table.ts';

/** What one server offered (or why it could not be asked). */
export interface ServerInventory {
  readonly server: ServerIdentity;
  readonly tools?: readonly McpDefinition[];
  readonly prompts?: readonly McpDefinition[];
  readonly resourceTemplates?: readonly McpDefinition[];
  readonly error?: string;
}

export interface DefinitionReport {
  readonly kind: DefinitionKind;
  readonly name: string;
  /** undefined when the definition cannot be hashed (see DefinitionError): it can never be approved. */
  readonly hash: string | undefined;
  readonly status: ApprovalStatus | 'invalid';
  readonly findings: readonly PoisonFinding[];
}

export interface ServerReport {
  readonly server: string;
  /** How the server is reached, for the reader: the command line or the URL. */
  readonly location: string;
  readonly definitions: readonly DefinitionReport[];
  /** Approved definitions the server no longer offers (a rename leaves one here and one 'new'). */
  readonly unseen: readonly { readonly kind: DefinitionKind; readonly name: string }[];
  readonly error?: string;
}

export interface ScanReport {
  readonly servers: readonly ServerReport[];
  readonly collisions: readonly NameCollision[];
}

const KIND_LABEL: Readonly<Record<DefinitionKind, string>> = { tool: 'tool', prompt: 'prompt', resource_template: 'template' };

/**
 * Lockfile entries for the definitions of a scan that `pick` chooses, among those that can be
 * approved at all (they have a hash): what `portcullis tools approve`, the demo's setup and the
 * tests' helper hand to Lockfile.approve. Each keeps its scan findings for the caller to weigh.
 */
export function approvalsFor(
  report: ScanReport, pick: (definition: DefinitionReport) => boolean = () => true,
): (Approval & { readonly findings: readonly PoisonFinding[] })[] {
  return report.servers.flatMap((server) => server.definitions
    .filter((d) => d.hash !== undefined && pick(d))
    .map((d) => ({ server: server.server, kind: d.kind, name: d.name, hash: d.hash as string, findings: d.findings })));
}

/** Hashes, checks against the lock and scans every definition of every server. */
export function scanInventory(inventories: readonly ServerInventory[], lock: Lockfile, options: { readonly injection?: InjectionCheck } = {}): ScanReport {
  const allTools: ToolRef[] = inventories.flatMap((inv) => (inv.tools ?? []).map((tool) => ({ server: inv.server.id, name: tool.name })));
  const servers = inventories.map((inv): ServerReport => {
    const definitions: DefinitionReport[] = [];
    const unseen: { kind: DefinitionKind; name: string }[] = [];
    for (const kind of DEFINITION_KINDS) {
      const list = inv[KIND_LISTS[kind]] ?? [];
      for (const definition of list) {
        const findings = scanDefinition(inv.server, kind, definition, { otherTools: allTools, ...options });
        const hash = hashOrUndefined(inv.server, kind, definition);
        const status = hash === undefined ? 'invalid' : lock.status(inv.server.id, kind, definition.name, hash);
        definitions.push({ kind, name: definition.name, hash, status, findings });
      }
      // A server that could not be listed has not dropped anything: its approvals are not "unseen".
      if (inv.error === undefined) for (const name of lock.unseen(inv.server.id, kind, list.map((d) => d.name))) unseen.push({ kind, name });
    }
    return { server: inv.server.id, location: describe(inv.server), definitions, unseen, ...(inv.error === undefined ? {} : { error: inv.error }) };
  });
  return { servers, collisions: findNameCollisions(allTools) };
}

function hashOrUndefined(server: ServerIdentity, kind: DefinitionKind, definition: McpDefinition): string | undefined {
  try {
    return definitionHash(server, kind, definition);
  } catch (error) {
    if (error instanceof DefinitionError) return undefined;
    throw error;
  }
}

function describe(server: ServerIdentity): string {
  const content = serverContent(server);
  return server.transport === 'stdio' ? [server.command, ...(server.args ?? [])].join(' ') : String(content['url']);
}

export interface ScanSummary {
  readonly approved: number;
  readonly new: number;
  readonly changed: number;
  readonly invalid: number;
  /** Definitions with at least one finding. */
  readonly flagged: number;
  readonly findings: number;
  readonly collisions: number;
  readonly unreachable: number;
}

/** Counts for the last line of the report, and for the command's exit status. */
export function scanSummary(report: ScanReport): ScanSummary {
  const definitions = report.servers.flatMap((s) => s.definitions);
  const count = (status: DefinitionReport['status']) => definitions.filter((d) => d.status === status).length;
  return {
    approved: count('approved'), new: count('new'), changed: count('changed'), invalid: count('invalid'),
    flagged: definitions.filter((d) => d.findings.length > 0).length,
    findings: definitions.reduce((n, d) => n + d.findings.length, 0),
    collisions: report.collisions.length,
    unreachable: report.servers.filter((s) => s.error !== undefined).length,
  };
}

/** The report as text: per server a table of definitions, then their findings; collisions; a summary line. */
export function renderScan(report: ScanReport): string {
  const out: string[] = [];
  for (const server of report.servers) {
    out.push(`${printable(server.server)} (${printable(server.location, 100)})`);
    if (server.error !== undefined) out.push(`  error: ${printable(server.error, 200)}`);
    if (server.definitions.length > 0) {
      const rows = server.definitions.map((d) => [d.status, KIND_LABEL[d.kind], printable(d.name), d.findings.length === 0 ? '-' : String(d.findings.length)]);
      out.push(indent(textTable(['STATUS', 'KIND', 'NAME', 'FINDINGS'], rows)));
    } else if (server.error === undefined) out.push('  (offers nothing)');
    for (const d of server.definitions) {
      for (const f of d.findings) out.push(`  ! ${KIND_LABEL[d.kind]} ${printable(d.name)}: ${f.type} ${f.score.toFixed(2)} at ${f.field || '(definition)'}: ${f.detail}`);
    }
    for (const u of server.unseen) out.push(`  approved but no longer offered: ${KIND_LABEL[u.kind]} ${printable(u.name)}`);
    out.push('');
  }
  if (report.collisions.length > 0) {
    out.push('Name collisions (rejected by the federated endpoint):');
    for (const c of report.collisions) out.push(`  ${c.spellings.map((s) => printable(s)).join(' / ')}: ${c.servers.map((s) => printable(s)).join(', ')}`);
    out.push('');
  }
  const s = scanSummary(report);
  const parts = [`${s.approved} approved`, `${s.new} new`, `${s.changed} changed`];
  if (s.invalid > 0) parts.push(`${s.invalid} invalid`);
  out.push(`Summary: ${parts.join(', ')}; ${s.findings} finding${s.findings === 1 ? '' : 's'} in ${s.flagged} definition${s.flagged === 1 ? '' : 's'}; ${s.collisions} name collision${s.collisions === 1 ? '' : 's'}${s.unreachable > 0 ? `; ${s.unreachable} server${s.unreachable === 1 ? '' : 's'} unreachable` : ''}`);
  return out.join('\n');
}

const indent = (text: string) => text.split('\n').map((line) => `  ${line}`).join('\n');
