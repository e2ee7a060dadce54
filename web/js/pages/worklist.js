// Werklijst: the tasks waiting for the user's side in the open dossiers
// (GET /api/v1/worklist?purpose=&scope=&kind=&sort=[&format=xlsx|csv]). The list names its purpose;
// the server writes every person listed to the audit log.
import { dutchMessage, get } from '../api.js';
import { dataTable, field, fmtDate, fmtInt, h, message, select } from '../ui.js';
import { checkPurpose, purposeField } from './persons.js';

const SCOPES = [
  ['mine', 'Mijn dossiers'],
  ['team', 'Hele team'],
];
const KINDS = [
  ['', 'alle'],
  ['action', 'acties'],
  ['handover', 'warme overdrachten'],
  ['transmission', 'doormeldingen'],
  ['exemption', 'vrijstellingen'],
];
const SORTS = [
  ['due', 'vervaldatum'],
  ['case', 'dossier'],
];

/** The links that download the list just shown as XLSX and CSV (GETs with the session cookie). */
export function downloads(path, query) {
  const link = (format, label) => {
    const q = new URLSearchParams(query);
    q.set('format', format);
    return h('a', { href: `/api/v1${path}?${q}`, download: '' }, label);
  };
  return h(
    'p',
    { class: 'downloads' },
    'Downloaden: ',
    link('xlsx', 'Excel (XLSX)'),
    ' · ',
    link('csv', 'CSV'),
  );
}

const name = (r) => [r.first_name, r.last_name].filter(Boolean).join(' ') || r.person;

export async function render(ctx) {
  const last = ctx.memory.worklist || {};
  const scope = select(SCOPES, last.scope || 'mine');
  const kind = select(KINDS, last.kind || '');
  const sort = select(SORTS, last.sort || 'due');
  const [purpose, purposeBox] = purposeField(ctx);
  const out = h('div', { 'aria-live': 'polite' });
  const load = async () => {
    const p = checkPurpose(purpose, out);
    if (!p) return;
    ctx.memory.purpose = p;
    ctx.memory.worklist = { scope: scope.value, kind: kind.value, sort: sort.value };
    const q = new URLSearchParams({ purpose: p, scope: scope.value, sort: sort.value });
    if (kind.value) q.set('kind', kind.value);
    out.replaceChildren(h('p', { role: 'status' }, 'Laden…'));
    try {
      const doc = await get(`/worklist?${q}`);
      out.replaceChildren(...table(doc, scope, kind), downloads('/worklist', q));
    } catch (err) {
      out.replaceChildren(message(dutchMessage(err), 'error'));
    }
  };
  const form = h(
    'form',
    { class: 'card', novalidate: true, onsubmit: (ev) => { ev.preventDefault(); load(); } },
    h(
      'fieldset',
      {},
      h('legend', {}, 'Welke taken'),
      field('Bereik', scope,
        'Mijn dossiers: de dossiers die u opvolgt; hele team: alle open dossiers.'),
      field('Soort', kind),
      field('Sorteren op', sort),
    ),
    purposeBox,
    h('button', { type: 'submit', class: 'primary' }, 'Toon de werklijst'),
  );
  const page = h(
    'div',
    {},
    h('h1', {}, 'Werklijst'),
    h(
      'p',
      {},
      'De werklijst toont wat in de open dossiers op uw kant wacht: acties die te laat zijn, ',
      'warme overdrachten om te beslissen, doormeldingen om te beantwoorden en vrijstellingen om ',
      'te herzien.',
    ),
    form,
    out,
  );
  if (ctx.memory.purpose) await load();
  return page;
}

function table(doc, scope, kind) {
  const rows = doc.rows || [];
  const which = kind.value ? ` (${kind.selectedOptions[0].textContent})` : '';
  const count = rows.length === 1 ? '1 taak' : `${rows.length} taken`;
  const range = scope.selectedOptions[0].textContent.toLowerCase();
  const caption = `Werklijst: ${range}${which}, ${count}`;
  const columns = [
    { key: 'task', label: 'Wat' },
    {
      key: 'case',
      label: 'Dossier',
      nowrap: true,
      render: (r) =>
        h('a', { href: `#/dossier/${r.case}`, 'aria-label': `Dossier ${r.case} van ${name(r)}` },
          `Dossier ${r.case}`),
    },
    { key: 'last_name', label: 'Naam' },
    { key: 'first_name', label: 'Voornaam' },
    { key: 'ocmw', label: 'OCMW' },
    { key: 'detail', label: 'Omschrijving' },
    { key: 'due', label: 'Vervaldatum', format: fmtDate, nowrap: true },
    { key: 'days_late', label: 'Dagen te laat', numeric: true, format: fmtInt },
    { key: 'worker', label: 'Opgevolgd door', format: (w) => w || 'niemand' },
  ];
  return [
    h('h2', {}, count),
    rows.length
      ? dataTable(caption, columns, rows)
      : h('p', {}, 'Er wacht niets op uw kant in deze dossiers.'),
  ];
}
