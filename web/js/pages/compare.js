// Vergelijken: one indicator of up to ten municipalities in one trend chart, with Flanders.
// GET /api/v1/areas (the choice) and /api/v1/compare?indicator=&variant=&nis=A,B.
import { get } from '../api.js';
import { GRAINS, areaList, cellText, definitionDetails, grainOf, indicatorCard, variantLabel, withGrain } from '../indicators.js';
import { field, fmtMonth, h, select } from '../ui.js';

const MOST = 10;

export async function render(ctx, args, query) {
  const areas = areaList(await get('/areas'));
  const known = new Set(areas.map((a) => a.nis));
  let chosen = (query.get('nis') || ctx.memory.compare || ctx.user.municipality || '')
    .split(',')
    .filter((n) => known.has(n));
  chosen = [...new Set(chosen)].slice(0, MOST);
  if (chosen.length === 0 && areas.length) chosen = [areas[0].nis];
  ctx.memory.compare = chosen.join(',');
  const grain = grainOf(query);
  const params = new URLSearchParams({ nis: chosen.join(',') });
  for (const key of ['indicator', 'variant']) if (query.get(key)) params.set(key, query.get(key));
  const data = await get(withGrain(`/compare?${params}`, grain));
  const run = data.run || {};
  const k = run.k || 5;
  const current = data.indicators.find((i) => i.indicator === data.indicator) || data.indicators[0];

  const grainSel = select(GRAINS, grain);
  const go = (list, indicator = data.indicator, variant = data.variant, periodes = grain) => {
    const q = new URLSearchParams({ indicator, variant, nis: list.join(',') });
    if (periodes === 'halfjaar') q.set('periodes', 'halfjaar');
    ctx.navigate(`#/vergelijken?${q}`);
  };
  const indSel = select(data.indicators.map((i) => [i.indicator, i.name]), data.indicator);
  const varSel = select((current?.variants || [data.variant]).map((v) => [v, variantLabel(v)]), data.variant);
  indSel.addEventListener('change', () => {
    const ind = data.indicators.find((i) => i.indicator === indSel.value);
    varSel.replaceChildren(...select(ind.variants.map((v) => [v, variantLabel(v)])).children);
  });
  const form = h(
    'form',
    { class: 'inline', onsubmit: (ev) => { ev.preventDefault(); go(chosen, indSel.value, varSel.value, grainSel.value); } },
    field('Indicator', indSel),
    field('Variant', varSel),
    field('Periodes', grainSel),
    h('button', { type: 'submit' }, 'Toon'),
  );
  const name = (nis) => (areas.find((a) => a.nis === nis) || { name: nis }).name;
  const list = h(
    'ul',
    { class: 'chosen' },
    chosen.map((nis) =>
      h('li', {}, `${name(nis)} (${nis}) `,
        chosen.length > 1
          ? h('button', { type: 'button', class: 'link', 'aria-label': `${name(nis)} weglaten`, onclick: () => go(chosen.filter((n) => n !== nis)) }, 'weglaten')
          : null),
    ),
  );
  const addSel = select(areas.filter((a) => !chosen.includes(a.nis)).map((a) => [a.nis, `${a.name} (${a.nis})`]));
  const addForm = h(
    'form',
    { class: 'inline', onsubmit: (ev) => { ev.preventDefault(); go([...chosen, addSel.value]); } },
    field('Gemeente toevoegen', addSel),
    h('button', { type: 'submit', disabled: chosen.length >= MOST }, 'Voeg toe'),
    chosen.length >= MOST ? h('p', { class: 'hint' }, `Hoogstens ${MOST} gemeenten in één grafiek.`) : null,
  );
  const title = `${data.name} — ${variantLabel(data.variant)}`;
  // Flanders keeps its style of every chart (3); the municipalities take the others.
  const styles = [0, 1, 2, 4, 5, 6, 7, 8, 9, 10];
  const series = data.series.map((s, i) => ({ key: String(i), label: s.label, style: s.nis ? styles[i] : 3, cells: s.cells }));
  const page = h(
    'div',
    {},
    h('h1', {}, 'Gemeenten vergelijken'),
    h('p', {}, `Eén indicator van hoogstens ${MOST} gemeenten in één grafiek, met het Vlaams Gewest. Meting ${run.run_id ?? ''}, gegevens tot ${fmtMonth(run.data_end)}. `,
      data.view === 'exact'
        ? 'U ziet alle cijfers exact.'
        : `Cijfers die minder dan ${k} personen tellen, zijn afgeschermd (behalve die van uw eigen OCMW), en ook de cijfers waaruit ze terug te rekenen zouden zijn.`),
    form,
    h('h2', {}, 'Gekozen gemeenten'),
    list,
    addForm,
    definitionDetails(data.indicator),
    indicatorCard({
      id: 'vergelijking',
      title,
      indicator: data.indicator,
      periods: data.periods,
      series,
      k,
      text: (key, i) => cellText(data.series[Number(key)].cells[i], k),
      download: {
        path: withGrain(`/compare?${new URLSearchParams({ indicator: data.indicator, variant: data.variant, nis: chosen.join(',') })}`, grain),
        file: `vergelijking_${data.indicator}_${data.variant}`,
        source: `Bron: Activeringspact, meting ${run.run_id ?? ''}, gegevens tot ${fmtMonth(run.data_end)}`,
      },
    }),
  );
  return page;
}
