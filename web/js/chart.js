// A line chart as inline SVG, as wide as the page. The chart is an image with a title and a text summary
// (role="img"); the numbers themselves are in the data table that the page shows beside it.

const NS = 'http://www.w3.org/2000/svg';
// Colours with at least 3:1 contrast on white, and a dash pattern each, so that the series
// differ without colour too.
export const SERIES_STYLE = [
  { color: '#1f4e79', dash: '' },
  { color: '#a34700', dash: '6 3' },
  { color: '#2e6b30', dash: '2 3' },
  { color: '#6a1b9a', dash: '10 3 2 3' },
  { color: '#00695c', dash: '1 3' },
  { color: '#7a5c00', dash: '8 2 1 2 1 2' },
  { color: '#b0003a', dash: '' },
  { color: '#37474f', dash: '4 4' },
  { color: '#1565c0', dash: '2 2 6 2' },
  { color: '#4e342e', dash: '12 4' },
  { color: '#ad1457', dash: '6 2 2 2' },
];

function el(tag, attrs, text) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

function niceMax(v) {
  if (v <= 0) return 10;
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

let chartCount = 0;

// A hidden figure is never drawn as a number: the line breaks there and a mark stands in a
// band under the axis, one row per series — a square for a count of fewer than k persons, a
// diamond for a figure hidden to protect a small count elsewhere.
function hiddenMark(reason, x, y, color) {
  if (reason === 'secondary') {
    return el('path', {
      d: `M${x},${y - 5} L${x + 5},${y} L${x},${y + 5} L${x - 5},${y} Z`,
      fill: '#fff',
      stroke: color,
      'stroke-width': 2,
      class: 'hidden-mark',
    });
  }
  return el('rect', { x: x - 4, y: y - 4, width: 8, height: 8, fill: '#fff', stroke: color, 'stroke-width': 2, class: 'hidden-mark' });
}

/**
 * periods: labels; series: [{label, values: (number|null)[], suppressed: (false|'primary'|
 * 'secondary')[], pending?: bool[], tips?: string[], style?}] where style is the index of the
 * series' colour and dash pattern (default: its position), `pending` marks a provisional value
 * (drawn as an open circle, its segment dotted) and `tips` are the tooltips of the points. The
 * first series is the own one: drawn last (on top) and thicker. unit: '%' or '' (a count);
 * yTitle and xTitle name the axes. Returns an <svg role="img"> with <title> and <desc>.
 */
export function lineChart({ title, summary, periods, series, unit = '%', yTitle, xTitle = 'Periode' }) {
  const id = `chart-${++chartCount}`;
  const W = 960;
  const band = series.some((s) => s.suppressed && s.suppressed.some(Boolean)) ? 12 * series.length + 6 : 0;
  const H = 300 + band;
  const m = { l: 78, r: 24, t: 14, b: 62 + band };
  const iw = W - m.l - m.r;
  const ih = H - m.t - m.b;
  const all = series.flatMap((s) => s.values.filter((v) => v !== null && v !== undefined));
  const max = unit === '%' ? Math.min(100, niceMax(Math.max(0, ...all))) || 100 : niceMax(Math.max(0, ...all));
  const x = (i) => m.l + (periods.length <= 1 ? iw / 2 : (i * iw) / (periods.length - 1));
  const y = (v) => m.t + ih - (v / max) * ih;
  const number = (v) => String(+v.toFixed(1)).replace('.', ',');

  const svg = el('svg', {
    viewBox: `0 0 ${W} ${H}`,
    role: 'img',
    'aria-labelledby': `${id}-t ${id}-d`,
    class: 'chart',
    focusable: 'false',
  });
  svg.append(el('title', { id: `${id}-t` }, title), el('desc', { id: `${id}-d` }, summary));

  const grid = el('g', { class: 'grid', 'aria-hidden': 'true', 'data-axis-y': y(0) });
  for (let k = 0; k <= 4; k++) {
    const v = (max * k) / 4;
    grid.append(el('line', { x1: m.l, x2: W - m.r, y1: y(v), y2: y(v), class: k === 0 ? 'zero' : '' }));
    grid.append(el('text', { x: m.l - 6, y: y(v) + 4, 'text-anchor': 'end' }, `${number(v)}${unit === '%' ? ' %' : ''}`));
  }
  // The axes' titles: what is measured and in what unit, and the periods.
  const yText = yTitle || (unit === '%' ? 'Percentage (%)' : 'Aantal personen');
  grid.append(el('text', { x: 14, y: m.t + ih / 2, 'text-anchor': 'middle', class: 'axis-title', transform: `rotate(-90 14 ${m.t + ih / 2})` }, yText));
  grid.append(el('text', { x: m.l + iw / 2, y: H - 6, 'text-anchor': 'middle', class: 'axis-title' }, xTitle));
  // As many period labels as fit, always the last one.
  const longest = Math.max(1, ...periods.map((p) => String(p).length));
  const fit = Math.max(1, Math.floor(iw / (longest * 6.5 + 12)));
  const step = Math.max(1, Math.ceil(periods.length / fit));
  const last = periods.length - 1;
  periods.forEach((p, i) => {
    if ((last - i) % step !== 0) return;
    const anchor = periods.length > 1 && i === 0 ? 'start' : periods.length > 1 && i === last ? 'end' : 'middle';
    grid.append(el('text', { x: x(i), y: H - 30, 'text-anchor': anchor }, p));
  });
  svg.append(grid);

  // The own series (the first) last, so that it lies on top of an equal benchmark.
  const order = series.map((s, si) => [s, si]).reverse();
  for (const [s, si] of order) {
    const st = SERIES_STYLE[(s.style ?? si) % SERIES_STYLE.length];
    const width = si === 0 ? 3.5 : 2.5;
    const g = el('g', { 'aria-hidden': 'true', class: si === 0 ? 'series own' : 'series' });
    // Solid segments between confirmed values, dotted ones into a provisional value.
    let solid = '';
    let dotted = '';
    let prev = null;
    s.values.forEach((v, i) => {
      if (v === null || v === undefined) {
        prev = null;
        return;
      }
      if (prev !== null) {
        const seg = `M${x(prev).toFixed(1)},${y(s.values[prev]).toFixed(1)}L${x(i).toFixed(1)},${y(v).toFixed(1)}`;
        if (s.pending && (s.pending[i] || s.pending[prev])) dotted += seg;
        else solid += seg;
      }
      prev = i;
    });
    if (solid) g.append(el('path', { d: solid, fill: 'none', stroke: st.color, 'stroke-width': width, 'stroke-dasharray': st.dash }));
    if (dotted) g.append(el('path', { d: dotted, fill: 'none', stroke: st.color, 'stroke-width': width - 1, 'stroke-dasharray': '1 4', class: 'pending' }));
    s.values.forEach((v, i) => {
      const tip = s.tips && s.tips[i] ? `${s.label}, ${periods[i]}: ${s.tips[i]}` : null;
      if (v !== null && v !== undefined) {
        const open = s.pending && s.pending[i];
        const dot = el('circle', {
          cx: x(i),
          cy: y(v),
          r: open ? 4.5 : si === 0 ? 4 : 3,
          fill: open ? '#fff' : st.color,
          stroke: st.color,
          'stroke-width': open ? 2 : 0,
          class: open ? 'point pending' : 'point',
        });
        if (tip) dot.append(el('title', {}, tip));
        g.append(dot);
      } else if (s.suppressed && s.suppressed[i]) {
        const mark = hiddenMark(s.suppressed[i], x(i), m.t + ih + 12 + si * 12, st.color);
        if (tip) mark.append(el('title', {}, tip));
        g.append(mark);
      }
    });
    svg.append(g);
  }
  return svg;
}

/**
 * The legend as an HTML list (text, not only colour); items are labels or {label, style}.
 * `hidden`: {primary, secondary, k} — how many figures of the chart are hidden and why.
 */
export function legend(items, hidden) {
  const ul = document.createElement('ul');
  ul.className = 'legend';
  items.forEach((item, i) => {
    const label = typeof item === 'string' ? item : item.label;
    const st = SERIES_STYLE[(typeof item === 'string' ? i : item.style ?? i) % SERIES_STYLE.length];
    const li = document.createElement('li');
    const sw = el('svg', { width: 28, height: 10, 'aria-hidden': 'true', focusable: 'false' });
    sw.append(el('line', { x1: 0, x2: 28, y1: 5, y2: 5, stroke: st.color, 'stroke-width': 3, 'stroke-dasharray': st.dash }));
    li.append(sw, document.createTextNode(' ' + label));
    ul.append(li);
  });
  const mark = (reason, text) => {
    const li = document.createElement('li');
    const sw = el('svg', { width: 28, height: 12, 'aria-hidden': 'true', focusable: 'false' });
    sw.append(hiddenMark(reason, 14, 6, '#333'));
    li.append(sw, document.createTextNode(' ' + text));
    ul.append(li);
  };
  if (hidden && hidden.pending) {
    const li = document.createElement('li');
    const sw = el('svg', { width: 28, height: 12, 'aria-hidden': 'true', focusable: 'false' });
    sw.append(el('circle', { cx: 14, cy: 6, r: 4.5, fill: '#fff', stroke: '#333', 'stroke-width': 2 }));
    li.append(sw, document.createTextNode(` open cirkel: voorlopig, de uitkomst van een deel van de personen is nog niet gekend (${hidden.pending} ${hidden.pending === 1 ? 'cijfer' : 'cijfers'})`));
    ul.append(li);
  }
  if (hidden && hidden.primary) {
    mark('primary', `afgeschermd, minder dan ${hidden.k} personen: ${hidden.primary} ${hidden.primary === 1 ? 'cijfer' : 'cijfers'}`);
  }
  if (hidden && hidden.secondary) {
    mark('secondary', `afgeschermd om een klein aantal elders te beschermen: ${hidden.secondary} ${hidden.secondary === 1 ? 'cijfer' : 'cijfers'}`);
  }
  return ul;
}

const EXPORT_STYLE =
  'text{font-family:"DejaVu Sans",Arial,sans-serif}.grid line{stroke:#d5d9df}.grid text{font-size:11px;fill:#333}' +
  '.grid line.zero{stroke:#333;stroke-width:1.5}.grid text.axis-title{font-size:12px;font-weight:bold}.export-title{font-size:15px;font-weight:bold;fill:#111}' +
  '.export-note{font-size:11px;fill:#333}';

/**
 * A chart as a file people can put in a report: the chart with a visible title, the legend (and
 * why figures are hidden) and a source line under it, on white, styles inline. Returns the SVG
 * text and its size in CSS pixels.
 */
export function chartFile(svg, { title, items = [], hidden, source = '' }) {
  const [, , W, H] = svg.getAttribute('viewBox').split(/\s+/).map(Number);
  const lines = items.map((item, i) => ({
    label: typeof item === 'string' ? item : item.label,
    st: SERIES_STYLE[(typeof item === 'string' ? i : item.style ?? i) % SERIES_STYLE.length],
  }));
  const notes = [];
  if (hidden && hidden.pending) notes.push(['pending', `open cirkel: voorlopig, de uitkomst van een deel van de personen is nog niet gekend: ${hidden.pending}`]);
  if (hidden && hidden.primary) notes.push(['primary', `afgeschermd, minder dan ${hidden.k} personen: ${hidden.primary}`]);
  if (hidden && hidden.secondary) notes.push(['secondary', `afgeschermd om een klein aantal elders te beschermen: ${hidden.secondary}`]);
  const top = 30;
  const rows = lines.length + notes.length + (source ? 1 : 0);
  const height = top + H + rows * 18 + 10;
  const out = el('svg', { xmlns: NS, width: W, height, viewBox: `0 0 ${W} ${height}` });
  out.append(el('style', {}, EXPORT_STYLE));
  out.append(el('rect', { x: 0, y: 0, width: W, height, fill: '#fff' }));
  out.append(el('text', { x: 8, y: 20, class: 'export-title' }, title));
  const chart = el('g', { transform: `translate(0,${top})` });
  for (const child of svg.children) {
    if (child.tagName === 'title' || child.tagName === 'desc') continue;
    chart.append(child.cloneNode(true));
  }
  out.append(chart);
  let y = top + H + 14;
  for (const { label, st } of lines) {
    out.append(el('line', { x1: 12, x2: 40, y1: y - 4, y2: y - 4, stroke: st.color, 'stroke-width': 3, 'stroke-dasharray': st.dash }));
    out.append(el('text', { x: 48, y, class: 'export-note' }, label));
    y += 18;
  }
  for (const [reason, text] of notes) {
    out.append(
      reason === 'pending'
        ? el('circle', { cx: 26, cy: y - 4, r: 4.5, fill: '#fff', stroke: '#333', 'stroke-width': 2 })
        : hiddenMark(reason, 26, y - 4, '#333'),
    );
    out.append(el('text', { x: 48, y, class: 'export-note' }, text));
    y += 18;
  }
  if (source) out.append(el('text', { x: 12, y, class: 'export-note' }, source));
  return { text: new XMLSerializer().serializeToString(out), width: W, height };
}

function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Saves a chart file (chartFile) as SVG. */
export function saveSvg(file, name) {
  save(new Blob([file.text], { type: 'image/svg+xml' }), `${name}.svg`);
}

/** Saves a chart file (chartFile) as PNG, drawn at twice its size for print. */
export async function savePng(file, name) {
  // A data: address: the page's content security policy admits images from data: but not blob:.
  const img = new Image();
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(file.text)}`;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = file.width * 2;
  canvas.height = file.height * 2;
  const g = canvas.getContext('2d');
  g.scale(2, 2);
  g.drawImage(img, 0, 0, file.width, file.height);
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
  save(blob, `${name}.png`);
}
