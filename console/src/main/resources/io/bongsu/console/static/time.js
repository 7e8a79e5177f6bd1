// Time ranges, durations, auto step and number formatting.
export const RELATIVE_RANGES = ['5m', '15m', '30m', '1h', '3h', '6h', '12h', '1d', '2d', '7d'];

const UNITS = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };

/** Seconds in a Prometheus duration such as `1h30m`, or NaN when it is not one. */
export function parseDuration(text) {
  const s = String(text).trim();
  if (!/^(\d+(ms|s|m|h|d|w|y))+$/.test(s)) return NaN;
  let total = 0;
  for (const [, n, u] of s.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)) total += Number(n) * UNITS[u];
  return total;
}

export function formatDuration(seconds) {
  if (seconds < 1) return `${Math.round(seconds * 1000)}ms`;
  let rest = Math.round(seconds);
  let out = '';
  for (const [u, n] of [['d', 86400], ['h', 3600], ['m', 60], ['s', 1]]) {
    if (rest >= n) {
      out += Math.floor(rest / n) + u;
      rest %= n;
    }
  }
  return out || '0s';
}

/** An absolute time from a URL value: epoch milliseconds or an ISO string. */
export function parseTime(text) {
  if (text == null || text === '') return NaN;
  if (/^\d+$/.test(text)) return Number(text);
  return Date.parse(text);
}

/**
 * The range a view shows, in seconds: `{range: '1h'}` ends now, `{from, to}` (epoch ms) is
 * absolute. Bad input falls back to the last hour.
 */
export function resolveRange(state, now = Date.now()) {
  const from = parseTime(state.from);
  const to = parseTime(state.to);
  if (Number.isFinite(from) && Number.isFinite(to) && to > from) {
    return { start: from / 1000, end: to / 1000, relative: false };
  }
  const span = parseDuration(state.range || '1h') || 3600;
  return { start: now / 1000 - span, end: now / 1000, relative: true };
}

const NICE_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1200, 1800, 3600, 7200,
  10800, 21600, 43200, 86400, 172800, 604800];

/**
 * Grafana's idea of the step: one point per pixel, rounded up to a readable interval, at least
 * one second and never more than Prometheus's 11,000 points per series.
 */
export function autoStep(rangeSeconds, widthPx) {
  const raw = Math.max(1, rangeSeconds / Math.max(100, widthPx), rangeSeconds / 11000);
  return NICE_STEPS.find((s) => s >= raw) || Math.ceil(raw / 86400) * 86400;
}

/** Snaps start and end to multiples of the step so that repeated queries line up. */
export function alignRange(start, end, step) {
  return { start: Math.floor(start / step) * step, end: Math.ceil(end / step) * step };
}

export function formatTime(seconds, withDate = true) {
  const d = new Date(seconds * 1000);
  const p = (n) => String(n).padStart(2, '0');
  const time = `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
  return withDate ? `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${time}` : time;
}

/** A value for people: up to 4 significant digits with SI suffixes for large magnitudes. */
export function formatValue(v) {
  if (v == null || Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  const a = Math.abs(v);
  if (a >= 1e15 || (a > 0 && a < 1e-3)) return v.toExponential(2);
  for (const [n, s] of [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']]) {
    if (a >= n) return trim((v / n).toPrecision(4)) + s;
  }
  return trim(v.toPrecision(4));
}

function trim(s) {
  return s.includes('.') && !s.includes('e') ? s.replace(/\.?0+$/, '') : s;
}

export function ago(isoOrMs, now = Date.now()) {
  const t = typeof isoOrMs === 'number' ? isoOrMs : Date.parse(isoOrMs);
  if (!Number.isFinite(t) || t <= 0) return 'never';
  const s = (now - t) / 1000;
  return s < 1 ? 'just now' : `${formatDuration(s)} ago`;
}

const IEC = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

function iec(v, suffix, decimals) {
  let i = 0;
  let n = Math.abs(v);
  while (n >= 1024 && i < IEC.length - 1) { n /= 1024; i++; }
  const d = decimals ?? (n >= 100 || i === 0 ? 0 : 1);
  return `${v < 0 ? '-' : ''}${n.toFixed(d)} ${IEC[i]}${suffix}`;
}

/** A formatter for one of Grafana's unit ids (the common ones); others fall back to plain. */
export function unitFormatter(unit, decimals) {
  const fixed = (v) => (decimals != null ? v.toFixed(decimals) : formatValue(v));
  const guard = (fn) => (v) => (v == null || !Number.isFinite(v) ? formatValue(v) : fn(v));
  switch (unit) {
    case 'bytes': return guard((v) => iec(v, '', decimals));
    case 'Bps': case 'binBps': return guard((v) => iec(v, '/s', decimals));
    case 'percent': return guard((v) => fixed(v) + '%');
    case 'percentunit': return guard((v) => (decimals != null ? (v * 100).toFixed(decimals) : formatValue(v * 100)) + '%');
    case 's': return guard((v) => (Math.abs(v) >= 60 ? formatDuration(v) : Math.abs(v) >= 1 || v === 0 ? fixed(v) + ' s' : formatValue(v * 1000) + ' ms'));
    case 'ms': return guard((v) => (Math.abs(v) >= 1000 ? formatDuration(v / 1000) : fixed(v) + ' ms'));
    case 'reqps': case 'ops': return guard((v) => fixed(v) + ' /s');
    default: return guard(fixed);
  }
}
