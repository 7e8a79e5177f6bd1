// PromQL tokens for highlighting and for finding the autocomplete context at the cursor.
export const FUNCTIONS = ('abs absent absent_over_time acos acosh asin asinh atan atanh avg_over_time '
  + 'ceil changes clamp clamp_max clamp_min cos cosh count_over_time day_of_month day_of_week '
  + 'day_of_year days_in_month deg delta deriv exp floor histogram_avg histogram_count '
  + 'histogram_fraction histogram_quantile histogram_stddev histogram_stdvar histogram_sum hour '
  + 'idelta increase irate label_join label_replace last_over_time ln log10 log2 mad_over_time '
  + 'max_over_time min_over_time minute month pi predict_linear present_over_time '
  + 'quantile_over_time rad rate resets round scalar sgn sin sinh sort sort_by_label '
  + 'sort_by_label_desc sort_desc sqrt stddev_over_time stdvar_over_time sum_over_time tan tanh '
  + 'time timestamp vector year').split(' ');
export const AGGREGATIONS = 'sum min max avg group stddev stdvar count count_values bottomk topk quantile limitk limit_ratio'.split(' ');
export const KEYWORDS = 'by without on ignoring group_left group_right bool and or unless offset'.split(' ');

const GROUPING = ['by', 'without', 'on', 'ignoring', 'group_left', 'group_right'];

const RULES = [
  ['comment', /#[^\n]*/y],
  ['string', /"(?:[^"\\\n]|\\.)*"?|'(?:[^'\\\n]|\\.)*'?|`[^`]*`?/y],
  ['duration', /\[[^\]\n]*\]?/y],
  ['number', /(?:0x[0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|Inf|NaN)(?![\w:])/y],
  ['ident', /[a-zA-Z_:][\w:]*/y],
  ['op', /=~|!~|!=|==|<=|>=|[-+*/%^<>=]/y],
  ['punct', /[(){},@]/y],
  ['space', /\s+/y],
  ['other', /./y],
];

/** Splits a query into [{type, text, start}] tokens, classifying identifiers by role. */
export function tokenize(text) {
  const out = [];
  let pos = 0;
  let braces = 0;
  // After by/without/on/ignoring/group_x, the parenthesised list holds label names.
  let grouping = 0;
  while (pos < text.length) {
    for (const [type, re] of RULES) {
      re.lastIndex = pos;
      const m = re.exec(text);
      if (!m || !m[0]) continue;
      let t = type;
      if (type === 'punct') {
        braces += m[0] === '{' ? 1 : m[0] === '}' ? -1 : 0;
        if (m[0] === '(' && grouping === 1) grouping = 2;
        else if (m[0] === ')' && grouping === 2) grouping = 0;
      }
      if (type === 'ident') {
        t = grouping === 2 ? 'label' : classify(m[0], braces > 0, text, pos + m[0].length);
        if (GROUPING.includes(m[0]) && t === 'keyword') grouping = 1;
      }
      out.push({ type: t, text: m[0], start: pos });
      pos += m[0].length;
      break;
    }
  }
  return out;
}

function classify(word, inBraces, text, after) {
  if (inBraces) return 'label';
  const rest = text.slice(after).trimStart();
  if (FUNCTIONS.includes(word) && rest.startsWith('(')) return 'function';
  if (AGGREGATIONS.includes(word) && (rest.startsWith('(') || /^(by|without)\b/.test(rest))) return 'function';
  if (KEYWORDS.includes(word)) return 'keyword';
  return 'metric';
}

/**
 * What to complete at `pos`: {kind: 'metric'|'label'|'value', prefix, metric, label, from}.
 * `from` is where the replaced word starts.
 */
export function completionContext(text, pos) {
  const before = text.slice(0, pos);
  // Inside a string after `label=`: complete that label's values.
  const value = /([a-zA-Z_][\w]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)$/.exec(before);
  const open = openBrace(before);
  if (value && open >= 0) {
    return { kind: 'value', label: value[1], prefix: value[3], from: pos - value[3].length,
      metric: metricBefore(before, open) };
  }
  const word = /[a-zA-Z_:][\w:]*$/.exec(before);
  const prefix = word ? word[0] : '';
  const from = pos - prefix.length;
  if (open >= 0) {
    const head = before.slice(open + 1, from);
    // Only in label-name position: after `{` or `,`, not after an operator.
    if (/(^|,)\s*$/.test(head)) return { kind: 'label', prefix, from, metric: metricBefore(before, open) };
    return null;
  }
  if (/\b(by|without|on|ignoring|group_left|group_right)\s*\(([\w\s,]*)$/.test(before.slice(0, from) + prefix)) {
    return { kind: 'label', prefix, from, metric: null };
  }
  if (/\[[^\]]*$/.test(before) || /"[^"]*$/.test(before.replace(/"(?:[^"\\]|\\.)*"/g, ''))) return null;
  if (!prefix) return null;
  return { kind: 'metric', prefix, from };
}

function openBrace(before) {
  const stripped = before.replace(/"(?:[^"\\]|\\.)*"?/g, (s) => ' '.repeat(s.length));
  const o = stripped.lastIndexOf('{');
  return o > stripped.lastIndexOf('}') ? o : -1;
}

function metricBefore(text, bracePos) {
  const m = /([a-zA-Z_:][\w:]*)\s*$/.exec(text.slice(0, bracePos));
  return m ? m[1] : null;
}
