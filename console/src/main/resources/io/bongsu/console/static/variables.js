// Dashboard variables as Grafana defines them for Prometheus: option queries, the variable's
// regex, and interpolation of `$var`, `${var}`, `[[var]]` and the built-in intervals.
import { api } from './api.js';
import { formatDuration } from './time.js';

export const ALL = '$__all';
const SCRAPE_INTERVAL = 15;

/** Escapes regex metacharacters twice over: once for the regex, once for the PromQL string. */
function escapeRegex(s) {
  return s.replace(/\\/g, '\\\\\\\\').replace(/[$^*{}[\]'+?.()|]/g, '\\\\$&');
}

/**
 * A variable's text in a query, as Grafana writes it for Prometheus: one value as is; for multi
 * or "All" variables, values regex-escaped and, when several, joined as `(a|b)`.
 */
export function formatVariable(entry) {
  if (!entry) return '';
  if (!entry.multi) return entry.values[0] ?? '';
  if (entry.all && entry.v.allValue) return entry.v.allValue;
  const values = (entry.all ? entry.options : entry.values).map(escapeRegex);
  return values.length === 1 ? values[0] : `(${values.join('|')})`;
}

/** Replaces variables and `$__interval`, `$__rate_interval`, `$__range` in `text`. */
export function interpolate(text, vars, step = 60, range = 3600) {
  const rate = Math.max(step + SCRAPE_INTERVAL, 4 * SCRAPE_INTERVAL);
  let out = String(text).replace(/\$__rate_interval\b/g, formatDuration(rate))
    .replace(/\$__interval\b/g, formatDuration(step))
    .replace(/\$__range\b/g, formatDuration(range));
  const names = [...vars.keys()].sort((a, b) => b.length - a.length);
  for (const n of names) {
    const value = formatVariable(vars.get(n));
    out = out.split('${' + n + '}').join(value).split('[[' + n + ']]').join(value)
      .replace(new RegExp('\\$' + n + '(?![\\w])', 'g'), () => value);
  }
  return out;
}

/**
 * Replaces variables in a panel or row title with their text, as Grafana shows them: one value
 * as is, several joined by " + ", "All" for all.
 */
export function titleText(text, vars) {
  let out = String(text ?? '');
  if (!out.includes('$') && !out.includes('[[')) return out;
  for (const n of [...vars.keys()].sort((a, b) => b.length - a.length)) {
    const e = vars.get(n);
    const value = !e ? '' : e.all ? 'All' : e.values.join(' + ');
    out = out.split('${' + n + '}').join(value).split('[[' + n + ']]').join(value)
      .replace(new RegExp('\\$' + n + '(?![\\w])', 'g'), () => value);
  }
  return out;
}

/** The variable's query text, whether stored as a string or as Grafana's `{query}` object. */
export function queryText(v) {
  return String(v.query?.query ?? v.query ?? '');
}

/** Whether `text` refers to the variable `name` in any of the three syntaxes. */
export function references(text, name) {
  return text.includes('${' + name + '}') || text.includes('[[' + name + ']]')
    || new RegExp('\\$' + name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '(?![\\w])').test(text);
}

/** Grafana's text form of an instant-query series: `name{a="b",c="d"} value timestamp_ms`. */
function textForm(s) {
  const { __name__: name = '', ...labels } = s.metric || {};
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(',');
  return `${name}{${pairs}} ${s.value[1]} ${Math.round(s.value[0] * 1000)}`;
}

function compileRegex(text) {
  if (!text) return null;
  const m = /^\/(.*)\/([imsuy]*)g?([imsuy]*)$/.exec(text);
  return m ? new RegExp(m[1], m[2] + m[3]) : new RegExp(text);
}

/** The variable's regex as Grafana applies it: drop non-matches, keep the `value` group or group 1. */
function applyRegex(options, regex) {
  const re = compileRegex(regex);
  if (!re) return options;
  const out = new Set();
  for (const o of options) {
    const m = re.exec(o);
    if (!m) continue;
    const value = m.groups?.value ?? m.groups?.text ?? (m.length > 1 ? m[1] : o);
    if (value != null) out.add(value);
  }
  return [...out];
}

function sortOptions(options, sort) {
  const num = (s) => { const m = /-?\d+(\.\d+)?/.exec(s); return m ? Number(m[0]) : NaN; };
  switch (Number(sort) || 0) {
    case 1: return options.sort();
    case 2: return options.sort().reverse();
    case 3: return options.sort((a, b) => num(a) - num(b));
    case 4: return options.sort((a, b) => num(b) - num(a));
    case 5: return options.sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
    case 6: return options.sort((a, b) => b.toLowerCase().localeCompare(a.toLowerCase()));
    default: return options;
  }
}

/**
 * The options of a variable: custom and interval lists, constants, or a query against the API;
 * `query_result` is evaluated at `time` (seconds; now when undefined).
 */
export async function variableOptions(v, expand, time) {
  const q = expand(queryText(v)).trim();
  if (v.type === 'custom' || v.type === 'interval') return q.split(',').map((s) => s.trim()).filter(Boolean);
  if (v.type === 'constant' || v.type === 'textbox') return [q];
  let m;
  let options;
  if ((m = /^label_values\(\s*(.+?)\s*,\s*([a-zA-Z_]\w*)\s*\)$/s.exec(q))) options = await api.labelValues(m[2], [m[1]]);
  else if ((m = /^label_values\(\s*([a-zA-Z_]\w*)\s*\)$/.exec(q))) options = await api.labelValues(m[1]);
  else if ((m = /^label_names\(\s*(.*?)\s*\)$/s.exec(q))) options = await api.labels(m[1] ? [m[1]] : undefined);
  else if ((m = /^metrics\(\s*(.*?)\s*\)$/s.exec(q))) {
    const re = new RegExp(m[1] || '.*');
    options = (await api.labelValues('__name__')).filter((n) => re.test(n));
  } else if ((m = /^query_result\(\s*(.+)\s*\)$/s.exec(q))) {
    const data = await api.query(m[1], time);
    const result = data.resultType === 'scalar' || data.resultType === 'string' ? [{ metric: {}, value: data.result }] : data.result;
    options = result.map(textForm);
  } else throw new Error(`variable ${v.name}: unsupported query ${q}`);
  return sortOptions(applyRegex(options, v.regex), v.sort);
}
