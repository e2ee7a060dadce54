// Herverdeling: GET /api/v1/calls/{call}/participants and /redistributions; WSE decides a new
// redistribution (POST /redistributions) after the application deadline. Rights only move by
// such a decision; a new one supersedes the previous one explicitly.
import { dutchMessage, get, post } from '../api.js';
import { callPicker } from '../calls-common.js';
import { infoList, sheetTable } from '../sheets.js';
import { dataTable, downloadLinks, fmtEuro, fmtInt, field, h, message } from '../ui.js';

function decisionsTable(decisions) {
  if (!decisions.length) {
    return h('p', {}, 'WSE besliste voor deze oproep nog geen herverdeling: elke deelnemer houdt zijn eigen trekkingsrecht.');
  }
  return dataTable(
    'Herverdelingsbeslissingen',
    [
      { key: 'number', label: 'Beslissing', numeric: true },
      { key: 'decided_on', label: 'Van kracht vanaf' },
      { key: 'decided_by', label: 'Door' },
      { key: 'supersedes', label: 'Vervangt', format: (v) => (v ? `beslissing ${v}` : '') },
      { key: 'applications', label: 'Aanvragen', numeric: true, format: (v) => fmtInt(v.length) },
      { key: 'participants', label: 'Deelnemers', numeric: true, format: fmtInt },
      { key: 'pool_cents', label: 'Te herverdelen', numeric: true, format: fmtEuro },
      { key: 'allocated_cents', label: 'Toegewezen', numeric: true, format: fmtEuro },
      { key: 'unallocated_cents', label: 'Niet toegewezen', numeric: true, format: fmtEuro },
      { key: 'note', label: 'Toelichting' },
    ],
    [...decisions].reverse(),
    { rowHeader: 'number' },
  );
}

export async function render(ctx, args) {
  const { current, form } = await callPicker(ctx, 'herverdeling', args[0]);
  const page = h('div', {}, h('h1', {}, 'Herverdeling'), form);
  if (!current) {
    page.append(message('Er zijn nog geen oproepen.'));
    return page;
  }
  const path = `/calls/${encodeURIComponent(current)}`;
  const [doc, decided] = await Promise.all([get(`${path}/participants`), get(`${path}/redistributions`)]);
  const out = h('div', { 'aria-live': 'polite', id: 'redistribution-status' });
  page.append(
    h('p', {}, 'Na de indieningsdatum beslist WSE over de herverdeling van de trekkingsrechten van de gemeenten die niet deelnemen. Tussen twee beslissingen verschuiven de rechten niet, ook niet als een aanvraag later goedgekeurd of geweigerd wordt.'),
    out,
    decisionsTable(decided.decisions || []),
  );
  if (ctx.can('lap_administer')) {
    const note = h('input', { type: 'text', id: 'redistribution-note', maxlength: '500' });
    const decide = h(
      'form',
      {
        class: 'inline',
        onsubmit: async (ev) => {
          ev.preventDefault();
          if (!window.confirm('De herverdeling wordt beslist op de goedgekeurde aanvragen van vandaag en vervangt de vorige beslissing. Doorgaan?')) return;
          try {
            const d = await post(`${path}/redistributions`, { note: note.value });
            ctx.memory.flash = `Herverdeling vastgelegd: ${d.title}.`;
            ctx.navigate(`#/herverdeling/${current}`);
          } catch (err) {
            out.replaceChildren(message(dutchMessage(err), 'error'));
          }
        },
      },
      field('Toelichting of referentie van de beslissing', note),
      h('button', { type: 'submit', class: 'primary' }, 'Herverdeling beslissen'),
    );
    page.append(h('h2', {}, 'Nieuwe beslissing'), decide);
  }
  if (ctx.memory.flash) {
    out.replaceChildren(message(ctx.memory.flash));
    ctx.memory.flash = null;
  }
  page.append(
    h('h2', {}, 'Trekkingsrechten van de deelnemers'),
    downloadLinks(`${path}/participants`, 'Herverdeling'),
    infoList(doc.info),
    sheetTable(`Trekkingsrechten ${current}`, doc),
  );
  return page;
}
