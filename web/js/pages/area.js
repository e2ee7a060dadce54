// Regio-dashboard: a province, a regiegebied, a group of comparable municipalities or the
// centrumsteden over the run's periods, against Flanders. GET /api/v1/areas (the choice) and
// /api/v1/area-dashboard?level=L&code=C.
import { get } from '../api.js';
import { AREA_SERIES, GRAINS, cellText, grainOf, indicatorCard, variantLabel, withGrain } from '../indicators.js';
import { downloadLinks, field, fmtMonth, h, select } from '../ui.js';

const LEVELS = [
  ['province', 'Provincies'],
  ['regiegebied', 'Regiegebieden'],
  ['size_class', 'Vergelijkbare gemeenten (naar aantal inwoners)'],
  ['centrumsteden', 'Centrumsteden'],
];

export async function render(ctx, args, query) {
  const groups = ((await get('/areas')).groups || []).filter((g) => LEVELS.some(([l]) => l === g.level));
  const wanted = groups.find((g) => g.level === query.get('niveau') && g.code === query.get('code'));
  const chosen = wanted || ctx.memory.area || groups[0];
  if (!chosen) return h('p', {}, 'Er zijn geen gebieden.');
  ctx.memory.area = chosen;
  const grain = grainOf(query);
  const grainSel = select(GRAINS, grain);
  const picker = h('select', {});
  for (const [level, label] of LEVELS) {
    const og = h('optgroup', { label });
    for (const g of groups.filter((x) => x.level === level)) {
      const opt = h('option', { value: `${g.level}|${g.code}` }, g.label);
      if (g === chosen || (g.level === chosen.level && g.code === chosen.code)) opt.selected = true;
      og.append(opt);
    }
    picker.append(og);
  }
  const form = h(
    'form',
    {
      class: 'inline',
      onsubmit: (ev) => {
        ev.preventDefault();
        const [niveau, code] = picker.value.split('|');
        const q = new URLSearchParams({ niveau, code });
        if (grainSel.value === 'halfjaar') q.set('periodes', 'halfjaar');
        ctx.navigate(`#/gebied?${q}`);
      },
    },
    field('Gebied', picker),
    field('Periodes', grainSel),
    h('button', { type: 'submit' }, 'Toon'),
  );
  const params = new URLSearchParams({ level: chosen.level, code: chosen.code });
  if (grain === 'halfjaar') params.set('grain', 'half_year');
  const data = await get(`/area-dashboard?${params}`);
  const run = data.run || {};
  const k = run.k || 5;
  const area = data.area;
  const names = data.series_names || {};
  const members = area.members || [];
  const page = h(
    'div',
    {},
    h('h1', {}, `Regio-dashboard: ${area.label}`),
    form,
    h(
      'p',
      {},
      `${area.label}: ${members.length} ${members.length === 1 ? 'gemeente' : 'gemeenten'} in ${fmtMonth(run.last_month)}. `,
      `Meting ${run.run_id ?? ''} over ${fmtMonth(run.first_month)} tot ${fmtMonth(run.last_month)} (gegevens tot ${fmtMonth(run.data_end)}). `,
      area.level === 'size_class'
        ? 'Vergelijkbare gemeenten zijn gemeenten met ongeveer evenveel inwoners (op 1 januari 2022); de centrumsteden vormen een groep apart. ' +
          'Het cijfer van de groep is de mediaan van de cijfers van haar gemeenten die u ziet: de helft van die gemeenten zit erboven, de helft eronder. '
        : '',
      data.view === 'exact'
        ? 'U ziet alle cijfers exact, ook kleine aantallen.'
        : `Cijfers die minder dan ${k} personen tellen, zijn afgeschermd, en ook de cijfers waaruit ze terug te rekenen zouden zijn.`,
    ),
  );
  page.append(downloadLinks(`/area-dashboard?${params}`, 'Alle indicatoren van dit gebied'));
  const toc = h('ul', { class: 'toc' });
  page.append(h('nav', { 'aria-label': 'Indicatoren op deze pagina' }, toc));
  data.indicators
    .slice()
    .sort((a, b) => (a.indicator === b.indicator ? (a.variant === 'all' ? -1 : b.variant === 'all' ? 1 : 0) : 0))
    .forEach((ind, n) => {
      const title = `${ind.name} — ${variantLabel(ind.variant)}`;
      const sid = `gebied-${n}`;
      toc.append(h('li', {}, h('a', { href: `#gebied-${n}`, onclick: (e) => { e.preventDefault(); document.getElementById(sid).scrollIntoView(); document.getElementById(sid + '-h').focus(); } }, title)));
      const series = AREA_SERIES.filter(([key]) => ind.series[key]).map(([key, style]) => ({
        key,
        label: names[key] || key,
        style,
        cells: ind.series[key],
      }));
      page.append(
        indicatorCard({
          id: sid,
          title,
          indicator: ind.indicator,
          periods: ind.periods,
          series,
          k,
          text: (key, i) => cellText(ind.series[key][i], k),
          download: {
            path: `/area-dashboard?${params}&indicator=${ind.indicator}&variant=${encodeURIComponent(ind.variant)}`,
            file: `gebied_${area.level}_${area.code}_${ind.indicator}_${ind.variant}`,
            source: `Bron: Activeringspact, meting ${run.run_id ?? ''}, gegevens tot ${fmtMonth(run.data_end)}`,
          },
        }),
      );
    });
  page.append(
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'leden-h' },
      h('h2', { id: 'leden-h' }, `De gemeenten van ${area.label}`),
      h('ul', { class: 'members' }, members.map((m) => h('li', {}, h('a', { href: `#/dashboard/${m.nis}` }, m.name)))),
      members.length > 1
        ? h('p', {}, h('a', { href: `#/vergelijken?nis=${members.slice(0, 10).map((m) => m.nis).join(',')}` },
            members.length > 10 ? 'De eerste tien naast elkaar in één grafiek' : 'Deze gemeenten naast elkaar in één grafiek'))
        : null,
    ),
  );
  return page;
}
