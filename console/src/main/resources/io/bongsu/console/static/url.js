// View state lives in the URL's query string so every view is a shareable link.
export function readState() {
  return Object.fromEntries(new URLSearchParams(location.search));
}

/** Merges `changes` into the URL (null removes a key); `push` adds a history entry. */
export function writeState(changes, push = false) {
  const p = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(changes)) {
    if (v == null || v === '') p.delete(k); else p.set(k, v);
  }
  const qs = p.toString();
  const url = location.pathname + (qs ? '?' + qs : '');
  if (url === location.pathname + location.search) return;
  if (push) history.pushState(null, '', url); else history.replaceState(null, '', url);
}

/** Every value of a repeated key, as Grafana writes multi-value variables (`var-x=a&var-x=b`). */
export function readList(key) {
  return new URLSearchParams(location.search).getAll(key);
}

export function writeList(key, values, push = false) {
  const p = new URLSearchParams(location.search);
  p.delete(key);
  for (const v of values) p.append(key, v);
  const qs = p.toString();
  const url = location.pathname + (qs ? '?' + qs : '');
  if (push) history.pushState(null, '', url); else history.replaceState(null, '', url);
}
