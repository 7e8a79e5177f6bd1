// The PromQL editor: a textarea over a highlighted copy of its text, with autocomplete of
// metric names, functions, label names and label values from the API.
import { api } from './api.js';
import { h, clear } from './dom.js';
import { AGGREGATIONS, FUNCTIONS, KEYWORDS, completionContext, tokenize } from './promql.js';

const cache = new Map();

function cached(key, load) {
  if (!cache.has(key)) cache.set(key, load().catch((e) => { cache.delete(key); throw e; }));
  return cache.get(key);
}

async function candidates(ctx) {
  if (ctx.kind === 'metric') {
    const names = await cached('metrics', () => api.labelValues('__name__'));
    return [
      ...names.map((n) => ({ text: n, kind: 'metric' })),
      ...FUNCTIONS.map((n) => ({ text: n, kind: 'function' })),
      ...AGGREGATIONS.map((n) => ({ text: n, kind: 'aggregation' })),
      ...KEYWORDS.map((n) => ({ text: n, kind: 'keyword' })),
    ];
  }
  const match = ctx.metric ? [ctx.metric] : undefined;
  if (ctx.kind === 'label') {
    const names = await cached('labels:' + (ctx.metric || ''), () => api.labels(match));
    return names.filter((n) => n !== '__name__').map((n) => ({ text: n, kind: 'label' }));
  }
  const values = await cached(`values:${ctx.metric || ''}:${ctx.label}`, () => api.labelValues(ctx.label, match));
  return values.map((v) => ({ text: v, kind: 'value' }));
}

function rank(items, prefix) {
  const p = prefix.toLowerCase();
  const starts = [];
  const contains = [];
  for (const it of items) {
    const t = it.text.toLowerCase();
    if (t === p && it.kind !== 'value') continue;
    if (t.startsWith(p)) starts.push(it); else if (p && t.includes(p)) contains.push(it);
  }
  return starts.concat(contains).slice(0, 60);
}

export function createEditor({ value = '', placeholder = '', onRun, onInput }) {
  const highlight = h('pre.editor-hl', { 'aria-hidden': 'true' });
  const input = h('textarea.editor-input', {
    spellcheck: false, autocomplete: 'off', autocapitalize: 'off', rows: 1, placeholder,
    'aria-label': 'PromQL query',
  });
  const list = h('ul.editor-completions', { role: 'listbox', hidden: true });
  const el = h('div.editor', highlight, input, list);
  input.value = value;

  let items = [];
  let selected = 0;
  let ctx = null;
  let seq = 0;

  function render() {
    const text = input.value;
    clear(highlight);
    for (const tok of tokenize(text)) {
      highlight.append(tok.type === 'space' || tok.type === 'other' ? tok.text : h('span.tok-' + tok.type, tok.text));
    }
    highlight.append('\n');
    input.style.height = 'auto';
    input.style.height = input.scrollHeight + 'px';
  }

  function close() {
    list.hidden = true;
    items = [];
    ctx = null;
  }

  function show() {
    clear(list);
    if (!items.length) { close(); return; }
    items.forEach((it, i) => {
      list.append(h('li', {
        class: i === selected ? 'selected' : null, role: 'option',
        on: { mousedown: (e) => { e.preventDefault(); accept(i); } },
      }, h('span.c-text', it.text), h('span.c-kind', it.kind)));
    });
    list.hidden = false;
    list.children[selected]?.scrollIntoView({ block: 'nearest' });
  }

  async function complete(force = false) {
    const pos = input.selectionStart;
    if (pos !== input.selectionEnd) { close(); return; }
    const c = completionContext(input.value, pos);
    if (!c || (!force && c.kind === 'metric' && c.prefix.length < 1)) { close(); return; }
    const mine = ++seq;
    try {
      const all = await candidates(c);
      if (mine !== seq) return;
      ctx = c;
      items = rank(all, c.prefix);
      selected = 0;
      show();
    } catch {
      close();
    }
  }

  function accept(i) {
    const it = items[i];
    if (!it || !ctx) return;
    const pos = input.selectionStart;
    let insert = it.text;
    let caret = insert.length;
    if (it.kind === 'function' || it.kind === 'aggregation') { insert += '()'; caret = insert.length - 1; }
    if (it.kind === 'label' && /\{[^}]*$/.test(input.value.slice(0, ctx.from))) { insert += '=""'; caret = insert.length - 1; }
    if (it.kind === 'value') insert = insert.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
    if (it.kind === 'value') caret = insert.length;
    const text = input.value;
    input.value = text.slice(0, ctx.from) + insert + text.slice(pos);
    const at = ctx.from + caret;
    input.setSelectionRange(at, at);
    close();
    render();
    onInput?.(input.value);
    if (it.kind === 'label' || it.kind === 'function' || it.kind === 'aggregation') complete(true);
  }

  input.addEventListener('input', () => { render(); onInput?.(input.value); complete(); });
  input.addEventListener('scroll', () => { highlight.scrollTop = input.scrollTop; highlight.scrollLeft = input.scrollLeft; });
  input.addEventListener('blur', () => setTimeout(close, 100));
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.shiftKey || e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      close();
      onRun?.(input.value);
      return;
    }
    if (e.key === ' ' && e.ctrlKey) { e.preventDefault(); complete(true); return; }
    if (list.hidden) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      selected = (selected + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length;
      show();
    } else if (e.key === 'Enter' || e.key === 'Tab') {
      e.preventDefault();
      accept(selected);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      close();
    }
  });
  requestAnimationFrame(render);
  render();

  return {
    el,
    get value() { return input.value; },
    set value(v) { input.value = v; render(); },
    focus() { input.focus(); },
  };
}
