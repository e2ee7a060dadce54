// Personen zoeken: the persons with an INSZ or a name within the user's relation
// (GET /api/v1/persons/search), the identity and dossiers of one person
// (GET /api/v1/persons/{person}/identity), and opening a dossier (POST /api/v1/cases). Every read
// names its purpose; the server writes every person it returns to the audit log.
import { dutchMessage, get } from '../api.js';
import { caseStatusLabel, identityList, openCase, sideLabel } from '../cases.js';
import { dataTable, field, fmtDate, h, message } from '../ui.js';
import { checkPurpose, purposeField } from './persons.js';

export async function render(ctx, args, query) {
  if (query.get('person')) return identityPage(ctx, query.get('person'));
  return searchPage(ctx);
}

/** A button that opens the dossier of a person and goes to it; errors go to out. */
function openButton(ctx, person, purpose, out, label = 'Dossier openen', primary = false) {
  const attrs = { type: 'button', class: primary ? 'primary' : null, 'aria-label': label };
  const button = h('button', attrs, 'Dossier openen');
  button.addEventListener('click', async () => {
    const p = purpose();
    if (!p) return;
    button.disabled = true;
    try {
      const id = await openCase(person, p);
      ctx.navigate(`#/dossier/${id}`);
    } catch (err) {
      button.disabled = false;
      out.replaceChildren(message(dutchMessage(err), 'error'));
    }
  });
  return button;
}

function searchPage(ctx) {
  const last = ctx.memory.search || {};
  const insz = h('input', {
    type: 'text',
    name: 'insz',
    inputmode: 'numeric',
    autocomplete: 'off',
    value: last.insz || '',
  });
  const name = h('input', { type: 'text', name: 'name', autocomplete: 'off', value: last.name || '' });
  const [purpose, purposeBox] = purposeField(ctx);
  const out = h('div', { 'aria-live': 'polite' });
  const problem = (input, text) => {
    out.replaceChildren(message(text, 'error'));
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  };
  const form = h(
    'form',
    { class: 'card', novalidate: true },
    h(
      'fieldset',
      {},
      h('legend', {}, 'Zoeken op INSZ of naam'),
      field('INSZ', insz, '11 cijfers (rijksregister- of bisnummer); leeg om op naam te zoeken.'),
      field('Naam', name, 'Familienaam, of familienaam en voornaam; minstens 2 tekens.'),
    ),
    purposeBox,
    h('button', { type: 'submit', class: 'primary' }, 'Zoeken'),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    for (const i of [insz, name]) i.removeAttribute('aria-invalid');
    const digits = insz.value.replace(/\D/g, '');
    const text = name.value.trim();
    const q = new URLSearchParams();
    if (insz.value.trim()) {
      if (digits.length !== 11) return problem(insz, 'Een INSZ heeft 11 cijfers.');
      q.set('insz', digits);
    } else if (text.length >= 2) {
      q.set('name', text);
    } else {
      return problem(name, 'Geef een INSZ of een naam van minstens 2 tekens op.');
    }
    const p = checkPurpose(purpose, out);
    if (!p) return;
    ctx.memory.purpose = p;
    ctx.memory.search = { insz: insz.value.trim(), name: text };
    q.set('purpose', p);
    out.replaceChildren(h('p', { role: 'status' }, 'Laden…'));
    try {
      const data = await get(`/persons/search?${q}`);
      const opened = h('div', { 'aria-live': 'polite' });
      const who = (r) => [r.first_name, r.last_name].filter(Boolean).join(' ') || r.person;
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
        { key: 'birth_date', label: 'Geboortedatum', format: fmtDate, nowrap: true },
        { key: 'insz', label: 'INSZ', nowrap: true },
        { key: 'postcode', label: 'Postcode', render: (r) => r.postcode ?? (r.address || {}).postcode ?? '' },
        {
          key: 'case',
          label: 'Dossier',
          render: (r) =>
            r.case
              ? h('a', { href: `#/dossier/${r.case}` }, `Dossier ${r.case}`)
              : openButton(ctx, r.person, () => p, opened, `Dossier openen voor ${who(r)}`),
        },
      ];
      const n = data.persons.length;
      out.replaceChildren(
        h('h2', {}, n === 1 ? '1 persoon gevonden' : `${n} personen gevonden`),
        data.truncated
          ? message('Er zijn meer dan 50 personen gevonden: verfijn de zoekopdracht.', 'info')
          : '',
        n
          ? dataTable('Gevonden personen', columns, data.persons, { rowHeader: 'last_name' })
          : h('p', {}, 'Geen personen gevonden met wie uw organisatie een relatie heeft.'),
        opened,
      );
    } catch (err) {
      out.replaceChildren(message(dutchMessage(err), 'error'));
    }
  });
  return h(
    'div',
    {},
    h('h1', {}, 'Personen zoeken'),
    h(
      'p',
      {},
      'Zoek een persoon op INSZ of naam om zijn of haar dossier te openen of te bekijken. ',
      'U vindt alleen personen met wie uw organisatie een geregistreerde relatie heeft ',
      '(verwijzingsrepertorium). Elke gevonden persoon wordt met het doel van de raadpleging in ',
      'het auditlogboek geschreven.',
    ),
    form,
    out,
  );
}

function identityPage(ctx, person) {
  const [purpose, purposeBox] = purposeField(ctx);
  const out = h('div', { 'aria-live': 'polite' });
  const load = async () => {
    const p = checkPurpose(purpose, out);
    if (!p) return;
    ctx.memory.purpose = p;
    out.replaceChildren(h('p', { role: 'status' }, 'Laden…'));
    try {
      const q = new URLSearchParams({ purpose: p });
      const id = await get(`/persons/${encodeURIComponent(person)}/identity?${q}`);
      const opened = h('div', { 'aria-live': 'polite' });
      const cases = id.cases || [];
      const open = cases.some((c) => c.status === 'open');
      out.replaceChildren(
        h('h2', {}, 'Identiteit'),
        identityList(id),
        h('h2', {}, 'Dossiers'),
        cases.length
          ? dataTable(
              'Dossiers van deze persoon',
              [
                {
                  key: 'case',
                  label: 'Dossier',
                  render: (c) => h('a', { href: `#/dossier/${c.case}` }, `Dossier ${c.case}`),
                },
                { key: 'ocmw', label: 'OCMW' },
                { key: 'regie', label: 'Regie', format: sideLabel },
                { key: 'status', label: 'Status', format: caseStatusLabel },
              ],
              cases,
              { rowHeader: 'case' },
            )
          : h('p', {}, 'Deze persoon heeft nog geen dossier.'),
        open
          ? ''
          : h('div', { class: 'actions' }, openButton(ctx, person, () => p, opened, 'Dossier openen', true)),
        opened,
      );
    } catch (err) {
      out.replaceChildren(message(dutchMessage(err), 'error'));
    }
  };
  const form = h(
    'form',
    { class: 'card', novalidate: true, onsubmit: (ev) => { ev.preventDefault(); load(); } },
    purposeBox,
    h('button', { type: 'submit', class: 'primary' }, 'Toon de identiteit'),
  );
  const page = h(
    'div',
    {},
    h('h1', {}, 'Identiteit en dossier'),
    h(
      'p',
      {},
      'Pseudoniem ',
      h('code', {}, person),
      '. ',
      h('a', { href: '#/zoeken' }, 'Andere persoon zoeken'),
      '.',
    ),
    form,
    out,
  );
  if (ctx.memory.purpose) load();
  return page;
}
