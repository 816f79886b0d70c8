// Tools: the MCP tool inventory the gateway pins. A tool whose definition changed since it was
// approved (a possible rug pull) is quarantined until an admin approves the new definition.

import { api, describe } from '../api.js';
import { badge, el, note, panel, replace } from '../dom.js';
import { confirmAction, toast } from '../ui.js';

export const id = 'tools';
export const title = 'Tools';

/**
 * @typedef {{ level: string, reason?: string, capabilities?: string[] }} ToolRisk
 * @typedef {{ server: string, name: string, status: string, risk: ToolRisk | string, hash?: string, findings: string[] }} ToolView
 */

/** @param {ToolRisk | string} risk */
function riskCell(risk) {
  const level = typeof risk === 'string' ? risk : String(risk?.level ?? 'unknown');
  const why = typeof risk === 'string' ? '' : [risk?.reason, risk?.capabilities?.length ? `capabilities: ${risk.capabilities.join(', ')}` : ''].filter(Boolean).join('; ');
  return el('div', {}, [
    el('span', { class: `risk risk-${/^[a-z]+$/.test(level) ? level : 'unknown'}`, text: level, testid: 'tool-risk' }),
    why === '' ? null : el('div', { class: 'muted small wrap', text: why }),
  ]);
}

/**
 * @param {import('../app.js').Context} context
 * @param {HTMLElement} root
 */
export function render(context, root) {
  const body = el('div', { class: 'table-wrap' });
  replace(root, [
    el('h1', { class: 'view-title', text: title }),
    panel('MCP tool inventory', [body], [el('button', { type: 'button', class: 'button', text: 'Refresh', on: { click: () => load() } })], 'tools-panel'),
  ]);
  let disposed = false;

  async function load() {
    let list;
    try {
      list = /** @type {ToolView[]} */ ((await api('/admin/tools'))?.data ?? []);
    } catch (error) {
      if (!disposed) replace(body, [note(describe(error), 'error')]);
      return;
    }
    if (disposed) return;
    if (list.length === 0) return replace(body, [note('No MCP servers are configured, or none has listed its tools yet.')]);
    const order = { quarantined: 0, changed: 1, unpinned: 2, approved: 3 };
    list.sort((a, b) => (/** @type {any} */ (order)[a.status] ?? 9) - (/** @type {any} */ (order)[b.status] ?? 9) || a.server.localeCompare(b.server) || a.name.localeCompare(b.name));
    replace(body, [el('table', { class: 'grid', testid: 'tools-table' }, [
      el('thead', {}, [el('tr', {}, ['Server', 'Tool', 'Pin status', 'Risk', 'Definition hash', 'Findings', ''].map((h) => el('th', { scope: 'col', text: h })))]),
      el('tbody', {}, list.map((tool) => el('tr', { testid: 'tool-row', 'data-tool': `${tool.server}/${tool.name}` }, [
        el('td', { class: 'mono', text: tool.server }),
        el('td', { class: 'mono strong', text: tool.name }),
        el('td', {}, [badge(tool.status, 'tool-status')]),
        el('td', {}, [riskCell(tool.risk)]),
        el('td', { class: 'mono small', title: tool.hash ?? '', text: tool.hash ? `${tool.hash.slice(0, 16)}…` : '—' }),
        el('td', { class: 'wrap small', text: tool.findings.length === 0 ? '—' : tool.findings.join(', ') }),
        el('td', {}, [approveButton(tool)]),
      ]))),
    ])]);
  }

  /** @param {ToolView} tool */
  function approveButton(tool) {
    if (tool.status === 'approved' || !context.can('admin')) return null;
    return el('button', { type: 'button', class: 'button button-small button-primary', text: 'Approve definition', testid: 'tool-approve',
      'aria-label': `Approve the current definition of ${tool.server}/${tool.name}`, on: { click: async () => {
        const flagged = tool.findings.length > 0;
        const answer = await confirmAction({
          title: `Approve ${tool.server}/${tool.name}?`,
          message: `${flagged ? `The scan flagged this definition (${tool.findings.join(', ')}). ` : ''}` +
            'Its current definition (' + (tool.hash ?? 'unhashed') + ') is pinned as approved and agents may call it again. ' +
            'Approve only a definition you have reviewed (portcullis tools scan shows it).',
          confirmLabel: flagged ? 'Approve despite findings' : 'Approve definition',
          danger: flagged,
        });
        if (answer === null) return;
        try {
          // The hash binds the approval to the definition shown here: if the server changed it
          // again meanwhile, the gateway refuses rather than approve something unseen.
          const body = { ...(tool.hash === undefined ? {} : { hash: tool.hash }), ...(flagged ? { force: true } : {}) };
          await api(`/admin/tools/${encodeURIComponent(tool.server)}/${encodeURIComponent(tool.name)}/approve`, { method: 'POST', body });
          toast(`${tool.server}/${tool.name} approved.`);
        } catch (error) {
          toast(describe(error), 'error');
        }
        load();
      } } });
  }

  load();
  const timer = setInterval(load, 15_000);
  return () => {
    disposed = true;
    clearInterval(timer);
  };
}
