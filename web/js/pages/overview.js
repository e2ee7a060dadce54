// Overzicht aanvragen: per status the number of applications of a call and the list, filtered by
// status, province and a part of a municipality's name or NIS code, sortable, and downloadable as
// it is filtered (GET /api/v1/calls/{call}/applications?status=&province=&q=[&format=xlsx|csv]).
// A local government sees its own applications only (the server decides).
import { get } from '../api.js';
import { callPicker, municipalityNames } from '../calls-common.js';
import { dataTable, downloadLinks, field, fmtEuro, fmtInt, h, kpis, select } from '../ui.js';

const STATUSES = [
  ['draft', 'ontwerp'],
  ['submitted', 'ingediend'],
  ['approved', 'goedgekeurd'],
  ['refused', 'geweigerd'],
  ['running', 'lopend'],
  ['settled', 'afgerekend'],
];
const PROVINCES = ['Antwerpen', 'Limburg', 'Oost-Vlaanderen', 'Vlaams-Brabant', 'West-Vlaanderen'];

export async function render(ctx, args, query) {
  const { current, form } = await callPicker(ctx, 'overzicht', args[0]);
  const page = h('div', {}, h('h1', {}, 'Overzicht aanvragen'), form);
  if (!current) return page;
  const filter = {
    status: query.get('status') || '',
    province: query.get('province') || '',
    q: query.get('q') || '',
  };
  const params = new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== ''));
  const base = `/calls/${encodeURIComponent(current)}/applications`;
  const path = params.toString() ? `${base}?${params}` : base;
  const [answer, names] = await Promise.all([get(path), municipalityNames(current)]);
  const counts = answer.counts || {};
  page.append(
    h('h2', {}, 'Aantal aanvragen per status'),
    kpis(STATUSES.map(([code, label]) => [label, fmtInt(counts[code] || 0), `count-${code}`])),
    filterForm(ctx, current, filter),
  );
  const rows = (answer.applications || []).map((a) => ({
    id: a.id,
    applicant: a.consortium_name || names.get(a.applicant) || a.applicant,
    members: (a.members || []).map((m) => (names.get(m.nis) ? `${m.nis} ${names.get(m.nis)}` : m.nis)).join(', '),
    status: a.status_label || a.status,
    status_order: STATUSES.findIndex(([code]) => code === a.status),
    advance: a.advance_paid_cents,
    report: a.annual_report_document ? 'opgeladen' : '—',
    approved: a.annual_report_approved || '',
    updated: (a.updated_at || '').slice(0, 10),
  }));
  page.append(
    h('p', { id: 'overview-total', role: 'status' }, `${fmtInt(rows.length)} ${rows.length === 1 ? 'aanvraag' : 'aanvragen'} getoond.`),
    rows.length
      ? dataTable(
        'Aanvragen van de oproep',
        [
          { key: 'id', label: 'Aanvraag', numeric: true },
          { key: 'applicant', label: 'Aanvrager' },
          { key: 'members', label: 'Leden' },
          { key: 'status', label: 'Status', sortValue: (r) => r.status_order },
          { key: 'advance', label: 'Betaald voorschot', numeric: true, format: fmtEuro },
          { key: 'report', label: 'Jaarverslag' },
          { key: 'approved', label: 'Jaarverslag goedgekeurd op', nowrap: true },
          { key: 'updated', label: 'Laatst gewijzigd', nowrap: true },
        ],
        rows,
        { sortable: true, rowHeader: 'id' },
      )
      : h('p', {}, 'Geen aanvragen die aan de filters voldoen.'),
    downloadLinks(path, 'Aanvragen'),
  );
  return page;
}

/** The filters; applying them navigates, so the address keeps them (and the download follows). */
function filterForm(ctx, call, filter) {
  const status = select([['', 'alle statussen'], ...STATUSES], filter.status);
  const province = select([['', 'alle provincies'], ...PROVINCES], filter.province);
  const text = h('input', { type: 'search', value: filter.q });
  return h(
    'form',
    {
      class: 'inline filters',
      role: 'search',
      onsubmit: (ev) => {
        ev.preventDefault();
        const q = new URLSearchParams();
        if (status.value) q.set('status', status.value);
        if (province.value) q.set('province', province.value);
        if (text.value.trim()) q.set('q', text.value.trim());
        const tail = q.toString() ? `?${q}` : '';
        ctx.navigate(`#/overzicht/${encodeURIComponent(call)}${tail}`);
      },
    },
    field('Status', status),
    field('Provincie', province),
    field('Gemeente (naam of NIS-code)', text),
    h('button', { type: 'submit' }, 'Filteren'),
  );
}
