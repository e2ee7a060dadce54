// The map of Flanders: a choropleth by municipality or by regiegebied, drawn with d3-geo and
// topojson-client (loaded by index.html from web/node_modules, nothing from the internet) on the
// borders of the municipalities of 2019–2024 (web/geo, CC0). A municipality of the 2025 mergers
// is the union of its predecessors' shapes, a regiegebied the union of its municipalities': the
// server says which shapes make up each (`map_codes`). Mesen has no shape of its own.
//
// The map is an image with a text summary; the figures themselves are in the table the page
// shows beside it. Each area has a tooltip (its name and figure); a click leads to its dashboard.

import { h } from './ui.js';

const NS = 'http://www.w3.org/2000/svg';
const MAP_URL = 'geo/belgium-municipalities-2019.topojson';
// A sequential blue scale (light to dark), five classes; every class is told apart in the legend
// by its range too.
export const CLASSES = ['#eff3ff', '#bdd7e7', '#6baed6', '#3182bd', '#08519c'];
const NO_FIGURE = '#f4f4f4';
const HIDDEN_FILL = 'url(#map-hidden)';

let topology = null;

/** The borders, fetched once per page load. */
async function borders() {
  if (!topology) {
    topology = fetch(MAP_URL).then((r) => {
      if (!r.ok) throw new Error(`de grenzen van de gemeenten ontbreken (${r.status})`);
      return r.json();
    });
    topology.catch(() => {
      topology = null;
    });
  }
  return topology;
}

function el(tag, attrs = {}, text) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Class limits: five equal steps over [0, a round maximum] (percentages: up to 100). */
export function classLimits(values) {
  const max = Math.max(0, ...values);
  const step = max <= 0 ? 20 : [1, 2, 2.5, 5, 10, 20, 25].map((s) => s * Math.pow(10, Math.floor(Math.log10(max / 5)))).find((s) => s * 5 >= max);
  return [1, 2, 3, 4].map((i) => +(i * step).toFixed(6)).concat(+(5 * step).toFixed(6));
}

/** The class (0–4) of a value for the limits. */
export function classOf(value, limits) {
  for (let i = 0; i < 4; i++) if (value < limits[i]) return i;
  return 4;
}

const fmt = (v) => String(+v.toFixed(1)).replace('.', ',');

/**
 * areas: [{name, codes: map codes, value: number|null, hidden: false|'primary'|'secondary', text,
 * href, own}] — value null and hidden false: no figure. title: what the map shows. With
 * `categories` ([{label, colour}]) the areas are coloured by their `category` (an index) instead
 * of a value: a map of statuses.
 * Returns {figure, legend} (an SVG in a <figure> and an HTML legend), or throws when the libraries
 * or the borders are missing.
 */
export async function choropleth({ title, areas, unit = '%', categories = null }) {
  const d3 = window.d3;
  const topojson = window.topojson;
  if (!d3 || !d3.geoPath || !topojson) throw new Error('de kaartbibliotheken zijn niet geladen');
  const topo = await borders();
  const object = topo.objects.municipalities;
  const byCode = new Map(object.geometries.map((g) => [g.properties.nis, g]));
  const flemish = object.geometries.filter((g) => g.properties.reg_nis === '02000');
  const base = topojson.feature(topo, { type: 'GeometryCollection', geometries: flemish });

  const W = 960;
  const H = 440;
  const projection = d3.geoMercator().fitExtent([[8, 8], [W - 8, H - 8]], base);
  const path = d3.geoPath(projection);
  const values = areas.filter((a) => a.value !== null && a.value !== undefined).map((a) => a.value);
  const limits = classLimits(values);

  const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', class: 'map', 'aria-labelledby': 'map-t map-d' });
  const shown = areas.filter((a) => a.value !== null && a.value !== undefined);
  const sorted = [...shown].sort((a, b) => b.value - a.value);
  const perCategory = categories ? categories.map((_, i) => areas.filter((a) => a.category === i).length) : [];
  const summary = categories
    ? `Kaart van Vlaanderen, ${areas.length} gebieden: ${categories.map((c, i) => `${c.label} ${perCategory[i]}`).join(', ')}. De tabel geeft alle cijfers.`
    : shown.length
    ? `Kaart van Vlaanderen, ${areas.length} gebieden. Hoogste: ${sorted[0].name} (${sorted[0].text}); laagste: ${sorted[sorted.length - 1].name} (${sorted[sorted.length - 1].text}). ` +
      `${areas.filter((a) => a.hidden).length} afgeschermd, ${areas.filter((a) => !a.hidden && (a.value === null || a.value === undefined)).length} zonder cijfer. De tabel geeft alle cijfers.`
    : 'Kaart van Vlaanderen zonder zichtbare cijfers. De tabel geeft alle cijfers.';
  svg.append(el('title', { id: 'map-t' }, title), el('desc', { id: 'map-d' }, summary));
  const defs = el('defs');
  const pattern = el('pattern', { id: 'map-hidden', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' });
  pattern.append(el('rect', { width: 6, height: 6, fill: '#fff' }), el('line', { x1: 0, y1: 0, x2: 0, y2: 6, stroke: '#767676', 'stroke-width': 2 }));
  defs.append(pattern);
  svg.append(defs);
  // Every Flemish shape as the ground, so that an area without a figure is drawn too.
  svg.append(el('path', { d: path(base), fill: NO_FIGURE, stroke: '#c8c8c8', 'stroke-width': 0.5, 'aria-hidden': 'true' }));
  const drawn = el('g', { class: 'areas' });
  const counts = { classes: [0, 0, 0, 0, 0], hidden: 0, none: 0 };
  let own = null;
  for (const a of areas) {
    const geometries = a.codes.map((c) => byCode.get(c)).filter(Boolean);
    if (!geometries.length) continue;
    const shape = geometries.length === 1 ? topojson.feature(topo, geometries[0]) : topojson.merge(topo, geometries);
    let fill = NO_FIGURE;
    if (categories) {
      fill = categories[a.category] ? categories[a.category].colour : NO_FIGURE;
    } else if (a.hidden) {
      fill = HIDDEN_FILL;
      counts.hidden += 1;
    } else if (a.value !== null && a.value !== undefined) {
      const c = classOf(a.value, limits);
      fill = CLASSES[c];
      counts.classes[c] += 1;
    } else counts.none += 1;
    const p = el('path', { d: path(shape), fill, stroke: '#fff', 'stroke-width': 0.8, 'data-code': a.codes.join(' '), 'data-href': a.href });
    p.append(el('title', {}, `${a.name}: ${a.text}`));
    drawn.append(p);
    if (a.own) own = shape;
  }
  // A click leads to the area's dashboard (for the mouse; the image itself holds no controls,
  // the page's table and menu lead there too).
  drawn.addEventListener('click', (ev) => {
    const href = ev.target.closest('path')?.getAttribute('data-href');
    if (href) location.hash = href;
  });
  svg.append(drawn);
  if (own) svg.append(el('path', { d: path(own), fill: 'none', stroke: '#111', 'stroke-width': 2.5, class: 'own', 'aria-hidden': 'true' }));

  const legend = h('ul', { class: 'legend map-legend' });
  const swatch = (fill) => {
    const s = el('svg', { width: 22, height: 14, 'aria-hidden': 'true', focusable: 'false' });
    if (fill === HIDDEN_FILL) {
      const p2 = el('pattern', { id: 'map-hidden-legend', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' });
      p2.append(el('rect', { width: 6, height: 6, fill: '#fff' }), el('line', { x1: 0, y1: 0, x2: 0, y2: 6, stroke: '#767676', 'stroke-width': 2 }));
      s.append(p2);
      fill = 'url(#map-hidden-legend)';
    }
    s.append(el('rect', { x: 0.5, y: 0.5, width: 21, height: 13, fill, stroke: '#767676' }));
    return s;
  };
  if (categories) {
    categories.forEach((c, i) => legend.append(h('li', {}, swatch(c.colour), ` ${c.label}: ${perCategory[i]}`)));
    return { figure: h('figure', { class: 'map' }, svg), legend };
  }
  CLASSES.forEach((colour, i) => {
    const from = i === 0 ? 0 : limits[i - 1];
    const range = i === 4 ? `${fmt(from)}${unit} en meer` : `${fmt(from)} tot ${fmt(limits[i])}${unit}`;
    legend.append(h('li', {}, swatch(colour), ` ${range}: ${counts.classes[i]}`));
  });
  legend.append(h('li', {}, swatch(HIDDEN_FILL), ` afgeschermd: ${counts.hidden}`));
  legend.append(h('li', {}, swatch(NO_FIGURE), ` geen cijfer: ${counts.none}`));
  if (own) legend.append(h('li', {}, ' zwarte rand: uw eigen gemeente'));
  return { figure: h('figure', { class: 'map' }, svg), legend };
}
