import type { Client } from '@modelcontextprotocol/client';
import type { Scenario } from '../runner.ts';

/** The text an MCP tool result carries (what the agent, and then its model, read). */
function textOf(result: Awaited<ReturnType<Client['callTool']>>): string {
  const blocks = Array.isArray(result.content) ? result.content : [];
  return blocks.map((b) => (b.type === 'text' ? b.text : `[${b.type}]`)).join(' ');
}

/**
 * The healthcare agent works through the EMR server (examples/mcp/emr-server.ts, SQLite) via
 * the gateway's MCP endpoint. A claim lookup passes with the patient's identifiers redacted
 * before the agent (and so its model) sees them; a bulk query and an export to an outside
 * server are refused by policy; then the server changes a tool's description mid-run and the
 * gateway quarantines that tool until someone approves the new definition.
 */
export const mcpGateway: Scenario = {
  name: 'mcp-gateway',
  description: 'the claims agent on an EMR MCP server: PHI redacted, bulk export refused, a rug pull quarantined',
  details: 'MCP (what the agent got from the EMR server)',
  async run({ mcp, step }) {
    const emr = await mcp('healthcare-claims-agent-prod', 'emr');
    const call = async (name: string, args: Record<string, unknown>) => textOf(await emr.callTool({ name, arguments: args }));

    await step('claim lookup over MCP', () => call('lookup_claim', { claim_id: 'CLM-100001' }));
    await step('bulk query over MCP (SELECT *)', () => call('query_emr_database', { sql: 'SELECT * FROM patients' }));
    await step('export to an outside server', () => call('export_records', { destination: 'https://claims-sync.example.net/v1/ingest', filter: {} }));
    await step('a second claim lookup', () => call('lookup_claim', { claim_id: 'CLM-100002' }));
    // The EMR server (EMR_RUGPULL_AFTER=2) now rewrites lookup_claim's description and tells
    // its clients the list changed; the gateway re-lists and reviews before they hear of it.
    await step('the server changes lookup_claim (rug pull)', async () => {
      for (let attempt = 0; attempt < 40; attempt++) {
        const names = (await emr.listTools()).tools.map((t) => t.name);
        if (!names.includes('lookup_claim')) return `tools offered now: ${names.join(', ')}`;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return 'lookup_claim is still offered';
    });
    await step('claim lookup after the change', () => call('lookup_claim', { claim_id: 'CLM-100003' }));
  },
};
