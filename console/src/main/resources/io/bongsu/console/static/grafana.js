// Import of Grafana dashboard JSON: the current schema passes through; the legacy one (rows[],
// graph, singlestat, 12-column spans) is mapped. The report says what was mapped and what not.
const SUPPORTED = new Set(['timeseries', 'stat', 'gauge', 'bargauge', 'table', 'text', 'row']);
const ROW_PX = 30;

export function convertGrafana(input) {
  const report = [];
  const src = input && typeof input === 'object' && input.dashboard && typeof input.dashboard === 'object' ? input.dashboard : input;
  if (!src || typeof src !== 'object' || Array.isArray(src)) throw new Error('not a dashboard: expected a JSON object');
  if (input !== src) report.push('unwrapped the export envelope ("dashboard" key)');
  const out = { ...src, panels: [] };
  delete out.rows;
  delete out.id;
  if (src.__inputs || src.__requires) {
    delete out.__inputs;
    delete out.__requires;
    report.push('data source inputs (__inputs) ignored: Bongsu is the only data source');
  }
  if (!out.title) { out.title = 'Imported dashboard'; report.push('no title: named "Imported dashboard"'); }

  let panels = Array.isArray(src.panels) ? src.panels : [];
  if (Array.isArray(src.rows)) {
    panels = panels.concat(fromRows(src.rows, report));
    report.push(`legacy layout: ${src.rows.length} rows[] converted to row panels on the 24-column grid`);
  }
  out.panels = panels.map((p) => mapPanel(p, report));

  const vars = src.templating?.list || [];
  out.templating = { list: vars.filter((v) => {
    if (v.type === 'datasource' || v.type === 'adhoc') {
      report.push(`variable ${v.name}: ${v.type} variables are not supported (Bongsu is the only data source); dropped`);
      return false;
    }
    return true;
  }) };
  return { dashboard: out, report };
}

function fromRows(rows, report) {
  const panels = [];
  let y = 0;
  for (const row of rows) {
    const height = Math.max(1, Math.round((parseInt(row.height, 10) || 250) / ROW_PX));
    const children = [];
    let x = 0;
    for (const p of row.panels || []) {
      const w = Math.min(24, Math.max(1, Math.round((p.span || 12) * 2)));
      if (x + w > 24) { x = 0; y += height; }
      children.push({ ...p, gridPos: { x, y: y + 1, w, h: height } });
      delete children[children.length - 1].span;
      x += w;
    }
    const rowPanel = { type: 'row', title: row.title || '', collapsed: Boolean(row.collapse), gridPos: { x: 0, y, w: 24, h: 1 } };
    if (row.showTitle === false && !row.collapse) {
      panels.push(...children);
    } else if (rowPanel.collapsed) {
      rowPanel.panels = children;
      panels.push(rowPanel);
    } else {
      panels.push(rowPanel, ...children);
    }
    y += height + 1;
    if (row.repeat) report.push(`row "${row.title}": repeat by $${row.repeat} is not supported; shown once`);
  }
  return panels;
}

function mapPanel(p, report) {
  const q = { ...p };
  const name = `panel "${p.title || p.type}"`;
  if (q.type === 'row') {
    if (Array.isArray(q.panels)) q.panels = q.panels.map((c) => mapPanel(c, report));
    return q;
  }
  q.fieldConfig = { defaults: {}, ...(q.fieldConfig || {}) };
  const d = (q.fieldConfig.defaults = { ...(q.fieldConfig.defaults || {}) });
  if (q.type === 'graph') {
    q.type = 'timeseries';
    const axis = (q.yaxes || [])[0] || {};
    if (axis.format && !d.unit) d.unit = axis.format;
    if (axis.min != null && d.min == null) d.min = Number(axis.min);
    if (axis.max != null && d.max == null) d.max = Number(axis.max);
    if (q.stack) d.custom = { ...(d.custom || {}), stacking: { mode: 'normal' } };
    if (q.seriesOverrides?.length) report.push(`${name}: graph seriesOverrides are not mapped`);
    report.push(`${name}: graph → time series`);
  } else if (q.type === 'singlestat') {
    q.type = 'stat';
    if (q.format && !d.unit) d.unit = q.format;
    if (q.decimals != null && d.decimals == null) d.decimals = q.decimals;
    if (typeof q.thresholds === 'string' && q.thresholds.trim()) {
      const cuts = q.thresholds.split(',').map(Number).filter(Number.isFinite);
      const colors = q.colors || [];
      d.thresholds = { steps: [{ value: null, color: colors[0] || 'green' }, ...cuts.map((v, i) => ({ value: v, color: colors[i + 1] || 'red' }))] };
    }
    if (q.gauge?.show) {
      q.type = 'gauge';
      d.min = d.min ?? q.gauge.minValue;
      d.max = d.max ?? q.gauge.maxValue;
    }
    if (q.valueName && q.valueName !== 'current') report.push(`${name}: singlestat valueName "${q.valueName}" shown as the current value`);
    report.push(`${name}: singlestat → ${q.type}`);
  } else if (q.type === 'table-old') {
    q.type = 'table';
    report.push(`${name}: table-old → table`);
  } else if (!SUPPORTED.has(q.type)) {
    report.push(`${name}: panel type "${q.type}" is not supported; shown as a placeholder`);
  }
  return q;
}
