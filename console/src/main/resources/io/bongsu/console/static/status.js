// Server status: build, runtime, storage and ingest rate.
import { api } from './api.js';
import { h, clear } from './dom.js';
import { formatDuration, formatTime, formatValue } from './time.js';

function bytes(n) {
  if (!Number.isFinite(n)) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return `${n.toFixed(i ? 1 : 0)} ${units[i]}`;
}

async function scalarOf(query) {
  const d = await api.query(query);
  return d.result.length ? Number(d.result[0].value[1]) : NaN;
}

function card(title, rows) {
  return h('section.card', h('h2', title), h('table.kv', h('tbody',
    rows.map(([k, v]) => h('tr', h('th', k), h('td', v))))));
}

export function mount(root) {
  const body = h('div.cards');
  root.append(h('div.page.status', h('header.page-head', h('h1', 'Status')), body));
  let timer = null;

  async function load() {
    const [build, runtime, tsdb, rate, blocksBytes] = await Promise.allSettled([
      api.buildInfo(), api.runtimeInfo(), api.tsdb(),
      scalarOf('sum(rate(prometheus_tsdb_head_samples_appended_total[1m]))'),
      scalarOf('sum(prometheus_tsdb_storage_blocks_bytes)'),
    ]);
    clear(body);
    const v = (r) => (r.status === 'fulfilled' ? r.value : null);
    const b = v(build) || {};
    const rt = v(runtime) || {};
    const ts = v(tsdb);
    const start = Date.parse(rt.startTime);
    body.append(card('Server', [
      ['Version', b.version || '—'],
      ['Revision', b.revision || '—'],
      ['Started', Number.isFinite(start) ? formatTime(start / 1000) : '—'],
      ['Uptime', Number.isFinite(start) ? h('span#uptime', formatDuration((Date.now() - start) / 1000)) : '—'],
      ['Working directory', rt.CWD || '—'],
      ['Last config reload', rt.reloadConfigSuccess === false ? 'failed' : (rt.lastConfigTime ? formatTime(Date.parse(rt.lastConfigTime) / 1000) : '—')],
      ['Retention', rt.storageRetention || '—'],
    ]));
    const head = ts?.headStats || {};
    const r = v(rate);
    body.append(card('Storage', [
      ['Head series', h('span#series-count', head.numSeries != null ? head.numSeries.toLocaleString() : '—')],
      ['Head chunks', head.chunkCount != null ? head.chunkCount.toLocaleString() : '—'],
      ['Head time range', head.minTime ? `${formatTime(head.minTime / 1000)} → ${formatTime(head.maxTime / 1000)}` : '—'],
      ['Blocks on disk', bytes(v(blocksBytes))],
      ['Ingest rate', h('span#ingest-rate', Number.isFinite(r) ? `${formatValue(r)} samples/s` : '—')],
    ]));
    if (ts) {
      body.append(topTable('Top metrics by series', ts.seriesCountByMetricName));
      body.append(topTable('Top labels by value count', ts.labelValueCountByLabelName));
    }
  }

  function topTable(title, entries) {
    return h('section.card', h('h2', title), h('table.data-table', h('tbody',
      (entries || []).map((e) => h('tr', h('td', e.name), h('td.num', e.value.toLocaleString()))))));
  }

  load();
  timer = setInterval(load, 15000);
  return { destroy() { clearInterval(timer); } };
}
