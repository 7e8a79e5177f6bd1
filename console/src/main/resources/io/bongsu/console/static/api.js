// The Prometheus HTTP API v1 on the same origin. Every call resolves to `data` or throws an
// Error whose message is the API's own error text.
export class ApiError extends Error {
  constructor(message, type) {
    super(message);
    this.type = type;
  }
}

async function post(path, qs, signal) {
  return decode(await fetch('/api/v1/' + path, { method: 'POST', body: qs, signal }));
}

function get(path, params, signal) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v == null) continue;
    for (const one of Array.isArray(v) ? v : [v]) qs.append(k, one);
  }
  const s = qs.toString();
  // POST keeps long queries clear of URL length limits, as Prometheus's own UI does.
  if (s.length > 1500) return post(path, qs, signal);
  return fetch('/api/v1/' + path + (s ? '?' + s : ''), { signal }).then(decode);
}

async function decode(res) {
  let json;
  try {
    json = await res.json();
  } catch {
    throw new ApiError(`${res.status} ${res.statusText}: response is not JSON`, 'bad_response');
  }
  if (json.status !== 'success') throw new ApiError(json.error || `HTTP ${res.status}`, json.errorType);
  return json.data;
}

export const api = {
  query: (query, time, signal) => get('query', { query, time }, signal),
  queryRange: (query, start, end, step, signal) => get('query_range', { query, start, end, step }, signal),
  labels: (match) => get('labels', { 'match[]': match }),
  labelValues: (name, match) => get(`label/${encodeURIComponent(name)}/values`, { 'match[]': match }),
  series: (match, start, end) => get('series', { 'match[]': match, start, end }),
  metadata: (metric) => get('metadata', { metric }),
  targets: () => get('targets'),
  buildInfo: () => get('status/buildinfo'),
  runtimeInfo: () => get('status/runtimeinfo'),
  tsdb: () => get('status/tsdb'),
  flags: () => get('status/flags'),
  config: () => get('status/config'),
};
