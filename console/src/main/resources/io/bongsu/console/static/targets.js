// Scrape targets grouped by pool, as Prometheus's targets page shows them.
import { api } from './api.js';
import { h, clear } from './dom.js';
import { ago, formatDuration } from './time.js';
import { readState, writeState } from './url.js';

export function mount(root) {
  let state = readState();
  const body = h('div.pools');
  const summary = h('span.query-stats');
  const search = h('input.search', { type: 'search', placeholder: 'Filter by endpoint or labels', value: state.search || '',
    'aria-label': 'Filter targets', on: { input: () => { writeState({ search: search.value || null }); state = readState(); draw(); } } });
  const unhealthy = h('input', { type: 'checkbox', checked: state.health === 'unhealthy',
    on: { change: () => { writeState({ health: unhealthy.checked ? 'unhealthy' : null }); state = readState(); draw(); } } });
  root.append(h('div.page.targets',
    h('header.page-head', h('h1', 'Targets'), h('div.page-actions',
      search, h('label.ctl', unhealthy, ' Unhealthy only'), summary)),
    body));

  let data = null;
  let timer = null;

  async function load() {
    try {
      data = await api.targets();
      draw();
    } catch (e) {
      clear(body).append(h('div.query-error', e.message));
    }
  }

  function draw() {
    if (!data) return;
    clear(body);
    const needle = (state.search || '').toLowerCase();
    const pools = new Map();
    for (const t of data.activeTargets || []) {
      if (!pools.has(t.scrapePool)) pools.set(t.scrapePool, []);
      pools.get(t.scrapePool).push(t);
    }
    const all = data.activeTargets || [];
    summary.textContent = `${all.filter((t) => t.health === 'up').length}/${all.length} up`;
    if (!pools.size) body.append(h('p.hint', 'No scrape targets configured.'));
    for (const [pool, targets] of [...pools].sort((a, b) => a[0].localeCompare(b[0]))) {
      const shown = targets.filter((t) => (state.health !== 'unhealthy' || t.health !== 'up')
        && (!needle || (t.scrapeUrl + ' ' + JSON.stringify(t.labels)).toLowerCase().includes(needle)));
      if (!shown.length) continue;
      const up = targets.filter((t) => t.health === 'up').length;
      body.append(h('details.pool', { open: true, 'data-pool': pool },
        h('summary', h('span.pool-name', pool), h('span', { class: 'badge ' + (up === targets.length ? 'up' : 'down') }, `${up}/${targets.length} up`)),
        h('table.data-table.targets-table',
          h('thead', h('tr', ['Endpoint', 'State', 'Labels', 'Last scrape', 'Duration', 'Error'].map((c) => h('th', c)))),
          h('tbody', shown.map((t) => h('tr.target', { 'data-health': t.health },
            h('td', h('a', { href: t.scrapeUrl, target: '_blank', rel: 'noopener' }, t.scrapeUrl)),
            h('td', h('span', { class: 'badge ' + t.health }, t.health.toUpperCase())),
            h('td.labels', Object.entries(t.labels).map(([k, v]) => h('span.chip', `${k}="${v}"`))),
            h('td', { title: t.lastScrape }, ago(t.lastScrape)),
            h('td', t.lastScrapeDuration ? formatDuration(t.lastScrapeDuration) : '—'),
            h('td.error', t.lastError || '')))))));
    }
  }

  load();
  timer = setInterval(load, 5000);
  return { destroy() { clearInterval(timer); } };
}
