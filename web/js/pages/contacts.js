// Contactpersonen: the directory per municipality (GET /api/v1/contacts) — the OCMW contact, the
// VDAB contact and the VDAB spreekuren at the OCMW — searchable by the municipality's name. An
// administrator edits an entry (PUT /contacts/{nis} with its row_version: a stale one is refused
// with 409) and adds a municipality by its NIS code (GET /contacts/{nis}).
import { dutchMessage, get, put } from '../api.js';
import { field, fmtDateTime, h, message, select } from '../ui.js';
import { problemText } from './admin.js';

const WEEKDAYS = [
  [1, 'maandag'], [2, 'dinsdag'], [3, 'woensdag'], [4, 'donderdag'], [5, 'vrijdag'],
  [6, 'zaterdag'], [7, 'zondag'],
];
const FREQUENCIES = [
  ['weekly', 'wekelijks'],
  ['biweekly', 'tweewekelijks'],
  ['monthly', 'maandelijks'],
];
const label = (list, v) => (list.find(([k]) => String(k) === String(v)) || [v, v])[1];

/** "dinsdag 09:00–12:00, wekelijks, Sociaal Huis" */
export function consultationText(c) {
  return [
    `${c.weekday_label || label(WEEKDAYS, c.weekday)} ${c.from}–${c.to}`,
    c.frequency_label || label(FREQUENCIES, c.frequency),
    c.place,
  ].filter(Boolean).join(', ');
}

const hasContent = (e) =>
  e.row_version > 0 || e.ocmw.name || e.vdab.name || e.consultation.length || e.note;

function person(p) {
  if (!p || !(p.name || p.phone || p.email)) return 'niet ingevuld';
  return [
    p.name,
    p.phone ? h('span', {}, 'tel. ', h('a', { href: `tel:${p.phone.replace(/[^0-9+]/g, '')}` }, p.phone)) : null,
    p.email ? h('a', { href: `mailto:${p.email}` }, p.email) : null,
  ].filter(Boolean).flatMap((x, i) => (i ? [', ', x] : [x]));
}

function entryView(e, ctx) {
  const id = `contacts-${e.nis}`;
  return h('section', { class: 'card contact', 'aria-labelledby': id, 'data-nis': e.nis },
    h('h2', { id }, `${e.name} (${e.nis})`),
    h('dl', {},
      h('dt', {}, 'Contactpersoon OCMW'), h('dd', {}, person(e.ocmw)),
      h('dt', {}, 'Contactpersoon VDAB'), h('dd', {}, person(e.vdab)),
      h('dt', {}, 'Spreekuren van VDAB bij het OCMW'),
      h('dd', {}, e.consultation.length
        ? h('ul', {}, e.consultation.map((c) => h('li', {}, consultationText(c))))
        : 'geen spreekuren'),
      e.note ? [h('dt', {}, 'Opmerking'), h('dd', {}, e.note)] : null,
      ctx.can('administer') && e.updated_at
        ? [h('dt', {}, 'Laatst gewijzigd'),
          h('dd', {}, `${fmtDateTime(e.updated_at)}${e.updated_by ? ` door ${e.updated_by}` : ''}`)]
        : null));
}

/** The administrator's form for one municipality's entry. */
function editForm(entry, done) {
  const out = h('div', { 'aria-live': 'polite' });
  const text = (value, type = 'text', extra = {}) =>
    h('input', { type, value: value || '', autocomplete: 'off', ...extra });
  const who = (legend, p) => {
    const name = text(p.name);
    const phone = text(p.phone, 'tel');
    const email = text(p.email, 'email');
    return {
      node: h('fieldset', {}, h('legend', {}, legend),
        field('Naam', name), field('Telefoon', phone, '6 tot 15 cijfers, met spaties, punten of /.'),
        field('E-mail', email)),
      value: () => ({ name: name.value.trim(), phone: phone.value.trim(), email: email.value.trim() }),
    };
  };
  const ocmw = who('Contactpersoon OCMW', entry.ocmw);
  const vdab = who('Contactpersoon VDAB', entry.vdab);
  const rowsBox = h('div', { class: 'consultations' });
  const rows = [];
  const renumber = () => rows.forEach((r, i) => {
    r.legend.textContent = `Spreekuur ${i + 1}`;
  });
  const addRow = (c) => {
    const weekday = select(WEEKDAYS, c ? c.weekday : 2);
    // Text, not type=time: the browser would show AM/PM whatever the page's language.
    const time = (v) => text(v, 'text', { inputmode: 'numeric', pattern: '[0-2][0-9]:[0-5][0-9]',
      maxlength: '5', size: '5' });
    const from = time(c ? c.from : '09:00');
    const to = time(c ? c.to : '12:00');
    const frequency = select(FREQUENCIES, c ? c.frequency : 'weekly');
    const place = text(c ? c.place : '');
    const legend = h('legend', {});
    const row = {
      legend,
      value: () => ({
        weekday: Number(weekday.value), from: from.value, to: to.value,
        frequency: frequency.value, place: place.value.trim(),
      }),
    };
    const remove = h('button', { type: 'button', onclick: () => {
      rows.splice(rows.indexOf(row), 1);
      row.node.remove();
      renumber();
      addButton.focus();
    } }, 'Spreekuur verwijderen');
    row.node = h('fieldset', { class: 'consultation actions' }, legend,
      field('Dag', weekday), field('Van (uu:mm)', from), field('Tot (uu:mm)', to), field('Frequentie', frequency),
      field('Plaats', place), remove);
    rows.push(row);
    rowsBox.append(row.node);
    renumber();
    return row;
  };
  const addButton = h('button', { type: 'button', onclick: () => {
    const row = addRow(null);
    row.node.querySelector('select').focus();
  } }, 'Spreekuur toevoegen');
  for (const c of entry.consultation) addRow(c);
  const note = h('textarea', { rows: '3' }, entry.note || '');
  const titleId = `contacts-edit-${entry.nis}`;
  const form = h('form', {
    class: 'card contact-edit', novalidate: true, 'aria-labelledby': titleId,
    onsubmit: async (ev) => {
      ev.preventDefault();
      const body = {
        row_version: entry.row_version,
        ocmw: ocmw.value(),
        vdab: vdab.value(),
        consultation: rows.map((r) => r.value()),
        note: note.value.trim(),
      };
      out.replaceChildren(h('p', { role: 'status' }, 'Bezig met opslaan…'));
      try {
        const saved = await put(`/contacts/${entry.nis}`, body);
        done(saved, message(`De contactgegevens van ${saved.name} zijn opgeslagen.`));
      } catch (err) {
        const m = message(problemText(err), 'error');
        if (err.status === 409) {
          out.replaceChildren(m, h('button', { type: 'button', onclick: async () => {
            try {
              const fresh = await get(`/contacts/${entry.nis}`);
              done(fresh, message('De gegevens zijn opnieuw geladen; uw wijzigingen zijn niet bewaard.'), true);
            } catch (e) {
              out.replaceChildren(message(dutchMessage(e), 'error'));
            }
          } }, 'Opnieuw laden'));
        } else out.replaceChildren(m);
      }
    },
  },
  h('h2', { id: titleId }, `Contactgegevens van ${entry.name} (${entry.nis}) wijzigen`),
  ocmw.node,
  vdab.node,
  h('fieldset', {}, h('legend', {}, 'Spreekuren van VDAB bij het OCMW'), rowsBox, addButton),
  field('Opmerking', note),
  out,
  h('p', { class: 'actions' },
    h('button', { type: 'submit', class: 'primary' }, 'Opslaan'),
    h('button', { type: 'button', onclick: () => done(null) }, 'Annuleren')));
  return form;
}

export async function render(ctx) {
  const { contacts } = await get('/contacts');
  const admin = ctx.can('administer');
  const entries = new Map(contacts.map((e) => [e.nis, e]));
  const list = h('div', { class: 'contact-list' });
  const status = h('div', { 'aria-live': 'polite' });
  const search = h('input', { type: 'search', autocomplete: 'off' });

  const block = (e) => {
    const view = entryView(e, ctx);
    if (!admin) return view;
    const edit = h('button', { type: 'button', 'aria-label': `Wijzigen: ${e.name}`, onclick: () => open(e) },
      'Wijzigen');
    view.append(edit);
    return view;
  };
  const show = () => {
    const q = search.value.trim().toLowerCase();
    const shown = [...entries.values()]
      .filter((e) => admin || hasContent(e))
      .filter((e) => !q || e.name.toLowerCase().includes(q) || e.nis.includes(q))
      .sort((a, b) => a.name.localeCompare(b.name, 'nl'));
    list.replaceChildren(...shown.map(block));
    if (!shown.length) {
      list.append(h('p', {}, q ? 'Geen gemeente gevonden met deze naam.' : 'Er zijn nog geen contactgegevens.'));
    }
    return shown.length;
  };
  // The edit form takes the place of the entry (or opens above the list for a new one).
  const open = (e) => {
    const form = editForm(e, (saved, notice, stay) => {
      if (saved) entries.set(saved.nis, saved);
      if (stay) {
        form.replaceWith(open(saved));
        status.replaceChildren(notice);
        return;
      }
      show();
      status.replaceChildren(notice || '');
      const again = list.querySelector(`[data-nis="${e.nis}"] h2`);
      if (again) {
        again.setAttribute('tabindex', '-1');
        again.focus();
      }
    });
    const current = list.querySelector(`[data-nis="${e.nis}"]`);
    if (current) current.replaceWith(form);
    else list.prepend(form);
    form.querySelector('input').focus();
    return form;
  };

  search.addEventListener('input', () => {
    const n = show();
    status.replaceChildren(h('p', { role: 'status' }, `${n} gemeente(n).`));
  });
  const page = h('div', { class: 'contacts' },
    h('h1', {}, 'Contactpersonen'),
    h('p', {}, 'Per gemeente: wie u contacteert bij het OCMW en bij VDAB, en wanneer VDAB ' +
      'spreekuur houdt bij het OCMW.' + (admin ? ' Als beheerder vult u deze gegevens in.' : '')),
    h('form', { class: 'card narrow', role: 'search', onsubmit: (ev) => ev.preventDefault() },
      field('Zoek een gemeente', search, 'Typ (een deel van) de naam of de NIS-code.')));
  if (admin) {
    const nis = h('input', { type: 'text', inputmode: 'numeric', pattern: '[0-9]{5}', maxlength: '5',
      autocomplete: 'off' });
    const addOut = h('div', { 'aria-live': 'polite' });
    page.append(h('form', {
      class: 'card narrow', novalidate: true, 'aria-labelledby': 'contacts-add',
      onsubmit: async (ev) => {
        ev.preventDefault();
        const code = nis.value.trim();
        if (!/^[0-9]{5}$/.test(code)) {
          addOut.replaceChildren(message('Geef een NIS-code van 5 cijfers op.', 'error'));
          return;
        }
        try {
          const e = entries.get(code) || await get(`/contacts/${code}`);
          entries.set(e.nis, e);
          addOut.replaceChildren();
          search.value = '';
          show();
          open(e);
        } catch (err) {
          addOut.replaceChildren(message(problemText(err), 'error'));
        }
      },
    },
    h('h2', { id: 'contacts-add' }, 'Gemeente toevoegen'),
    field('NIS-code van de gemeente', nis, 'Vijf cijfers, bv. 11002 voor Antwerpen.'),
    h('button', { type: 'submit' }, 'Gegevens invullen'),
    addOut));
  }
  page.append(status, list);
  show();
  return page;
}
