// Leefloners zonder traject: the leefloners of the data end month without a VDAB registration or
// not in category 05 (GET /api/v1/worklist/leefloners?purpose=&status=&sort=[&format=xlsx|csv]).
// The list names its purpose; the server writes every person listed to the audit log.
import { dutchMessage, get } from '../api.js';
import { dataTable, field, fmtInt, fmtMonth, h, message, select } from '../ui.js';
import { checkPurpose, purposeField } from './persons.js';
import { downloads } from './worklist.js';

const STATUSES = [
  ['', 'alle'],
  ['unregistered', 'niet ingeschreven'],
  ['not_cat05', 'niet in categorie 05'],
];
const SORTS = [
  ['months', 'maanden sinds de start'],
  ['name', 'naam'],
];
/** "2019-09" -> "09-2019" */
const shortMonth = (m) => (m ? String(m).split('-').reverse().join('-') : '');

export async function render(ctx) {
  const last = ctx.memory.leefloners || {};
  const status = select(STATUSES, last.status || '');
  const sort = select(SORTS, last.sort || 'months');
  const [purpose, purposeBox] = purposeField(ctx);
  const vdab = ctx.user && ctx.user.role === 'vdab_mediator';
  const out = h('div', { 'aria-live': 'polite' });
  const load = async () => {
    const p = checkPurpose(purpose, out);
    if (!p) return;
    ctx.memory.purpose = p;
    ctx.memory.leefloners = { status: status.value, sort: sort.value };
    const q = new URLSearchParams({ purpose: p, sort: sort.value });
    if (status.value) q.set('status', status.value);
    out.replaceChildren(h('p', { role: 'status' }, 'Laden…'));
    try {
      const doc = await get(`/worklist/leefloners?${q}`);
      out.replaceChildren(...table(doc), downloads('/worklist/leefloners', q));
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
      h('legend', {}, 'Welke leefloners'),
      field('Status bij VDAB', status, vdab
        ? 'VDAB ziet alleen de leefloners die bij VDAB ingeschreven zijn.'
        : null),
      field('Sorteren op', sort),
    ),
    purposeBox,
    h('button', { type: 'submit', class: 'primary' }, 'Toon de leefloners'),
  );
  const page = h(
    'div',
    {},
    h('h1', {}, 'Leefloners zonder traject'),
    h(
      'p',
      {},
      vdab
        ? 'Deze lijst toont de leefloners die bij VDAB ingeschreven zijn maar niet in categorie ' +
            '05 (trajectbegeleiding), met het aantal maanden sinds hun leefloon begon.'
        : 'Deze lijst toont de leefloners van uw OCMW die niet bij VDAB ingeschreven zijn of niet ' +
            'in categorie 05 (trajectbegeleiding), met het aantal maanden sinds hun leefloon begon.',
    ),
    form,
    out,
  );
  if (ctx.memory.purpose) await load();
  return page;
}

function table(doc) {
  const rows = doc.rows || [];
  const info = doc.info || {};
  const who = (r) => [r.first_name, r.last_name].filter(Boolean).join(' ') || r.person;
  const count = rows.length === 1 ? '1 leefloner' : `${fmtInt(rows.length)} leefloners`;
  const columns = [
    {
      key: 'last_name',
      label: 'Naam',
      render: (r) =>
        h(
          'a',
          {
            href: `#/zoeken?person=${encodeURIComponent(r.person)}`,
            'aria-label': `Identiteit en dossier van ${who(r)}`,
          },
          r.last_name || '(geen familienaam)',
        ),
    },
    { key: 'first_name', label: 'Voornaam' },
    { key: 'ocmw', label: 'OCMW' },
    { key: 'since', label: 'Leefloon sinds', format: shortMonth, nowrap: true },
    { key: 'months', label: 'Maanden sinds start', numeric: true, format: fmtInt },
    { key: 'vdab', label: 'VDAB' },
  ];
  return [
    h('h2', {}, `${count} in ${fmtMonth(info.month)}`),
    info.truncated
      ? message('De lijst is ingekort tot de eerste 5000 leefloners.', 'info')
      : '',
    rows.length
      ? dataTable(`Leefloners zonder traject in ${fmtMonth(info.month)}`, columns, rows, {
          rowHeader: 'last_name',
        })
      : h('p', {}, 'Geen leefloners zonder traject.'),
  ];
}
