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
