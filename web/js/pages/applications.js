// Aanvragen: GET/POST /api/v1/calls/{call}/applications, POST /api/v1/applications/{id}/status
// and /consent. Only the trekker (lead) submits; every other member of a consortium gives or
// withdraws its own toestemming while the application is an ontwerp. The form of a new
// application is in application-form.js, the annual report as a document in annual-report.js.
// Every change sends the row_version that was read; a 409 means someone changed it meanwhile.
import { dutchMessage, get, post } from '../api.js';
import { approvalControls, documentInfo, takesAnnualReport, uploadControls } from '../annual-report.js';
import { applyForm } from '../application-form.js';
import { callPicker, municipalityNames } from '../calls-common.js';
import { euroInputToCents, field, fmtEuro, h, message } from '../ui.js';

export async function render(ctx, args) {
  const { calls, current, form } = await callPicker(ctx, 'aanvragen', args[0]);
  const page = h('div', {}, h('h1', {}, 'Aanvragen'), form);
  if (!current) {
    page.append(message('Er zijn nog geen oproepen.'));
    return page;
  }
  const out = h('div', { 'aria-live': 'polite', id: 'app-status' });
  const list = (await get(`/calls/${encodeURIComponent(current)}/applications`)).applications || [];
  // The call as the server sees it today: after the deadline nothing can be submitted any more.
  const call = await get(`/calls/${encodeURIComponent(current)}`).catch(() => calls.find((c) => c.id === current));
  const open = call.applications_open !== false;
  page.append(out);
  if (!list.length) page.append(h('p', {}, 'Er zijn nog geen aanvragen voor deze oproep.'));
  const reload = () => ctx.navigate(`#/aanvragen/${current}`);
  const finished = (text) => {
    ctx.memory.flash = text;
    reload();
  };
  const fail = (node, focus) => {
    out.replaceChildren(node);
    focus?.focus();
  };

  const doPost = async (app, what, body, done) => {
    try {
      await post(`/applications/${encodeURIComponent(app.id)}/${what}`, { row_version: app.row_version, ...body });
      ctx.memory.flash = done;
      reload();
    } catch (err) {
      out.replaceChildren(message(dutchMessage(err), 'error'));
      if (err.status === 409) {
        out.append(h('button', { type: 'button', onclick: reload }, 'Gegevens opnieuw laden'));
      }
      out.querySelector('p').setAttribute('tabindex', '-1');
      out.querySelector('p').focus();
    }
  };
  const doStatus = (app, status, extra = {}) =>
    doPost(app, 'status', { status, ...extra }, `Aanvraag ${app.id}: status gewijzigd.`);
  const doConsent = (app, consent) =>
    doPost(app, 'consent', { consent }, consent === 'consented'
      ? `Aanvraag ${app.id}: uw toestemming is geregistreerd.`
      : `Aanvraag ${app.id}: uw toestemming is geweigerd of ingetrokken.`);
  const own = ctx.user.municipality === null || ctx.user.municipality === undefined
    ? null : String(ctx.user.municipality).padStart(5, '0');
  if (ctx.memory.flash) {
    out.replaceChildren(message(ctx.memory.flash));
    ctx.memory.flash = null;
  }

  for (const app of list) {
    const members = (app.members || []).map(memberText(app)).join(', ');
    const actions = h('div', { class: 'actions' });
    const mine = (app.members || []).find((m) => m.nis === own);
    const isLead = own !== null && app.lead === own;
    if (ctx.can('lap_apply') && open && app.status === 'draft' && (isLead || (!app.lead && mine))) {
      actions.append(h('button', { type: 'button', class: 'primary', onclick: () => doStatus(app, 'submitted') }, 'Indienen'));
    }
    if (ctx.can('lap_apply') && app.status === 'draft' && mine && !isLead) {
      if (mine.consent !== 'consented') {
        actions.append(h('button', { type: 'button', class: 'primary', onclick: () => doConsent(app, 'consented') }, 'Toestemming geven'));
      }
      if (mine.consent !== 'declined') {
        actions.append(h('button', { type: 'button', class: 'danger', onclick: () => doConsent(app, 'declined') },
          mine.consent === 'consented' ? 'Toestemming intrekken' : 'Toestemming weigeren'));
      }
    }
    if (ctx.can('lap_administer') && app.status === 'submitted') {
      const advance = h('input', { type: 'text', inputmode: 'decimal' });
      const reason = h('input', { type: 'text' });
      actions.append(
        field('Betaald voorschot (€)', advance, 'Optioneel, bij goedkeuring.'),
        h('button', { type: 'button', class: 'primary', onclick: () => {
          const extra = {};
          const c = euroInputToCents(advance.value);
          if (c !== undefined) extra.advance_paid_cents = c;
          doStatus(app, 'approved', extra);
        } }, 'Goedkeuren'),
        field('Reden van weigering', reason),
        h('button', { type: 'button', class: 'danger', onclick: () => {
          if (!reason.value.trim()) {
            out.replaceChildren(message('Geef een reden voor de weigering.', 'error'));
            reason.focus();
            return;
          }
          doStatus(app, 'refused', { reason: reason.value.trim() });
        } }, 'Weigeren'),
      );
    }
    if (ctx.can('lap_administer') && app.status === 'approved') {
      actions.append(h('button', { type: 'button', class: 'primary', onclick: () => doStatus(app, 'running') }, 'Starten'));
    }
    if (ctx.can('lap_apply') && mine && takesAnnualReport(app)) actions.append(...uploadControls(app, finished, fail));
    if (ctx.can('lap_administer') && takesAnnualReport(app) && !app.annual_report_approved) {
      actions.append(...approvalControls(app, finished, fail));
    }
    page.append(
      h(
        'section',
        { class: 'card application', 'aria-labelledby': `app-${app.id}` },
        h('h2', { id: `app-${app.id}` }, `Aanvraag ${app.id}${app.consortium_name ? ` — ${app.consortium_name}` : ''}`),
        h(
          'dl',
          { class: 'info' },
          h('dt', {}, 'Status'), h('dd', { class: 'status' }, app.status_label || app.status),
          app.status_reason ? [h('dt', {}, 'Reden'), h('dd', {}, app.status_reason)] : '',
          h('dt', {}, 'Trekker'), h('dd', {}, app.lead || '—'),
          h('dt', {}, 'Leden'), h('dd', {}, members),
          h('dt', {}, 'Plan'), h('dd', {}, app.plan || ''),
          h('dt', {}, 'Acties'), h('dd', {}, (app.actions || []).join(', ')),
          h('dt', {}, 'Samenwerkingsovereenkomst'), h('dd', {}, app.agreement_id
            ? h('a', { href: `#/samenwerking/${app.agreement_id}` }, `overeenkomst ${app.agreement_id} uit het register`)
            : app.agreement || ''),
          h('dt', {}, 'Betaald voorschot'), h('dd', {}, fmtEuro(app.advance_paid_cents)),
          takesAnnualReport(app) || app.annual_report_document
            ? [h('dt', {}, 'Jaarverslag (document)'), h('dd', { class: 'annual-report' }, documentInfo(app))] : '',
          h('dt', {}, 'Jaarverslag goedgekeurd op'), h('dd', {}, app.annual_report_approved || '—'),
          h('dt', {}, 'Versie'), h('dd', {}, String(app.row_version)),
        ),
        actions,
      ),
    );
  }
  if (ctx.can('lap_apply')) page.append(applyForm(ctx, call, await municipalityNames(current), reload));
  return page;
}

/** `11004 (engagement 3) — toegestemd`: a member with its toestemming (consortia only). */
function memberText(app) {
  return (m) => {
    const engagement = m.engagement !== undefined && m.engagement !== null ? ` (engagement ${m.engagement})` : '';
    const consent = app.consortium_name && m.consent_label ? ` — ${m.nis === app.lead ? 'trekker' : m.consent_label}` : '';
    return `${m.nis}${engagement}${consent}`;
  };
}
