// Time series graphs with uPlot: aligned steps, optional stacking, our own legend and tooltip,
// drag to zoom.
import { h, clear } from './dom.js';
import { formatTime, formatValue } from './time.js';

const PALETTE = ['#7eb26d', '#eab839', '#6ed0e0', '#ef843c', '#e24d42', '#1f78c1', '#ba43a9',
  '#705da0', '#508642', '#cca300', '#447ebc', '#c15c17', '#890f02', '#0a437c', '#6d1f62',
  '#584477', '#b7dbab', '#f4d598', '#70dbed', '#f9ba8f'];

export function seriesColor(i) {
  return PALETTE[i % PALETTE.length];
}

/** `name{a="b", ...}` as Prometheus prints a label set. */
export function formatLabels(metric) {
  const { __name__: name = '', ...rest } = metric || {};
  const pairs = Object.entries(rest).map(([k, v]) => `${k}="${String(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`);
  return pairs.length || !name ? `${name}{${pairs.join(', ')}}` : name;
}

export function parseSampleValue(s) {
  if (s === '+Inf') return Infinity;
  if (s === '-Inf') return -Infinity;
  return Number(s);
}

/** Puts a matrix on the step grid `start, start+step, ... end`; gaps are null. */
export function toColumns(matrix, start, end, step) {
  const n = Math.round((end - start) / step) + 1;
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = start + i * step;
  const ys = matrix.map((s) => {
    const col = new Array(n).fill(null);
    for (const [t, v] of s.values || []) {
      const i = Math.round((t - start) / step);
      const f = parseSampleValue(v);
      if (i >= 0 && i < n && Number.isFinite(f)) col[i] = f;
    }
    return col;
  });
  return { xs, ys };
}

function stack(ys) {
  const out = [];
  let acc = null;
  for (const col of ys) {
    const next = col.map((v, i) => (v == null ? (acc ? acc[i] : null) : v + (acc && acc[i] != null ? acc[i] : 0)));
    out.push(next);
    acc = next;
  }
  return out;
}

/** Width of the value axis from its longest tick label, so units such as "18.6 GiB" fit. */
function axisSize(u, values) {
  const longest = Math.max(3, ...(values || []).map((v) => String(v).length));
  return Math.ceil(longest * 7.2) + 18;
}

function css(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

/**
 * Draws `matrix` into `container`. Returns {destroy}. `onZoom(startSec, endSec)` is called when
 * the user drags across the plot.
 */
export function renderGraph(container, matrix, { start, end, step, stacked = false, height = 320, onZoom, names, format = formatValue, min, max }) {
  clear(container);
  const { xs, ys } = toColumns(matrix, start, end, step);
  const shown = stacked ? stack(ys) : ys;
  const labels = names || matrix.map((s) => formatLabels(s.metric));
  const plotEl = h('div.graph-plot');
  const tooltip = h('div.graph-tooltip', { hidden: true });
  const legend = h('ul.graph-legend');
  container.append(h('div.graph-wrap', plotEl, tooltip), legend);

  const axis = { stroke: css('--muted'), grid: { stroke: css('--grid'), width: 1 }, ticks: { stroke: css('--grid'), width: 1 } };
  const opts = {
    width: Math.max(200, container.clientWidth),
    height,
    legend: { show: false },
    cursor: { drag: { x: true, y: false, setScale: false }, points: { size: 6 } },
    scales: { x: { time: true, range: [start, end] },
      y: min != null || max != null ? { range: (u, lo, hi) => [min ?? lo, max ?? hi] } : {} },
    axes: [{ ...axis, space: 70 }, { ...axis, size: axisSize, values: (u, vals) => vals.map(format) }],
    series: [{}, ...labels.map((label, i) => ({
      label,
      stroke: seriesColor(i),
      width: 1.5,
      fill: stacked ? seriesColor(i) + '55' : undefined,
      spanGaps: false,
      points: { show: false },
    }))],
    bands: stacked ? ys.slice(1).map((_, i) => ({ series: [i + 2, i + 1] })) : [],
    hooks: {
      setCursor: [(u) => showTooltip(u)],
      setSelect: [(u) => {
        if (u.select.width < 5) return;
        const a = u.posToVal(u.select.left, 'x');
        const b = u.posToVal(u.select.left + u.select.width, 'x');
        u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
        onZoom?.(a, b);
      }],
    },
  };
  const plot = new uPlot(opts, [xs, ...shown], plotEl);

  function showTooltip(u) {
    const idx = u.cursor.idx;
    if (idx == null || u.cursor.left < 0) { tooltip.hidden = true; return; }
    const rows = [];
    ys.forEach((col, i) => {
      if (u.series[i + 1].show && col[idx] != null) rows.push([i, col[idx]]);
    });
    if (!rows.length) { tooltip.hidden = true; return; }
    rows.sort((a, b) => b[1] - a[1]);
    clear(tooltip);
    tooltip.append(h('div.tt-time', formatTime(xs[idx])));
    for (const [i, v] of rows.slice(0, 12)) {
      tooltip.append(h('div.tt-row', h('span.swatch', { style: { background: seriesColor(i) } }),
        h('span.tt-label', labels[i]), h('span.tt-value', format(v))));
    }
    if (rows.length > 12) tooltip.append(h('div.tt-more', `+${rows.length - 12} more`));
    tooltip.hidden = false;
    const left = u.cursor.left + u.over.offsetLeft;
    const flip = left > plotEl.clientWidth / 2;
    tooltip.style.left = flip ? '' : left + 16 + 'px';
    tooltip.style.right = flip ? plotEl.clientWidth - left + 16 + 'px' : '';
    tooltip.style.top = u.cursor.top + u.over.offsetTop + 'px';
  }

  labels.forEach((label, i) => {
    const item = h('li.legend-item', { title: 'Click to hide or show; Ctrl-click to show only this series',
      on: { click: (e) => toggle(i, e.ctrlKey || e.metaKey) } },
      h('span.swatch', { style: { background: seriesColor(i) } }), h('span.legend-label', label));
    legend.append(item);
  });

  function toggle(i, only) {
    plot.batch(() => {
      if (only) {
        const alone = plot.series.every((s, j) => j === 0 || j === i + 1 || !s.show);
        plot.series.forEach((s, j) => { if (j > 0) plot.setSeries(j, { show: alone || j === i + 1 }); });
      } else {
        plot.setSeries(i + 1, { show: !plot.series[i + 1].show });
      }
    });
    [...legend.children].forEach((li, j) => li.classList.toggle('off', !plot.series[j + 1].show));
  }

  const resize = new ResizeObserver(() => {
    const w = Math.max(200, container.clientWidth);
    if (w !== plot.width) plot.setSize({ width: w, height });
  });
  resize.observe(container);
  return {
    destroy() {
      resize.disconnect();
      plot.destroy();
    },
  };
}
