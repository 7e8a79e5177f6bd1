// Dashboards in Grafana's JSON schema: list, view (variables, panels on a 24-column grid),
// and edit as JSON, stored through /api/console/dashboards.
import { api } from './api.js';
import { formatLabels, parseSampleValue, renderGraph } from './chart.js';
import { h, clear } from './dom.js';
import { convertGrafana } from './grafana.js';
import { RELATIVE_RANGES, alignRange, autoStep, formatDuration, parseDuration, resolveRange, unitFormatter } from './time.js';
import { readList, readState, writeList, writeState } from './url.js';

const STORE = '/api/console/dashboards';
const ROW_PX = 30;
const SCRAPE_INTERVAL = 15;
const ALL = '$__all';

/** Escapes regex metacharacters twice over: once for the regex, once for the PromQL string. */
function escapeRegex(s) {
  return s.replace(/\\/g, '\\\\\\\\').replace(/[$^*{}[\]'+?.()|]/g, '\\\\$&');
}

/**
 * A variable's text in a query, as Grafana writes it for Prometheus: one value as is; for multi
 * or "All" variables, values regex-escaped and, when several, joined as `(a|b)`.
 */
function formatVariable(entry) {
  if (!entry) return '';
  if (!entry.multi) return entry.values[0] ?? '';
  if (entry.all && entry.v.allValue) return entry.v.allValue;
  const values = (entry.all ? entry.options : entry.values).map(escapeRegex);
  return values.length === 1 ? values[0] : `(${values.join('|')})`;
}

async function store(path = '', init) {
  const res = await fetch(STORE + path, init);
  const body = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) throw new Error(body?.error || `HTTP ${res.status}`);
  return body;
}

export function mount(root) {
  const uid = decodeURIComponent(location.pathname.split('/')[2] || '');
  return uid ? mountDashboard(root, uid) : mountList(root);
}

function mountList(root) {
  const body = h('div');
  root.append(h('div.page.dashboards',
    h('header.page-head', h('h1', 'Dashboards'), h('div.page-actions',
      h('button', { type: 'button', on: { click: () => editJson(root, null, {}) } }, 'Import'),
      h('button.primary', { type: 'button', on: { click: () => editJson(root, null, blank()) } }, 'New dashboard'))),
    body));
  store().then((list) => {
    body.append(h('table.data-table.dashboard-list',
      h('thead', h('tr', h('th', 'Title'), h('th', 'Tags'), h('th', 'Source'))),
      h('tbody', list.map((d) => h('tr',
        h('td', h('a.dashboard-link', { href: '/dashboards/' + encodeURIComponent(d.uid) }, d.title)),
        h('td', d.tags.map((t) => h('span.chip', t))),
        h('td.hint', d.builtIn ? 'built in' : d.provisioned ? 'provisioned' + (d.folder ? ' · ' + d.folder : '') : 'saved'))))));
  }).catch((e) => body.append(h('div.query-error', e.message)));
  return {};
}

function blank() {
  return { title: 'New dashboard', tags: [], time: { from: 'now-1h', to: 'now' }, templating: { list: [] },
    panels: [{ type: 'timeseries', title: 'Samples appended', gridPos: { x: 0, y: 0, w: 12, h: 8 },
      targets: [{ expr: 'rate(prometheus_tsdb_head_samples_appended_total[$__rate_interval])', legendFormat: '{{instance}}' }] }] };
}

/** A modal JSON editor; saving PUTs the document and opens it. */
function editJson(root, uid, doc) {
  const text = h('textarea.json-editor', { spellcheck: false, 'aria-label': 'Dashboard JSON' });
  text.value = JSON.stringify(doc, null, 2);
  const slug = (doc.title || 'dashboard').toLowerCase().replace(/[^a-z0-9_-]+/g, '-').slice(0, 64);
  const uidInput = h('input#dashboard-uid', { value: uid || slug, placeholder: 'uid (letters, digits, - or _)', 'aria-label': 'uid' });
  const error = h('div.query-error', { hidden: true });
  const report = h('ul.import-report', { hidden: true });
  const dialog = h('div.modal', h('div.modal-box',
    h('h2', uid ? 'Edit dashboard JSON' : 'New dashboard'),
    h('label.ctl', 'Save as uid ', uidInput), text, error, report,
    h('div.modal-actions',
      h('button#dashboard-import', { type: 'button', title: 'Convert Grafana dashboard JSON (current or legacy schema) pasted above',
        on: { click: convert } }, 'Import from Grafana JSON'),
      h('button', { type: 'button', on: { click: () => dialog.remove() } }, 'Cancel'),
      h('button.primary#dashboard-save', { type: 'button', on: { click: save } }, 'Save'))));
  root.append(dialog);

  function convert() {
    error.hidden = true;
    try {
      const { dashboard, report: lines } = convertGrafana(JSON.parse(text.value));
      text.value = JSON.stringify(dashboard, null, 2);
      if (!uid) uidInput.value = String(dashboard.uid || dashboard.title).toLowerCase().replace(/[^a-z0-9_-]+/g, '-').slice(0, 64);
      clear(report).append(h('li', 'Imported; review and save.'), ...lines.map((l) => h('li', l)));
      report.hidden = false;
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
    }
  }

  async function save() {
    error.hidden = true;
    try {
      JSON.parse(text.value);
      const target = uidInput.value.trim();
      await store('/' + encodeURIComponent(target), { method: 'PUT', headers: { 'content-type': 'application/json' }, body: text.value });
      dialog.remove();
      history.pushState(null, '', '/dashboards/' + encodeURIComponent(target));
      window.dispatchEvent(new PopStateEvent('popstate'));
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
    }
  }
}

/** Values of a query variable from the API: label_values, label_names, metrics. */
async function variableOptions(v, interpolate) {
  const q = interpolate(String(v.query?.query ?? v.query ?? '')).trim();
  if (v.type === 'custom' || v.type === 'interval') return q.split(',').map((s) => s.trim()).filter(Boolean);
  if (v.type === 'constant' || v.type === 'textbox') return [q];
  let m;
  if ((m = /^label_values\(\s*(.+?)\s*,\s*([a-zA-Z_]\w*)\s*\)$/.exec(q))) return api.labelValues(m[2], [m[1]]);
  if ((m = /^label_values\(\s*([a-zA-Z_]\w*)\s*\)$/.exec(q))) return api.labelValues(m[1]);
  if ((m = /^label_names\(\s*(.*?)\s*\)$/.exec(q))) return api.labels(m[1] ? [m[1]] : undefined);
  if ((m = /^metrics\(\s*(.*?)\s*\)$/.exec(q))) {
    const re = new RegExp(m[1] || '.*');
    return (await api.labelValues('__name__')).filter((n) => re.test(n));
  }
  throw new Error(`variable ${v.name}: unsupported query ${q}`);
}

function legendName(format, metric) {
  if (!format) return formatLabels(metric);
  return format.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, k) => metric[k] ?? '');
}

function thresholdColor(defaults, value, fallback = 'var(--fg)') {
  const steps = defaults.thresholds?.steps || [];
  let color = null;
  for (const s of steps) if (s.value == null || value >= s.value) color = s.color;
  const named = { green: 'var(--up)', red: 'var(--down)', orange: '#ef843c', yellow: '#eab839', blue: '#1f78c1' };
  return named[color] || color || fallback;
}

function mountDashboard(root, uid) {
  let state = readState();
  let doc = null;
  let graphs = [];
  let timer = null;
  let ctl = null;
  const vars = new Map();
  const header = h('header.page-head');
  const varBar = h('div.toolbar.variables');
  const grid = h('div.dash-grid');
  root.append(h('div.page.dashboard', header, varBar, grid));
  const closePickers = (e) => {
    for (const d of varBar.querySelectorAll('details[open]')) if (!d.contains(e.target)) d.open = false;
  };
  document.addEventListener('click', closePickers);

  function interpolate(text, step = 60, range = 3600) {
    const rate = Math.max(step + SCRAPE_INTERVAL, 4 * SCRAPE_INTERVAL);
    let out = text.replace(/\$__rate_interval\b/g, formatDuration(rate))
      .replace(/\$__interval\b/g, formatDuration(step))
      .replace(/\$__range\b/g, formatDuration(range));
    const names = [...vars.keys()].sort((a, b) => b.length - a.length);
    for (const n of names) {
      const value = formatVariable(vars.get(n));
      out = out.split('${' + n + '}').join(value).split('[[' + n + ']]').join(value)
        .replace(new RegExp('\\$' + n + '(?![\\w])', 'g'), () => value);
    }
    return out;
  }

  async function load() {
    try {
      doc = await store('/' + encodeURIComponent(uid));
    } catch (e) {
      grid.append(h('div.query-error', e.message));
      return;
    }
    document.title = `${doc.title} · Bongsu`;
    if (!state.range && !state.from && doc.time?.from?.startsWith('now-')) {
      writeState({ range: doc.time.from.slice(4) });
      state = readState();
    }
    const rangeSelect = h('select#range', { 'aria-label': 'Time range', on: { change: () => { writeState({ range: rangeSelect.value, from: null, to: null }, true); state = readState(); refresh(); } } },
      RELATIVE_RANGES.map((r) => h('option', { value: r }, 'Last ' + r)));
    rangeSelect.value = RELATIVE_RANGES.includes(state.range) ? state.range : '1h';
    header.append(h('h1', doc.title), h('div.page-actions', rangeSelect,
      h('button', { type: 'button', on: { click: () => refresh() } }, 'Refresh'),
      h('button', { type: 'button', on: { click: () => editJson(root, uid, doc) } }, 'Edit JSON')));
    await loadVariables();
    refresh();
    const every = parseDuration(doc.refresh || '');
    if (every > 0) timer = setInterval(refresh, Math.max(5, every) * 1000);
  }

  async function loadVariables() {
    clear(varBar);
    for (const v of doc.templating?.list || []) {
      let options = [];
      try {
        options = await variableOptions(v, (t) => interpolate(t));
      } catch (e) {
        varBar.append(h('span.query-error', e.message));
      }
      const multi = Boolean(v.multi || v.includeAll);
      const wanted = readList('var-' + v.name);
      const fallback = [].concat(v.current?.value ?? []);
      let picked = wanted.length ? wanted : fallback;
      const all = v.includeAll && (picked.includes(ALL) || picked.includes('All') || !picked.length);
      picked = picked.filter((x) => options.includes(x));
      if (!all && !picked.length && options.length) picked = [options[0]];
      const entry = { v, options, all, values: v.multi ? picked : picked.slice(0, 1), multi };
      vars.set(v.name, entry);
      if (v.hide === 2) continue;
      varBar.append(h('label.ctl', (v.label || v.name) + ' ', multi ? multiPicker(entry) : singlePicker(entry)));
    }
  }

  function changed(entry) {
    writeList('var-' + entry.v.name, entry.all ? [ALL] : entry.values, true);
    state = readState();
    refresh();
  }

  function singlePicker(entry) {
    const select = h('select', { 'data-var': entry.v.name, 'aria-label': entry.v.label || entry.v.name,
      on: { change: () => { entry.values = [select.value]; changed(entry); } } },
    entry.options.map((o) => h('option', { value: o }, o)));
    select.value = entry.values[0] ?? '';
    return select;
  }

  /** A dropdown of checkboxes, with "All" first when the variable allows it. */
  function multiPicker(entry) {
    const summary = h('summary');
    const box = h('details.multi-picker', { 'data-var': entry.v.name }, summary);
    const label = () => { summary.textContent = entry.all ? 'All' : entry.values.join(' + ') || 'None'; };
    const boxes = [];
    const sync = () => boxes.forEach(([o, cb]) => { cb.checked = o === ALL ? entry.all : !entry.all && entry.values.includes(o); });
    const choices = (entry.v.includeAll ? [ALL] : []).concat(entry.options);
    const list = h('div.multi-options');
    for (const o of choices) {
      const cb = h('input', { type: 'checkbox', value: o, on: { change: () => {
        if (o === ALL) {
          entry.all = cb.checked;
          if (!entry.all && !entry.values.length) entry.values = entry.options.slice(0, 1);
        } else if (!entry.v.multi) {
          entry.all = false;
          entry.values = [o];
        } else {
          entry.all = false;
          entry.values = cb.checked ? entry.values.concat(o) : entry.values.filter((x) => x !== o);
        }
        sync();
        label();
        changed(entry);
      } } });
      boxes.push([o, cb]);
      list.append(h('label', cb, ' ', o === ALL ? 'All' : o));
    }
    box.append(list);
    sync();
    label();
    return box;
  }

  function refresh() {
    ctl?.abort();
    ctl = new AbortController();
    graphs.forEach((g) => g.destroy());
    graphs = [];
    clear(grid);
    const ordered = [...(doc.panels || [])].sort((a, b) => ((a.gridPos?.y ?? 0) - (b.gridPos?.y ?? 0)) || ((a.gridPos?.x ?? 0) - (b.gridPos?.x ?? 0)));
    for (const p of ordered) grid.append(p.type === 'row' ? renderRow(p) : renderPanel(p, ctl.signal));
  }

  /** A collapsible row: collapsed rows keep their panels inside them, as Grafana stores it. */
  function renderRow(row) {
    const toggle = () => {
      const panels = doc.panels;
      const at = panels.indexOf(row);
      if (row.collapsed) {
        panels.splice(at + 1, 0, ...(row.panels || []));
        row.panels = [];
      } else {
        const y = row.gridPos?.y ?? 0;
        const next = panels.filter((p) => p.type === 'row' && (p.gridPos?.y ?? 0) > y).map((p) => p.gridPos?.y ?? 0);
        const until = next.length ? Math.min(...next) : Infinity;
        row.panels = panels.filter((p) => p.type !== 'row' && (p.gridPos?.y ?? 0) > y && (p.gridPos?.y ?? 0) < until);
        doc.panels = panels.filter((p) => !row.panels.includes(p));
      }
      row.collapsed = !row.collapsed;
      refresh();
    };
    return h('div.dash-row', { style: { gridColumn: '1 / -1' }, on: { click: toggle } },
      h('span.caret', row.collapsed ? '▸' : '▾'), h('span', row.title || ''),
      row.collapsed && row.panels?.length ? h('span.hint', `(${row.panels.length} panel${row.panels.length === 1 ? '' : 's'})`) : null);
  }

  function renderPanel(p, signal) {
    const g = p.gridPos || { x: 0, y: 0, w: 12, h: 8 };
    const body = h('div.panel-body');
    const status = h('span.panel-status');
    const el = h('section.panel', { 'data-type': p.type, 'data-state': 'loading', style: {
      gridColumn: `${(g.x || 0) + 1} / span ${Math.min(24 - (g.x || 0), g.w || 12)}`, gridRow: `span ${g.h || 8}` } },
    h('header.panel-head', h('h3', p.title || ''), status), body);
    const defaults = p.fieldConfig?.defaults || {};
    const format = unitFormatter(defaults.unit, defaults.decimals);
    const r = resolveRange(state);
    const width = Math.max(200, (grid.clientWidth || 1200) * (g.w || 12) / 24);
    const step = autoStep(r.end - r.start, width);
    const run = async () => {
      if (!['timeseries', 'graph', 'stat', 'gauge', 'table', 'text'].includes(p.type)) {
        body.append(h('p.hint', `Panel type "${p.type}" is not supported yet.`));
        return;
      }
      if (p.type === 'text') {
        body.append(h('div.panel-text', p.options?.content ?? p.content ?? ''));
        return;
      }
      const targets = (p.targets || []).filter((t) => t.expr && !t.hide);
      if (p.type === 'timeseries' || p.type === 'graph') {
        const { start, end } = alignRange(r.start, r.end, step);
        const results = await Promise.all(targets.map((t) => api.queryRange(interpolate(t.expr, step, r.end - r.start), start, end, step, signal)
          .then((d) => d.result.map((s) => ({ s, name: legendName(t.legendFormat, s.metric) })))));
        const all = results.flat();
        if (!all.length) { body.append(h('p.hint', 'No data')); return; }
        const stacked = defaults.custom?.stacking?.mode === 'normal' || p.stack === true;
        // The body has its grid height by now; the legend keeps up to three lines under the plot.
        const height = Math.max(80, (body.clientHeight || (g.h || 8) * ROW_PX - 30) - Math.min(3, all.length) * 18 - 8);
        graphs.push(renderGraph(body, all.map((x) => x.s), { start, end, step, stacked, height, format, names: all.map((x) => x.name) }));
        return;
      }
      const time = r.relative ? undefined : r.end;
      const results = await Promise.all(targets.map((t) => api.query(interpolate(t.expr, step, r.end - r.start), time, signal)
        .then((d) => (d.resultType === 'scalar' ? [{ metric: {}, value: d.result }] : d.result)
          .map((s) => ({ name: legendName(t.legendFormat, s.metric), v: parseSampleValue(s.value[1]) })))));
      const rows = results.flat();
      if (!rows.length) { body.append(h('p.hint', 'No data')); return; }
      if (p.type === 'table') {
        body.append(h('table.data-table', h('tbody', rows.map((x) => h('tr', h('td.series', x.name), h('td.num', format(x.v)))))));
      } else if (p.type === 'gauge') {
        body.append(gauge(rows[0].v, defaults, format));
      } else {
        body.append(h('div.stat-value', { style: { color: thresholdColor(defaults, rows[0].v) } }, format(rows[0].v)));
      }
    };
    // data-state tells tests and benchmarks when a panel has its data drawn (or failed).
    run().then(() => { el.dataset.state = 'done'; }, (e) => {
      if (e.name === 'AbortError') return;
      el.dataset.state = 'error';
      status.textContent = '!';
      status.title = e.message;
      body.append(h('div.query-error', e.message));
    });
    return el;
  }

  load();
  return {
    destroy() {
      document.removeEventListener('click', closePickers);
      clearInterval(timer);
      ctl?.abort();
      graphs.forEach((g) => g.destroy());
    },
  };
}

/** A 240° arc from min to max, filled to the value in its threshold colour. */
function gauge(value, defaults, format) {
  const min = defaults.min ?? 0;
  const max = defaults.max ?? 100;
  const frac = Math.min(1, Math.max(0, (value - min) / (max - min || 1)));
  const arc = (f) => {
    const a0 = (150 * Math.PI) / 180;
    const a = a0 + f * (240 * Math.PI) / 180;
    const large = f * 240 > 180 ? 1 : 0;
    return `M ${50 + 40 * Math.cos(a0)} ${50 + 40 * Math.sin(a0)} A 40 40 0 ${large} 1 ${50 + 40 * Math.cos(a)} ${50 + 40 * Math.sin(a)}`;
  };
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 100 90');
  svg.setAttribute('class', 'gauge');
  const track = document.createElementNS(ns, 'path');
  track.setAttribute('d', arc(1));
  track.setAttribute('class', 'gauge-track');
  svg.append(track);
  if (Number.isFinite(value) && frac > 0) {
    const fill = document.createElementNS(ns, 'path');
    fill.setAttribute('d', arc(frac));
    fill.setAttribute('class', 'gauge-fill');
    fill.style.stroke = thresholdColor(defaults, value, 'var(--up)');
    svg.append(fill);
  }
  const text = document.createElementNS(ns, 'text');
  text.setAttribute('x', '50');
  text.setAttribute('y', '56');
  text.setAttribute('class', 'gauge-text');
  text.textContent = format(value);
  svg.append(text);
  return svg;
}
