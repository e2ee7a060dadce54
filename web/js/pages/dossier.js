// Dossier: the case of one person shared by the OCMW and VDAB (GET /api/v1/cases/{case}) with the
// person's identity (GET /api/v1/persons/{person}/identity), who holds the regie, and the actions
// (POST and PUT /api/v1/cases/{case}/actions). Notes, warm handovers and the history are in
// ../dossier-sections.js; who follows the case, transmissions and exemptions in
// ../dossier-followup.js. Every read names its purpose and is written to the audit log; every
// change is written to the dossier's own history.
import { dutchMessage, get, post, put } from '../api.js';
import {
  KINDS,
  SIDES,
  STATUSES,
  caseStatusLabel,
  identityList,
  kindLabel,
  reloaded,
  sideLabel,
  statusLabel,
  userSide,
} from '../cases.js';
import { exemptionsSection, transmissionsSection, workersPanel } from '../dossier-followup.js';
import { handoversSection, historySection, notesSection, section } from '../dossier-sections.js';
import { dataTable, field, fmtDate, fmtDateTime, h, message, select } from '../ui.js';
import { checkPurpose, purposeField } from './persons.js';

export async function render(ctx, args) {
  const id = args[0] || '';
  if (!/^[0-9]+$/.test(id)) {
    return h('div', {}, h('h1', {}, 'Dossier'),
      message('Dit is geen dossiernummer. Zoek de persoon op via Personen zoeken.', 'error'));
  }
  const [purpose, purposeBox] = purposeField(ctx);
  // Not a live region: the whole dossier is drawn again after each change; the message of the
  // change is announced, and the heading of its section takes the focus.
  const out = h('div');
  const view = { ctx, id, side: userSide(ctx), purpose: null, identity: null, note: null, out };
  view.reload = (note) => load(view, purpose, note);
  view.show = (c, note) => show(view, c, note);
  const form = h(
    'form',
    { class: 'card', novalidate: true, onsubmit: (ev) => { ev.preventDefault(); view.reload(); } },
    purposeBox,
    h('button', { type: 'submit', class: 'primary' }, 'Toon het dossier'),
  );
  const page = h(
    'div',
    {},
    h('h1', {}, `Dossier ${id}`),
    h(
      'p',
      {},
      'Het dossier van een persoon dat het OCMW en VDAB samen opvolgen: wie de regie heeft en wie het ',
      'opvolgt, de acties, de notities, de warme overdrachten, de doormeldingen, de vrijstellingen ',
      'en de geschiedenis. ',
      h('a', { href: '#/zoeken' }, 'Andere persoon zoeken'),
      '.',
    ),
    form,
    out,
  );
  if (ctx.memory.purpose) await view.reload();
  return page;
}

/**
 * Loads the dossier (and once the identity) and shows it. note: {section, text, kind} — a message
 * shown in that section after a change, whose heading then takes the focus.
 */
async function load(view, purpose, note) {
  const p = checkPurpose(purpose, view.out);
  if (!p) return;
  view.ctx.memory.purpose = p;
  view.purpose = p;
  if (!note) view.out.replaceChildren(h('p', { role: 'status' }, 'Laden…'));
  const q = new URLSearchParams({ purpose: p });
  try {
    const c = await get(`/cases/${view.id}?${q}`);
    if (!view.identity || view.identity.person !== c.person) {
      try {
        view.identity = await get(`/persons/${encodeURIComponent(c.person)}/identity?${q}`);
      } catch (err) {
        view.identity = { person: c.person, error: dutchMessage(err) };
      }
    }
    show(view, c, note);
  } catch (err) {
    view.out.replaceChildren(message(dutchMessage(err), 'error'));
  }
}

/** Shows a dossier (also the one a handover decision answers with). */
function show(view, c, note) {
  view.case = c;
  view.note = note || null;
  view.out.replaceChildren(
    personSection(view, c),
    actionsSection(view, c),
    notesSection(view, c),
    handoversSection(view, c),
    transmissionsSection(view, c),
    exemptionsSection(view, c),
    historySection(view, c),
  );
  if (note && note.section) {
    const heading = document.getElementById(`${note.section}-title`);
    if (heading) heading.focus();
  }
}

function personSection(view, c) {
  const id = view.identity || {};
  return section(view, 'dossier-persoon', 'Persoon en regie', [
    h('p', { class: 'regie', id: 'regie' }, h('strong', {}, `Regie: ${sideLabel(c.regie)}`)),
    h(
      'p',
      {},
      `U werkt voor ${view.side === 'vdab' ? 'VDAB' : 'het OCMW'}. `,
      c.regie === view.side
        ? 'Uw kant heeft de regie van dit dossier.'
        : `De regie ligt bij ${sideLabel(c.regie)}.`,
    ),
    h(
      'p',
      {},
      `Dossier ${c.case} bij OCMW ${c.ocmw}, geopend op ${fmtDateTime(c.opened_at)}`,
      c.opened_by ? ` door ${c.opened_by}` : '',
      `; status: ${caseStatusLabel(c.status)}. Pseudoniem van de persoon: `,
      h('code', {}, c.person),
      '.',
    ),
    ...workersPanel(view, c),
    id.error ? message(`Identiteit: ${id.error}`, 'error') : identityList(id),
  ]);
}

function actionsSection(view, c) {
  const actions = c.actions || [];
  const columns = [
    { key: 'kind', label: 'Soort', render: (a) => a.kind_label || kindLabel(a.kind) },
    { key: 'owner', label: 'Eigenaar', format: sideLabel },
    {
      key: 'due_date',
      label: 'Vervaldatum',
      nowrap: true,
      render: (a) =>
        a.overdue ? [fmtDate(a.due_date), ' ', h('strong', { class: 'late' }, '(te laat)')] : fmtDate(a.due_date),
    },
    { key: 'status', label: 'Status', render: (a) => a.status_label || statusLabel(a.status) },
    { key: 'description', label: 'Omschrijving' },
    { key: 'change', label: 'Status wijzigen', render: (a) => statusForm(view, a) },
  ];
  return section(view, 'dossier-acties', 'Acties', [
    actions.length
      ? dataTable(`Acties in dossier ${c.case}`, columns, actions)
      : h('p', {}, 'Er zijn nog geen acties.'),
    addActionForm(view),
  ]);
}

/** Per action: a status and a button that stores it (PUT with the action's row_version). */
function statusForm(view, a) {
  const name = `actie ${a.action} (${a.kind_label || kindLabel(a.kind)})`;
  const status = select(STATUSES, a.status);
  status.setAttribute('aria-label', `Nieuwe status van ${name}`);
  const label = `Status wijzigen van ${name}`;
  const button = h('button', { type: 'button', 'aria-label': label }, 'Wijzigen');
  button.addEventListener('click', async () => {
    button.disabled = true;
    const body = {
      kind: a.kind,
      owner: a.owner,
      status: status.value,
      description: a.description || '',
      row_version: a.row_version,
    };
    if (a.due_date) body.due_date = a.due_date;
    try {
      await put(`/cases/${view.id}/actions/${a.action}`, body);
      const text = `Status van ${name}: ${statusLabel(status.value)}.`;
      await view.reload({ section: 'dossier-acties', text });
    } catch (err) {
      if (err.status === 409) {
        await view.reload({ section: 'dossier-acties', text: reloaded(err), kind: 'error' });
      } else {
        button.disabled = false;
        button.after(message(dutchMessage(err), 'error'));
      }
    }
  });
  return h('div', { class: 'actions' }, status, button);
}

function addActionForm(view) {
  const kind = select(KINDS, 'intake');
  const owner = select(Object.entries(SIDES), view.side);
  const due = h('input', { type: 'date', name: 'due_date' });
  const description = h('textarea', { name: 'description', rows: 2, maxlength: 1000 });
  const out = h('div', { 'aria-live': 'polite' });
  const form = h(
    'form',
    { novalidate: true },
    h(
      'fieldset',
      {},
      h('legend', {}, 'Actie toevoegen'),
      field('Soort actie', kind),
      field('Eigenaar', owner, 'De kant die de actie uitvoert.'),
      field('Vervaldatum', due, 'Leeg als er geen vervaldatum is.'),
      field('Omschrijving', description, 'Ten hoogste 1000 tekens.'),
      h('button', { type: 'submit', class: 'primary' }, 'Actie toevoegen'),
      out,
    ),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (due.value && !/^\d{4}-\d{2}-\d{2}$/.test(due.value)) {
      due.setAttribute('aria-invalid', 'true');
      due.focus();
      out.replaceChildren(message('Geef de vervaldatum als datum op.', 'error'));
      return;
    }
    due.removeAttribute('aria-invalid');
    out.replaceChildren(h('p', { role: 'status' }, 'Bewaren…'));
    try {
      const body = { kind: kind.value, owner: owner.value, description: description.value.trim() };
      if (due.value) body.due_date = due.value;
      await post(`/cases/${view.id}/actions`, body);
      const text = `Actie toegevoegd: ${kindLabel(kind.value)}.`;
      await view.reload({ section: 'dossier-acties', text });
    } catch (err) {
      out.replaceChildren(message(dutchMessage(err), 'error'));
    }
  });
  return form;
}
