// Explore: one PromQL query as a graph over a range or as a table at an instant.
import { api } from './api.js';
import { renderGraph, formatLabels } from './chart.js';
import { refreshPicker } from './controls.js';
import { h, clear } from './dom.js';
import { createEditor } from './editor.js';
import { RELATIVE_RANGES, alignRange, autoStep, formatDuration, formatTime, parseDuration, resolveRange } from './time.js';
import { readState, writeState } from './url.js';

const HISTORY_KEY = 'bongsu.history';
const HISTORY_MAX = 50;

export function loadHistory() {
  try {
    const v = JSON.parse(localStorage.getItem(HISTORY_KEY) || '[]');
    return Array.isArray(v) ? v.filter((q) => typeof q === 'string') : [];
  } catch {
    return [];
  }
}

function remember(query) {
  const list = [query, ...loadHistory().filter((q) => q !== query)].slice(0, HISTORY_MAX);
  localStorage.setItem(HISTORY_KEY, JSON.stringify(list));
}

function toLocalInput(sec) {
  const d = new Date(sec * 1000 - new Date().getTimezoneOffset() * 60000);
  return d.toISOString().slice(0, 19);
}

export function mount(root) {
  let state = readState();
  let graph = null;
  let inflight = null;
  let refreshTimer = null;

  const editor = createEditor({
    value: state.q || '',
    placeholder: 'Enter a PromQL query… (Shift+Enter to run)',
    onRun: () => run(true),
  });
  const error = h('div.query-error', { hidden: true, role: 'alert' });
  const stats = h('span.query-stats');
  const result = h('div.result');

  const rangeSelect = h('select#range', { 'aria-label': 'Time range',
    on: { change: () => {
      if (rangeSelect.value === 'absolute') {
        const r = resolveRange(state);
        update({ range: null, from: Math.round(r.start * 1000), to: Math.round(r.end * 1000) });
      } else {
        update({ range: rangeSelect.value, from: null, to: null });
      }
    } } },
  RELATIVE_RANGES.map((r) => h('option', { value: r }, 'Last ' + r)), h('option', { value: 'absolute' }, 'Absolute…'));
  const fromInput = h('input#from', { type: 'datetime-local', step: 1, 'aria-label': 'From' });
  const toInput = h('input#to', { type: 'datetime-local', step: 1, 'aria-label': 'To' });
  const absolute = h('span.absolute', fromInput, '→', toInput);
  for (const inp of [fromInput, toInput]) {
    inp.addEventListener('change', () => {
      const f = Date.parse(fromInput.value);
      const t = Date.parse(toInput.value);
      if (Number.isFinite(f) && Number.isFinite(t) && t > f) update({ range: null, from: f, to: t });
    });
  }
  const stepInput = h('input#step', { placeholder: 'auto', size: 6, 'aria-label': 'Step', title: 'Resolution step (e.g. 15s); empty for auto',
    on: { change: () => update({ step: stepInput.value.trim() || null }) } });
  const stacked = h('input#stacked', { type: 'checkbox', on: { change: () => update({ stacked: stacked.checked ? '1' : null }) } });
  const tabs = ['graph', 'table'].map((t) => h('button.tab', { type: 'button', 'data-tab': t,
    on: { click: () => update({ tab: t === 'graph' ? null : t }) } }, t === 'graph' ? 'Graph' : 'Table'));
  const historyList = h('ul.history-list', { hidden: true });
  const historyButton = h('button.secondary', { type: 'button', on: { click: () => toggleHistory() } }, 'History');
  const refreshSelect = refreshPicker(state.refresh, (v) => { writeState({ refresh: v }); state = readState(); schedule(); });
  const runButton = h('button.primary#run', { type: 'button', on: { click: () => run(true) } }, 'Run query');

  root.append(h('div.page.explore',
    h('header.page-head', h('h1', 'Explore'), h('div.page-actions', historyButton)),
    h('div.query-box', editor.el, historyList, error),
    h('div.toolbar',
      h('div.tabs', tabs),
      h('label.ctl', 'Range ', rangeSelect), absolute,
      h('label.ctl', 'Step ', stepInput),
      h('label.ctl.graph-only', stacked, ' Stacked'),
      stats, h('span.grow'), refreshSelect, runButton),
    result));

  function toggleHistory(force) {
    const show = force ?? historyList.hidden;
    clear(historyList);
    if (show) {
      const items = loadHistory();
      if (!items.length) historyList.append(h('li.empty', 'No queries yet'));
      for (const q of items) {
        historyList.append(h('li', { on: { click: () => { editor.value = q; toggleHistory(false); run(true); } } }, h('code', q)));
      }
    }
    historyList.hidden = !show;
  }

  function syncControls() {
    const r = resolveRange(state);
    rangeSelect.value = r.relative ? (RELATIVE_RANGES.includes(state.range) ? state.range : '1h') : 'absolute';
    absolute.hidden = r.relative;
    if (!r.relative) {
      fromInput.value = toLocalInput(r.start);
      toInput.value = toLocalInput(r.end);
    }
    stepInput.value = state.step || '';
    stacked.checked = state.stacked === '1';
    const tab = state.tab || 'graph';
    tabs.forEach((b) => b.classList.toggle('active', b.dataset.tab === tab));
    root.querySelector('.graph-only').hidden = tab !== 'graph';
  }

  /** Auto-refresh re-runs the query on its range; an absolute range would not change, so it waits. */
  function schedule() {
    clearInterval(refreshTimer);
    const every = parseDuration(state.refresh || '');
    if (every > 0) refreshTimer = setInterval(() => { if (resolveRange(state).relative) run(false); }, Math.max(5, every) * 1000);
  }

  function update(changes) {
    writeState(changes, true);
    state = readState();
    syncControls();
    run(false);
  }

  async function run(fromEditor) {
    const query = editor.value.trim();
    if (fromEditor) {
      writeState({ q: query || null }, query !== (state.q || ''));
      state = readState();
    }
    inflight?.abort();
    error.hidden = true;
    if (!query) {
      graph?.destroy();
      graph = null;
      clear(result).append(h('p.hint', 'Type a query above, for example ', h('code', 'up'), ', and press Shift+Enter.'));
      stats.textContent = '';
      return;
    }
    if (fromEditor) remember(query);
    const ctl = new AbortController();
    inflight = ctl;
    const t0 = performance.now();
    try {
      if ((state.tab || 'graph') === 'graph') await runGraph(query, ctl.signal, t0);
      else await runTable(query, ctl.signal, t0);
    } catch (e) {
      if (e.name === 'AbortError') return;
      error.textContent = e.message;
      error.hidden = false;
      stats.textContent = '';
    }
  }

  async function runGraph(query, signal, t0) {
    const r = resolveRange(state);
    const width = result.clientWidth || 800;
    const fixed = parseDuration(state.step || '');
    const step = fixed > 0 ? fixed : autoStep(r.end - r.start, width);
    const { start, end } = alignRange(r.start, r.end, step);
    const data = await api.queryRange(query, start, end, step, signal);
    graph?.destroy();
    graph = null;
    clear(result);
    const series = data.result || [];
    stats.textContent = `${series.length} series · step ${formatDuration(step)} · ${Math.round(performance.now() - t0)} ms`;
    if (!series.length) {
      result.append(h('p.hint', 'No data in this range.'));
      return;
    }
    graph = renderGraph(result, series, {
      start, end, step, stacked: state.stacked === '1',
      onZoom: (a, b) => update({ range: null, from: Math.round(a * 1000), to: Math.round(b * 1000) }),
    });
  }

  async function runTable(query, signal, t0) {
    const r = resolveRange(state);
    const time = r.relative ? undefined : r.end;
    const data = await api.query(query, time, signal);
    graph?.destroy();
    graph = null;
    clear(result);
    let rows;
    if (data.resultType === 'scalar' || data.resultType === 'string') {
      rows = [[`${data.resultType}`, data.result[1]]];
    } else if (data.resultType === 'matrix') {
      rows = data.result.map((s) => [formatLabels(s.metric), s.values.map(([t, v]) => `${v} @${t}`).join('\n')]);
    } else {
      rows = data.result.map((s) => [formatLabels(s.metric), s.value[1]]);
    }
    stats.textContent = `${rows.length} rows · ${time ? 'at ' + formatTime(time) : 'now'} · ${Math.round(performance.now() - t0)} ms`;
    if (!rows.length) {
      result.append(h('p.hint', 'Empty result.'));
      return;
    }
    const limit = 2000;
    result.append(h('table.data-table.result-table',
      h('thead', h('tr', h('th', 'Series'), h('th.num', 'Value'))),
      h('tbody', rows.slice(0, limit).map(([k, v]) => h('tr', h('td.series', k),
        h('td.num', v))))));
    if (rows.length > limit) result.append(h('p.hint', `Showing ${limit} of ${rows.length} rows.`));
  }

  syncControls();
  run(false);
  schedule();
  if (!state.q) editor.focus();
  return {
    destroy() {
      clearInterval(refreshTimer);
      inflight?.abort();
      graph?.destroy();
    },
  };
}

