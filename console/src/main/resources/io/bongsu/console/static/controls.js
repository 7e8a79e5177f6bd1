// Controls shared by views.
import { h } from './dom.js';

export const REFRESH_INTERVALS = ['5s', '10s', '30s', '1m', '5m', '15m', '30m', '1h'];

/** Grafana's auto-refresh choices: off or one of the intervals (`refresh=` in the URL). */
export function refreshPicker(value, onChange) {
  const select = h('select#refresh', { 'aria-label': 'Auto-refresh', title: 'Auto-refresh',
    on: { change: () => onChange(select.value || null) } },
  h('option', { value: '' }, 'Auto-refresh off'), REFRESH_INTERVALS.map((r) => h('option', { value: r }, 'Every ' + r)));
  if (value && !REFRESH_INTERVALS.includes(value)) select.append(h('option', { value }, 'Every ' + value));
  select.value = value || '';
  return select;
}
