// The form of a new application (POST /api/v1/calls/{call}/applications): a municipality for
// itself, or — when the call allows consortia — a samenwerkingsverband with other municipalities
// (picked from the call's werktabel), its name and joint or individual settlement. The applying
// municipality is the trekker; the other members give their own toestemming afterwards.
// After the application deadline (the server's today, GET /api/v1/calls/{call}) the form is not
// offered; the server refuses a late application anyway.
import { dutchMessage, get, post } from './api.js';
import { versionOn } from './calls-common.js';
import { field, fmtDate, h, message, select } from './ui.js';

/** `Zuidrand Antwerpen` -> `zuidrand-antwerpen`: the consortium's id (the applicant). */
export function consortiumId(name) {
  return name.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

/** The form, or the message that applying is closed. `names`: NIS code -> name. */
export function applyForm(ctx, call, names, reload) {
  const nis = String(ctx.user.municipality).padStart(5, '0');
  const deadline = call.application_deadline || versionOn(call, call.today).application_deadline;
  if (call.applications_open === false) {
    return h('section', { class: 'card', 'aria-labelledby': 'apply-closed' },
      h('h2', { id: 'apply-closed' }, 'Nieuwe aanvraag'),
      message(`De uiterste aanvraagdatum (${fmtDate(deadline)}) is verstreken: voor deze oproep kunt u geen aanvraag meer indienen.`, 'error'));
  }
  const consortia = !!versionOn(call, call.today).consortia_allowed;
  const engagement = h('input', { type: 'number', min: 0, step: 1 });
  const plan = h('textarea', { rows: 3, required: true });
  const actions = h('input', { type: 'text', required: true, value: 'intake, jobcoaching' });
  // The agreement from the registry (GET /api/v1/agreements?nis=): the municipality's own and its
  // regiegebied's; a link only for one that is not registered.
  const registered = select([['', 'geen: ik geef een adres op']], '');
  get(`/agreements?nis=${nis}`).then(({ agreements }) => {
    for (const a of agreements) {
      registered.append(h('option', { value: a.id }, `${a.title} (${a.area_name}, ${a.status_label})`));
    }
    const own = agreements.find((a) => a.scope === 'municipality' && a.status === 'concluded') || agreements[0];
    if (own) registered.value = String(own.id);
  }).catch(() => {});
  const agreement = h('input', { type: 'url', placeholder: 'https://' });
  const out = h('div', { 'aria-live': 'polite' });
  const consortium = consortia ? consortiumFields(nis, names) : null;
  const form = h(
    'form',
    { class: 'card', novalidate: true, id: 'apply-form' },
    h('h2', {}, `Nieuwe aanvraag voor gemeente ${nis}${names.get(nis) ? ` (${names.get(nis)})` : ''}`),
    h('p', { class: 'deadline' }, `Uiterste aanvraagdatum: ${fmtDate(deadline)}.`),
    field('Extra engagement (aantal uitstromen)', engagement, 'Leeg: het maximum E van de werktabel.'),
    field('Plan', plan),
    field('Acties', actions, 'Gescheiden door komma’s.'),
    field('Samenwerkingsovereenkomst met VDAB', registered,
      'De overeenkomsten van het register die uw gemeente of haar regiegebied aangaan.'),
    field('Samenwerkingsovereenkomst (adres)', agreement, 'Alleen voor een overeenkomst die niet in het register staat.'),
    consortium ? consortium.node : null,
    h('button', { type: 'submit', class: 'primary' }, 'Aanvraag opslaan als ontwerp'),
    out,
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const member = { nis };
    if (engagement.value !== '') member.engagement = Number(engagement.value);
    const body = {
      members: [member],
      plan: plan.value.trim(),
      actions: actions.value.split(',').map((s) => s.trim()).filter(Boolean),
      agreement: agreement.value.trim(),
    };
    if (registered.value) body.agreement_id = Number(registered.value);
    if (consortium && consortium.enabled()) {
      const problem = consortium.problem();
      if (problem) {
        out.replaceChildren(message(problem, 'error'));
        return;
      }
      Object.assign(body, consortium.fields());
      body.members.push(...consortium.members().map((m) => ({ nis: m })));
    }
    try {
      const app = await post(`/calls/${encodeURIComponent(call.id)}/applications`, body);
      ctx.memory.flash = body.consortium
        ? `Aanvraag ${app.id} is opgeslagen als ontwerp. De andere leden moeten elk hun toestemming geven voor u ze kunt indienen.`
        : `Aanvraag ${app.id} is opgeslagen als ontwerp. Dien ze in wanneer ze klaar is.`;
      reload();
    } catch (err) {
      out.replaceChildren(message(dutchMessage(err), 'error'));
    }
  });
  return form;
}

/** The consortium part: a switch, the name, the settlement and the other members. */
function consortiumFields(own, names) {
  const on = h('input', { type: 'checkbox', id: 'as-consortium' });
  const name = h('input', { type: 'text' });
  const settlement = select([['joint', 'gezamenlijk (één eenheid met opgetelde cijfers)'], ['individual', 'per gemeente']], 'joint');
  const pick = h('input', { type: 'text', list: 'municipality-list', autocomplete: 'off' });
  const options = h('datalist', { id: 'municipality-list' },
    [...names].filter(([n]) => n !== own).map(([n, label]) => h('option', { value: `${n} ${label}` })));
  const chosen = [];
  const list = h('ul', { class: 'members', 'aria-live': 'polite' });
  const note = h('div', { 'aria-live': 'polite' });
  const draw = () => list.replaceChildren(...chosen.map((n) => h('li', {}, `${n}${names.get(n) ? ` ${names.get(n)}` : ''} `,
    h('button', { type: 'button', onclick: () => { chosen.splice(chosen.indexOf(n), 1); draw(); } }, `Verwijder ${n}`))));
  const add = () => {
    const text = pick.value.trim();
    const code = (text.match(/^\d{5}/) || [])[0] ||
      [...names].find(([, label]) => label.toLowerCase() === text.toLowerCase())?.[0];
    if (!code || (names.size && !names.has(code))) {
      note.replaceChildren(message(`“${text}” is geen gemeente van de werktabel van deze oproep.`, 'error'));
      return;
    }
    if (code === own || chosen.includes(code)) {
      note.replaceChildren(message(`Gemeente ${code} staat al in het samenwerkingsverband.`, 'error'));
      return;
    }
    chosen.push(code);
    note.replaceChildren();
    pick.value = '';
    draw();
  };
  const details = h('div', { class: 'consortium', hidden: true },
    field('Naam van het samenwerkingsverband', name),
    field('Afrekening', settlement),
    field('Lid toevoegen (NIS-code of naam)', pick, 'Gemeenten uit dezelfde referentieregio; elk lid geeft daarna zelf zijn toestemming.'),
    options,
    h('button', { type: 'button', onclick: add }, 'Lid toevoegen'),
    note,
    h('p', {}, 'Andere leden:'),
    list);
  on.addEventListener('change', () => { details.hidden = !on.checked; });
  const node = h('fieldset', { class: 'consortium-box' },
    h('legend', {}, 'Samenwerkingsverband'),
    h('div', { class: 'field check' }, on, h('label', { for: 'as-consortium' }, 'Aanvraag als samenwerkingsverband met andere gemeenten')),
    details);
  return {
    node,
    enabled: () => on.checked,
    members: () => [...chosen],
    problem: () => {
      if (!name.value.trim() || !consortiumId(name.value)) return 'Geef de naam van het samenwerkingsverband.';
      if (!chosen.length) return 'Voeg minstens één andere gemeente toe aan het samenwerkingsverband.';
      return null;
    },
    fields: () => ({
      consortium: consortiumId(name.value),
      consortium_name: name.value.trim(),
      consortium_settlement: settlement.value,
    }),
  };
}
