// The console shell: side navigation, theme and client-side routing by path.
import { h, clear } from './dom.js';

const VIEWS = [
  { path: 'explore', title: 'Explore', icon: 'M10 4a6 6 0 1 0 3.5 10.9l4.3 4.3 1.4-1.4-4.3-4.3A6 6 0 0 0 10 4zm0 2a4 4 0 1 1 0 8 4 4 0 0 1 0-8z', load: () => import('./explore.js') },
  { path: 'dashboards', title: 'Dashboards', icon: 'M3 3h8v10H3zm10 0h8v6h-8zM3 15h8v6H3zm10-4h8v10h-8z', load: () => import('./dashboards.js') },
  { path: 'targets', title: 'Targets', icon: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zm0 2a7 7 0 1 1 0 14 7 7 0 0 1 0-14zm0 3a4 4 0 1 0 0 8 4 4 0 0 0 0-8zm0 2a2 2 0 1 1 0 4 2 2 0 0 1 0-4z', load: () => import('./targets.js') },
  { path: 'status', title: 'Status', icon: 'M3 13h4l2-6 4 12 2-6h6v-2h-7.4L13 13 9 1 5.6 11H3z', load: () => import('./status.js') },
];
// Planned signals, shown so the layout reads as it will; they are not links yet.
const PLANNED = ['Logs', 'Traces', 'Alerts'];

const nav = document.getElementById('nav-links');
const view = document.getElementById('view');
let current = null;

function icon(path) {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('class', 'icon');
  const p = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  p.setAttribute('d', path);
  p.setAttribute('fill-rule', 'evenodd');
  svg.append(p);
  return svg;
}

function renderNav(active) {
  clear(nav);
  for (const v of VIEWS) {
    nav.append(h('a.nav-link', { href: '/' + v.path, class: v.path === active ? 'active' : null, 'data-view': v.path },
      icon(v.icon), h('span.label', v.title)));
  }
  nav.append(h('div.nav-section', 'Coming later'));
  for (const p of PLANNED) nav.append(h('span.nav-link.planned', { title: 'Not built yet' }, h('span.icon'), h('span.label', p)));
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
  if (a.pathname !== location.pathname && current?.canLeave?.() !== false) {
    history.pushState(null, '', a.pathname);
    route();
  }
});
// The URL the view last showed, so that Back can be undone when the view has unsaved work.
let shown = location.href;
for (const name of ['pushState', 'replaceState']) {
  const native = history[name].bind(history);
  history[name] = (...args) => {
    native(...args);
    shown = location.href;
  };
}
// A view that navigates itself after saving sends a popstate with `state.saved`: nothing to ask.
window.addEventListener('popstate', (e) => {
  if (!e.state?.saved && current?.canLeave?.() === false) {
    history.pushState(null, '', shown);
    return;
  }
  shown = location.href;
  route();
});

document.getElementById('theme-toggle').addEventListener('click', () => {
  if (current?.canLeave?.() === false) return;
  const next = document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark';
  document.documentElement.dataset.theme = next;
  localStorage.setItem('bongsu.theme', next);
  route();
});

route();
