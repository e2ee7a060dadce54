// Vlaanderen: GET /api/v1/flanders — every municipality for one indicator, variant and period.
import { get } from '../api.js';
import { cellText, definitionDetails, hiddenCounts, variantLabel } from '../indicators.js';
import { dataTable, downloadLinks, field, fmtInt, h, select } from '../ui.js';

export async function render(ctx, args, query) {
  const params = new URLSearchParams();
  for (const k of ['indicator', 'variant', 'period']) if (query.get(k)) params.set(k, query.get(k));
  const data = await get(`/flanders${params.toString() ? '?' + params : ''}`);
  const k = (data.run && data.run.k) || 5;
  const current = data.indicators.find((i) => i.indicator === data.indicator) || data.indicators[0];

  const indSel = select(data.indicators.map((i) => [i.indicator, i.name]), data.indicator);
  const varSel = select((current?.variants || [data.variant]).map((v) => [v, variantLabel(v)]), data.variant);
  const perSel = select(current?.periods || [data.period], data.period);
  indSel.addEventListener('change', () => {
    const ind = data.indicators.find((i) => i.indicator === indSel.value);
    varSel.replaceChildren(...select(ind.variants.map((v) => [v, variantLabel(v)])).children);
    const keep = perSel.value;
    perSel.replaceChildren(...select(ind.periods, keep).children);
    if (!ind.periods.includes(keep)) perSel.value = ind.periods[ind.periods.length - 1];
  });
  const form = h(
    'form',
    {
      class: 'inline',
      onsubmit: (ev) => {
        ev.preventDefault();
        const q = new URLSearchParams({ indicator: indSel.value, variant: varSel.value, period: perSel.value });
        ctx.navigate(`#/vlaanderen?${q}`);
      },
    },
    field('Indicator', indSel),
    field('Variant', varSel),
    field('Periode', perSel),
    h('button', { type: 'submit' }, 'Toon'),
  );
  const pctValue = (r) =>
    r.cell && !r.cell.suppressed && r.cell.percentage !== null ? Number(r.cell.percentage) : null;
  const columns = [
    { key: 'nis', label: 'NIS-code' },
    { key: 'name', label: 'Gemeente' },
    { key: 'province', label: 'Provincie' },
    { key: 'regiegebied', label: 'Regiegebied' },
    { key: 'centrumstad', label: 'Centrumstad', format: (v) => (v ? 'ja' : 'nee') },
    { key: 'pct', label: 'Percentage', numeric: true, render: (r) => cellText(r.cell, k), sortValue: pctValue },
    { key: 'numerator', label: 'Teller', numeric: true, render: (r) => fmtInt(r.cell?.numerator), sortValue: (r) => r.cell?.numerator ?? null },
    { key: 'denominator', label: 'Noemer', numeric: true, render: (r) => fmtInt(r.cell?.denominator), sortValue: (r) => r.cell?.denominator ?? null },
  ];
  const title = `${data.name} — ${variantLabel(data.variant)} — ${data.period}`;
  const hidden = hiddenCounts(data.rows.map((r) => r.cell), k);
  const hiddenText =
    data.view === 'exact'
      ? 'U ziet alle cijfers exact.'
      : hidden.primary + hidden.secondary === 0
        ? 'Geen enkel cijfer is afgeschermd.'
        : `Afgeschermd: ${hidden.primary} ${hidden.primary === 1 ? 'gemeente telt' : 'gemeenten tellen'} minder dan ${k} personen, ` +
          `${hidden.secondary} ${hidden.secondary === 1 ? 'gemeente is' : 'gemeenten zijn'} afgeschermd om zo'n klein aantal elders te beschermen.`;
  return h(
    'div',
    {},
    h('h1', {}, 'Vlaanderen: alle gemeenten'),
    form,
    definitionDetails(data.indicator),
    h('p', {}, `Vlaams Gewest: ${cellText(data.flanders, k)}. ${hiddenText} Klik op een kolomkop om te sorteren.`),
    dataTable(title, columns, data.rows, { sortable: true, rowHeader: 'name' }),
    downloadLinks(
      `/flanders?${new URLSearchParams({ indicator: data.indicator, variant: data.variant, period: data.period })}`,
      'Deze tabel',
    ),
  );
}
