// Gemeente-dashboard: GET /api/v1/areas and /api/v1/dashboard/{nis}.
import { get } from '../api.js';
import { AREA_SERIES, GRAINS, areaList, cellText, grainOf, indicatorCard, variantLabel, withGrain } from '../indicators.js';
import { downloadLinks, field, fmtInt, fmtMonth, fmtPeriod, h, select } from '../ui.js';
import { caseFigures } from './case_figures.js';

/** Links to the dashboards of the areas the municipality is compared with, and to a comparison. */
function benchmarkLinks(area, nis) {
  const group = (level, code, text) =>
    h('li', {}, h('a', { href: `#/gebied?${new URLSearchParams({ niveau: level, code })}` }, text));
  return h(
    'nav',
    { 'aria-label': 'Vergelijken', class: 'benchmarks' },
    h('h2', {}, 'Vergelijken'),
    h(
      'ul',
      {},
      area.province_nis ? group('province', area.province_nis, `Provincie ${area.province}`) : null,
      area.regiegebied ? group('regiegebied', area.regiegebied, `Regiegebied ${area.regiegebied}`) : null,
      area.size_class
        ? group('size_class', area.size_class.id, `Vergelijkbare gemeenten: ${area.size_class.name}`)
        : group('centrumsteden', 'centrumsteden', 'De 13 centrumsteden'),
      h('li', {}, h('a', { href: `#/vergelijken?nis=${nis}` }, 'Deze gemeente naast andere gemeenten in één grafiek')),
      h('li', {}, h('a', { href: '#/vlaanderen' }, 'Alle gemeenten: kaart en rangschikking')),
    ),
  );
}

/**
 * The municipal fact sheet for the council (GET /api/v1/fact-sheet): its findings and downloads
 * for the run's latest whole half year; null when the run has none.
 */
async function factSheet(nis) {
  let sheet;
  try {
    sheet = await get(`/fact-sheet?nis=${encodeURIComponent(nis)}`);
  } catch {
    return null;
  }
  const query = new URLSearchParams({ nis, half_year: sheet.half_year });
  const file = (format) => `/api/v1/fact-sheet?${query}&format=${format}`;
  const stem = `gemeentefiche_${nis}_${sheet.half_year}`;
  return h(
    'section',
    { class: 'card fact-sheet', 'aria-labelledby': 'fact-sheet-h' },
    h('h2', { id: 'fact-sheet-h' }, `Gemeentefiche: ${fmtPeriod(sheet.half_year)}`),
    h('p', {}, `Eén of twee bladzijden over ${sheet.municipality.name} voor de gemeenteraad en de raad voor maatschappelijk welzijn, met de publieke cijfers: de samenwerkingsindicatoren naast het ${fmtPeriod(sheet.previous)}, het regiegebied, de provincie en Vlaanderen, de kerncijfers en de samenwerkingsovereenkomst.`),
    h('ul', {}, sheet.findings.map((f) => h('li', {}, f))),
    h('p', { class: 'downloads' }, 'Downloaden: ',
      h('a', { href: file('pdf'), download: `${stem}.pdf` }, 'Gemeentefiche (PDF)'), ' · ',
      h('a', { href: file('xlsx'), download: `${stem}.xlsx` }, 'Gemeentefiche (XLSX)'), ' · ',
      h('a', { href: file('html'), download: `${stem}.html` }, 'Gemeentefiche (HTML)')),
  );
}

export async function render(ctx, args, query) {
  const grain = grainOf(query);
  const areas = areaList(await get('/areas'));
  const nis = args[0] || ctx.memory.nis || ctx.user.municipality || (areas[0] && areas[0].nis);
  ctx.memory.nis = nis;
  const picker = select(
    areas.map((a) => [a.nis, `${a.name} (${a.nis})`]),
    nis,
  );
  const grainSel = select(GRAINS, grain);
  const pickForm = h(
    'form',
    {
      class: 'inline',
      onsubmit: (ev) => {
        ev.preventDefault();
        ctx.navigate(`#/dashboard/${picker.value}${grainSel.value === 'halfjaar' ? '?periodes=halfjaar' : ''}`);
      },
    },
    field('Gemeente', picker),
    field('Periodes', grainSel),
    h('button', { type: 'submit' }, 'Toon'),
  );
  const data = await get(withGrain(`/dashboard/${encodeURIComponent(nis)}`, grain));
  const area = data.area;
  const run = data.run || {};
  const k = run.k || 5;
  const page = h(
    'div',
    {},
    h('h1', {}, `Gemeente-dashboard ${area.name}`),
    pickForm,
    h(
      'p',
      {},
      `OCMW ${area.name} (${area.nis}), provincie ${area.province || 'onbekend'}, regiegebied ${area.regiegebied || 'onbekend'}`,
      area.centrumstad ? ', centrumstad' : '',
      `. Meting ${run.run_id ?? ''} over ${fmtMonth(run.first_month)} tot ${fmtMonth(run.last_month)} (gegevens tot ${fmtMonth(run.data_end)}). `,
      grain === 'halfjaar'
        ? 'Per halfjaar telt elke persoon één keer, ook wie er meerdere maanden in zit (het LAP-resultaat en de uitstroomgraad hebben geen halfjaarcijfer). '
        : '',
      data.view === 'exact'
        ? 'U ziet alle cijfers exact, ook kleine aantallen.'
        : area.own
          ? `U ziet de cijfers van uw eigen OCMW volledig. Cijfers die minder dan ${k} personen tellen, en de cijfers die nodig zijn om die te beschermen, zijn elders afgeschermd.`
          : `Cijfers die minder dan ${k} personen tellen, zijn afgeschermd, en ook de cijfers waaruit ze terug te rekenen zouden zijn.`,
    ),
  );
  // An OCMW counsellor follows the figures of its own OCMW to the persons; a VDAB mediator any
  // figure (the server returns only the persons the organisation has a relation with).
  const personsLink = ctx.can('persons') && (area.own || ctx.user.role === 'vdab_mediator');
  // Who the persons behind a figure are: exact only, so for the own OCMW or WSE and VDAB.
  const profileLink = area.own || data.view === 'exact';
  // The same colour and dash pattern for a series in every chart; the names from the server.
  const names = data.series_names || {};
  const seriesKeys = AREA_SERIES.filter(([k]) => data.indicators.some((i) => i.series && i.series[k]))
    .map(([k, style]) => [k, names[k] || k, style]);

  // The indicators in the server's order, within one indicator the variant "all" first.
  const firstSeen = new Map();
  data.indicators.forEach((ind, i) => firstSeen.has(ind.indicator) || firstSeen.set(ind.indicator, i));
  const indicators = data.indicators
    .map((ind, i) => ({ ind, i }))
    .sort((a, b) =>
      firstSeen.get(a.ind.indicator) - firstSeen.get(b.ind.indicator) ||
      (a.ind.variant === 'all' ? -1 : 0) - (b.ind.variant === 'all' ? -1 : 0) ||
      a.i - b.i,
    )
    .map(({ ind }) => ind);
  page.append(benchmarkLinks(area, nis));
  page.append(downloadLinks(withGrain(`/dashboard/${nis}`, grain), 'Alle indicatoren van dit dashboard'));
  const sheet = await factSheet(nis);
  if (sheet) page.append(sheet);
  const toc = h('ul', { class: 'toc' });
  page.append(h('nav', { 'aria-label': 'Indicatoren op deze pagina' }, toc));
  indicators.forEach((ind, n) => {
    const title = `${ind.name} — ${variantLabel(ind.variant)}`;
    const sid = `ind-${n}`;
    toc.append(h('li', {}, h('a', { href: `#/dashboard/${nis}`, onclick: (e) => { e.preventDefault(); document.getElementById(sid).scrollIntoView(); document.getElementById(sid + '-h').focus(); } }, title)));
    const series = seriesKeys
      .filter(([key]) => ind.series[key])
      .map(([key, label, style]) => ({ key, label, style, cells: ind.series[key] }));
    const cellOf = (key, i) => ind.series[key][i];
    // The OCMW's figures lead to the persons behind them.
    const decorate = (td, key, i) => {
      const cell = cellOf(key, i);
      if (key !== 'ocmw' || !cell || cell.suppressed) return;
      if (profileLink && (cell.denominator || cell.numerator)) {
        const p = new URLSearchParams({ nis, indicator: ind.indicator, variant: ind.variant, periode: ind.periods[i] });
        td.append(h('br'), h('a', { href: `#/profiel?${p}`, class: 'profile-link' }, 'profiel'));
      }
      if (!personsLink || !cell.denominator) return;
      const q = (role) =>
        `#/personen?nis=${nis}&indicator=${ind.indicator}&variant=${ind.variant}&period=${encodeURIComponent(ind.periods[i])}&role=${role}`;
      td.append(
        h('br'),
        h('a', { href: q('numerator'), class: 'persons-link' }, `teller: ${fmtInt(cell.numerator)} personen`),
        ' · ',
        h('a', { href: q('denominator'), class: 'persons-link' }, `noemer: ${fmtInt(cell.denominator)}`),
      );
    };
    page.append(
      indicatorCard({
        id: sid,
        title,
        indicator: ind.indicator,
        periods: ind.periods,
        series,
        k,
        text: (key, i) => cellText(cellOf(key, i), k),
        decorate,
        download: {
          path: withGrain(`/dashboard/${nis}?indicator=${ind.indicator}&variant=${encodeURIComponent(ind.variant)}`, grain),
          file: `dashboard_${nis}_${ind.indicator}_${ind.variant}`,
          source: `Bron: Activeringspact, meting ${run.run_id ?? ''}, gegevens tot ${fmtMonth(run.data_end)}`,
        },
      }),
    );
  });
  toc.append(h('li', {}, h('a', { href: `#/dashboard/${nis}`, onclick: (e) => { e.preventDefault(); document.getElementById('case-figures-h').scrollIntoView(); } }, 'Samenwerking in dossiers')));
  try {
    page.append(await caseFigures(nis, area.name));
  } catch (err) {
    page.append(h('section', { class: 'case-figures' }, h('h2', { id: 'case-figures-h' }, 'Samenwerking in dossiers'),
      h('p', { role: 'alert' }, `De dossiercijfers zijn niet beschikbaar: ${err.message}`)));
  }
  return page;
}
