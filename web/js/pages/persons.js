// Personen achter een cijfer: GET /api/v1/persons?... and /api/v1/persons/{person}.
// Every request names its purpose; the server writes every person it returns to the audit log.
import { dutchMessage, get } from '../api.js';
import { definitionDetails, variantLabel } from '../indicators.js';
import { dataTable, field, h, message, select } from '../ui.js';

const ROLES = [
  ['numerator', 'teller'],
  ['denominator', 'noemer'],
  ['pending', 'voorlopig'],
];
const roleLabel = (r) =>
  !r || r === 'not counted' ? 'telt niet mee' : (ROLES.find(([k]) => k === r) || [r, r])[1];

/** The month to look at for a period: the month itself, a quarter's or a range's last month. */
export function monthOf(period) {
  let m = /^(\d{4})-Q([1-4])$/.exec(period);
  if (m) return `${m[1]}-${String(Number(m[2]) * 3).padStart(2, '0')}`;
  m = /\.\.(\d{4}-\d{2})$/.exec(period);
  if (m) return m[1];
  return period;
}

/** The purpose field (kept in ctx.memory.purpose, so the user types it once): [input, field]. */
export function purposeField(ctx) {
  const input = h('input', {
    type: 'text',
    name: 'purpose',
    required: true,
    minlength: 5,
    maxlength: 200,
    value: ctx.memory.purpose || '',
  });
  return [
    input,
    field(
      'Doel van de raadpleging',
      input,
      'Verplicht, 5 tot 200 tekens, bv. "opvolging trajectbegeleiding". Elke geraadpleegde persoon wordt met dit doel in het auditlogboek geschreven.',
    ),
  ];
}

/** The purpose typed, or null after an error message in out (5 to 200 characters). */
export function checkPurpose(input, out) {
  const v = input.value.trim();
  if (v.length < 5 || v.length > 200) {
    out.replaceChildren(message('Geef een doel van de raadpleging van 5 tot 200 tekens.', 'error'));
    input.setAttribute('aria-invalid', 'true');
    input.focus();
    return null;
  }
  input.removeAttribute('aria-invalid');
  return v;
}

export async function render(ctx, args, query) {
  if (args[0]) return personPage(ctx, args[0], query);
  return listPage(ctx, query);
}

function listPage(ctx, query) {
  const nis = h('input', { type: 'text', name: 'nis', inputmode: 'numeric', value: query.get('nis') || ctx.user.municipality || '' });
  const indicator = h('input', { type: 'text', name: 'indicator', value: query.get('indicator') || 'reach' });
  const variant = h('input', { type: 'text', name: 'variant', value: query.get('variant') || 'all' });
  const period = h('input', { type: 'text', name: 'period', value: query.get('period') || '' });
  const role = select(ROLES, query.get('role') || 'denominator');
  const [purpose, purposeBox] = purposeField(ctx);
  const out = h('div', { 'aria-live': 'polite' });
  const fromCell = query.get('indicator') && query.get('period');
  const form = h(
    'form',
    { class: 'card', novalidate: true },
    h(
      'fieldset',
      {},
      h('legend', {}, 'Cijfer'),
      field('NIS-code van de gemeente', nis),
      field('Indicator (id)', indicator),
      field('Variant', variant),
      field('Periode', period, 'Maand (2024-06), kwartaal (2024-Q2) of bereik (2023-12..2024-06).'),
      field('Personen in', role),
    ),
    purposeBox,
    h('button', { type: 'submit', class: 'primary' }, 'Toon de personen'),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const p = checkPurpose(purpose, out);
    if (!p) return;
    ctx.memory.purpose = p;
    const q = new URLSearchParams({
      nis: nis.value.trim(),
      indicator: indicator.value.trim(),
      variant: variant.value.trim(),
      period: period.value.trim(),
      role: role.value,
      purpose: p,
    });
    out.replaceChildren(h('p', { role: 'status' }, 'Laden…'));
    try {
      const data = await get(`/persons?${q}`);
      const month = monthOf(data.period);
      const columns = [
        {
          key: 'person',
          label: 'Persoon (pseudoniem)',
          render: (r) => h('a', { href: `#/personen/${r.person}?month=${month}`, class: 'person-link' }, r.person),
        },
        { key: 'role', label: 'Telt in', format: roleLabel },
        { key: 'reason', label: 'Waarom' },
      ];
      out.replaceChildren(
        h('h2', {}, `${data.persons.length} personen`),
        data.truncated ? message('De lijst is afgekapt op 500 personen.', 'info') : '',
        data.without_relation
          ? h('p', {}, `${data.without_relation} personen zonder geregistreerde relatie met uw organisatie zijn weggelaten.`)
          : '',
        data.persons.length
          ? dataTable(
              `Personen in de ${roleLabel(data.role)} van ${data.indicator} (${variantLabel(data.variant)}), ${data.period}, gemeente ${data.nis}`,
              columns,
              data.persons,
              { rowHeader: 'person' },
            )
          : h('p', {}, 'Geen personen.'),
      );
    } catch (err) {
      out.replaceChildren(message(dutchMessage(err), 'error'));
    }
  });
  return h(
    'div',
    {},
    h('h1', {}, 'Personen achter een cijfer'),
    h(
      'p',
      {},
      'U ziet alleen personen met wie uw organisatie een geregistreerde relatie heeft (verwijzingsrepertorium). Personen worden getoond met hun pseudoniem; geen INSZ of naam.',
    ),
    fromCell ? definitionDetails(query.get('indicator')) : '',
    form,
    out,
  );
}

function personPage(ctx, person, query) {
  const month = h('input', { type: 'text', name: 'month', value: query.get('month') || '' });
  const [purpose, purposeBox] = purposeField(ctx);
  const out = h('div', { 'aria-live': 'polite' });
  const load = async () => {
    const p = checkPurpose(purpose, out);
    if (!p) return;
    ctx.memory.purpose = p;
    const q = new URLSearchParams({ month: month.value.trim(), purpose: p });
    out.replaceChildren(h('p', { role: 'status' }, 'Laden…'));
    try {
      const d = await get(`/persons/${encodeURIComponent(person)}?${q}`);
      out.replaceChildren(
        h('h2', {}, `Feiten in ${d.month}`),
        d.data_end ? h('p', {}, `Gegevens tot en met ${d.data_end}.`) : '',
        h('ul', {}, (d.facts || []).map((f) => h('li', {}, f))),
        h('h2', {}, 'Waarom telt deze persoon (niet) mee'),
        dataTable(
          `Indicatoren in ${d.month}`,
          [
            { key: 'name', label: 'Indicator' },
            { key: 'variant', label: 'Variant', format: variantLabel },
            { key: 'period', label: 'Periode' },
            { key: 'ocmw', label: 'OCMW' },
            { key: 'role', label: 'Telt in', format: roleLabel },
            { key: 'reason', label: 'Waarom' },
          ],
          d.items || [],
          { rowHeader: 'name' },
        ),
        h('h2', {}, 'Tijdlijn'),
        dataTable(
          'Toestand per maand',
          [
            { key: 'month', label: 'Maand' },
            { key: 'position', label: 'Positie', format: (p) => p || '—' },
            { key: 'states', label: 'Toestanden', format: (s) => (s && s.length ? s.join(', ') : '—') },
          ],
          d.months || [],
          { rowHeader: 'month' },
        ),
      );
    } catch (err) {
      out.replaceChildren(message(dutchMessage(err), 'error'));
    }
  };
  const form = h(
    'form',
    { class: 'card', novalidate: true, onsubmit: (ev) => { ev.preventDefault(); load(); } },
    field('Maand', month, 'YYYY-MM'),
    purposeBox,
    h('button', { type: 'submit', class: 'primary' }, 'Toon de tijdlijn'),
  );
  const page = h(
    'div',
    {},
    h('h1', {}, 'Tijdlijn van een persoon'),
    h('p', {}, 'Pseudoniem ', h('code', {}, person), '.'),
    h('p', {}, h('a', { href: `#/zoeken?person=${encodeURIComponent(person)}` }, 'Identiteit en dossier')),
    form,
    out,
  );
  if (ctx.memory.purpose && query.get('month')) load();
  return page;
}
