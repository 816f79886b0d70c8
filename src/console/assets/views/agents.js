// Agents: who calls through the gateway, how much, how often they were refused, and the kill
// switches (one per agent and a global one). Engaging a switch refuses every call at once, so
// it asks for confirmation and a reason, which the ledger records with the admin's id.

import { api, describe } from '../api.js';
import { badge, el, formatNumber, formatTime, note, panel, replace } from '../dom.js';
import { confirmAction, toast } from '../ui.js';

export const id = 'agents';
export const title = 'Agents';

/**
 * @typedef {{ engaged: boolean, by?: string, reason?: string, at?: number }} KillState
 * @typedef {{ id: string, team: string, env: string, models: string[], requests: number, denied: number, tokens: number,
 *   lastSeen?: string, killSwitch: KillState }} AgentView
 */

/**
 * @param {import('../app.js').Context} context
 * @param {HTMLElement} root
 */
export function render(context, root) {
  const global = el('div', { testid: 'global-kill' });
  const body = el('div', { class: 'table-wrap' });
  replace(root, [
    el('h1', { class: 'view-title', text: title }),
    panel('Global kill switch', [global]),
    panel('Agents', [body], [el('button', { type: 'button', class: 'button', text: 'Refresh', on: { click: () => load() } })], 'agents-panel'),
  ]);
  let disposed = false;

  async function load() {
    const [agents, switches] = await Promise.allSettled([api('/admin/agents'), api('/admin/kill-switch')]);
    if (disposed) return;
    if (switches.status === 'fulfilled') {
      const state = /** @type {KillState | null} */ (switches.value?.global ?? null);
      replace(global, [killRow(state, undefined)]);
    } else replace(global, [note(describe(switches.reason), 'error')]);
    if (agents.status === 'rejected') return replace(body, [note(describe(agents.reason), 'error')]);
    const list = /** @type {AgentView[]} */ (agents.value?.data ?? []);
    if (list.length === 0) return replace(body, [note('No agents are configured.')]);
    replace(body, [el('table', { class: 'grid', testid: 'agents-table' }, [
      el('thead', {}, [el('tr', {}, ['Agent', 'Team / env', 'Models', 'Requests', 'Denied', 'Tokens', 'Last seen', 'Kill switch'].map((h) => el('th', { scope: 'col', text: h })))]),
      el('tbody', {}, list.map((agent) => el('tr', { testid: 'agent-row', 'data-agent': agent.id }, [
        el('td', { class: 'mono strong', text: agent.id }),
        el('td', { text: `${agent.team} / ${agent.env || '—'}` }),
        el('td', { class: 'mono wrap', text: agent.models.join(', ') }),
        el('td', { class: 'num', text: formatNumber(agent.requests) }),
        el('td', { class: `num${agent.denied > 0 ? ' text-deny' : ''}`, text: formatNumber(agent.denied), testid: 'agent-denied' }),
        el('td', { class: 'num', text: formatNumber(agent.tokens) }),
        el('td', { class: 'nowrap', text: formatTime(agent.lastSeen) }),
        el('td', {}, [killRow(agent.killSwitch, agent.id)]),
      ]))),
    ])]);
  }

  /**
   * The state of one switch, and (for admins) the button that flips it.
   * @param {KillState | null | undefined} state
   * @param {string | undefined} agent  undefined for the global switch
   */
  function killRow(state, agent) {
    const engaged = state?.engaged === true;
    const scope = agent === undefined ? 'every agent' : `agent ${agent}`;
    const detail = engaged ? `by ${state?.by ?? '?'}${state?.reason ? `: ${state.reason}` : ''}` : '';
    const flip = async () => {
      const answer = await confirmAction(engaged
        ? { title: 'Release the kill switch?', message: `Calls from ${scope} will be decided by policy again.`, confirmLabel: 'Release', reason: true, danger: false }
        : { title: 'Engage the kill switch?', message: `Every call from ${scope} will be refused until the switch is released.`, confirmLabel: 'Engage kill switch', reason: true });
      if (answer === null) return;
      try {
        await api('/admin/kill-switch', { method: 'POST', body: { ...(agent === undefined ? {} : { agent }), engaged: !engaged, reason: answer.reason } });
        toast(`Kill switch for ${scope} ${engaged ? 'released' : 'engaged'}.`);
      } catch (error) {
        toast(describe(error), 'error');
      }
      load();
    };
    return el('div', { class: 'kill' }, [
      badge(engaged ? 'engaged' : 'released', 'kill-state'),
      detail === '' ? null : el('span', { class: 'muted small wrap', text: detail, testid: 'kill-detail' }),
      context.can('admin')
        ? el('button', { type: 'button', class: `button button-small ${engaged ? '' : 'button-danger'}`, text: engaged ? 'Release' : 'Engage',
          testid: agent === undefined ? 'kill-global' : 'kill-agent', 'aria-label': `${engaged ? 'Release' : 'Engage'} kill switch for ${scope}`, on: { click: flip } })
        : null,
    ]);
  }

  load();
  const timer = setInterval(load, 10_000);
  return () => {
    disposed = true;
    clearInterval(timer);
  };
}
