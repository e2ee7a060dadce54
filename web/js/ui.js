// Building the DOM, and Dutch number formats.

/** h('p', {class: 'x'}, 'text', child) — creates an element; attributes starting with "on" are listeners. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

const intFmt = new Intl.NumberFormat('nl-BE');
const euroFmt = new Intl.NumberFormat('nl-BE', { style: 'currency', currency: 'EUR' });

export const fmtInt = (n) => (n === null || n === undefined ? '' : intFmt.format(n));
export const fmtEuro = (cents) =>
  cents === null || cents === undefined ? '' : euroFmt.format(cents / 100);
const pctFmt = new Intl.NumberFormat('nl-BE', { maximumFractionDigits: 1 });
/** "22.5" (decimal string of a percentage) -> "22,5 %" (one decimal at most on screen) */
export function fmtPct(p) {
  if (p === null || p === undefined || p === '') return '';
  return pctFmt.format(Number(p)) + ' %';
}
const MONTHS = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];
/** "2024-12" -> "december 2024" (anything else as it is) */
export function fmtMonth(ym) {
  const [y, m] = String(ym || '').split('-');
  return MONTHS[Number(m) - 1] && /^\d{4}$/.test(y) ? `${MONTHS[Number(m) - 1]} ${y}` : ym || '';
}
/**
 * A period of the figures in words: "2024-06" -> "juni 2024", "2024-Q2" -> "2e kwartaal 2024",
 * "2024-H1" -> "1e halfjaar 2024", "2023-12..2024-06" -> "december 2023 tot juni 2024" (as the
 * downloads write it).
 */
export function fmtPeriod(p) {
  const text = String(p || '');
  const q = text.match(/^(\d{4})-Q([1-4])$/);
  if (q) return `${q[2]}e kwartaal ${q[1]}`;
  const half = text.match(/^(\d{4})-H([12])$/);
  if (half) return `${half[2]}e halfjaar ${half[1]}`;
  const range = text.split('..');
  if (range.length === 2) return `${fmtMonth(range[0])} tot ${fmtMonth(range[1])}`;
  return fmtMonth(text);
}
export const fmtBool = (b) => (b === null || b === undefined ? '' : b ? 'ja' : 'nee');
/** "2026-12-05" -> "05-12-2026" */
export const fmtDate = (iso) => (iso ? String(iso).slice(0, 10).split('-').reverse().join('-') : '');
const stampFmt = new Intl.DateTimeFormat('nl-BE', {
  timeZone: 'Europe/Brussels',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
/** "2026-12-05T09:00:00Z" -> "05-12-2026 10:00" (Belgian time) */
export function fmtDateTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const p = Object.fromEntries(stampFmt.formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.day}-${p.month}-${p.year} ${p.hour}:${p.minute}`;
}

/** A status message region (role=status for information, role=alert for errors). */
export function message(text, kind = 'info') {
  return h('p', { class: `msg msg-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}

export function euroInputToCents(value) {
  const v = String(value).trim().replace(/\./g, '').replace(',', '.');
  if (v === '') return undefined;
  return Math.round(Number(v) * 100);
}

let idCounter = 0;
export const uid = (prefix) => `${prefix}-${++idCounter}`;

/** A labelled form field. */
export function field(label, input, hint) {
  const id = input.id || uid('f');
  input.id = id;
  const hintEl = hint ? h('span', { class: 'hint', id: id + '-hint' }, hint) : null;
  if (hintEl) input.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { for: id }, label), input, hintEl);
}

export function select(options, value) {
  const s = h('select', {});
  for (const o of options) {
    const [v, l] = Array.isArray(o) ? o : [o, o];
    const opt = h('option', { value: v }, l);
    if (String(v) === String(value)) opt.selected = true;
    s.append(opt);
  }
  return s;
}

/**
 * A data table. columns: [{key, label, format?, numeric?}]; rows: objects. With sortable, the
 * column headings are buttons and aria-sort tells the order.
 */
export function dataTable(caption, columns, rows, { sortable = false, rowHeader = null } = {}) {
  const table = h('table', { class: 'data' });
  table.append(h('caption', {}, caption));
  const thead = h('thead');
  const headRow = h('tr');
  thead.append(headRow);
  const tbody = h('tbody');
  let sortKey = null;
  let sortDir = 1;
  const render = () => {
    tbody.replaceChildren();
    let list = rows;
    if (sortKey) {
      const col = columns.find((c) => c.key === sortKey);
      const val = col.sortValue || ((r) => r[col.key]);
      list = [...rows].sort((a, b) => {
        const x = val(a);
        const y = val(b);
        if (x === y) return 0;
        if (x === null || x === undefined) return 1;
        if (y === null || y === undefined) return -1;
        return (x < y ? -1 : 1) * sortDir;
      });
    }
    for (const r of list) {
      const tr = h('tr');
      for (const c of columns) {
        const v = c.render ? c.render(r) : c.format ? c.format(r[c.key], r) : r[c.key];
        const isHead = c.key === rowHeader;
        tr.append(
          h(
            isHead ? 'th' : 'td',
            { scope: isHead ? 'row' : null, class: [c.numeric && 'num', c.nowrap && 'nowrap'].filter(Boolean).join(' ') || null },
            v,
          ),
        );
      }
      tbody.append(tr);
    }
  };
  for (const c of columns) {
    const th = h('th', { scope: 'col', class: c.numeric ? 'num' : null });
    if (sortable) {
      const btn = h('button', { type: 'button', class: 'sort' }, c.label);
      btn.addEventListener('click', () => {
        if (sortKey === c.key) sortDir = -sortDir;
        else {
          sortKey = c.key;
          sortDir = 1;
        }
        for (const other of headRow.children) other.removeAttribute('aria-sort');
        th.setAttribute('aria-sort', sortDir === 1 ? 'ascending' : 'descending');
        render();
      });
      th.append(btn);
    } else th.textContent = c.label;
    headRow.append(th);
  }
  table.append(thead, tbody);
  render();
  return h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': caption }, table);
}

export function downloadLinks(path, name) {
  const sep = path.includes('?') ? '&' : '?';
  return h(
    'p',
    { class: 'downloads' },
    'Downloaden: ',
    h('a', { href: `/api/v1${path}${sep}format=xlsx`, download: '' }, `${name} (XLSX)`),
    ' · ',
    h('a', { href: `/api/v1${path}${sep}format=csv`, download: '' }, `${name} (CSV)`),
  );
}

/** Key figures: a description list of [label, value, id?] with one group per figure. */
export function kpis(pairs) {
  return h(
    'dl',
    { class: 'kpi' },
    pairs.map(([label, value, id]) => h('div', {}, h('dt', {}, label), h('dd', { id }, value))),
  );
}
