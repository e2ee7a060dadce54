// Meldingen: the signed-in user's notifications of changes in the shared dossiers
// (GET /api/v1/notifications) — a warm handover proposed or decided, a doormelding sent or
// answered — each with a link to the dossier; opening one marks it read.
import { get, post } from '../api.js';
import { dataTable, fmtDateTime, h, message } from '../ui.js';

export async function render(ctx) {
  const data = await get('/notifications');
  const open = (n) => async (ev) => {
    ev.preventDefault();
    if (!n.read) await post(`/notifications/${n.notification}/read`);
    ctx.navigate(`#/dossier/${n.case}`);
  };
  return h('div', {},
    h('h1', {}, 'Meldingen'),
    h('p', {}, 'Wat er gebeurde in de dossiers die u opvolgt. Dezelfde meldingen komen per e-mail ' +
      'als uw e-mailadres gekend is; die e-mails bevatten geen persoonsgegevens.'),
    message(data.unread ? `${data.unread} ongelezen melding(en).` : 'Geen ongelezen meldingen.'),
    data.notifications.length
      ? dataTable('Uw meldingen', [
        { key: 'created_at', label: 'Wanneer', format: fmtDateTime, nowrap: true },
        { key: 'text', label: 'Wat', render: (n) => (n.read ? n.text : h('strong', {}, n.text)) },
        {
          key: 'case',
          label: 'Dossier',
          render: (n) => h('a', { href: `#/dossier/${n.case}`, onclick: open(n) }, `Dossier ${n.case}`),
        },
        { key: 'read', label: 'Gelezen', format: (r) => (r ? 'ja' : 'nee') },
      ], data.notifications)
      : h('p', {}, 'U hebt nog geen meldingen.'));
}
