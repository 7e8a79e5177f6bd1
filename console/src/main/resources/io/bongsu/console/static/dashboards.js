// Dashboards in Grafana's JSON schema: list; view with variables and panels on a 24-column
// grid; edit (add, move, resize, duplicate, remove panels, panel editor, settings); save
// through /api/console/dashboards.
import { refreshPicker } from './controls.js';
import { h, clear } from './dom.js';
import { convertGrafana } from './grafana.js';
import { openPanelEditor } from './panel-editor.js';
import { drawPanel } from './panels.js';
import { RELATIVE_RANGES, formatTime, parseDuration, resolveRange } from './time.js';
import { readList, readState, writeList, writeState } from './url.js';
import { ALL, interpolate, queryText, references, titleText, variableOptions } from './variables.js';

const STORE = '/api/console/dashboards';
const ROW_PX = 30;
const GAP_PX = 8;
const VARIABLE_TYPES = ['query', 'custom', 'constant', 'interval', 'textbox'];

async function store(path = '', init) {
  const res = await fetch(STORE + path, init);
  const body = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) throw new Error(body?.error || `HTTP ${res.status}`);
  return body;
}

function put(uid, doc) {
  return store('/' + encodeURIComponent(uid), { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(doc, null, 2) });
}

function slug(text) {
  return String(text || 'dashboard').toLowerCase().replace(/[^a-z0-9_-]+/g, '-').slice(0, 64);
}

/** Opens a dashboard just saved, so the app does not ask about unsaved changes on the way. */
function openDashboard(uid) {
  history.pushState(null, '', '/dashboards/' + encodeURIComponent(uid));
  window.dispatchEvent(new PopStateEvent('popstate', { state: { saved: true } }));
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
        h('td', (d.tags || []).map((t) => h('span.chip', t))),
        h('td.hint', d.builtIn ? 'built in' : d.provisioned || d.meta?.provisioned ? 'provisioned' + (d.folder ? ' · ' + d.folder : '') : 'saved'))))));
  }).catch((e) => body.append(h('div.query-error', e.message)));
  return {};
}

function blank() {
  return { title: 'New dashboard', tags: [], time: { from: 'now-1h', to: 'now' }, templating: { list: [] },
    panels: [{ id: 1, type: 'timeseries', title: 'Samples appended', gridPos: { x: 0, y: 0, w: 12, h: 8 },
      targets: [{ expr: 'rate(prometheus_tsdb_head_samples_appended_total[$__rate_interval])', legendFormat: '{{instance}}', refId: 'A' }] }] };
}

/** A modal JSON editor; saving PUTs the document and opens it. */
function editJson(root, uid, doc) {
  const text = h('textarea.json-editor', { spellcheck: false, 'aria-label': 'Dashboard JSON' });
  text.value = JSON.stringify(doc, null, 2);
  const uidInput = h('input#dashboard-uid', { value: uid || slug(doc.title), placeholder: 'uid (letters, digits, - or _)', 'aria-label': 'uid' });
  const error = h('div.query-error', { hidden: true });
  const report = h('ul.import-report', { hidden: true });
  const upload = h('input#dashboard-upload', { type: 'file', accept: '.json,application/json',
    'aria-label': 'Grafana dashboard JSON file', on: { change: uploaded } });
  const dialog = h('div.modal', h('div.modal-box',
    h('h2', uid ? 'Edit dashboard JSON' : Object.keys(doc).length ? 'New dashboard' : 'Import dashboard'),
    h('label.ctl', 'Save as uid ', uidInput),
    uid ? null : h('label.ctl', 'Upload a Grafana JSON file ', upload), text, error, report,
    h('div.modal-actions',
      h('button#dashboard-import', { type: 'button', title: 'Convert Grafana dashboard JSON (current or legacy schema) pasted above',
        on: { click: convert } }, 'Import from Grafana JSON'),
      h('button', { type: 'button', on: { click: () => dialog.remove() } }, 'Cancel'),
      h('button.primary#dashboard-save', { type: 'button', on: { click: save } }, 'Save'))));
  root.append(dialog);

  async function uploaded() {
    const file = upload.files[0];
    if (!file) return;
    text.value = await file.text();
    convert();
  }

  function convert() {
    error.hidden = true;
    try {
      const { dashboard, report: lines } = convertGrafana(JSON.parse(text.value));
      text.value = JSON.stringify(dashboard, null, 2);
      if (!uid) uidInput.value = slug(dashboard.uid || dashboard.title);
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
      const target = uidInput.value.trim();
      await put(target, JSON.parse(text.value));
      dialog.remove();
      openDashboard(target);
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
    }
  }
}

function collide(a, b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/**
 * Grafana's gravity on gridPos: each panel, in reading order, floats up until it meets another
 * and moves down past any it overlaps. `fixed` (being dragged) stays where it is.
 */
export function compact(items, fixed) {
  const placed = fixed ? [fixed] : [];
  const rest = items.filter((g) => g !== fixed).sort((a, b) => (a.y - b.y) || (a.x - b.x));
  for (const g of rest) {
    while (g.y > 0 && !placed.some((o) => collide({ ...g, y: g.y - 1 }, o))) g.y--;
    let hit;
    while ((hit = placed.find((o) => collide(g, o)))) g.y = hit.y + hit.h;
    placed.push(g);
  }
}

function normalize(p) {
  const g = p.gridPos || {};
  const row = p.type === 'row';
  const w = row ? 24 : Math.min(24, Math.max(1, Math.round(g.w || 12)));
  p.gridPos = { ...g, x: row ? 0 : Math.min(24 - w, Math.max(0, Math.round(g.x || 0))), y: Math.max(0, Math.round(g.y || 0)), w, h: row ? 1 : Math.max(1, Math.round(g.h || 8)) };
}

function mountDashboard(root, uid) {
  let state = readState();
  let doc = null;
  let saved = '';
  let readOnly = false;
  let refreshTimer = null;
  let ctl = null;
  let setRange = null;
  const views = new Map();
  const vars = new Map();
  const header = h('header.page-head');
  const varBar = h('div.toolbar.variables');
  const grid = h('div.dash-grid');
  const page = h('div.page.dashboard', header, varBar, grid);
  root.append(page);
  const closeMenus = (e) => {
    for (const d of page.querySelectorAll('details[open]')) if (!d.contains(e.target)) d.open = false;
  };
  document.addEventListener('click', closeMenus);
  const beforeUnload = (e) => { if (dirty()) e.preventDefault(); };
  window.addEventListener('beforeunload', beforeUnload);

  const expand = (text, step, range) => interpolate(text, vars, step, range);
  const dirty = () => doc != null && JSON.stringify(doc) !== saved;
  const saveButton = h('button.primary#dashboard-save-changes', { type: 'button', on: { click: () => save() } }, 'Save');
  const discardButton = h('button#dashboard-discard', { type: 'button', title: 'Drop unsaved changes', on: { click: () => discard() } }, 'Discard');
  const unsaved = h('span.unsaved', { hidden: true, title: 'This dashboard has changes that are not saved' }, 'Unsaved changes');
  const title = h('h1');
  const saveError = h('span.query-error.inline', { hidden: true });

  function changed() {
    const d = dirty();
    unsaved.hidden = !d;
    discardButton.disabled = !d;
    if (!readOnly) saveButton.disabled = !d;
    page.classList.toggle('dirty', d);
    title.textContent = doc.title;
  }

  async function load() {
    let meta = {};
    try {
      const [got, list] = await Promise.all([store('/' + encodeURIComponent(uid)), store().catch(() => [])]);
      if (got.dashboard && got.meta) { doc = got.dashboard; meta = got.meta; } else { ({ meta = {}, ...doc } = got); }
      const summary = list.find((d) => d.uid === uid) || {};
      readOnly = Boolean(summary.builtIn || summary.provisioned || meta.provisioned || meta.canSave === false || summary.canSave === false);
    } catch (e) {
      grid.append(h('div.query-error', e.message));
      return;
    }
    document.title = `${doc.title} · Bongsu`;
    doc.panels ||= [];
    doc.panels.forEach(normalize);
    compact(doc.panels.map((p) => p.gridPos));
    saved = JSON.stringify(doc);
    if (!state.range && !state.from && doc.time?.from?.startsWith('now-')) {
      writeState({ range: doc.time.from.slice(4) });
      state = readState();
    }
    if (state.refresh == null && doc.refresh) {
      writeState({ refresh: doc.refresh });
      state = readState();
    }
    const rangeSelect = h('select#range', { 'aria-label': 'Time range', on: { change: () => setRange({ range: rangeSelect.value, from: null, to: null }) } },
      RELATIVE_RANGES.map((r) => h('option', { value: r }, 'Last ' + r)), h('option', { value: 'absolute', hidden: true }, 'Zoomed'));
    setRange = async (changes) => {
      writeState(changes, true);
      state = readState();
      const r = resolveRange(state);
      rangeSelect.value = !r.relative ? 'absolute' : RELATIVE_RANGES.includes(state.range) ? state.range : '1h';
      rangeSelect.title = r.relative ? '' : `${formatTime(r.start)} → ${formatTime(r.end)}`;
      // Grafana's refresh: 2 ("on time range change") reloads a variable's options here.
      for (const v of doc.templating?.list || []) {
        if (Number(v.refresh) !== 2) continue;
        const before = vars.get(v.name);
        const next = await loadVariable(v, before ? (before.all ? [ALL] : before.values) : []);
        writeList('var-' + v.name, next.all ? [ALL] : next.values);
      }
      state = readState();
      refresh();
    };
    const r0 = resolveRange(state);
    rangeSelect.value = !r0.relative ? 'absolute' : RELATIVE_RANGES.includes(state.range) ? state.range : '1h';
    const refreshSelect = refreshPicker(state.refresh, (v) => { writeState({ refresh: v }); state = readState(); schedule(); });
    if (readOnly) saveButton.textContent = 'Save as copy';
    header.append(title, h('div.page-actions',
      h('button#add-panel', { type: 'button', on: { click: addPanel } }, 'Add panel'),
      h('button#add-row', { type: 'button', on: { click: addRow } }, 'Add row'),
      h('button#dashboard-settings', { type: 'button', on: { click: openSettings } }, 'Settings'),
      h('button', { type: 'button', on: { click: () => editJson(root, readOnly ? null : uid, doc) } }, 'JSON'),
      unsaved, discardButton, saveButton, saveError,
      rangeSelect, refreshSelect,
      h('button#refresh-now', { type: 'button', title: 'Refresh now', on: { click: () => refresh() } }, '⟳')));
    changed();
    if (readOnly) saveButton.disabled = false;
    await loadVariables();
    refresh();
    schedule();
  }

  function schedule() {
    clearInterval(refreshTimer);
    const every = parseDuration(state.refresh || '');
    if (every > 0) refreshTimer = setInterval(refresh, Math.max(5, every) * 1000);
  }

  async function save() {
    saveError.hidden = true;
    try {
      if (readOnly) { saveAsCopy(); return; }
      await put(uid, doc);
      saved = JSON.stringify(doc);
      changed();
    } catch (e) {
      saveError.textContent = e.message;
      saveError.hidden = false;
    }
  }

  function saveAsCopy() {
    const titleInput = h('input#copy-title', { value: doc.title + ' (copy)' });
    const uidInput = h('input#copy-uid', { value: slug(doc.title + '-copy') });
    const error = h('div.query-error', { hidden: true });
    const dialog = h('div.modal', h('div.modal-box.small',
      h('h2', 'Save as copy'), h('p.hint', 'This dashboard is provisioned and read-only; save your changes as a new dashboard.'),
      h('label.field', h('span', 'Title'), titleInput), h('label.field', h('span', 'uid'), uidInput), error,
      h('div.modal-actions', h('button', { type: 'button', on: { click: () => dialog.remove() } }, 'Cancel'),
        h('button.primary#copy-save', { type: 'button', on: { click: async () => {
          try {
            const copy = { ...JSON.parse(JSON.stringify(doc)), title: titleInput.value, uid: uidInput.value.trim() };
            await put(uidInput.value.trim(), copy);
            saved = JSON.stringify(doc);
            dialog.remove();
            openDashboard(uidInput.value.trim());
          } catch (e) {
            error.textContent = e.message;
            error.hidden = false;
          }
        } } }, 'Save'))));
    root.append(dialog);
  }

  async function discard() {
    doc = JSON.parse(saved);
    changed();
    await loadVariables();
    refresh();
  }

  /** Options for every variable in order, each seeing the values of those before it. */
  async function loadVariables() {
    clear(varBar);
    vars.clear();
    for (const v of doc.templating?.list || []) await loadVariable(v, readList('var-' + v.name));
  }

  async function loadVariable(v, wanted) {
    let options = [];
    let error = null;
    try {
      const r = resolveRange(state);
      options = await variableOptions(v, (t) => expand(t), r.relative ? undefined : r.end);
    } catch (e) {
      error = e.message;
    }
    const multi = Boolean(v.multi || v.includeAll);
    let picked = wanted.length ? wanted : [].concat(v.current?.value ?? []);
    const all = v.includeAll && (picked.includes(ALL) || picked.includes('All') || !picked.length);
    picked = picked.filter((x) => options.includes(x));
    if (!all && !picked.length && options.length) picked = [options[0]];
    const entry = { v, options, all, values: v.multi ? picked : picked.slice(0, 1), multi };
    const old = vars.get(v.name)?.el;
    vars.set(v.name, entry);
    if (v.hide === 2) return entry;
    entry.el = h('label.ctl', { 'data-variable': v.name }, (v.label || v.name) + ' ', multi ? multiPicker(entry) : singlePicker(entry),
      error ? h('span.query-error.inline', error) : null);
    if (old) old.replaceWith(entry.el); else varBar.append(entry.el);
    return entry;
  }

  /** A variable changed: variables whose queries use it (transitively) reload, then panels. */
  async function variableChanged(entry) {
    writeList('var-' + entry.v.name, entry.all ? [ALL] : entry.values, true);
    const touched = new Set([entry.v.name]);
    for (const v of doc.templating?.list || []) {
      if (touched.has(v.name) || ![...touched].some((n) => references(queryText(v), n))) continue;
      const before = vars.get(v.name);
      const next = await loadVariable(v, before ? (before.all ? [ALL] : before.values) : []);
      writeList('var-' + v.name, next.all ? [ALL] : next.values);
      touched.add(v.name);
    }
    state = readState();
    refresh();
  }

  function singlePicker(entry) {
    const select = h('select', { 'data-var': entry.v.name, 'aria-label': entry.v.label || entry.v.name,
      on: { change: () => { entry.values = [select.value]; variableChanged(entry); } } },
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
        variableChanged(entry);
      } } });
      boxes.push([o, cb]);
      list.append(h('label', cb, ' ', o === ALL ? 'All' : o));
    }
    box.append(list);
    sync();
    label();
    return box;
  }

  /** Redraws every panel: after a change of time range, variables or layout, and on auto-refresh. */
  function refresh() {
    ctl?.abort();
    ctl = new AbortController();
    for (const v of views.values()) v.destroy?.();
    views.clear();
    clear(grid);
    const ordered = [...doc.panels].sort((a, b) => (a.gridPos.y - b.gridPos.y) || (a.gridPos.x - b.gridPos.x));
    for (const p of ordered) {
      const view = p.type === 'row' ? renderRow(p) : renderPanel(p, ctl.signal);
      views.set(p, view);
      grid.append(view.el);
    }
    layout();
  }

  /** Places every panel's element by its gridPos; explicit lines so moved panels go where dropped. */
  function layout() {
    for (const [p, view] of views) {
      const g = p.gridPos;
      view.el.style.gridColumn = `${g.x + 1} / span ${g.w}`;
      view.el.style.gridRow = `${g.y + 1} / span ${g.h}`;
      view.el.dataset.grid = `${g.x},${g.y},${g.w},${g.h}`;
    }
  }

  /** A collapsible row: collapsed rows keep their panels inside them, as Grafana stores it. */
  function renderRow(row) {
    const toggle = () => {
      const panels = doc.panels;
      const y = row.gridPos.y;
      if (row.collapsed) {
        const inner = row.panels || [];
        inner.forEach(normalize);
        const top = Math.min(...inner.map((p) => p.gridPos.y));
        const height = Math.max(0, ...inner.map((p) => p.gridPos.y - top + p.gridPos.h));
        for (const p of panels) if (p.gridPos.y > y) p.gridPos.y += height;
        for (const p of inner) p.gridPos.y += y + 1 - top;
        panels.splice(panels.indexOf(row) + 1, 0, ...inner);
        row.panels = [];
      } else {
        const next = panels.filter((p) => p.type === 'row' && p.gridPos.y > y).map((p) => p.gridPos.y);
        const until = next.length ? Math.min(...next) : Infinity;
        row.panels = panels.filter((p) => p.type !== 'row' && p.gridPos.y > y && p.gridPos.y < until);
        doc.panels = panels.filter((p) => !row.panels.includes(p));
      }
      row.collapsed = !row.collapsed;
      compact(doc.panels.map((p) => p.gridPos));
      changed();
      refresh();
    };
    const el = h('div.dash-row', { on: { click: (e) => { if (!e.target.closest('button')) toggle(); } } },
      h('span.caret', row.collapsed ? '▸' : '▾'), h('span', titleText(row.title, vars)),
      row.collapsed && row.panels?.length ? h('span.hint', `(${row.panels.length} panel${row.panels.length === 1 ? '' : 's'})`) : null,
      h('button.link.row-rename', { type: 'button', title: 'Rename this row', on: { click: () => renameRow(row) } }, '✎'),
      h('button.link.row-remove', { type: 'button', title: 'Remove this row (its panels stay)', on: { click: () => removePanel(row) } }, '✕'));
    return { el };
  }

  function renameRow(row) {
    const title = prompt('Row title', row.title || '');
    if (title == null) return;
    row.title = title;
    changed();
    refresh();
  }

  function renderPanel(p, signal) {
    const body = h('div.panel-body');
    const status = h('span.panel-status');
    const menu = h('details.panel-menu', h('summary', { title: 'Panel menu' }, '⋮'), h('div.menu-items',
      h('button.menu-edit', { type: 'button', on: { click: () => editPanel(p) } }, 'Edit'),
      h('button.menu-duplicate', { type: 'button', on: { click: () => duplicatePanel(p) } }, 'Duplicate'),
      h('button.menu-remove', { type: 'button', on: { click: () => removePanel(p) } }, 'Remove')));
    const head = h('header.panel-head', { title: 'Drag to move' }, h('h3', { title: p.description || null }, titleText(p.title, vars)), status, menu);
    const handle = h('div.panel-resize', { title: 'Drag to resize' });
    const el = h('section.panel', { 'data-type': p.type, 'data-state': 'loading', 'data-panel-id': p.id ?? null }, head, body, handle);
    const view = { el, destroy: null };
    dragger(head, p, 'move');
    dragger(handle, p, 'resize');
    // Drawn once the element is in the grid, so the body has its size.
    queueMicrotask(() => {
      const width = Math.max(200, (grid.clientWidth || 1200) * p.gridPos.w / 24);
      const onZoom = (a, b) => setRange({ range: null, from: Math.round(a * 1000), to: Math.round(b * 1000) });
      drawPanel(p, body, { expand, range: resolveRange(state), width, signal, onZoom }).then((destroy) => {
        view.destroy = destroy;
        // data-state tells tests and benchmarks when a panel has its data drawn (or failed).
        el.dataset.state = 'done';
      }, (e) => {
        if (e.name === 'AbortError') return;
        el.dataset.state = 'error';
        status.textContent = '!';
        status.title = e.message;
        body.append(h('div.query-error', e.message));
      });
    });
    return view;
  }

  /**
   * Dragging a panel's header moves it, dragging its corner resizes it, in whole grid cells;
   * other panels make way and float back up, as on Grafana's grid.
   */
  function dragger(handle, p, mode) {
    handle.addEventListener('pointerdown', (e) => {
      if (e.button !== 0 || e.target.closest('.panel-menu')) return;
      const start = { ...p.gridPos };
      const x0 = e.clientX;
      const y0 = e.clientY;
      const col = (grid.clientWidth + GAP_PX) / 24;
      const row = ROW_PX + GAP_PX;
      let moved = false;
      const onMove = (ev) => {
        const dx = Math.round((ev.clientX - x0) / col);
        const dy = Math.round((ev.clientY - y0) / row);
        if (!moved && Math.abs(ev.clientX - x0) + Math.abs(ev.clientY - y0) < 4) return;
        moved = true;
        views.get(p)?.el.classList.add('dragging');
        const g = p.gridPos;
        if (mode === 'move') {
          g.x = Math.min(24 - g.w, Math.max(0, start.x + dx));
          g.y = Math.max(0, start.y + dy);
        } else {
          g.w = Math.min(24 - g.x, Math.max(1, start.w + dx));
          g.h = Math.max(2, start.h + dy);
        }
        compact(doc.panels.map((q) => q.gridPos), g);
        layout();
      };
      const onUp = () => {
        handle.removeEventListener('pointermove', onMove);
        handle.removeEventListener('pointerup', onUp);
        handle.removeEventListener('pointercancel', onUp);
        if (!moved) return;
        compact(doc.panels.map((q) => q.gridPos));
        changed();
        if (mode === 'resize') redraw(p, p); else { views.get(p)?.el.classList.remove('dragging'); layout(); }
      };
      handle.setPointerCapture(e.pointerId);
      handle.addEventListener('pointermove', onMove);
      handle.addEventListener('pointerup', onUp);
      handle.addEventListener('pointercancel', onUp);
      e.preventDefault();
    });
  }

  /** Draws panel `next` in place of `prev`'s element, leaving the other panels as they are. */
  function redraw(prev, next) {
    const old = views.get(prev);
    old?.destroy?.();
    views.delete(prev);
    const view = renderPanel(next, ctl.signal);
    views.set(next, view);
    if (old) old.el.replaceWith(view.el); else grid.append(view.el);
    layout();
  }

  function nextId() {
    const ids = doc.panels.flatMap((p) => [p.id, ...(p.panels || []).map((q) => q.id)]).filter(Number.isFinite);
    return Math.max(0, ...ids) + 1;
  }

  /** New panels go to the top, as in Grafana, and open in the editor. */
  function addPanel() {
    const p = { id: nextId(), type: 'timeseries', title: 'New panel', gridPos: { x: 0, y: 0, w: 12, h: 8 },
      targets: [{ expr: '', refId: 'A' }], fieldConfig: { defaults: {} } };
    doc.panels.unshift(p);
    compact(doc.panels.map((q) => q.gridPos), p.gridPos);
    changed();
    refresh();
    editPanel(p, () => removePanel(p));
  }

  function addRow() {
    const r = { id: nextId(), type: 'row', title: 'Row', collapsed: false, panels: [], gridPos: { x: 0, y: 0, w: 24, h: 1 } };
    doc.panels.unshift(r);
    compact(doc.panels.map((q) => q.gridPos), r.gridPos);
    changed();
    refresh();
  }

  function duplicatePanel(p) {
    const copy = { ...JSON.parse(JSON.stringify(p)), id: nextId() };
    copy.gridPos.y += copy.gridPos.h;
    doc.panels.splice(doc.panels.indexOf(p) + 1, 0, copy);
    compact(doc.panels.map((q) => q.gridPos), copy.gridPos);
    compact(doc.panels.map((q) => q.gridPos));
    changed();
    refresh();
  }

  function removePanel(p) {
    doc.panels = doc.panels.filter((q) => q !== p);
    compact(doc.panels.map((q) => q.gridPos));
    changed();
    refresh();
  }

  /** Opens the panel editor; `onCancel` runs when the user closes it without applying. */
  function editPanel(p, onCancel) {
    page.querySelectorAll('details[open]').forEach((d) => { d.open = false; });
    openPanelEditor(root, p, {
      onCancel,
      preview: (edited, body) => {
        const width = Math.max(200, body.clientWidth || 800);
        return drawPanel(edited, body, { expand, range: resolveRange(state), width });
      },
      onApply: (edited) => {
        doc.panels[doc.panels.indexOf(p)] = edited;
        changed();
        redraw(p, edited);
      },
    });
  }

  /** Title, tags, default time and refresh, and the variables as a form. */
  function openSettings() {
    const draft = JSON.parse(JSON.stringify({ title: doc.title, tags: doc.tags || [], refresh: doc.refresh || '', list: doc.templating?.list || [] }));
    const titleInput = h('input#settings-title', { value: draft.title });
    const tagsInput = h('input#settings-tags', { value: draft.tags.join(', '), placeholder: 'comma separated' });
    const refreshInput = refreshPicker(draft.refresh, (v) => { draft.refresh = v; });
    refreshInput.id = 'settings-refresh';
    const list = h('div.variable-list');
    const renderVars = () => {
      clear(list);
      draft.list.forEach((v, i) => {
        const text = (id, key, value, attrs = {}) => {
          const el = h('input.' + id, { value: value ?? '', ...attrs });
          el.addEventListener('input', () => { if (key === 'query') v.query = el.value; else v[key] = el.value || undefined; });
          return el;
        };
        const type = h('select.var-type', { on: { change: () => { v.type = type.value; } } }, VARIABLE_TYPES.map((t) => h('option', { value: t }, t)));
        type.value = VARIABLE_TYPES.includes(v.type) ? v.type : 'query';
        const check = (key, label) => h('label.ctl', h('input', { type: 'checkbox', class: 'var-' + key, checked: Boolean(v[key]),
          on: { change: (e) => { v[key] = e.target.checked; } } }), ' ' + label);
        list.append(h('div.variable-edit', { 'data-index': i },
          text('var-name', 'name', v.name, { placeholder: 'name', 'aria-label': 'Name' }), type,
          text('var-query', 'query', queryText(v), { placeholder: 'label_values(up, job) · a,b,c · query_result(expr)', 'aria-label': 'Query' }),
          text('var-regex', 'regex', v.regex, { placeholder: '/regex/', 'aria-label': 'Regex' }),
          check('multi', 'Multi'), check('includeAll', 'All'),
          h('button.link', { type: 'button', title: 'Remove', on: { click: () => { draft.list.splice(i, 1); renderVars(); } } }, '✕')));
      });
    };
    renderVars();
    const error = h('div.query-error', { hidden: true });
    const dialog = h('div.modal', h('div.modal-box.settings',
      h('h2', 'Dashboard settings'),
      h('label.field', h('span', 'Title'), titleInput), h('label.field', h('span', 'Tags'), tagsInput),
      h('label.field', h('span', 'Auto-refresh'), refreshInput),
      h('h4', 'Variables'), list,
      h('div', h('button#settings-add-variable', { type: 'button', on: { click: () => {
        draft.list.push({ name: 'var' + (draft.list.length + 1), type: 'query', query: '' });
        renderVars();
      } } }, '+ Variable')),
      error,
      h('div.modal-actions', h('button', { type: 'button', on: { click: () => dialog.remove() } }, 'Cancel'),
        h('button.primary#settings-apply', { type: 'button', on: { click: apply } }, 'Apply'))));
    root.append(dialog);

    async function apply() {
      const names = draft.list.map((v) => v.name);
      const bad = names.find((n, i) => !/^[a-zA-Z_]\w*$/.test(n || '') || names.indexOf(n) !== i);
      if (bad !== undefined) {
        error.textContent = `variable name "${bad ?? ''}" is not a valid, unique name`;
        error.hidden = false;
        return;
      }
      doc.title = titleInput.value.trim() || doc.title;
      doc.tags = tagsInput.value.split(',').map((t) => t.trim()).filter(Boolean);
      if (draft.refresh) doc.refresh = draft.refresh; else delete doc.refresh;
      doc.templating = { ...(doc.templating || {}), list: draft.list };
      dialog.remove();
      changed();
      await loadVariables();
      refresh();
    }
  }

  load();
  return {
    /** Asked before the app leaves this view; false keeps it. */
    canLeave: () => !dirty() || confirm('This dashboard has unsaved changes. Leave and lose them?'),
    destroy() {
      document.removeEventListener('click', closeMenus);
      window.removeEventListener('beforeunload', beforeUnload);
      clearInterval(refreshTimer);
      ctl?.abort();
      for (const v of views.values()) v.destroy?.();
    },
  };
}
