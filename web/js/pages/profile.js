// Profiel: who the persons behind one OCMW's figure are — per age band, sex, months on leefloon
// in a row, GPMI, exemption and the ukrainian flag, how many are in the denominator and the
// numerator. GET /api/v1/profile?nis=&indicator=&variant=&period= (exact only: WSE and VDAB any
// OCMW, a municipality its own) and /api/v1/areas (the choice of WSE and VDAB).
import { get } from '../api.js';
import { areaList, cellText, definitionDetails, variantLabel } from '../indicators.js';
import { dataTable, downloadLinks, field, fmtInt, fmtPct, fmtPeriod, h, select } from '../ui.js';

export async function render(ctx, args, query) {
  const memory = ctx.memory.profile || {};
  const own = ctx.user.municipality ? String(ctx.user.municipality).padStart(5, '0') : null;
  const wanted = {
    nis: query.get('nis') || memory.nis || own || '11002',
    indicator: query.get('indicator') || memory.indicator || 'reach',
    variant: query.get('variant') || memory.variant || 'all',
  };
  const period = query.get('periode') || memory.period;
  if (period) wanted.period = period;
  const data = await get(`/profile?${new URLSearchParams(wanted)}`);
  ctx.memory.profile = { nis: data.area.nis, indicator: data.indicator, variant: data.variant, period: data.period };

  // The form: the municipality (WSE and VDAB), the indicator, its variant and period.
  const exactViewer = ctx.user.role === 'wse_analyst' || ctx.user.role === 'vdab_mediator';
  const areaChoices = exactViewer
    ? areaList(await get('/areas')).map((a) => [a.nis, `${a.name} (${a.nis})`])
    : [[data.area.nis, `${data.area.name} (eigen OCMW)`]];
  const nisSel = select(areaChoices, data.area.nis);
  const current = () => data.indicators.find((i) => i.indicator === indSel.value) || data.indicators[0];
  const indSel = select(data.indicators.map((i) => [i.indicator, i.name]), data.indicator);
  const varSel = select([], null);
  const perSel = select([], null);
  const fill = (variant, periodValue) => {
    const ind = current();
    varSel.replaceChildren(...select(ind.variants.map((v) => [v, variantLabel(v)]), variant).children);
    const periods = [...ind.periods].reverse();
    perSel.replaceChildren(...select(periods.map((p) => [p, fmtPeriod(p)]), periodValue).children);
  };
  fill(data.variant, data.period);
  indSel.addEventListener('change', () => fill('all', null));
  const form = h(
    'form',
    {
      class: 'inline',
      onsubmit: (ev) => {
        ev.preventDefault();
        const q = new URLSearchParams({ nis: nisSel.value, indicator: indSel.value, variant: varSel.value, periode: perSel.value });
        ctx.navigate(`#/profiel?${q}`);
      },
    },
    field('Gemeente', nisSel),
    field('Indicator', indSel),
    field('Variant', varSel),
    field('Periode', perSel),
    h('button', { type: 'submit' }, 'Toon'),
  );

  const withDenominator = data.has_denominator;
  const columns = [{ key: 'name', label: 'Categorie' }];
  if (withDenominator) columns.push({ key: 'denominator', label: 'In de noemer', numeric: true, format: fmtInt });
  columns.push({ key: 'numerator', label: 'In de teller', numeric: true, format: fmtInt });
  columns.push({ key: 'pending', label: 'Lopend', numeric: true, format: fmtInt });
  if (withDenominator) {
    columns.push({
      key: 'percentage',
      label: 'Aandeel in de teller',
      numeric: true,
      render: (c) => (c.percentage === null ? '–' : fmtPct(c.percentage)),
    });
  }
  const title = `${data.name} — ${variantLabel(data.variant)}, ${fmtPeriod(data.period)}`;
  const sections = data.tables.map((t) =>
    h(
      'section',
      { class: 'card profile' },
      h('h2', {}, t.name),
      dataTable(`${t.name}: ${title}, OCMW ${data.area.name}`, columns, t.categories, { rowHeader: 'name' }),
    ),
  );
  return h(
    'div',
    {},
    h('h1', {}, `Profiel: ${data.area.name}`),
    h(
      'p',
      {},
      'Wie zijn de personen achter een cijfer, en bij wie slaagt het? Per kenmerk staat hoeveel personen in de noemer en in de teller van het cijfer zitten. ',
      'Leeftijd en maanden leefloon op rij gelden in de maand van het cijfer; GPMI, vrijstelling en de vlag Oekraïens komen van het laatst begonnen recht. ',
      'U ziet dit profiel exact: het gaat over ',
      exactViewer ? 'de personen van een OCMW (WSE en VDAB zien alle cijfers exact).' : 'de personen van uw eigen OCMW.',
    ),
    form,
    h(
      'p',
      { id: 'profile-figure' },
      `${title}: ${cellText(data.figure)}. `,
      withDenominator
        ? `${fmtInt(data.members)} ${data.members === 1 ? 'eenheid' : 'eenheden'} in de noemer.`
        : `${fmtInt(data.members)} uitstromen (teller en lopend).`,
    ),
    definitionDetails(data.indicator),
    h('div', { class: 'profiles' }, sections),
    downloadLinks(`/profile?${new URLSearchParams({ nis: data.area.nis, indicator: data.indicator, variant: data.variant, period: data.period })}`, 'Profiel'),
  );
}
