// The parts of the dossier page (pages/dossier.js) about working together: the notes
// (POST /api/v1/cases/{case}/notes), the warm handovers of the regie
// (POST /api/v1/cases/{case}/handovers and .../handovers/{handover}/decision) and the history.
import { dutchMessage, post } from './api.js';
import {
  eventDetail,
  eventLabel,
  fmtLead,
  handoverStatusLabel,
  handoverWaits,
  reloaded,
  sideLabel,
} from './cases.js';
import { dataTable, field, fmtDateTime, h, message } from './ui.js';

/**
 * A section of the dossier with its heading (the focus goes there after a change in it) and the
 * message of that change.
 */
export function section(view, id, title, children) {
  const note = view.note && view.note.section === id ? view.note : null;
  return h(
    'section',
    { class: 'card', id, 'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title`, tabindex: '-1' }, title),
    note ? message(note.text, note.kind || 'info') : '',
    children,
  );
}

/** A labelled textarea that must not be empty; returns [textarea, field, check]. */
export function textArea(label, name, hint, out, maxlength = 2000) {
  const area = h('textarea', { name, rows: 3, maxlength });
  const check = () => {
    const v = area.value.trim();
    if (!v) {
      area.setAttribute('aria-invalid', 'true');
      area.focus();
      out.replaceChildren(message(`Vul "${label}" in.`, 'error'));
      return null;
    }
    area.removeAttribute('aria-invalid');
    return v;
  };
  return [area, field(label, area, hint), check];
}

export function notesSection(view, c) {
  const notes = c.notes || [];
  const out = h('div', { 'aria-live': 'polite' });
  const hint = 'Zichtbaar voor het OCMW en VDAB; ten hoogste 2000 tekens.';
  const [, box, check] = textArea('Notitie toevoegen', 'note', hint, out);
  const save = h('button', { type: 'submit', class: 'primary' }, 'Notitie bewaren');
  const form = h('form', { novalidate: true }, box, save, out);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const text = check();
    if (!text) return;
    out.replaceChildren(h('p', { role: 'status' }, 'Bewaren…'));
    try {
      await post(`/cases/${view.id}/notes`, { text });
      await view.reload({ section: 'dossier-notities', text: 'Notitie bewaard.' });
    } catch (err) {
      out.replaceChildren(message(dutchMessage(err), 'error'));
    }
  });
  return section(view, 'dossier-notities', 'Notities', [
    notes.length
      ? h(
          'ol',
          { class: 'notes' },
          notes.map((n) =>
            h(
              'li',
              {},
              h('p', { class: 'meta' },
                `${fmtDateTime(n.created_at)} — ${n.author} (${sideLabel(n.side)})`),
              h('p', { class: 'text' }, n.text),
            ),
          ),
        )
      : h('p', {}, 'Er zijn nog geen notities.'),
    form,
  ]);
}

export function handoversSection(view, c) {
  const list = c.handovers || [];
  const waiting = list.find(handoverWaits);
  const other = view.side === 'ocmw' ? 'vdab' : 'ocmw';
  const columns = [
    {
      key: 'handover',
      label: 'Overdracht',
      render: (o) => `van ${sideLabel(o.from)} naar ${sideLabel(o.to)}`,
    },
    {
      key: 'proposed_at',
      label: 'Voorgesteld',
      render: (o) => `${fmtDateTime(o.proposed_at)} door ${o.proposed_by || ''}`,
    },
    { key: 'reason', label: 'Reden' },
    { key: 'status', label: 'Status', format: handoverStatusLabel },
    {
      key: 'decided_at',
      label: 'Beslissing',
      render: (o) => {
        if (!o.decided_at) return '—';
        const why = o.decision_reason ? `: ${o.decision_reason}` : '';
        return `${fmtDateTime(o.decided_at)} door ${o.decided_by || ''}${why}`;
      },
    },
    {
      key: 'lead_hours',
      label: 'Doorlooptijd',
      numeric: true,
      format: (v) => (v === null || v === undefined ? '—' : fmtLead(v)),
    },
  ];
  let next;
  if (waiting && waiting.to === view.side) next = decisionForm(view, c, waiting);
  else if (waiting) {
    next = h('p', {}, `Uw voorstel wacht op de beslissing van ${sideLabel(waiting.to)}.`);
  }
  else if (c.regie === view.side) next = proposeForm(view, c, other);
  else {
    next = h('p', {},
      `De regie ligt bij ${sideLabel(c.regie)}; alleen die kant kan een warme overdracht voorstellen.`);
  }
  return section(view, 'dossier-overdracht', 'Warme overdracht', [
    h(
      'p',
      {},
      'Bij een warme overdracht stelt de kant met de regie voor om die aan de andere kant door ',
      'te geven; de andere kant aanvaardt of weigert, met een reden.',
    ),
    list.length
      ? dataTable('Warme overdrachten van de regie', columns, list)
      : h('p', {}, 'Er zijn nog geen warme overdrachten.'),
    next,
  ]);
}

function proposeForm(view, c, other) {
  const out = h('div', { 'aria-live': 'polite' });
  const hint = `Waarom ${sideLabel(other)} de regie best overneemt; ten hoogste 1000 tekens.`;
  const [, box, check] = textArea('Reden van de overdracht', 'reason', hint, out, 1000);
  const form = h(
    'form',
    { novalidate: true },
    h(
      'fieldset',
      {},
      h('legend', {}, `Warme overdracht voorstellen aan ${sideLabel(other)}`),
      box,
      h('button', { type: 'submit', class: 'primary' }, 'Warme overdracht voorstellen'),
      out,
    ),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const reason = check();
    if (!reason) return;
    out.replaceChildren(h('p', { role: 'status' }, 'Bewaren…'));
    try {
      await post(`/cases/${view.id}/handovers`, { reason, row_version: c.row_version });
      const text = `Warme overdracht aan ${sideLabel(other)} voorgesteld.`;
      await view.reload({ section: 'dossier-overdracht', text });
    } catch (err) {
      if (err.status === 409) {
        await view.reload({ section: 'dossier-overdracht', text: reloaded(err), kind: 'error' });
      } else {
        out.replaceChildren(message(dutchMessage(err), 'error'));
      }
    }
  });
  return form;
}

function decisionForm(view, c, ho) {
  const out = h('div', { 'aria-live': 'polite' });
  const area = h('textarea', { name: 'decision_reason', rows: 3, maxlength: 1000 });
  const decide = async (decision) => {
    for (const b of buttons) b.disabled = true;
    out.replaceChildren(h('p', { role: 'status' }, 'Bewaren…'));
    try {
      const body = { decision, reason: area.value.trim(), row_version: c.row_version };
      const updated = await post(`/cases/${view.id}/handovers/${ho.handover}/decision`, body);
      const text = decision === 'accepted'
        ? `Warme overdracht aanvaard: de regie ligt nu bij ${sideLabel(ho.to)}.`
        : 'Warme overdracht geweigerd.';
      const note = { section: 'dossier-overdracht', text };
      if (updated && updated.case) view.show(updated, note);
      else await view.reload(note);
    } catch (err) {
      if (err.status === 409) {
        await view.reload({ section: 'dossier-overdracht', text: reloaded(err), kind: 'error' });
        return;
      }
      for (const b of buttons) b.disabled = false;
      out.replaceChildren(message(dutchMessage(err), 'error'));
    }
  };
  const buttons = [
    h('button', { type: 'button', class: 'primary', onclick: () => decide('accepted') }, 'Aanvaarden'),
    h('button', { type: 'button', onclick: () => decide('declined') }, 'Weigeren'),
  ];
  return h(
    'fieldset',
    {},
    h('legend', {}, `Voorstel van ${sideLabel(ho.from)}: de regie naar ${sideLabel(ho.to)}`),
    h('p', {}, `Voorgesteld op ${fmtDateTime(ho.proposed_at)} door ${ho.proposed_by || ''}. `,
      `Reden: ${ho.reason || '—'}`),
    field('Reden van uw beslissing', area),
    h('div', { class: 'actions' }, buttons),
    out,
  );
}

export function historySection(view, c) {
  const events = c.history || [];
  return section(view, 'dossier-geschiedenis', 'Geschiedenis', [
    events.length
      ? dataTable(
          `Geschiedenis van dossier ${c.case}`,
          [
            { key: 'at', label: 'Wanneer', format: fmtDateTime, nowrap: true },
            { key: 'actor', label: 'Wie' },
            { key: 'side', label: 'Kant', format: sideLabel },
            {
              key: 'kind',
              label: 'Wat',
              render: (e) => (e.detail ? `${eventLabel(e.kind)} (${eventDetail(e.detail)})` : eventLabel(e.kind)),
            },
          ],
          events,
        )
      : h('p', {}, 'Nog geen geschiedenis.'),
  ]);
}
