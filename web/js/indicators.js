// Shared words for the indicator pages.
import { DEFINITIONS } from './definitions.js';
import { fmtInt, fmtPct, h } from './ui.js';

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

/** A cell as text: "12,3 % (5 van 40)", "afgeschermd: minder dan 5 personen" or "geen cijfer". */
export function cellText(cell, k = 5) {
  if (!cell) return 'geen cijfer';
  if (cell.suppressed) return hiddenReason(cell, k);
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
