// The parts of the dossier page (pages/dossier.js) about the follow-up of a case: who follows it
// on each side (POST /api/v1/cases/{case}/worker), the transmissions of VDAB and the OCMW's answers
// (POST .../transmissions and .../transmissions/{transmission}/answer), and the exemptions the
// OCMW grants and reviews (POST .../exemptions and .../exemptions/{exemption}/review).
import { dutchMessage, post } from './api.js';
import {
  ANSWERS,
  EXEMPTION_KINDS,
  answerLabel,
  exemptionKindLabel,
  reloaded,
  sideLabel,
} from './cases.js';
import { section, textArea } from './dossier-sections.js';
import { dataTable, field, fmtDate, fmtDateTime, h, message, select } from './ui.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Saves a change: shows "Bewaren…" in out, reloads the dossier on success or a conflict. */
async function save(view, sectionId, out, call, text) {
  out.replaceChildren(h('p', { role: 'status' }, 'Bewaren…'));
  try {
    const answer = await call();
    const note = { section: sectionId, text };
    if (answer && answer.case && answer.history) view.show(answer, note);
    else await view.reload(note);
  } catch (err) {
    if (err.status === 409) {
      await view.reload({ section: sectionId, text: reloaded(err), kind: 'error' });
    } else {
      out.replaceChildren(message(dutchMessage(err), 'error'));
    }
  }
}

/** An optional date field; check() returns the date, '' when empty, or null after an error. */
function dateInput(label, name, hint, out) {
  const input = h('input', { type: 'date', name });
  const check = () => {
    if (input.value && !DATE.test(input.value)) {
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      out.replaceChildren(message(`Geef "${label}" als datum op.`, 'error'));
      return null;
    }
    input.removeAttribute('aria-invalid');
    return input.value;
  };
  return [input, field(label, input, hint), check];
}

/** Who follows the case on each side, and the button to follow it for the user's side. */
export function workersPanel(view, c) {
  const mine = view.side === 'vdab' ? c.vdab_worker : c.ocmw_worker;
  const me = view.ctx.user && view.ctx.user.username;
  const out = h('div', { 'aria-live': 'polite' });
  const who = (w) => w || 'niemand';
  const rows = [
    ['Opgevolgd door (OCMW)', who(c.ocmw_worker)],
    ['Opgevolgd door (VDAB)', who(c.vdab_worker)],
  ];
  let follow = '';
  if (mine !== me) {
    const button = h('button', { type: 'button' }, 'Ik volg dit dossier op');
    button.addEventListener('click', async () => {
      button.disabled = true;
      const side = sideLabel(view.side);
      await save(view, 'dossier-persoon', out, () => post(`/cases/${view.id}/worker`, {}),
        `U volgt dit dossier nu op voor ${side}.`);
      button.disabled = false;
    });
    follow = h('div', { class: 'actions' }, button);
  }
  return [
    h('dl', { class: 'info', id: 'opvolgers' },
      rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
    follow,
    out,
    ...closePanel(view, c),
  ];
}

/** Closing the dossier (POST .../close): the side with the regie, with a reason. */
function closePanel(view, c) {
  if (c.status !== 'open') {
    return [h('p', { id: 'afgesloten' }, `Dit dossier is afgesloten op ${fmtDate(c.closed_on)}. ` +
      'Het OCMW kan het nog 12 maanden inzien.')];
  }
  if (c.regie !== view.side) return [];
  const out = h('div', { 'aria-live': 'polite' });
  const [area, box, check] = textArea('Reden van afsluiten', 'close-reason',
    'Bijvoorbeeld: werk gevonden, verhuisd, traject beëindigd.', out, 1000);
  const form = h('form', { class: 'card', novalidate: true },
    h('fieldset', {}, h('legend', {}, 'Dossier afsluiten'), box),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Dossier afsluiten')), out);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const reason = check();
    if (!reason) return;
    await save(view, 'dossier-persoon', out,
      () => post(`/cases/${view.id}/close`, { reason, row_version: c.row_version }),
      'Het dossier is afgesloten.');
    area.value = '';
  });
  return [form];
}

/** The state of a transmission's answer in words: the deadline, late or answered. */
function answerState(t) {
  if (t.answer) {
    const when = t.answered_in_time ? 'tijdig beantwoord' : 'laattijdig beantwoord';
    return [
      h('strong', { class: t.answered_in_time ? null : 'late' }, when),
      `: ${t.answer_label || answerLabel(t.answer)}`,
      t.answer_reason ? ` — ${t.answer_reason}` : '',
      ` (${fmtDateTime(t.answered_at)} door ${t.answered_by || ''})`,
    ];
  }
  if (t.overdue) return h('strong', { class: 'late' }, 'te laat: nog niet beantwoord');
  return 'wacht op het antwoord van het OCMW';
}

export function transmissionsSection(view, c) {
  const list = c.transmissions || [];
  const columns = [
    { key: 'transmission', label: 'Doormelding', render: (t) => `Doormelding ${t.transmission}` },
    {
      key: 'sent_at',
      label: 'Verstuurd',
      render: (t) => `${fmtDateTime(t.sent_at)} door ${t.sent_by || ''}`,
    },
    { key: 'reason', label: 'Reden' },
    {
      key: 'deadline',
      label: 'Antwoord tegen',
      nowrap: true,
      render: (t) =>
        t.overdue
          ? [fmtDate(t.deadline), ' ', h('strong', { class: 'late' }, '(te laat)')]
          : fmtDate(t.deadline),
    },
    { key: 'answer', label: 'Antwoord', render: answerState },
  ];
  let next;
  if (view.side === 'vdab') next = sendForm(view);
  else next = list.filter((t) => !t.answer).map((t) => answerForm(view, t));
  return section(view, 'dossier-doormeldingen', 'Doormeldingen', [
    h(
      'p',
      {},
      'VDAB meldt aan het OCMW door wanneer de persoon zijn of haar verplichtingen niet ',
      'nakomt; het OCMW antwoordt binnen de termijn of het een sanctie overweegt.',
    ),
    list.length
      ? dataTable(`Doormeldingen in dossier ${c.case}`, columns, list)
      : h('p', {}, 'Er zijn nog geen doormeldingen.'),
    next,
  ]);
}

function sendForm(view) {
  const out = h('div', { 'aria-live': 'polite' });
  const hint = 'Wat de persoon niet nakwam; ten hoogste 1000 tekens.';
  const label = 'Reden van de doormelding';
  const [, box, check] = textArea(label, 'transmission_reason', hint, out, 1000);
  const form = h(
    'form',
    { novalidate: true },
    h(
      'fieldset',
      {},
      h('legend', {}, 'Doormelding versturen aan het OCMW'),
      box,
      h('button', { type: 'submit', class: 'primary' }, 'Doormelding versturen'),
      out,
    ),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const reason = check();
    if (!reason) return;
    await save(view, 'dossier-doormeldingen', out,
      () => post(`/cases/${view.id}/transmissions`, { reason }), 'Doormelding verstuurd.');
  });
  return form;
}

function answerForm(view, t) {
  const out = h('div', { 'aria-live': 'polite' });
  const answer = select(ANSWERS, 'no_sanction');
  const hint = 'Ten hoogste 1000 tekens.';
  const [, box, check] = textArea('Reden van het antwoord', 'answer_reason', hint, out, 1000);
  const late = t.overdue ? ' De termijn is verstreken.' : '';
  const form = h(
    'form',
    { novalidate: true },
    h(
      'fieldset',
      {},
      h('legend', {}, `Doormelding ${t.transmission} beantwoorden`),
      h('p', {}, `Reden van VDAB: ${t.reason}. Antwoord tegen ${fmtDate(t.deadline)}.${late}`),
      field('Antwoord', answer),
      box,
      h('button', { type: 'submit', class: 'primary' }, 'Antwoord versturen'),
      out,
    ),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const reason = check();
    if (!reason) return;
    const body = { answer: answer.value, reason };
    await save(view, 'dossier-doormeldingen', out,
      () => post(`/cases/${view.id}/transmissions/${t.transmission}/answer`, body),
      `Doormelding ${t.transmission} beantwoord: ${answerLabel(answer.value)}.`);
  });
  return form;
}

const EXEMPTION_STATUSES = { active: 'actief', ended: 'beëindigd' };

export function exemptionsSection(view, c) {
  const list = c.exemptions || [];
  const columns = [
    { key: 'kind', label: 'Soort', render: (x) => x.kind_label || exemptionKindLabel(x.kind) },
    { key: 'reason', label: 'Reden' },
    {
      key: 'granted_on',
      label: 'Toegekend',
      render: (x) => `${fmtDate(x.granted_on)}${x.granted_by ? ` door ${x.granted_by}` : ''}`,
    },
    {
      key: 'review_date',
      label: 'Herziening',
      nowrap: true,
      render: (x) =>
        x.review_due
          ? [fmtDate(x.review_date), ' ', h('strong', { class: 'late' }, '(te herzien)')]
          : fmtDate(x.review_date),
    },
    { key: 'status', label: 'Status', format: (s) => EXEMPTION_STATUSES[s] || s },
  ];
  const ocmw = view.side === 'ocmw';
  return section(view, 'dossier-vrijstellingen', 'Vrijstellingen', [
    h(
      'p',
      {},
      'Het OCMW kan de persoon om redenen van gezondheid of billijkheid vrijstellen van de ',
      'beschikbaarheid voor werk, en herziet die vrijstelling ten minste elk jaar.',
      ocmw ? '' : ' VDAB kan de vrijstellingen alleen inkijken.',
    ),
    list.length
      ? dataTable(`Vrijstellingen in dossier ${c.case}`, columns, list)
      : h('p', {}, 'Er zijn geen vrijstellingen.'),
    ocmw ? list.filter((x) => x.status === 'active').map((x) => reviewForm(view, x)) : '',
    ocmw ? grantForm(view) : '',
  ]);
}

function grantForm(view) {
  const out = h('div', { 'aria-live': 'polite' });
  const kind = select(EXEMPTION_KINDS, 'health');
  const hint = 'Ten hoogste 1000 tekens.';
  const [, box, check] = textArea('Reden van de vrijstelling', 'exemption_reason', hint, out, 1000);
  const [, startBox, checkStart] = dateInput('Startdatum', 'granted_on', 'Leeg: vandaag.', out);
  const [, reviewBox, checkReview] = dateInput(
    'Herzieningsdatum',
    'review_date',
    'Leeg: één jaar na de startdatum; ten hoogste één jaar later.',
    out,
  );
  const form = h(
    'form',
    { novalidate: true },
    h(
      'fieldset',
      {},
      h('legend', {}, 'Vrijstelling toekennen'),
      field('Soort vrijstelling', kind),
      box,
      startBox,
      reviewBox,
      h('button', { type: 'submit', class: 'primary' }, 'Vrijstelling toekennen'),
      out,
    ),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const reason = check();
    if (!reason) return;
    const start = checkStart();
    if (start === null) return;
    const review = checkReview();
    if (review === null) return;
    const body = { kind: kind.value, reason };
    if (start) body.granted_on = start;
    if (review) body.review_date = review;
    await save(view, 'dossier-vrijstellingen', out,
      () => post(`/cases/${view.id}/exemptions`, body),
      `Vrijstelling toegekend (${exemptionKindLabel(kind.value)}).`);
  });
  return form;
}

function reviewForm(view, x) {
  const out = h('div', { 'aria-live': 'polite' });
  const name = `vrijstelling ${x.exemption} (${x.kind_label || exemptionKindLabel(x.kind)})`;
  const decision = select([['extend', 'verlengen'], ['end', 'beëindigen']], 'extend');
  const hint = 'Ten hoogste 1000 tekens.';
  const label = `Reden van de herziening van ${name}`;
  const [, box, check] = textArea(label, 'review_reason', hint, out, 1000);
  const [date, dateBox, checkDate] = dateInput(
    `Nieuwe herzieningsdatum van ${name}`,
    'new_review_date',
    'Bij verlengen; leeg: één jaar na vandaag (ten hoogste één jaar later).',
    out,
  );
  decision.addEventListener('change', () => {
    date.disabled = decision.value !== 'extend';
  });
  const form = h(
    'form',
    { novalidate: true },
    h(
      'fieldset',
      {},
      h('legend', {}, `${name[0].toUpperCase()}${name.slice(1)} herzien`),
      h('p', {}, `Te herzien op ${fmtDate(x.review_date)}.`,
        x.review_due ? ' De herziening is nu aan de orde.' : ''),
      field(`Beslissing over ${name}`, decision),
      box,
      dateBox,
      h('button', { type: 'submit', 'aria-label': `Herziening van ${name} bewaren` },
        'Herziening bewaren'),
      out,
    ),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const reason = check();
    if (!reason) return;
    const body = { decision: decision.value, reason, row_version: x.row_version };
    if (decision.value === 'extend') {
      const review = checkDate();
      if (review === null) return;
      if (review) body.review_date = review;
    }
    const done = decision.value === 'extend' ? 'verlengd' : 'beëindigd';
    const text = `De ${name} is ${done}.`;
    await save(view, 'dossier-vrijstellingen', out,
      () => post(`/cases/${view.id}/exemptions/${x.exemption}/review`, body), text);
  });
  return form;
}
