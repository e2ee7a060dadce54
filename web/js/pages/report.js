// Beleidsrapport: the semestrial policy report of VDAB and the local governments (seed 004,
// docs/report.md) for VDAB and WSE. GET /api/v1/semester-report gives the findings of a half year
// (the 13 centrumsteden, chosen regiegebieden and Flanders against the half year before, from the
// public view); the page shows them, the report itself in a frame, and the PDF, XLSX and HTML.
import { get } from '../api.js';
import { field, fmtMonth, fmtPeriod, h, select } from '../ui.js';

export async function render(ctx, args, query) {
  const params = new URLSearchParams();
  if (query.get('halfjaar')) params.set('half_year', query.get('halfjaar'));
  if (query.get('regiegebieden')) params.set('regiegebieden', query.get('regiegebieden'));
  const data = await get(`/semester-report?${params}`);
  const run = data.run || {};
  const halfSel = select(data.half_years.map((p) => [p, fmtPeriod(p)]), data.half_year);
  const regionSel = h('select', { multiple: true, size: 6 },
    data.all_regiegebieden.map((name) => h('option', { value: name, selected: data.regiegebieden.includes(name) }, name)));
  const form = h(
    'form',
    {
      class: 'inline',
      onsubmit: (ev) => {
        ev.preventDefault();
        const q = new URLSearchParams({ halfjaar: halfSel.value });
        const chosen = [...regionSel.selectedOptions].map((o) => o.value);
        if (chosen.length) q.set('regiegebieden', chosen.join(','));
        ctx.navigate(`#/rapport?${q}`);
      },
    },
    field('Halfjaar', halfSel),
    field('Ook deze regiegebieden', regionSel, 'Houd Ctrl ingedrukt om er meer te kiezen.'),
    h('button', { type: 'submit' }, 'Toon'),
  );
  const api = new URLSearchParams({ half_year: data.half_year });
  if (data.regiegebieden.length) api.set('regiegebieden', data.regiegebieden.join(','));
  const file = (format) => `/api/v1/semester-report?${api}&format=${format}`;
  const stem = `beleidsrapport_${data.half_year}`;
  const page = h(
    'div',
    {},
    h('h1', {}, `Semestrieel beleidsrapport: ${fmtPeriod(data.half_year)}`),
    h('p', {},
      `De kerncijfers en de samenwerkingsindicatoren van de 13 centrumsteden${data.regiegebieden.length ? ', de gekozen regiegebieden' : ''} en Vlaanderen in het ${fmtPeriod(data.half_year)}, ` +
      `vergeleken met het ${fmtPeriod(data.previous)}. Meting ${run.run_id ?? ''}, gegevens tot ${fmtMonth(run.data_end)}. ` +
      'Het rapport is bedoeld om te verspreiden: het toont de publieke cijfers, met kleine aantallen afgeschermd, ook voor wie alles exact ziet.'),
    form,
    h('p', { class: 'downloads' }, 'Downloaden: ',
      h('a', { href: file('pdf'), download: `${stem}.pdf` }, 'Rapport (PDF)'), ' · ',
      h('a', { href: file('xlsx'), download: `${stem}.xlsx` }, 'Cijfers per indicator (XLSX)'), ' · ',
      h('a', { href: file('html'), download: `${stem}.html` }, 'Rapport (HTML)')),
  );
  // Part 1: the imported context figures (kerncijfers), each in its latest period.
  const context = (data.context || []).filter((c) => c.period);
  page.append(h('h2', {}, 'Kerncijfers'));
  if (!context.length) {
    page.append(h('p', {}, 'Er zijn nog geen kerncijfers ingelezen (werkzaamheidsgraad, niet-beroepsactieven, werkzoekenden, RMI-gerechtigden, ongekwalificeerde schoolverlaters).'));
  }
  for (const c of context) {
    page.append(h('section', { class: 'card report-context' },
      h('h3', {}, c.title),
      h('ul', {}, c.findings.map((f) => h('li', {}, f))),
      h('p', { class: 'hint' }, `Bron: ${c.source}.`)));
  }
  page.append(h('h2', {}, 'Vaststellingen: resultaten van de samenwerking'));
  for (const s of data.sections) {
    page.append(h('section', { class: 'card report-section' },
      h('h3', {}, s.title),
      h('ul', {}, s.findings.map((f) => h('li', {}, f)))));
  }
  page.append(
    h('h2', {}, 'Het rapport'),
    h('iframe', { class: 'report-frame', src: file('html'), title: `Semestrieel beleidsrapport ${fmtPeriod(data.half_year)}` }),
  );
  return page;
}
