// Shared words for the indicator pages.
import { DEFINITIONS } from './definitions.js';
import { chartFile, legend, lineChart, savePng, saveSvg } from './chart.js';
import { fmtInt, fmtPct, fmtPeriod, h } from './ui.js';

export const VARIANTS = {
  all: 'alle',
  LL: 'leefloon (LL)',
  ELL: 'equivalent leefloon (ELL)',
  vdab: 'bij VDAB ingeschreven',
  work_end3: 'aan het werk drie maanden na het einde',
  work_any12: 'aan het werk binnen twaalf maanden',
  durable: 'duurzaam aan het werk',
  employee_end3: 'werknemer drie maanden na het einde',
  self_end3: 'zelfstandige drie maanden na het einde',
  work_any3: 'aan het werk binnen drie maanden',
  learning: 'met werkplekleren',
  lde: 'lokale diensteneconomie',
  collectief_maatwerk: 'collectief maatwerk',
};

export const variantLabel = (v) => VARIANTS[v] || v;

/** The definition key of an indicator id (twe_active and twe_exit have their own paragraph). */
export function definitionOf(indicator) {
  return DEFINITIONS[indicator] || null;
}

/** The definition as a disclosure widget quoting docs/indicators.md. */
export function definitionDetails(indicator) {
  const d = definitionOf(indicator);
  if (!d) return null;
  return h(
    'details',
    { class: 'definition' },
    h('summary', {}, `Definitie: ${d.title}`),
    h('blockquote', {}, h('p', {}, d.text.replace(/`/g, ''))),
  );
}

/** Why a hidden cell is hidden, for k (the run's suppression threshold). */
export function hiddenReason(cell, k = 5) {
  return cell.suppression === 'secondary'
    ? 'afgeschermd om een klein aantal elders te beschermen'
    : `afgeschermd: minder dan ${k} personen`;
}

/**
 * A cell as text: "12,3 % (5 van 40)", "afgeschermd: minder dan 5 personen" or "geen cijfer"; a
 * group's median "mediaan 31,2 % (48 van de 71 gemeenten met een cijfer)".
 */
export function cellText(cell, k = 5) {
  if (!cell) return 'geen cijfer';
  if (cell.suppressed) return hiddenReason(cell, k);
  if (cell.median_of !== undefined) {
    if (cell.percentage === null) return `geen mediaan: geen van de ${fmtInt(cell.members)} gemeenten heeft een zichtbaar cijfer`;
    return `mediaan ${fmtPct(cell.percentage)} (${fmtInt(cell.median_of)} van de ${fmtInt(cell.members)} gemeenten met een cijfer)`;
  }
  const pct = cell.percentage === null || cell.percentage === undefined ? '–' : fmtPct(cell.percentage);
  let t = `${pct} (${fmtInt(cell.numerator)} van ${fmtInt(cell.denominator)})`;
  if (cell.pending) t += `, ${fmtInt(cell.pending)} voorlopig`;
  return t;
}

/** How many cells of a list are hidden, per reason: {primary, secondary, k}. */
export function hiddenCounts(cells, k = 5) {
  const out = { primary: 0, secondary: 0, k };
  for (const c of cells) {
    if (!c || !c.suppressed) continue;
    if (c.suppression === 'secondary') out.secondary += 1;
    else out.primary += 1;
  }
  return out;
}

export const cellValue = (cell) =>
  !cell || cell.suppressed || cell.percentage === null || cell.percentage === undefined
    ? null
    : Number(cell.percentage);

/** GET /api/v1/areas as a list, whatever the wrapping. */
export function areaList(answer) {
  if (Array.isArray(answer)) return answer;
  return (answer && (answer.areas || answer.municipalities)) || [];
}

/**
 * The series of the areas a figure is compared with, in the order of the legend, each with its
 * colour and dash pattern (chart.js SERIES_STYLE), the same in every chart.
 */
/**
 * The periods a dashboard runs over, as the page address names them (?periodes=halfjaar) and the
 * API (?grain=half_year): months and quarters, or half years.
 */
export const GRAINS = [
  ['maand', 'Per maand en kwartaal'],
  ['halfjaar', 'Per halfjaar'],
];
export const grainOf = (query) => (query && query.get('periodes') === 'halfjaar' ? 'halfjaar' : 'maand');
/** The API's query for a grain: '' for months, 'grain=half_year' for half years. */
export const grainQuery = (grain) => (grain === 'halfjaar' ? 'grain=half_year' : '');
/** Adds a grain's query to an API path. */
export const withGrain = (path, grain) =>
  grain === 'halfjaar' ? `${path}${path.includes('?') ? '&' : '?'}${grainQuery(grain)}` : path;

export const AREA_SERIES = [
  ['ocmw', 0],
  ['regiegebied', 1],
  ['province', 4],
  ['size_class', 5],
  ['centrumsteden', 2],
  ['flanders', 3],
];

/** The indicators that are a count of persons, not a share (docs/indicators.md). */
const COUNTS = new Set(['lap_result']);

/**
 * One indicator as a card: heading, definition, line chart, legend and the figures as a table.
 * series: [{key, label, style, cells}] with a cell per period; text(key, i) is a cell's text;
 * decorate(td, key, i) may add to a cell of the table (links). heading: 'h2' or 'h3'.
 * download: {path, file, source} — the API path of the card's table (XLSX and CSV with the cells
 * the screen shows), the file name of the chart and its source line.
 */
export function indicatorCard({ id, heading = 'h2', title, indicator, periods, periodLabel = 'Periode', series, k, text, decorate, className = '', download }) {
  // A count (the LAP result has no denominator) on an axis of persons, a share on one of percent.
  const count = COUNTS.has(indicator);
  const drawn = series.map((s) => ({
    label: s.label,
    style: s.style,
    values: s.cells.map((c) => (count ? (c && !c.suppressed ? c.numerator : null) : cellValue(c))),
    suppressed: s.cells.map((c) => (c && c.suppressed ? c.suppression || 'primary' : false)),
    pending: s.cells.map((c) => Boolean(c && !c.suppressed && c.pending > 0)),
    tips: s.cells.map((_, i) => text(s.key, i)),
  }));
  const labels = periods.map(fmtPeriod);
  const hidden = hiddenCounts(series.flatMap((s) => s.cells), k);
  hidden.pending = drawn.reduce((n, d) => n + d.pending.filter(Boolean).length, 0);
  const last = periods.length - 1;
  const summary =
    `Lijngrafiek van ${labels[0]} tot ${labels[last]}. ` +
    series.map((s) => `${s.label} in ${labels[last]}: ${text(s.key, last)}`).join('; ') +
    (hidden.primary + hidden.secondary ? `. ${hidden.primary + hidden.secondary} cijfers zijn afgeschermd en niet getekend` : '') +
    (hidden.pending ? `. ${hidden.pending} cijfers zijn voorlopig en als open cirkel getekend` : '') +
    '. De tabel eronder geeft alle cijfers.';
  const table = h('table', { class: 'data' });
  table.append(h('caption', {}, `${title}: cijfers per ${periodLabel.toLowerCase()}`));
  table.append(
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, periodLabel), series.map((s) => h('th', { scope: 'col', class: 'num' }, s.label)))),
  );
  const tbody = h('tbody');
  periods.forEach((p, i) => {
    const tr = h('tr', {}, h('th', { scope: 'row' }, labels[i]));
    for (const s of series) {
      const cell = s.cells[i];
      const td = h('td', { class: 'num' + (cell && cell.suppressed ? ' suppressed' : '') }, text(s.key, i));
      if (decorate) decorate(td, s.key, i);
      tr.append(td);
    }
    tbody.append(tr);
  });
  table.append(tbody);
  const chart = lineChart({
    title: `${title}: verloop`,
    summary,
    periods: labels,
    series: drawn,
    unit: count ? '' : '%',
    yTitle: count ? 'Aantal personen' : 'Percentage (%)',
    xTitle: periodLabel,
  });
  return h(
    'section',
    { id, class: `indicator card ${className}`.trim(), 'aria-labelledby': `${id}-h` },
    h(heading, { id: `${id}-h`, tabindex: '-1' }, title),
    definitionDetails(indicator),
    chart,
    legend(drawn, hidden),
    download ? cardDownloads(chart, title, drawn, hidden, download) : null,
    h('details', { class: 'table-details' }, h('summary', {}, 'Cijfers als tabel'),
      h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': `${title}: tabel` }, table)),
  );
}

/** The card's table as XLSX and CSV (from the server, as the screen shows it) and its chart as SVG and PNG. */
function cardDownloads(chart, title, drawn, hidden, { path, file, source }) {
  const sep = path.includes('?') ? '&' : '?';
  const picture = () => chartFile(chart, { title, items: drawn, hidden, source });
  const failed = h('span', { role: 'status' });
  const button = (label, action) =>
    h('button', {
      type: 'button',
      class: 'link',
      onclick: async () => {
        failed.textContent = '';
        try {
          await action();
        } catch (err) {
          failed.textContent = ` De grafiek kon niet bewaard worden: ${err.message}`;
        }
      },
    }, label);
  return h(
    'p',
    { class: 'downloads' },
    'Downloaden: ',
    h('a', { href: `/api/v1${path}${sep}format=xlsx`, download: '' }, 'tabel (XLSX)'),
    ' · ',
    h('a', { href: `/api/v1${path}${sep}format=csv`, download: '' }, 'tabel (CSV)'),
    ' · ',
    button('grafiek (SVG)', () => saveSvg(picture(), file)),
    ' · ',
    button('grafiek (PNG)', () => savePng(picture(), file)),
    failed,
  );
}
