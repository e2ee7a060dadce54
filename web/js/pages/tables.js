// Tabellen: the count table of POD MI and the results table of VDAB of a call, uploaded by WSE
// (PUT /api/v1/calls/{call}/counts and /results with the file's bytes and ?file=NAME). The answer
// says how many rows were read, that nothing changed (the same file again), or every problem as
// `bestand:regel:kolom: regel` — nothing is stored then.
import { ApiError, dutchMessage, upload } from '../api.js';
import { callPicker } from '../calls-common.js';
import { field, fmtInt, h, message } from '../ui.js';

const TABLES = [
  {
    path: 'counts',
    title: 'Telling van de leefloners (POD MI)',
    label: 'Teltabel (CSV)',
    hint: 'Het formaat podmi_counts.csv: nis;reference_date;leefloon;equivalent_leefloon;ukrainian, met de rijen van de teldatum van de oproep.',
  },
  {
    path: 'results',
    title: 'Resultatentabel (VDAB)',
    label: 'Resultatentabel (CSV)',
    hint: 'Het formaat lap_results.csv: nis;month;confirmed;pending.',
  },
];

export async function render(ctx, args) {
  const { current, form } = await callPicker(ctx, 'tabellen', args[0]);
  const page = h('div', {}, h('h1', {}, 'Tabellen'), form);
  if (!current) {
    page.append(message('Er zijn nog geen oproepen.'));
    return page;
  }
  page.append(
    h('p', {}, 'Een ingelezen tabel vervangt de vorige van dezelfde soort voor deze oproep; de werktabel, de opvolging en de afrekening gebruiken ze voortaan in plaats van de gekoppelde gegevens.'),
  );
  for (const table of TABLES) page.append(uploadForm(current, table));
  return page;
}

function uploadForm(call, table) {
  const input = h('input', { type: 'file', accept: '.csv,text/csv', required: true });
  const out = h('div', { 'aria-live': 'polite', class: 'upload-result' });
  const form = h(
    'form',
    { class: 'card', novalidate: true, 'data-table': table.path },
    h('h2', {}, table.title),
    field(table.label, input, table.hint),
    h('button', { type: 'submit', class: 'primary' }, 'Inlezen'),
    out,
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const file = input.files[0];
    if (!file) {
      out.replaceChildren(message('Kies eerst een bestand.', 'error'));
      input.focus();
      return;
    }
    out.replaceChildren(h('p', { role: 'status' }, `${file.name} wordt ingelezen…`));
    try {
      const path = `/calls/${encodeURIComponent(call)}/${table.path}?file=${encodeURIComponent(file.name)}`;
      const answer = await upload('PUT', path, file, 'text/csv');
      out.replaceChildren(
        answer.changed
          ? message(`${file.name}: ${fmtInt(answer.rows)} rijen ingelezen.`)
          : message(`${file.name}: ongewijzigd — dit bestand werd al eerder ingelezen (${fmtInt(answer.rows)} rijen).`),
      );
    } catch (err) {
      out.replaceChildren(refusal(err));
    }
  });
  return form;
}

/** The refusal with every problem of the file, or the error in Dutch. */
function refusal(err) {
  if (!(err instanceof ApiError) || err.code !== 'invalid_file') return message(dutchMessage(err), 'error');
  return h(
    'div',
    { role: 'alert', class: 'msg msg-error' },
    h('p', {}, `${dutchMessage(err)} Problemen (${fmtInt(err.problems.length)}):`),
    h('ul', { class: 'problems' }, err.problems.map((p) => h('li', {}, h('code', {}, String(p))))),
  );
}
