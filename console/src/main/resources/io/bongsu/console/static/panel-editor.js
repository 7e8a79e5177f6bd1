// The panel editor: a dialog with a live preview over the panel's queries and options.
import { h, clear } from './dom.js';
import { createEditor } from './editor.js';
import { PANEL_TYPES, colorValue } from './panels.js';

const UNITS = ['short', 'none', 'percent', 'percentunit', 'bytes', 'Bps', 's', 'ms', 'reqps', 'ops'];
const PREVIEW_DELAY = 400;

function toHex(c) {
  const v = colorValue(c);
  return /^#[0-9a-f]{6}$/i.test(v) ? v : '#73bf69';
}

function num(text) {
  const s = String(text).trim();
  return s === '' || !Number.isFinite(Number(s)) ? undefined : Number(s);
}

/**
 * Opens the editor on a copy of `panel`. `preview(panel, body)` draws a panel into `body` and
 * resolves to a destroy function; `onApply(panel)` receives the edited copy; `onCancel()` runs
 * when the dialog is closed without applying.
 */
export function openPanelEditor(root, panel, { preview, onApply, onCancel }) {
  const p = JSON.parse(JSON.stringify(panel));
  p.targets ||= [];
  p.fieldConfig ||= {};
  p.fieldConfig.defaults ||= {};
  const d = p.fieldConfig.defaults;
  let destroyPreview = null;
  let timer = null;
  let seq = 0;

  const previewBody = h('div.panel-body');
  const previewBox = h('section.panel.editor-preview', { 'data-type': p.type }, h('header.panel-head', h('h3', p.title || '')), previewBody);
  const form = h('div.panel-form');
  const queries = h('div.panel-queries');
  const dialog = h('div.modal', h('div.modal-box.panel-editor',
    h('h2', 'Edit panel'), previewBox, h('div.panel-editor-cols', queries, form),
    h('div.modal-actions',
      h('button#panel-cancel', { type: 'button', on: { click: cancel } }, 'Cancel'),
      h('button.primary#panel-apply', { type: 'button', on: { click: apply } }, 'Apply'))));
  root.append(dialog);
  // Escape closes the editor, unless it is closing the query editor's completion list.
  dialog.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !e.defaultPrevented) cancel();
  });

  function close() {
    clearTimeout(timer);
    destroyPreview?.();
    dialog.remove();
  }

  function cancel() {
    close();
    onCancel?.();
  }

  function apply() {
    close();
    onApply(p);
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(draw, PREVIEW_DELAY);
  }

  async function draw() {
    const mine = ++seq;
    destroyPreview?.();
    destroyPreview = null;
    clear(previewBody);
    previewBox.dataset.type = p.type;
    previewBox.querySelector('h3').textContent = p.title || '';
    previewBox.dataset.state = 'loading';
    try {
      const destroy = await preview(p, previewBody);
      if (mine !== seq) { destroy?.(); return; }
      destroyPreview = destroy;
      previewBox.dataset.state = 'done';
    } catch (e) {
      if (mine !== seq || e.name === 'AbortError') return;
      previewBox.dataset.state = 'error';
      previewBody.append(h('div.query-error', e.message));
    }
  }

  function field(label, input) {
    return h('label.field', h('span', label), input);
  }

  function input(id, value, onChange, attrs = {}) {
    const el = h('input#' + id, { value: value ?? '', ...attrs });
    el.addEventListener('input', () => { onChange(el.value); schedule(); });
    return el;
  }

  function renderQueries() {
    clear(queries);
    if (p.type === 'text') {
      p.options ||= {};
      const mode = h('select#panel-text-mode', { on: { change: () => { p.options.mode = mode.value; schedule(); } } },
        ['markdown', 'code', 'html'].map((m) => h('option', { value: m }, m)));
      mode.value = p.options.mode || 'markdown';
      const text = h('textarea#panel-content.content-editor', { spellcheck: false });
      text.value = p.options.content ?? p.content ?? '';
      text.addEventListener('input', () => { p.options.content = text.value; delete p.content; schedule(); });
      queries.append(h('h4', 'Content'), field('Mode', mode), text);
      return;
    }
    queries.append(h('h4', 'Queries'));
    p.targets.forEach((t, i) => {
      const ref = t.refId || String.fromCharCode(65 + i);
      t.refId = ref;
      const ed = createEditor({ value: t.expr || '', placeholder: 'PromQL expression', onRun: draw,
        onInput: (v) => { t.expr = v; schedule(); } });
      queries.append(h('div.panel-query', { 'data-ref': ref },
        h('div.query-head', h('strong', ref),
          h('button.link', { type: 'button', title: 'Remove this query', on: { click: () => { p.targets.splice(i, 1); renderQueries(); schedule(); } } }, 'Remove')),
        ed.el,
        field('Legend', input('legend-' + ref, t.legendFormat, (v) => { t.legendFormat = v || undefined; }, { placeholder: '{{label}} …', class: 'legend-format' }))));
    });
    queries.append(h('button#panel-add-query', { type: 'button', on: { click: () => {
      p.targets.push({ expr: '', refId: String.fromCharCode(65 + p.targets.length) });
      renderQueries();
    } } }, '+ Query'));
  }

  function renderForm() {
    clear(form);
    const type = h('select#panel-type', { on: { change: () => { p.type = type.value; renderQueries(); renderForm(); schedule(); } } },
      PANEL_TYPES.map(([v, label]) => h('option', { value: v }, label)));
    type.value = p.type === 'graph' ? 'timeseries' : p.type;
    const units = h('datalist#unit-list', UNITS.map((u) => h('option', { value: u })));
    form.append(h('h4', 'Panel'),
      field('Title', input('panel-title', p.title, (v) => { p.title = v; })),
      field('Type', type));
    if (p.type === 'text') return;
    form.append(h('h4', 'Standard options'), units,
      field('Unit', input('panel-unit', d.unit, (v) => { d.unit = v || undefined; }, { list: 'unit-list' })),
      field('Decimals', input('panel-decimals', d.decimals, (v) => { d.decimals = num(v); }, { type: 'number', min: 0, max: 10 })),
      field('Min', input('panel-min', d.min, (v) => { d.min = num(v); }, { type: 'number' })),
      field('Max', input('panel-max', d.max, (v) => { d.max = num(v); }, { type: 'number' })));
    if (p.type === 'timeseries') {
      const stacked = h('input#panel-stacked', { type: 'checkbox', checked: d.custom?.stacking?.mode === 'normal',
        on: { change: () => { d.custom ||= {}; d.custom.stacking = { mode: stacked.checked ? 'normal' : 'none' }; schedule(); } } });
      form.append(h('label.field', h('span', 'Stacked'), stacked));
    }
    form.append(h('h4', 'Thresholds'), thresholds());
  }

  /** Steps as Grafana keeps them: a base colour (value null) and then ascending values. */
  function thresholds() {
    d.thresholds ||= { mode: 'absolute', steps: [{ color: 'green', value: null }, { color: 'red', value: 80 }] };
    const steps = d.thresholds.steps;
    const box = h('div.thresholds');
    const redraw = () => box.replaceWith(thresholds());
    steps.forEach((s, i) => {
      const color = h('input', { type: 'color', value: toHex(s.color), 'aria-label': 'Colour',
        on: { input: () => { s.color = color.value; schedule(); } } });
      const value = s.value == null ? h('span.hint', 'Base')
        : h('input.threshold-value', { type: 'number', value: s.value, 'aria-label': 'Threshold',
          on: { change: () => { s.value = num(value.value) ?? 0; steps.sort((a, b) => (a.value ?? -Infinity) - (b.value ?? -Infinity)); redraw(); schedule(); } } });
      box.append(h('div.threshold', color, value, s.value == null ? null
        : h('button.link', { type: 'button', on: { click: () => { steps.splice(i, 1); redraw(); schedule(); } } }, '✕')));
    });
    box.append(h('button', { type: 'button', on: { click: () => {
      const last = steps[steps.length - 1]?.value ?? 0;
      steps.push({ color: 'orange', value: last + 10 });
      redraw();
      schedule();
    } } }, '+ Threshold'));
    return box;
  }

  renderQueries();
  renderForm();
  draw();
  return { close };
}
