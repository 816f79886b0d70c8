// Approvals: calls the policy held for a human. An approver sees exactly what the agent
// proposed (tool and arguments), the rule that held it, and approves or denies with a reason
// that is recorded with the decision. The held agent retries and passes once (or is refused).

import { api, describe } from '../api.js';
import { badge, el, formatTime, note, panel, replace } from '../dom.js';
import { coalesce, toast } from '../ui.js';

export const id = 'approvals';
export const title = 'Approvals';

/**
 * @typedef {{ id: string, agentId: string, tool: string, argumentsText: string, ruleIds: string[], reason: string,
 *   untrustedArgs?: string[], untrustedAction?: boolean,
 *   createdAt: string, expiresAt: string, status: string, decidedBy?: string, note?: string }} ApprovalView
 */

/**
 * @param {import('../app.js').Context} context
 * @param {HTMLElement} root
 */
export function render(context, root) {
  const list = el('div', { class: 'cards', testid: 'approvals-list' });
  const status = el('div', { class: 'status-line' });
  const decided = el('div', { class: 'table-wrap', testid: 'approvals-decided' });
  replace(root, [
    el('h1', { class: 'view-title', text: title }),
    context.can('decide') ? null : note(`Your role (${context.role}) may view approvals but not decide them.`),
    panel('Pending', [status, list], [el('button', { type: 'button', class: 'button', text: 'Refresh', on: { click: () => load() } })], 'approvals-pending'),
    panel('Recently decided', [decided]),
  ]);
  /** @type {Map<string, HTMLElement>} */
  const cards = new Map();
  let disposed = false;

  async function load() {
    try {
      // One read for both lists: approval reads are recorded in the ledger (they show arguments).
      const all = /** @type {ApprovalView[]} */ ((await api('/admin/approvals'))?.data ?? []);
      if (disposed) return;
      replace(status, []);
      sync(all.filter((a) => a.status === 'pending'));
      const done = all.filter((a) => a.status !== 'pending').slice(-20).reverse();
      replace(decided, done.length === 0 ? [note('No decisions yet.')] : [decidedTable(done)]);
    } catch (error) {
      if (!disposed) replace(status, [note(describe(error), 'error')]);
    }
  }

  /**
   * Adds cards for new requests and removes decided ones, leaving the others (and any reason
   * being typed into them) untouched.
   * @param {ApprovalView[]} pending
   */
  function sync(pending) {
    const ids = new Set(pending.map((a) => a.id));
    for (const [key, card] of cards) if (!ids.has(key)) { card.remove(); cards.delete(key); }
    for (const approval of pending) {
      if (cards.has(approval.id)) continue;
      const card = approvalCard(approval);
      cards.set(approval.id, card);
      list.insertBefore(card, list.firstChild);
    }
    list.querySelector('.empty')?.remove();
    if (cards.size === 0) list.appendChild(el('p', { class: 'note note-muted empty', text: 'Nothing is waiting for approval.', testid: 'approvals-empty' }));
    context.setPending(cards.size);
  }

  /** @param {ApprovalView} approval */
  function approvalCard(approval) {
    const noteId = `note-${approval.id}`;
    const textarea = el('textarea', { id: noteId, rows: 2, maxlength: 1000, testid: 'approval-note', placeholder: 'e.g. invoice checked with the vendor' });
    const message = el('p', { class: 'note note-error', role: 'alert', hidden: true });
    /** @param {'approve' | 'deny'} verdict */
    const decide = async (verdict) => {
      for (const button of buttons) button.disabled = true;
      try {
        const body = textarea.value.trim() === '' ? {} : { note: textarea.value.trim() };
        const result = await api(`/admin/approvals/${encodeURIComponent(approval.id)}/${verdict}`, { method: 'POST', body });
        toast(`${approval.id} ${result?.status ?? verdict} — the agent's next identical call ${verdict === 'approve' ? 'passes once' : 'is refused'}.`);
        load();
      } catch (error) {
        message.hidden = false;
        message.textContent = describe(error);
        for (const button of buttons) button.disabled = false;
      }
    };
    const buttons = context.can('decide') ? [
      el('button', { type: 'button', class: 'button button-primary', text: 'Approve', testid: 'approve', on: { click: () => decide('approve') } }),
      el('button', { type: 'button', class: 'button button-danger', text: 'Deny', testid: 'deny', on: { click: () => decide('deny') } }),
    ] : [];
    return el('article', { class: 'card', testid: 'approval-card', 'data-approval': approval.id, 'aria-label': `Approval ${approval.id}` }, [
      el('header', { class: 'card-head' }, [
        el('span', { class: 'mono strong', text: approval.tool, testid: 'approval-tool' }),
        el('span', { class: 'muted', text: `requested by ${approval.agentId}` }),
        badge(approval.status, 'approval-status'),
      ]),
      el('dl', { class: 'facts' }, [
        el('dt', { text: 'Arguments' }), el('dd', {}, [el('pre', { class: 'args', text: prettyArguments(approval.argumentsText), testid: 'approval-args' })]),
        el('dt', { text: 'Held by' }), el('dd', {}, approval.ruleIds.map((rule) => el('code', { class: 'rule', text: rule }))),
        el('dt', { text: 'Why' }), el('dd', { text: approval.reason }),
        ...provenanceFacts(approval),
        el('dt', { text: 'Requested' }), el('dd', { text: formatTime(approval.createdAt) }),
        el('dt', { text: 'Expires' }), el('dd', { text: formatTime(approval.expiresAt) }),
        el('dt', { text: 'Id' }), el('dd', { class: 'mono', text: approval.id }),
      ]),
      context.can('decide') ? el('div', { class: 'field' }, [el('label', { for: noteId, text: 'Reason for your decision (recorded)' }), textarea]) : null,
      message,
      el('div', { class: 'card-actions' }, buttons),
    ]);
  }

  /**
   * What provenance found of the call, for the approver to check first: which arguments' values
   * came from a tool result or document rather than the user, and whether only such content
   * asked for the action.
   * @param {ApprovalView} approval
   */
  function provenanceFacts(approval) {
    const facts = [];
    if (approval.untrustedArgs !== undefined && approval.untrustedArgs.length > 0) {
      facts.push(el('dt', { text: 'Not from the user' }), el('dd', { testid: 'approval-untrusted-args' }, [
        ...approval.untrustedArgs.map((name) => el('code', { class: 'rule', text: name })),
        el('span', { class: 'muted', text: ' supplied by a tool result or document' }),
      ]));
    }
    if (approval.untrustedAction === true) {
      facts.push(el('dt', { text: 'Asked for by' }), el('dd', { testid: 'approval-untrusted-action', text: 'only a tool result or document: the user asked for something else' }));
    }
    return facts;
  }

  load();
  // Live events say when the queue changed (a call held, an approval decided); the slow poll
  // only catches expiries.
  const soon = coalesce(load, 1000);
  const timer = setInterval(load, 30_000);
  const unsubscribe = context.feed.onEvent((event) => {
    if (event.action === 'approve' || event.kind === 'admin') soon();
  });
  return () => {
    disposed = true;
    soon.cancel();
    clearInterval(timer);
    unsubscribe();
  };
}

/** @param {ApprovalView[]} approvals */
function decidedTable(approvals) {
  return el('table', { class: 'grid' }, [
    el('thead', {}, [el('tr', {}, ['Decided', 'Tool', 'Agent', 'Decision', 'By', 'Reason'].map((h) => el('th', { scope: 'col', text: h })))]),
    el('tbody', {}, approvals.map((a) => el('tr', { testid: 'decided-row' }, [
      el('td', { class: 'nowrap', text: formatTime(/** @type {any} */ (a).decidedAt ?? a.createdAt) }),
      el('td', { class: 'mono', text: a.tool }),
      el('td', { class: 'mono', text: a.agentId }),
      el('td', {}, [badge(a.status)]),
      el('td', { text: a.decidedBy ?? '—' }),
      el('td', { class: 'wrap', text: a.note ?? '' }),
    ]))),
  ]);
}

/** Arguments as the model proposed them, indented when they are JSON (shown as text, never markup). */
function prettyArguments(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
