// Policy: the version in force, when each version was loaded, the source of the current one
// and a diff between any two (the gateway computes the diff; this view only colours it).

import { api, describe } from '../api.js';
import { el, formatTime, note, panel, replace } from '../dom.js';

export const id = 'policy';
export const title = 'Policy';

/**
 * @param {import('../app.js').Context} _context
 * @param {HTMLElement} root
 */
export function render(_context, root) {
  const current = el('div', { testid: 'policy-current' });
  const history = el('div', { class: 'table-wrap', testid: 'policy-history' });
  const from = el('select', { id: 'diff-from', testid: 'diff-from' });
  const to = el('select', { id: 'diff-to', testid: 'diff-to' });
  const diff = el('div', { testid: 'policy-diff' });
  const showDiffButton = el('button', { type: 'button', class: 'button', text: 'Show diff', testid: 'show-diff', on: { click: () => showDiff() } });
  const source = el('div', { testid: 'policy-source' });
  replace(root, [
    el('h1', { class: 'view-title', text: title }),
    panel('In force', [current]),
    panel('History', [history]),
    panel('Diff', [
      el('div', { class: 'toolbar' }, [
        el('label', { for: 'diff-from', class: 'inline-label', text: 'From' }), from,
        el('label', { for: 'diff-to', class: 'inline-label', text: 'To' }), to,
        showDiffButton,
      ]),
      diff,
    ]),
    panel('Source', [source], [el('button', { type: 'button', class: 'button', text: 'Show source', testid: 'show-source', on: { click: () => showSource() } })]),
  ]);
  let disposed = false;

  async function load() {
    try {
      const policy = await api('/admin/policy');
      if (disposed) return;
      const versions = /** @type {{ version: string, loadedAt: string }[]} */ (policy?.history ?? []);
      replace(current, [el('dl', { class: 'facts' }, [
        el('dt', { text: 'Version' }), el('dd', {}, [el('code', { class: 'hash', text: policy?.version ?? '—', testid: 'policy-version' })]),
        el('dt', { text: 'Loaded' }), el('dd', { text: formatTime(policy?.loadedAt) }),
      ])]);
      replace(history, versions.length === 0 ? [note('No earlier versions: the policy has not been reloaded since the gateway started.')] : [
        el('table', { class: 'grid' }, [
          el('thead', {}, [el('tr', {}, ['Loaded', 'Version'].map((h) => el('th', { scope: 'col', text: h })))]),
          el('tbody', {}, [...versions].reverse().map((v) => el('tr', { testid: 'policy-version-row' }, [
            el('td', { class: 'nowrap', text: formatTime(v.loadedAt) }),
            el('td', {}, [el('code', { class: 'hash', text: v.version })]),
          ]))),
        ]),
      ]);
      const options = (/** @type {string} */ selected) => versions.map((v) => el('option', { value: v.version, text: `${v.version.slice(0, 22)} (${formatTime(v.loadedAt)})`, selected: v.version === selected }));
      replace(from, options(versions.at(-2)?.version ?? versions[0]?.version ?? ''));
      replace(to, options(versions.at(-1)?.version ?? ''));
      const single = versions.length < 2;
      for (const control of [from, to, showDiffButton]) control.disabled = single;
      if (single) replace(diff, [note('Only one policy version has run since the gateway started: reload the policy to compare versions.')]);
    } catch (error) {
      if (!disposed) replace(current, [note(describe(error), 'error')]);
    }
  }

  async function showDiff() {
    if (from.value === '' || to.value === '') return replace(diff, [note('Two versions are needed for a diff.')]);
    try {
      const result = await api(`/admin/policy/diff?from=${encodeURIComponent(from.value)}&to=${encodeURIComponent(to.value)}`);
      const text = String(result?.diff ?? '');
      replace(diff, text.trim() === '' ? [note('The two versions are identical.')] : [el('pre', { class: 'diff' }, text.split('\n').map(diffLine))]);
    } catch (error) {
      replace(diff, [note(describe(error), 'error')]);
    }
  }

  async function showSource() {
    try {
      const result = await api('/admin/policy/source');
      replace(source, [el('pre', { class: 'source', text: String(result?.yaml ?? '') })]);
    } catch (error) {
      replace(source, [note(describe(error), 'error')]);
    }
  }

  load();
  return () => {
    disposed = true;
  };
}

/** One line of a unified diff, classed by its first character (text only, never markup). */
function diffLine(/** @type {string} */ line) {
  const kind = line.startsWith('@@') ? 'hunk' : line.startsWith('+++') || line.startsWith('---') ? 'file'
    : line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : 'ctx';
  return el('span', { class: `diff-line diff-${kind}`, text: `${line}\n` });
}
