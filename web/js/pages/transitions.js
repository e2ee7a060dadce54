// Transities: the socio-economic position of every person in one month against a later month,
// for Flanders or one OCMW. GET /api/v1/transitions?from=&to=&nis= and /api/v1/areas (the
// OCMWs a WSE analyst or VDAB mediator may choose).
import { get } from '../api.js';
import { areaList, definitionDetails } from '../indicators.js';
import { dataTable, downloadLinks, field, fmtInt, fmtMonth, fmtPct, h, select } from '../ui.js';

/** The months first..last ("2024-01") in order. */
function monthsBetween(first, last) {
  const out = [];
  let [y, m] = first.split('-').map(Number);
  const [ly, lm] = last.split('-').map(Number);
  while (y < ly || (y === ly && m <= lm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

// Short column and row names; the definition above the table gives the full ones.
const SHORT = {
  WORK_EMP: 'werknemer',
  WORK_SELF: 'zelfstandige',
  RMI: 'leefloon of hulp (RMI)',
  ACTIVATION: 'activering',
  JOBSEEKER: 'werkzoekende',
  OTHER: 'anders',
};

export async function render(ctx, args, query) {
  const params = new URLSearchParams();
  const memory = ctx.memory.transitions || {};
  const from = query.get('van') || memory.van;
  const to = query.get('tot') || memory.tot;
  const nis = query.get('nis') ?? memory.nis ?? '';
  if (from) params.set('from', from);
  if (to) params.set('to', to);
  if (nis) params.set('nis', nis);
  const data = await get(`/transitions?${params}`);
  ctx.memory.transitions = { van: data.from, tot: data.to, nis: data.area.level === 'ocmw' ? data.area.code : '' };
  const k = data.k || 5;

  // The areas the user may choose: Flanders, and every OCMW (exact view) or the own one.
  const choices = [['', 'Vlaams Gewest']];
  if (data.view === 'exact') {
    for (const a of areaList(await get('/areas'))) choices.push([a.nis, `OCMW ${a.name} (${a.nis})`]);
  } else if (ctx.user.municipality) {
    const own = String(ctx.user.municipality).padStart(5, '0');
    const a = areaList(await get('/areas')).find((x) => x.nis === own);
    choices.push([own, `OCMW ${a ? a.name : own} (eigen OCMW)`]);
  }
  const months = monthsBetween(data.months.first, data.months.last).reverse();
  const fromSel = select(months.map((m) => [m, fmtMonth(m)]), data.from);
  const toSel = select(months.map((m) => [m, fmtMonth(m)]), data.to);
  const areaSel = select(choices, data.area.level === 'ocmw' ? data.area.code : '');
  const form = h(
    'form',
    {
      class: 'inline',
      onsubmit: (ev) => {
        ev.preventDefault();
        const q = new URLSearchParams({ van: fromSel.value, tot: toSel.value, nis: areaSel.value });
        ctx.navigate(`#/transities?${q}`);
      },
    },
    field('Beginmaand', fromSel),
    field('Eindmaand', toSel),
    field('Gebied', areaSel),
    h('button', { type: 'submit' }, 'Toon'),
  );

  const columns = [{ key: 'name', label: `Positie in ${fmtMonth(data.from)}`, render: (row) => SHORT[row.from] || row.name }];
  data.positions.forEach((p, b) => {
    columns.push({
      key: p.id,
      label: SHORT[p.id] || p.name,
      numeric: true,
      nowrap: true,
      render: (row) => {
        const cell = row.cells[b];
        if (cell.count === null) return h('span', { class: 'suppressed' }, 'afgeschermd');
        if (row.total === null || row.total === 0) return fmtInt(cell.count);
        return `${fmtInt(cell.count)} (${fmtPct(((100 * cell.count) / row.total).toFixed(1))})`;
      },
    });
  });
  columns.push({
    key: 'total',
    label: 'Totaal',
    numeric: true,
    nowrap: true,
    render: (row) => (row.total === null ? h('span', { class: 'suppressed' }, 'afgeschermd') : fmtInt(row.total)),
  });
  const caption = `${data.area.name}: positie in ${fmtMonth(data.from)} (rijen) tegenover ${fmtMonth(data.to)} (kolommen)`;
  const table = dataTable(caption, columns, data.rows, { rowHeader: 'name' });

  let primary = 0;
  let secondary = 0;
  for (const r of data.rows) {
    for (const c of r.cells) {
      if (c.suppression === 'primary') primary += 1;
      if (c.suppression === 'secondary') secondary += 1;
    }
  }
  const hiddenText = data.hidden
    ? h(
        'p',
        { class: 'hint', id: 'transitions-hidden' },
        `${data.hidden} van de ${data.rows.length * data.positions.length} cellen zijn afgeschermd: `,
        `${primary} omdat ze minder dan ${k} personen tellen of op minder dan ${k} na uit één OCMW komen, `,
        `${secondary} om die te beschermen (de rijtotalen zijn bekend). WSE, VDAB en het eigen OCMW zien ze exact.`,
      )
    : h('p', { class: 'hint', id: 'transitions-hidden' }, 'Alle aantallen zijn zichtbaar.');

  const path = `/transitions?${new URLSearchParams({ from: data.from, to: data.to, ...(data.area.level === 'ocmw' ? { nis: data.area.code } : {}) })}`;
  return h(
    'div',
    {},
    h('h1', {}, 'Transities'),
    h(
      'p',
      {},
      `Waar stonden de personen van ${fmtMonth(data.from)} in ${fmtMonth(data.to)}? `,
      'Elke rij is een positie in de beginmaand, elke kolom een positie in de eindmaand; het percentage is het aandeel van de rij. ',
      `Meting ${data.run_id}, gegevens tot ${fmtMonth(data.months.last)}.`,
    ),
    form,
    definitionDetails('transitions'),
    table,
    hiddenText,
    downloadLinks(path, 'Transities'),
  );
}
