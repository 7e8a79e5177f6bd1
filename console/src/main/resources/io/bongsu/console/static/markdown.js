// A small Markdown renderer for text panels: headings, paragraphs, emphasis, code, lists,
// block quotes, rules and links. It builds DOM nodes and sets only text, so HTML in the source
// is shown as text and can never run.
import { h } from './dom.js';

const INLINE = /`([^`]+)`|\[([^\]]+)\]\(([^)\s]+)\)|\*\*(.+?)\*\*|(?<!\w)__(.+?)__(?!\w)|\*(.+?)\*|(?<!\w)_(.+?)_(?!\w)/;

/** Only web, mail and same-site links: `javascript:` and other schemes stay plain text. */
function safeHref(url) {
  return /^(https?:\/\/|mailto:|\/|#|\.{0,2}\/)/i.test(url) ? url : null;
}

function inline(text, parent) {
  let rest = text;
  while (rest) {
    const m = INLINE.exec(rest);
    if (!m) { parent.append(rest); return parent; }
    if (m.index) parent.append(rest.slice(0, m.index));
    if (m[1] != null) parent.append(h('code', m[1]));
    else if (m[2] != null) {
      const href = safeHref(m[3]);
      parent.append(href ? inline(m[2], h('a', { href, target: /^https?:/i.test(href) ? '_blank' : null, rel: 'noopener noreferrer' })) : m[0]);
    } else if (m[4] != null || m[5] != null) parent.append(inline(m[4] ?? m[5], h('strong')));
    else parent.append(inline(m[6] ?? m[7], h('em')));
    rest = rest.slice(m.index + m[0].length);
  }
  return parent;
}

const LIST_ITEM = /^\s*([-*+]|\d+[.)])\s+(.*)$/;

/** Renders `source` into a new `div.markdown`. */
export function renderMarkdown(source) {
  const out = h('div.markdown');
  const lines = String(source ?? '').replace(/\r\n?/g, '\n').split('\n');
  let para = [];
  let list = null;
  const flush = () => {
    if (para.length) out.append(inline(para.join(' '), h('p')));
    para = [];
    list = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    let m;
    if (/^\s*```/.test(line)) {
      flush();
      const code = [];
      while (++i < lines.length && !/^\s*```/.test(lines[i])) code.push(lines[i]);
      out.append(h('pre', h('code', code.join('\n'))));
    } else if ((m = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line))) {
      flush();
      out.append(inline(m[2], h('h' + m[1].length)));
    } else if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) {
      flush();
      out.append(h('hr'));
    } else if ((m = LIST_ITEM.exec(line))) {
      const ordered = /\d/.test(m[1]);
      if (para.length || !list || list.ordered !== ordered) {
        flush();
        list = { ordered, el: h(ordered ? 'ol' : 'ul') };
        out.append(list.el);
      }
      list.el.append(inline(m[2], h('li')));
    } else if ((m = /^\s*>\s?(.*)$/.exec(line))) {
      flush();
      out.append(h('blockquote', inline(m[1], h('p'))));
    } else if (!line.trim()) {
      flush();
    } else if (list && /^\s+\S/.test(line)) {
      list.el.lastChild.append(' ', ...inline(line.trim(), h('span')).childNodes);
    } else {
      list = null;
      para.push(line.trim());
    }
  }
  flush();
  return out;
}
