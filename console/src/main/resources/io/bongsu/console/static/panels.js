// Panel bodies by type: time series, stat, gauge, bar gauge, table and text. Each draws into a
// body element and resolves when the data is drawn.
import { api } from './api.js';
import { formatLabels, parseSampleValue, renderGraph } from './chart.js';
import { h } from './dom.js';
import { renderMarkdown } from './markdown.js';
import { alignRange, autoStep, unitFormatter } from './time.js';

export const PANEL_TYPES = [['timeseries', 'Time series'], ['stat', 'Stat'], ['gauge', 'Gauge'],
  ['bargauge', 'Bar gauge'], ['table', 'Table'], ['text', 'Text']];
const SUPPORTED = new Set(['graph', ...PANEL_TYPES.map(([t]) => t)]);
const NAMED = { green: '#73bf69', red: '#f2495c', orange: '#ff9830', yellow: '#fade2a', blue: '#5794f2', purple: '#b877d9',
  'dark-green': '#37872d', 'dark-red': '#c4162a', 'dark-orange': '#fa6400', 'dark-yellow': '#e0b400', 'dark-blue': '#1f60c4' };

/** A Grafana colour name or a CSS colour as a hex or CSS colour. */
export function colorValue(c) {
  return NAMED[c] || c;
}

export function thresholdColor(defaults, value, fallback = 'var(--fg)') {
  let color = null;
  for (const s of defaults.thresholds?.steps || []) if (s.value == null || value >= s.value) color = s.color;
  return color ? colorValue(color) : fallback;
}

function legendName(format, metric) {
  if (!format) return formatLabels(metric);
  return format.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, k) => metric[k] ?? '');
}

/**
 * Draws panel `p` into `body`. `ctx` has `expand(expr, step, rangeSeconds)` for variables,
 * `range` ({start, end, relative}), `width` in pixels, an abort `signal` and, for graphs,
 * `onZoom(startSec, endSec)` when the user drags across the plot. Resolves to a
 * destroy function or null.
 */
export async function drawPanel(p, body, ctx) {
  if (!SUPPORTED.has(p.type)) {
    body.append(h('p.hint', `Panel type "${p.type}" is not supported yet.`));
    return null;
  }
  if (p.type === 'text') {
    const content = p.options?.content ?? p.content ?? '';
    const mode = p.options?.mode ?? p.mode ?? 'markdown';
    body.append(mode === 'markdown' ? h('div.panel-text.markdown-text', renderMarkdown(content)) : h('div.panel-text', content));
    return null;
  }
  const { range: r, signal } = ctx;
  const defaults = p.fieldConfig?.defaults || {};
  const format = unitFormatter(defaults.unit, defaults.decimals);
  const step = autoStep(r.end - r.start, ctx.width);
  const targets = (p.targets || []).filter((t) => t.expr && !t.hide);
  if (p.type === 'timeseries' || p.type === 'graph') {
    const { start, end } = alignRange(r.start, r.end, step);
    const results = await Promise.all(targets.map((t) => api.queryRange(ctx.expand(t.expr, step, r.end - r.start), start, end, step, signal)
      .then((d) => d.result.map((s) => ({ s, name: legendName(t.legendFormat, s.metric) })))));
    const all = results.flat();
    if (!all.length) { body.append(h('p.hint', 'No data')); return null; }
    const stacked = defaults.custom?.stacking?.mode === 'normal' || p.stack === true;
    // The body has its grid height by now; the legend keeps up to three lines under the plot.
    const height = Math.max(80, (body.clientHeight || 200) - Math.min(3, all.length) * 18 - 8);
    const g = renderGraph(body, all.map((x) => x.s), { start, end, step, stacked, height, format, names: all.map((x) => x.name),
      min: defaults.min, max: defaults.max, onZoom: ctx.onZoom });
    return () => g.destroy();
  }
  const time = r.relative ? undefined : r.end;
  const results = await Promise.all(targets.map((t) => api.query(ctx.expand(t.expr, step, r.end - r.start), time, signal)
    .then((d) => (d.resultType === 'scalar' ? [{ metric: {}, value: d.result }] : d.result)
      .map((s) => ({ name: legendName(t.legendFormat, s.metric), v: parseSampleValue(s.value[1]) })))));
  const rows = results.flat();
  if (!rows.length) { body.append(h('p.hint', 'No data')); return null; }
  if (p.type === 'table') {
    body.append(h('table.data-table', h('tbody', rows.map((x) => h('tr', h('td.series', x.name), h('td.num', format(x.v)))))));
  } else if (p.type === 'gauge') {
    body.append(gauge(rows[0].v, defaults, format));
  } else if (p.type === 'bargauge') {
    body.append(barGauge(rows, defaults, format));
  } else {
    body.append(h('div.stat-value', { style: { color: thresholdColor(defaults, rows[0].v) } }, format(rows[0].v)));
  }
  return null;
}

/** Grafana's bar gauge, horizontal: one bar per series from min to max in its threshold colour. */
function barGauge(rows, defaults, format) {
  const finite = rows.map((x) => x.v).filter(Number.isFinite);
  const min = defaults.min ?? Math.min(0, ...finite);
  const max = defaults.max ?? Math.max(min + 1, ...finite);
  return h('div.bar-gauge', rows.map((x) => {
    const frac = Number.isFinite(x.v) ? Math.min(1, Math.max(0, (x.v - min) / (max - min || 1))) : 0;
    const color = thresholdColor(defaults, x.v, '#73bf69');
    return h('div.bar-row', h('div.bar-label', { title: x.name }, x.name),
      h('div.bar-track', h('div.bar-fill', { style: { width: (frac * 100).toFixed(2) + '%', background: color } })),
      h('div.bar-value', { style: { color } }, format(x.v)));
  }));
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
