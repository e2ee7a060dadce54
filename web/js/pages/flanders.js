// Vlaanderen: GET /api/v1/flanders — every municipality for one indicator, variant and period, as a
// map (by municipality or by regiegebied) and as a sortable table.
import { get } from '../api.js';
import { cellText, cellValue, definitionDetails, hiddenCounts, variantLabel } from '../indicators.js';
import { choropleth } from '../map.js';
import { dataTable, downloadLinks, field, fmtInt, fmtPeriod, h, select } from '../ui.js';

export async function render(ctx, args, query) {
  const params = new URLSearchParams();
  for (const k of ['indicator', 'variant', 'period']) if (query.get(k)) params.set(k, query.get(k));
  const data = await get(`/flanders${params.toString() ? '?' + params : ''}`);
  const k = (data.run && data.run.k) || 5;
  const current = data.indicators.find((i) => i.indicator === data.indicator) || data.indicators[0];

  const indSel = select(data.indicators.map((i) => [i.indicator, i.name]), data.indicator);
  const varSel = select((current?.variants || [data.variant]).map((v) => [v, variantLabel(v)]), data.variant);
  const periodOptions = (list) => list.map((p) => [p, fmtPeriod(p)]);
  const perSel = select(periodOptions(current?.periods || [data.period]), data.period);
  const level = query.get('kaart') === 'regiegebied' ? 'regiegebied' : 'gemeente';
  const mapSel = select([['gemeente', 'per gemeente'], ['regiegebied', 'per regiegebied']], level);
  // Which municipalities the table lists: all, a province, a group of comparable ones.
  const groups = [['', 'alle gemeenten']];
  for (const p of [...new Set(data.rows.map((r) => r.province))].sort()) groups.push([`province:${p}`, `provincie ${p}`]);
  const classes = new Map(data.rows.filter((r) => r.size_class).map((r) => [r.size_class.id, r.size_class.name]));
  for (const [id, name] of [...classes].sort()) groups.push([`size_class:${id}`, `vergelijkbare gemeenten: ${name.replace(/^Gemeenten /, '')}`]);
  groups.push(['centrumsteden', 'de 13 centrumsteden']);
  const group = groups.some(([g]) => g === query.get('groep')) ? query.get('groep') : '';
  const groupSel = select(groups, group);
  const inGroup = (r) =>
    group === ''
      ? true
      : group === 'centrumsteden'
        ? r.centrumstad
        : group.startsWith('province:')
          ? `province:${r.province}` === group
          : r.size_class && `size_class:${r.size_class.id}` === group;
  indSel.addEventListener('change', () => {
    const ind = data.indicators.find((i) => i.indicator === indSel.value);
    varSel.replaceChildren(...select(ind.variants.map((v) => [v, variantLabel(v)])).children);
    const keep = perSel.value;
    perSel.replaceChildren(...select(periodOptions(ind.periods), keep).children);
    if (!ind.periods.includes(keep)) perSel.value = ind.periods[ind.periods.length - 1];
  });
  const form = h(
    'form',
    {
      class: 'inline',
      onsubmit: (ev) => {
        ev.preventDefault();
        const q = new URLSearchParams({ indicator: indSel.value, variant: varSel.value, period: perSel.value, kaart: mapSel.value });
        if (groupSel.value) q.set('groep', groupSel.value);
        ctx.navigate(`#/vlaanderen?${q}`);
      },
    },
    field('Indicator', indSel),
    field('Variant', varSel),
    field('Periode', perSel),
    field('Kaart', mapSel),
    field('Gemeenten in de tabel', groupSel),
    h('button', { type: 'submit' }, 'Toon'),
  );
  const pctValue = (r) =>
    r.cell && !r.cell.suppressed && r.cell.percentage !== null ? Number(r.cell.percentage) : null;
  const columns = [
    { key: 'rank', label: 'Rang', numeric: true, render: (r) => (r.rank === null || r.rank === undefined ? '' : String(r.rank)), sortValue: (r) => r.rank ?? null },
    { key: 'nis', label: 'NIS-code' },
    { key: 'name', label: 'Gemeente' },
    { key: 'province', label: 'Provincie' },
    { key: 'regiegebied', label: 'Regiegebied' },
    { key: 'centrumstad', label: 'Centrumstad', format: (v) => (v ? 'ja' : 'nee') },
    { key: 'pct', label: 'Percentage', numeric: true, render: (r) => cellText(r.cell, k), sortValue: pctValue },
    { key: 'numerator', label: 'Teller', numeric: true, render: (r) => fmtInt(r.cell?.numerator), sortValue: (r) => r.cell?.numerator ?? null },
    { key: 'denominator', label: 'Noemer', numeric: true, render: (r) => fmtInt(r.cell?.denominator), sortValue: (r) => r.cell?.denominator ?? null },
  ];
  const title = `${data.name} — ${variantLabel(data.variant)} — ${fmtPeriod(data.period)}`;
  const hidden = hiddenCounts(data.rows.map((r) => r.cell), k);
  const hiddenText =
    data.view === 'exact'
      ? 'U ziet alle cijfers exact.'
      : hidden.primary + hidden.secondary === 0
        ? 'Geen enkel cijfer is afgeschermd.'
        : `Afgeschermd: ${hidden.primary} ${hidden.primary === 1 ? 'gemeente telt' : 'gemeenten tellen'} minder dan ${k} personen, ` +
          `${hidden.secondary} ${hidden.secondary === 1 ? 'gemeente is' : 'gemeenten zijn'} afgeschermd om zo'n klein aantal elders te beschermen.`;
  const page = h(
    'div',
    {},
    h('h1', {}, 'Vlaanderen: alle gemeenten'),
    form,
    definitionDetails(data.indicator),
    h('p', {}, `Vlaams Gewest: ${cellText(data.flanders, k)}. ${hiddenText} Klik op een kolomkop om te sorteren.`),
  );
  const regions = data.regiegebieden || [];
  page.append(await mapSection(data, level, title, k));
  const shown = data.rows.filter(inGroup);
  const groupName = groups.find(([g]) => g === group)[1];
  page.append(
    h(
      'p',
      {},
      'De rang is die in heel Vlaanderen: 1 is het hoogste percentage, gelijke percentages delen een rang. ',
      'Alleen zichtbare cijfers krijgen een rang, zodat een rang niets verraadt over een afgeschermd cijfer. ',
      h('a', { href: `#/vergelijken?${new URLSearchParams({ indicator: data.indicator, variant: data.variant, nis: shown.filter((r) => r.rank).sort((a, b) => a.rank - b.rank).slice(0, 5).map((r) => r.nis).join(',') })}` },
        'De vijf hoogste van deze tabel in één grafiek'),
      '.',
    ),
  );
  page.append(dataTable(group ? `${title} — ${groupName}` : title, columns, shown, { sortable: true, rowHeader: 'name' }));
  if (level === 'regiegebied') {
    const regionColumns = [
      { key: 'name', label: 'Regiegebied' },
      { key: 'pct', label: 'Percentage', numeric: true, render: (r) => cellText(r.cell, k), sortValue: pctValue },
      { key: 'numerator', label: 'Teller', numeric: true, render: (r) => fmtInt(r.cell?.numerator), sortValue: (r) => r.cell?.numerator ?? null },
      { key: 'denominator', label: 'Noemer', numeric: true, render: (r) => fmtInt(r.cell?.denominator), sortValue: (r) => r.cell?.denominator ?? null },
    ];
    page.append(dataTable(`${title} — per regiegebied`, regionColumns, regions, { sortable: true, rowHeader: 'name' }));
  }
  page.append(
    downloadLinks(
      `/flanders?${new URLSearchParams({ indicator: data.indicator, variant: data.variant, period: data.period })}`,
      'Deze tabel',
    ),
  );
  return page;
}

/** The map by municipality or by regiegebied, with its legend; a message when it cannot be drawn. */
async function mapSection(data, level, title, k) {
  const hidden = (cell) => (cell && cell.suppressed ? cell.suppression || 'primary' : false);
  const areas =
    level === 'regiegebied'
      ? (data.regiegebieden || []).map((r) => ({
          name: `Regiegebied ${r.name}`,
          codes: r.map_codes,
          value: cellValue(r.cell),
          hidden: hidden(r.cell),
          text: cellText(r.cell, k),
        }))
      : data.rows.map((r) => ({
          name: r.name,
          codes: r.map_codes || [r.nis],
          value: cellValue(r.cell),
          hidden: hidden(r.cell),
          text: cellText(r.cell, k),
          href: `#/dashboard/${r.nis}`,
          own: r.own,
        }));
  const heading = h('h2', { id: 'kaart-h' }, `Kaart ${level === 'regiegebied' ? 'per regiegebied' : 'per gemeente'}`);
  try {
    const { figure, legend } = await choropleth({ title: `${title}: kaart ${level === 'regiegebied' ? 'per regiegebied' : 'per gemeente'}`, areas });
    return h(
      'section',
      { class: 'card map-card', 'aria-labelledby': 'kaart-h' },
      heading,
      figure,
      legend,
      h(
        'p',
        { class: 'note' },
        'Grenzen van de gemeenten van 2019–2024 (CC0); een gemeente van de fusies van 2025 is de som van haar deelgemeenten. ',
        level === 'regiegebied' ? 'Grijs zonder rand: gemeenten zonder gekend regiegebied. ' : '',
        'Mesen staat niet op de kaart: de bron heeft er geen grens voor. Wijs een gebied aan voor zijn cijfer; de tabel geeft alle cijfers.',
      ),
    );
  } catch (err) {
    return h('section', { class: 'card map-card', 'aria-labelledby': 'kaart-h' }, heading, h('p', { role: 'alert' }, `De kaart is niet beschikbaar: ${err.message}`));
  }
}
