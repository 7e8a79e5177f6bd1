// The console shell: side navigation, theme and client-side routing by path.
import { h, clear } from './dom.js';

const VIEWS = [
  { path: 'explore', title: 'Explore', icon: '⌕', load: () => import('./explore.js') },
  { path: 'targets', title: 'Targets', icon: '◎', load: () => import('./targets.js') },
  { path: 'status', title: 'Status', icon: 'ⓘ', load: () => import('./status.js') },
];
// Planned signals, shown so the layout reads as it will; they are not links yet.
const PLANNED = ['Dashboards', 'Logs', 'Traces', 'Alerts'];

const nav = document.getElementById('nav-links');
const view = document.getElementById('view');
let current = null;

function renderNav(active) {
  clear(nav);
  for (const v of VIEWS) {
    nav.append(h('a.nav-link', { href: '/' + v.path, class: v.path === active ? 'active' : null, 'data-view': v.path },
      h('span.icon', v.icon), h('span.label', v.title)));
  }
  nav.append(h('div.nav-section', 'Coming later'));
  for (const p of PLANNED) nav.append(h('span.nav-link.planned', { title: 'Not built yet' }, h('span.icon', '·'), h('span.label', p)));
}

async function route() {
  const name = location.pathname.split('/')[1] || 'explore';
  const v = VIEWS.find((x) => x.path === name) || VIEWS[0];
  if (location.pathname === '/') history.replaceState(null, '', '/explore' + location.search);
  renderNav(v.path);
  current?.destroy?.();
  current = null;
  clear(view);
  document.title = `${v.title} · Bongsu`;
  const mod = await v.load();
  current = mod.mount(view);
}

document.addEventListener('click', (e) => {
  const a = e.target.closest('a.nav-link, a.brand');
  if (!a || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
  e.preventDefault();
  if (a.pathname !== location.pathname) {
    history.pushState(null, '', a.pathname);
    route();
  }
});
window.addEventListener('popstate', route);

document.getElementById('theme-toggle').addEventListener('click', () => {
  const next = document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark';
  document.documentElement.dataset.theme = next;
  localStorage.setItem('bongsu.theme', next);
  route();
});

route();
