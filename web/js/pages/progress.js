// LAP-opvolging: GET /api/v1/calls/{call}/progress — result against baseline and target, the
// pro-rata achieved and earned % (rule 6) and the subsidy the call's settlement rule grants.
import { get } from '../api.js';
import { legend, lineChart } from '../chart.js';
import { callPicker } from '../calls-common.js';
import { HEADINGS, code, formatValue, infoList, sheetTable } from '../sheets.js';
import { downloadLinks, field, fmtPct, h, kpis, message, select } from '../ui.js';

// Above this many units the page charts one unit at a time.
const MANY_UNITS = 6;

export async function render(ctx, args) {
  const { current, form } = await callPicker(ctx, 'opvolging', args[0]);
  const page = h('div', {}, h('h1', {}, 'LAP-opvolging'), form);
  if (!current) {
    page.append(message('Er zijn nog geen oproepen.'));
    return page;
  }
  const path = `/calls/${encodeURIComponent(current)}`;
  const doc = await get(`${path}/progress`);
  page.append(
    downloadLinks(`${path}/werktabel`, 'Werktabel'),
    downloadLinks(`${path}/progress`, 'Opvolging'),
    infoList(doc.info),
  );
  const rows = doc.rows || [];
  if (!rows.length) {
    page.append(
      message('Voor deze oproep zijn er (in uw gemeente) nog geen deelnemers met een goedgekeurde aanvraag: er is niets op te volgen.'),
    );
    return page;
  }
  const rule = code(doc.info?.rule) || 'de regel van de oproep';
  const units = [...new Set(rows.map((r) => r.unit_id))];
  const unitCard = (unit) => {
    const ur = rows.filter((r) => r.unit_id === unit);
    const last = ur[ur.length - 1];
    const name = last.name ? `${last.name} (${unit})` : unit;
    const months = ur.map((r) => r.month);
    const series = [
      { label: HEADINGS.r, values: ur.map((r) => r.r), suppressed: [] },
      { label: HEADINGS.b, values: ur.map((r) => r.b), suppressed: [] },
      { label: HEADINGS.t, values: ur.map((r) => r.t), suppressed: [] },
      { label: HEADINGS.projected_r, values: ur.map((r) => r.projected_r), suppressed: [] },
    ];
    const summary =
      `In ${last.month}: resultaat R ${last.r} (${last.confirmed} bevestigd, ${last.pending} lopend), ` +
      `basislijn ${last.b}, doel ${last.t}, verwachte R op het einde van de periode ${last.projected_r ?? 'onbekend'}. ` +
      `Behaald ${fmtPct(last.achieved_pct) || 'n.v.t.'}, verdiend ${fmtPct(last.earned_pct) || 'n.v.t.'} (pro rata). ` +
      `Subsidie volgens de regel van de oproep (${rule}): ${fmtPct(last.subsidy_pct) || 'n.v.t.'}, ` +
      `${formatValue('subsidy_cents', last.subsidy_cents)}; verwacht op het einde van de periode ` +
      `${fmtPct(last.projected_subsidy_pct) || 'n.v.t.'}, ${formatValue('projected_subsidy_cents', last.projected_subsidy_cents)}.`;
    return h(
      'section',
      { class: 'card', 'aria-label': `Opvolging ${name}` },
      h('h2', {}, name),
      h('p', {}, `Stand in ${last.month}.`),
      kpis([
        ['Resultaat R', String(last.r)],
        ['Basislijn B', String(last.b)],
        ['Doel T', String(last.t)],
        ['Behaald %', fmtPct(last.achieved_pct) || 'n.v.t.'],
        ['Verdiend %', fmtPct(last.earned_pct) || 'n.v.t.'],
        ['Verdiend', formatValue('earned_cents', last.earned_cents)],
        [`Subsidie volgens de regel (${rule}) %`, fmtPct(last.subsidy_pct) || 'n.v.t.'],
        [`Subsidie volgens de regel (${rule})`, formatValue('subsidy_cents', last.subsidy_cents)],
        ['Verwachte R einde periode', String(last.projected_r ?? '')],
        ['Projectiemethode', formatValue('projection', last.projection)],
        ['Verwachte subsidie volgens de regel', formatValue('projected_subsidy_cents', last.projected_subsidy_cents)],
      ]),
      lineChart({ title: `Opvolging ${name}`, summary, periods: months, series, unit: '', xTitle: 'Maand' }),
      legend(series.map((s) => s.label), false),
    );
  };
  // Many units (WSE sees every participant): one chart at a time, chosen from a list, and the
  // table with the latest month of each unit (the whole table is a download).
  if (units.length > MANY_UNITS) {
    const nameOf = (u) => {
      const r = rows.find((x) => x.unit_id === u);
      return r.name ? `${r.name} (${u})` : u;
    };
    const chosen = units.includes(ctx.memory.progressUnit) ? ctx.memory.progressUnit : units[0];
    const holder = h('div', {}, unitCard(chosen));
    const pick = select(units.map((u) => [u, nameOf(u)]), chosen);
    pick.addEventListener('change', () => {
      ctx.memory.progressUnit = pick.value;
      holder.replaceChildren(unitCard(pick.value));
    });
    const lastMonth = new Map();
    for (const r of rows) lastMonth.set(r.unit_id, r);
    page.append(
      h('form', { class: 'inline', onsubmit: (ev) => ev.preventDefault() }, field('Eenheid', pick)),
      holder,
      sheetTable('Opvolging per eenheid (laatste maand)', { ...doc, rows: [...lastMonth.values()] }, { rowHeader: 'unit_id' }),
    );
    return page;
  }
  for (const unit of units) page.append(unitCard(unit));
  page.append(sheetTable('Opvolging per eenheid en maand', doc, { rowHeader: 'unit_id' }));
  return page;
}
