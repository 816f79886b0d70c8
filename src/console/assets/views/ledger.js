// Ledger: the signed, append-only audit record. Shows its size and the last signed checkpoint,
// and verifies the whole log on demand (every record against its leaf, every checkpoint's root).

import { api, describe } from '../api.js';
import { badge, el, formatNumber, formatTime, note, panel, replace } from '../dom.js';

export const id = 'ledger';
export const title = 'Ledger';

/**
 * @param {import('../app.js').Context} _context
 * @param {HTMLElement} root
 */
export function render(_context, root) {
  const facts = el('div', { testid: 'ledger-facts' });
  const result = el('div', { testid: 'verify-result', role: 'status', 'aria-live': 'polite' });
  const verify = el('button', { type: 'button', class: 'button button-primary', text: 'Verify now', testid: 'verify', on: { click: () => run() } });
  replace(root, [
    el('h1', { class: 'view-title', text: title }),
    panel('Audit ledger', [facts], [el('button', { type: 'button', class: 'button', text: 'Refresh', on: { click: () => load() } })]),
    panel('Verification', [
      el('p', { class: 'muted', text: 'Recomputes every record\'s hash and the Merkle tree, and checks the last signed checkpoint against it.' }),
      el('div', { class: 'toolbar' }, [verify]), result,
    ]),
  ]);
  let disposed = false;

  async function load() {
    try {
      const ledger = await api('/admin/ledger');
      if (disposed) return;
      const checkpoint = ledger?.lastCheckpoint ?? null;
      replace(facts, [el('dl', { class: 'facts' }, [
        el('dt', { text: 'Store' }), el('dd', { class: 'mono', text: ledger?.store ?? '—' }),
        el('dt', { text: 'Records' }), el('dd', { text: formatNumber(ledger?.size), testid: 'ledger-size' }),
        el('dt', { text: 'Last signed checkpoint' }),
        el('dd', { testid: 'ledger-checkpoint' }, checkpoint === null ? ['none yet'] : [
          `tree size ${formatNumber(checkpoint.treeSize)}, ${formatTime(checkpoint.time)}`,
          el('br'), el('code', { class: 'hash', text: checkpoint.rootHash }),
        ]),
      ])]);
    } catch (error) {
      if (!disposed) replace(facts, [note(describe(error), 'error')]);
    }
  }

  async function run() {
    verify.disabled = true;
    replace(result, [note('Verifying…')]);
    try {
      const outcome = await api('/admin/ledger/verify', { method: 'POST', body: {} });
      if (disposed) return;
      replace(result, [el('p', { class: 'verify-line' }, [
        badge(outcome?.ok ? 'verified' : 'failed', 'verify-badge'),
        outcome?.ok ? `${formatNumber(outcome.size)} records and the last signed checkpoint check out` : `${outcome?.problem ?? 'unknown problem'}`,
      ])]);
    } catch (error) {
      if (!disposed) replace(result, [note(describe(error), 'error')]);
    } finally {
      verify.disabled = false;
      load();
    }
  }

  load();
  return () => {
    disposed = true;
  };
}
