// Simulatie (what-if): POST /api/v1/calls/{call}/simulation.
import { dutchMessage, post } from '../api.js';
import { callPicker, versionOn } from '../calls-common.js';
import { infoList, sheetTable } from '../sheets.js';
import { euroInputToCents, field, fmtEuro, h, kpis, message, select } from '../ui.js';

const euros = (cents) => (cents === undefined || cents === null ? '' : String(cents / 100).replace('.', ','));

export async function render(ctx, args) {
  const { calls, current, form } = await callPicker(ctx, 'simulatie', args[0]);
  const page = h('div', {}, h('h1', {}, 'Simulatie'), form);
  if (!current) {
    page.append(message('Er zijn nog geen oproepen.'));
    return page;
  }
  const v = versionOn(calls.find((c) => c.id === current));
  const threshold = h('input', { type: 'text', inputmode: 'decimal', value: String(v.threshold).replace('.', ',') });
  const amount = h('input', { type: 'text', inputmode: 'decimal', value: euros(v.amount_per_outflow_cents) });
  const budget = h('input', { type: 'text', inputmode: 'decimal', value: euros(v.budget_cents) });
  const participants = select(
    [
      ['all', 'alle gemeenten'],
      ['applications', 'de deelnemers met een aanvraag'],
    ],
    'all',
  );
  const through = h('input', { type: 'text', placeholder: 'YYYY-MM' });
  const out = h('div', { 'aria-live': 'polite' });
  const sim = h(
    'form',
    { class: 'card', novalidate: true },
    h('h2', {}, 'Wat als…'),
    field('Drempel (%)', threshold),
    field('Bedrag per extra uitstroom (€)', amount),
    field('Budget (€)', budget),
    field('Deelnemers', participants),
    field('Resultaten tot en met (maand)', through, 'Leeg: de laatste maand met gegevens.'),
    h('button', { type: 'submit', class: 'primary' }, 'Bereken'),
  );
  sim.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body = {
      threshold: threshold.value.trim().replace(',', '.'),
      amount_per_outflow_cents: euroInputToCents(amount.value),
      budget_cents: euroInputToCents(budget.value),
    };
    if (participants.value === 'all') body.participants = 'all';
    if (through.value.trim()) body.through = through.value.trim();
    out.replaceChildren(h('p', { role: 'status' }, 'Berekenen…'));
    try {
      const r = await post(`/calls/${encodeURIComponent(current)}/simulation`, body);
      out.replaceChildren(
        h('h2', {}, 'Uitkomst'),
        kpis([
          ['Verwachte kost', fmtEuro(r.projected_cost_cents), 'sim-cost'],
          ['Betaalde gemeenten', String(r.paid_municipalities), 'sim-paid'],
          ['Deelnemers', String(r.participants)],
        ]),
        infoList(r.table && r.table.info),
        r.table ? sheetTable('Simulatie per deelnemer', r.table) : '',
      );
    } catch (err) {
      out.replaceChildren(message(dutchMessage(err), 'error'));
    }
  });
  page.append(sim, out);
  return page;
}
