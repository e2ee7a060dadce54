// Samenwerking in dossiers: the case figures of the dashboard, GET /api/v1/case-figures/{nis}.
import { get } from '../api.js';
import { AREA_SERIES, cellText, indicatorCard } from '../indicators.js';
import { downloadLinks, fmtDateTime, fmtInt, fmtPct, h } from '../ui.js';

const PREFIX = { regiegebied: 'Regiegebied ', province: 'Provincie ', size_class: 'Vergelijkbare gemeenten: ' };

// What the numerator counts and what an empty month means, per figure.
const WORDS = {
  handover_lead_time: ['aanvaard', 'geen overdracht beslist'],
  transmissions_in_time: ['tijdig beantwoord', 'geen doormelding met een termijn in deze maand'],
  leefloners_with_action: ['met een actie', 'geen leefloners'],
};

/** A lead time in hours as Dutch text: "minder dan een uur", "6 uur", "2,5 dagen". */
export function leadTime(hours) {
  if (hours === null || hours === undefined) return '';
  if (hours < 1) return 'minder dan een uur';
  if (hours < 48) return `${String(Math.round(hours * 10) / 10).replace('.', ',')} uur`;
  return `${String(Math.round((hours / 24) * 10) / 10).replace('.', ',')} dagen`;
}

/** "50,0 % met een actie (1 van 2), 1 voorlopig; mediane doorlooptijd 6 uur" or why there is none. */
function cellLine(ind, key, i, k) {
  const cell = ind.series[key][i];
  const [what, none] = WORDS[ind.indicator] || ['', 'geen cijfer'];
  if (!cell) return none;
  if (cell.suppressed) return cellText(cell, k);
  const pct = cell.percentage === null ? '–' : fmtPct(cell.percentage);
  let text = `${pct} ${what} (${fmtInt(cell.numerator)} van ${fmtInt(cell.denominator)})`;
  if (cell.pending) text += `, ${fmtInt(cell.pending)} voorlopig`;
  const hours = ind.median_hours && ind.median_hours[key] ? ind.median_hours[key][i] : null;
  if (hours !== null && hours !== undefined) text += `; mediane doorlooptijd ${leadTime(hours)}`;
  return text;
}

function section(ind, n, k, areaName, nis, computedAt) {
  const label = (key) => (key === 'ocmw' ? `OCMW ${areaName}` : `${PREFIX[key] || ''}${ind.series_names[key]}`);
  return indicatorCard({
    id: `case-${n}`,
    heading: 'h3',
    title: ind.name,
    indicator: ind.indicator,
    periods: ind.periods,
    periodLabel: 'Maand',
    series: AREA_SERIES.filter(([key]) => ind.series[key]).map(([key, style]) => ({ key, label: label(key), style, cells: ind.series[key] })),
    k,
    text: (key, i) => cellLine(ind, key, i, k),
    className: 'case-figure',
    download: {
      path: `/case-figures/${encodeURIComponent(nis)}?indicator=${ind.indicator}`,
      file: `dossiercijfers_${nis}_${ind.indicator}`,
      source: `Bron: Activeringspact, gedeelde dossiers, berekend op ${fmtDateTime(computedAt)}`,
    },
  });
}

/** The section "Samenwerking in dossiers" of municipality `nis`. */
export async function caseFigures(nis, areaName) {
  const data = await get(`/case-figures/${encodeURIComponent(nis)}`);
  const k = data.k || 5;
  const out = h(
    'section',
    { class: 'case-figures', 'aria-labelledby': 'case-figures-h' },
    h('h2', { id: 'case-figures-h' }, 'Samenwerking in dossiers'),
    h(
      'p',
      {},
      'Hoe de gedeelde dossiers van OCMW en VDAB lopen: warme overdrachten, doormeldingen en afgesproken acties. ',
      `Berekend uit de dossiers op ${fmtDateTime(data.computed_at)}, niet uit een meting; een wijziging in een dossier telt na enkele seconden mee. `,
      data.view === 'exact'
        ? 'U ziet alle cijfers exact.'
        : `Cijfers die minder dan ${k} dossiers of personen tellen, en de cijfers die nodig zijn om die te beschermen, zijn afgeschermd${data.area.own ? ', behalve die van uw eigen OCMW' : ''}.`,
    ),
  );
  out.append(downloadLinks(`/case-figures/${encodeURIComponent(nis)}`, 'Alle dossiercijfers'));
  data.indicators.forEach((ind, n) => out.append(section(ind, n, k, data.area.name, nis, data.computed_at)));
  return out;
}
