// Oproepen: GET /api/v1/calls; WSE creates a call with POST /api/v1/calls.
import { dutchMessage, get, post } from '../api.js';
import { versionOn } from '../calls-common.js';
import { formatValue } from '../sheets.js';
import { dataTable, euroInputToCents, field, h, message } from '../ui.js';

const PARAMS = [
  ['valid_from', 'Geldig vanaf'],
  ['budget_cents', 'Budget'],
  ['counts_on', 'Telling op'],
  ['threshold', 'Drempel'],
  ['amount_per_outflow_cents', 'Bedrag per extra uitstroom'],
  ['period_start', 'Begin projectperiode'],
  ['period_end', 'Einde projectperiode'],
  ['application_deadline', 'Uiterste aanvraagdatum'],
  ['settlement_rule', 'Afrekeningsregel'],
  ['advance', 'Voorschot'],
  ['consortia_allowed', 'Samenwerkingsverbanden toegelaten'],
  ['redistribution_cap', 'Plafond bij herverdeling'],
];

export async function render(ctx) {
  const calls = (await get('/calls')).calls || [];
  const page = h('div', {}, h('h1', {}, 'Oproepen'));
  if (ctx.memory.flash) {
    page.append(message(ctx.memory.flash));
    ctx.memory.flash = null;
  }
  page.append(
    dataTable(
      'Oproepen van het Lokaal Activeringspact',
      [
        { key: 'id', label: 'Code' },
        { key: 'title', label: 'Titel' },
        { key: 'period', label: 'Projectperiode', render: (c) => { const v = versionOn(c); return `${v.period_start} tot ${v.period_end}`; } },
        { key: 'deadline', label: 'Uiterste aanvraagdatum', render: (c) => versionOn(c).application_deadline },
        { key: 'versions', label: 'Parameterversies', numeric: true, render: (c) => String((c.versions || []).length) },
      ],
      calls,
      { rowHeader: 'id' },
    ),
  );
  for (const c of calls) {
    page.append(
      h(
        'details',
        { class: 'card' },
        h('summary', {}, `Parameterversies van ${c.title}`),
        dataTable(
          `Parameterversies van ${c.id}`,
          [
            { key: 'version', label: 'Versie' },
            { key: 'note', label: 'Toelichting' },
            ...PARAMS.map(([k, label]) => ({ key: k, label, format: (v) => formatValue(k, v) })),
          ],
          c.versions || [],
          { rowHeader: 'version' },
        ),
      ),
    );
  }
  if (ctx.can('lap_administer')) page.append(createForm(ctx));
  return page;
}

function createForm(ctx) {
  const inputs = {
    id: h('input', { type: 'text', required: true, pattern: '[a-z0-9-]+', placeholder: 'lap-2026' }),
    title: h('input', { type: 'text', required: true }),
    budget: h('input', { type: 'text', inputmode: 'decimal', required: true }),
    counts_on: h('input', { type: 'date', required: true }),
    threshold: h('input', { type: 'text', inputmode: 'decimal', required: true, value: '20' }),
    amount: h('input', { type: 'text', inputmode: 'decimal', value: '1000' }),
    period_start: h('input', { type: 'date', required: true }),
    period_end: h('input', { type: 'date', required: true }),
    application_deadline: h('input', { type: 'date', required: true }),
    consortia_allowed: h('input', { type: 'checkbox' }),
  };
  const out = h('div', { 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'card', novalidate: true },
    h('h2', {}, 'Nieuwe oproep'),
    field('Code', inputs.id, 'Kleine letters, cijfers en streepjes, bv. lap-2026.'),
    field('Titel', inputs.title),
    field('Budget (€)', inputs.budget),
    field('Telling van de leefloners op', inputs.counts_on),
    field('Drempel (%)', inputs.threshold),
    field('Bedrag per extra uitstroom (€)', inputs.amount),
    field('Begin projectperiode', inputs.period_start),
    field('Einde projectperiode', inputs.period_end),
    field('Uiterste aanvraagdatum', inputs.application_deadline),
    h('div', { class: 'field check' }, inputs.consortia_allowed, h('label', { for: (inputs.consortia_allowed.id = 'consortia') }, 'Samenwerkingsverbanden toegelaten')),
    h('button', { type: 'submit', class: 'primary' }, 'Oproep aanmaken'),
    out,
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body = {
      id: inputs.id.value.trim(),
      title: inputs.title.value.trim(),
      budget_cents: euroInputToCents(inputs.budget.value),
      counts_on: inputs.counts_on.value,
      threshold: inputs.threshold.value.trim().replace(',', '.'),
      amount_per_outflow_cents: euroInputToCents(inputs.amount.value),
      period_start: inputs.period_start.value,
      period_end: inputs.period_end.value,
      application_deadline: inputs.application_deadline.value,
      consortia_allowed: inputs.consortia_allowed.checked,
    };
    try {
      const c = await post('/calls', body);
      ctx.memory.flash = `Oproep ${c.id} is aangemaakt.`;
      ctx.navigate('#/oproepen');
    } catch (err) {
      out.replaceChildren(message(dutchMessage(err), 'error'));
    }
  });
  return form;
}
