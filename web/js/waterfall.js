// A waterfall chart as inline SVG: one bar per step from where the previous one ended (green
// upward, red downward, each with its value written beside it so that colour is not the only
// cue), the final total as a line, and thresholds as dashed horizontal lines. The chart is an
// image with a title and a text summary (role="img"); the page shows the numbers in a table.

const NS = 'http://www.w3.org/2000/svg';
const UP = '#2e6b30';
const DOWN = '#b00020';
const INK = '#333';

function el(tag, attrs, text) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

let waterfallCount = 0;

/**
 * steps: [{label, from, to}] in order; thresholds: {lower, upper} or null; format: number ->
 * text. Returns an <svg role="img"> with <title> and <desc>.
 */
export function waterfallChart({ title, summary, steps, thresholds, format }) {
  const id = `waterfall-${++waterfallCount}`;
  const W = 640;
  const H = 300;
  const m = { l: 48, r: 120, t: 16, b: 48 };
  const iw = W - m.l - m.r;
  const ih = H - m.t - m.b;
  const values = [0, ...steps.flatMap((s) => [s.from, s.to])];
  if (thresholds) values.push(thresholds.lower, thresholds.upper);
  const lo = Math.floor(Math.min(...values) / 5) * 5;
  const hi = Math.ceil(Math.max(...values) / 5) * 5 || 5;
  const y = (v) => m.t + ih - ((v - lo) / (hi - lo || 1)) * ih;
  const slot = iw / Math.max(1, steps.length);
  const svg = el('svg', {
    viewBox: `0 0 ${W} ${H}`,
    class: 'chart waterfall-chart',
    role: 'img',
    'aria-labelledby': `${id}-title ${id}-desc`,
  });
  svg.append(el('title', { id: `${id}-title` }, title), el('desc', { id: `${id}-desc` }, summary));

  const grid = el('g', { class: 'grid', 'aria-hidden': 'true' });
  for (let v = lo; v <= hi; v += 5) {
    grid.append(
      el('line', { x1: m.l, x2: m.l + iw, y1: y(v), y2: y(v), class: v === 0 ? 'zero' : '' }),
      el('text', { x: m.l - 6, y: y(v) + 4, 'text-anchor': 'end' }, String(v)),
    );
  }
  svg.append(grid);

  const bars = el('g', { 'aria-hidden': 'true' });
  steps.forEach((s, i) => {
    const x = m.l + i * slot + slot * 0.15;
    const w = slot * 0.7;
    const up = s.to >= s.from;
    const top = y(Math.max(s.from, s.to));
    const height = Math.max(1.5, Math.abs(y(s.from) - y(s.to)));
    bars.append(el('rect', { x, y: top, width: w, height, fill: s.to === s.from ? INK : up ? UP : DOWN, class: up ? 'up' : 'down' }));
    if (i + 1 < steps.length) {
      bars.append(el('line', { x1: x + w, x2: x + slot, y1: y(s.to), y2: y(s.to), stroke: INK, 'stroke-dasharray': '2 2' }));
    }
    const labelY = up ? top - 4 : top + height + 12;
    bars.append(el('text', { x: x + w / 2, y: labelY, 'text-anchor': 'middle', 'font-size': 11, fill: INK }, format(s.to - s.from)));
    bars.append(el('text', { x: x + w / 2, y: m.t + ih + 18, 'text-anchor': 'middle', 'font-size': 11, fill: INK }, s.label));
  });
  svg.append(bars);

  if (thresholds) {
    const lines = el('g', { 'aria-hidden': 'true' });
    for (const [v, name] of [[thresholds.lower, 'ondergrens'], [thresholds.upper, 'bovengrens']]) {
      lines.append(
        el('line', { x1: m.l, x2: m.l + iw, y1: y(v), y2: y(v), stroke: '#1f4e79', 'stroke-width': 2, 'stroke-dasharray': '8 4', class: 'threshold' }),
        el('text', { x: m.l + iw + 6, y: y(v) + 4, 'font-size': 11, fill: '#1f4e79' }, `${name} ${format(v)}`),
      );
    }
    svg.append(lines);
  }
  // The total beside the last bar, moved below a threshold's label it would cover.
  const total = steps.length ? steps[steps.length - 1].to : 0;
  const near = thresholds && [thresholds.lower, thresholds.upper].some((v) => Math.abs(y(v) - y(total)) < 14);
  svg.append(
    el(
      'text',
      { x: m.l + iw + 6, y: y(total) + (near ? 18 : 4), 'font-size': 11, 'font-weight': 'bold', fill: INK, 'aria-hidden': 'true' },
      `totaal ${format(total)}`,
    ),
  );
  return svg;
}
