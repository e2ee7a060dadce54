// Mijn gegevens: a citizen's own record (GET /api/v1/me/record) in plain Dutch — the leefloon and
// VDAB registration over time, the dossier that OCMW and VDAB share (who holds the regie, the
// actions agreed), the data each organisation holds, and who looked at it, with the purpose.
// Printable: the browser's print leaves out the navigation and the buttons (app.css @media print).
import { get } from '../api.js';
import { dataTable, fmtDate, fmtDateTime, fmtMonth, h, message } from '../ui.js';

function trajectory(me) {
  const section = h('section', { 'aria-labelledby': 'me-trajectory' },
    h('h2', { id: 'me-trajectory' }, 'Uw traject'));
  if (!me.entitlements.length) {
    section.append(h('p', {}, 'Er is geen leefloon van u bekend in de gegevens tot ' +
      `${fmtMonth(me.data_end)}.`));
  }
  for (const e of me.entitlements) {
    section.append(h('p', {}, `U had een ${e.what} van ${e.organisation} van ${fmtMonth(e.from)}` +
      ` tot en met ${fmtMonth(e.to)}.`));
  }
  const last = me.months.length ? me.months[me.months.length - 1] : null;
  const vdab = last && last.states.find((s) => s.startsWith('VDAB'));
  section.append(h('p', {}, vdab
    ? `Bij VDAB bent u ingeschreven (${fmtMonth(last.month)}: ${vdab.replace('VDAB ', '')}).`
    : 'Bij VDAB bent u op dit ogenblik niet ingeschreven.'));
  for (const c of me.cases) {
    section.append(
      h('h3', {}, `Uw dossier bij OCMW ${c.ocmw} (${c.status})`),
      h('p', {}, `De regie ligt bij ${c.regie}: daar is uw vaste aanspreekpunt.`),
      c.actions.length
        ? dataTable('Afgesproken acties', [
          { key: 'kind', label: 'Actie' },
          { key: 'owner', label: 'Wie' },
          { key: 'due_date', label: 'Tegen', format: fmtDate, nowrap: true },
          { key: 'status', label: 'Stand', format: (s, a) => (a.overdue ? `${s} (te laat)` : s) },
        ], c.actions)
        : h('p', {}, 'Er zijn nog geen acties afgesproken.'),
      ...c.exemptions.map((x) => h('p', {}, `U hebt een vrijstelling om ${x.kind}sredenen ` +
        `(${x.status}); ze wordt herzien tegen ${fmtDate(x.review_date)}.`)),
    );
  }
  return section;
}

function data(me) {
  return h('section', { 'aria-labelledby': 'me-data' },
    h('h2', { id: 'me-data' }, 'Uw gegevens'),
    h('p', {}, 'Zo staan uw gegevens bij het OCMW en bij VDAB. Klopt er iets niet? Meld het aan ' +
      'uw maatschappelijk werker of uw VDAB-bemiddelaar.'),
    dataTable('Uw gegevens per organisatie', [
      { key: 'source', label: 'Organisatie' },
      { key: 'last_name', label: 'Naam' },
      { key: 'first_name', label: 'Voornaam' },
      { key: 'insz', label: 'Rijksregisternummer' },
      { key: 'birth_date', label: 'Geboortedatum', format: fmtDate },
      { key: 'street', label: 'Adres', format: (s, r) => `${s} ${r.house_number}, ${r.postcode}` },
    ], me.data));
}

function reads(me) {
  return h('section', { 'aria-labelledby': 'me-reads' },
    h('h2', { id: 'me-reads' }, 'Wie heeft uw gegevens bekeken?'),
    h('p', {}, 'Elke keer dat iemand uw gegevens opent, wordt dat bijgehouden: wanneer, welke ' +
      'organisatie, wat en waarom.'),
    me.reads.length
      ? dataTable('Raadplegingen van uw gegevens', [
        { key: 'at', label: 'Wanneer', format: fmtDateTime, nowrap: true },
        { key: 'organisation', label: 'Organisatie' },
        { key: 'what', label: 'Wat' },
        { key: 'purpose', label: 'Waarom' },
      ], me.reads)
      : h('p', {}, 'Niemand heeft uw gegevens bekeken.'));
}

export async function render() {
  const me = await get('/me/record');
  const print = h('button', { type: 'button', class: 'no-print', onclick: () => window.print() },
    'Afdrukken');
  return h('div', { class: 'me' },
    h('h1', {}, 'Mijn gegevens'),
    message(`Toestand volgens de gegevens tot ${fmtMonth(me.data_end)}.`),
    print,
    trajectory(me),
    data(me),
    reads(me));
}
