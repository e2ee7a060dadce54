// Beheer: the administrator's page — the accounts (GET/POST /api/v1/admin/users, PATCH
// /admin/users/{username}, POST /admin/users/{username}/password-reset), the settings
// (GET /admin/settings, PUT /admin/settings/{key}) and the log of every change (GET /admin/events).
// A one-time password is shown once, in a marked box, and never kept or logged by the page.
import { api, ApiError, dutchMessage, get, post, put } from '../api.js';
import { dataTable, field, fmtDateTime, h, message, select } from '../ui.js';

// The roles an administrator can give (a citizen's account is made with `lap user add --insz`).
export const ROLES = [
  ['ocmw_counsellor', 'OCMW-maatschappelijk werker'],
  ['vdab_mediator', 'VDAB-bemiddelaar'],
  ['wse_analyst', 'Analist Departement WSE'],
  ['local_government', 'Lokaal bestuur (gemeente)'],
  ['administrator', 'Beheerder'],
];
const ROLE_LABEL = Object.fromEntries([...ROLES, ['citizen', 'Burger']]);
// The roles that belong to one municipality.
const SCOPED = ['ocmw_counsellor', 'local_government'];

// The server's pointers of a refused account, in Dutch.
const ACCOUNT_PROBLEMS = {
  '/username': 'Gebruikersnaam: 2 tot 64 tekens, alleen a-z, 0-9, punt, liggend streepje of koppelteken',
  '/role': 'Rol: kies een van de rollen uit de lijst',
  '/municipality': 'Gemeente: een NIS-code van 5 cijfers, verplicht voor een OCMW-maatschappelijk ' +
    'werker en een lokaal bestuur, leeg voor de andere rollen',
  '/email': 'E-mail: geen geldig e-mailadres',
};

/** A Dutch sentence for a refused change: the rules of a 422, the server's own text otherwise. */
export function problemText(err, known = {}) {
  if (!(err instanceof ApiError)) return dutchMessage(err);
  if (err.status === 422 && err.problems.length) {
    const rules = err.problems.map((p) => known[p.pointer] || p.message || p.rule);
    return `De invoer is niet geldig: ${[...new Set(rules)].join('; ')}.`;
  }
  if ((err.status === 409 || err.status === 404) && err.message) return err.message;
  return dutchMessage(err);
}

const municipalityText = (m) => (m ? `${m.name} (${m.nis})` : '');

/** The box with a one-time password: shown once, to be handed over safely. */
function passwordBox(username, password, reset) {
  return h('div', { class: 'note one-time-password', role: 'status' },
    h('p', {}, h('strong', {}, reset
      ? `Nieuw eenmalig wachtwoord voor ${username}`
      : `Account ${username} is aangemaakt. Eenmalig wachtwoord:`)),
    h('p', {}, h('code', { class: 'password' }, password)),
    h('p', {}, 'Geef dit wachtwoord op een veilige manier door aan de gebruiker (bijvoorbeeld ' +
      'persoonlijk of via een ander kanaal dan de gebruikersnaam). Het wordt niet bewaard en ' +
      'niet meer getoond: noteer het nu. De gebruiker kiest na de aanmelding een eigen wachtwoord.'));
}

/** Role select, municipality (only for scoped roles) and e-mail: shared by add and change. */
function accountFields(user) {
  const role = select(ROLES, user ? user.role : 'ocmw_counsellor');
  role.name = 'role';
  const nis = h('input', {
    type: 'text', name: 'municipality', inputmode: 'numeric', pattern: '[0-9]{5}', maxlength: '5',
    autocomplete: 'off', value: user && user.municipality ? user.municipality.nis : '',
  });
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'off',
    value: (user && user.email) || '' });
  const nisField = field('Gemeente (NIS-code)', nis,
    'Vijf cijfers, bv. 44021 voor Gent. Verplicht voor een OCMW-maatschappelijk werker en een lokaal bestuur.');
  const sync = () => {
    const scoped = SCOPED.includes(role.value);
    nisField.hidden = !scoped;
    nis.required = scoped;
  };
  role.addEventListener('change', sync);
  sync();
  const values = () => ({
    role: role.value,
    municipality: SCOPED.includes(role.value) ? nis.value.trim() : null,
    email: email.value.trim() || null,
  });
  return { nodes: [field('Rol', role), nisField, field('E-mail (niet verplicht)', email)], values };
}

async function accounts(ctx, refresh) {
  const { users } = await get('/admin/users');
  const section = h('section', { 'aria-labelledby': 'admin-accounts' },
    h('h2', { id: 'admin-accounts' }, 'Accounts'));
  const out = h('div', { 'aria-live': 'polite' });
  const editArea = h('div');

  const act = async (work, after) => {
    out.replaceChildren(h('p', { role: 'status' }, 'Bezig…'));
    try {
      const answer = await work();
      await refresh(after(answer));
    } catch (err) {
      out.replaceChildren(message(problemText(err, ACCOUNT_PROBLEMS), 'error'));
    }
  };
  const patch = (u, body, text) => act(
    () => api('PATCH', `/admin/users/${encodeURIComponent(u.username)}`, body),
    () => message(text));

  const edit = (u) => {
    const f = accountFields(u);
    const form = h('form', {
      class: 'card narrow', novalidate: true, 'aria-labelledby': 'admin-edit-title',
      onsubmit: (ev) => {
        ev.preventDefault();
        patch(u, f.values(), `Account ${u.username} is gewijzigd.`);
      },
    },
    h('h3', { id: 'admin-edit-title' }, `Account ${u.username} wijzigen`),
    ...f.nodes,
    h('p', { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, 'Wijzigingen opslaan'),
      h('button', { type: 'button', onclick: () => editArea.replaceChildren() }, 'Annuleren')));
    editArea.replaceChildren(form);
    form.querySelector('select').focus();
  };

  const self = ctx.user.username;
  const buttons = (u) => {
    if (u.role === 'citizen') return h('span', { class: 'hint' }, 'Burgeraccount: via de opdrachtregel');
    const mine = u.username === self;
    return h('span', { class: 'actions' },
      h('button', { type: 'button', 'aria-label': `Wijzigen: ${u.username}`, onclick: () => edit(u) },
        'Wijzigen'),
      mine ? null : h('button', {
        type: 'button',
        'aria-label': `${u.disabled ? 'Inschakelen' : 'Uitschakelen'}: ${u.username}`,
        onclick: () => patch(u, { disabled: !u.disabled },
          `Account ${u.username} is ${u.disabled ? 'ingeschakeld' : 'uitgeschakeld'}.`),
      }, u.disabled ? 'Inschakelen' : 'Uitschakelen'),
      h('button', {
        type: 'button',
        'aria-label': `Wachtwoord opnieuw instellen: ${u.username}`,
        onclick: () => {
          if (!window.confirm(`Een nieuw wachtwoord voor ${u.username}? Het oude werkt dan niet meer.`)) return;
          act(() => post(`/admin/users/${encodeURIComponent(u.username)}/password-reset`),
            (a) => passwordBox(u.username, a.password, true));
        },
      }, 'Wachtwoord opnieuw instellen'));
  };

  const f = accountFields(null);
  const username = h('input', { type: 'text', name: 'username', autocomplete: 'off', required: true,
    pattern: '[a-z0-9._-]{2,64}' });
  const addForm = h('form', {
    class: 'card narrow', novalidate: true, 'aria-labelledby': 'admin-add-title',
    onsubmit: (ev) => {
      ev.preventDefault();
      const body = { username: username.value.trim(), ...f.values() };
      if (body.municipality === null) delete body.municipality;
      if (body.email === null) delete body.email;
      act(() => post('/admin/users', body), (a) => passwordBox(a.user.username, a.password, false));
    },
  },
  h('h3', { id: 'admin-add-title' }, 'Account toevoegen'),
  field('Gebruikersnaam', username, '2 tot 64 tekens: kleine letters, cijfers, punt, _ of -.'),
  ...f.nodes,
  h('button', { type: 'submit', class: 'primary' }, 'Account toevoegen'));

  section.append(
    out,
    dataTable('Accounts', [
      { key: 'username', label: 'Gebruikersnaam' },
      { key: 'role_label', label: 'Rol', format: (l, u) => l || ROLE_LABEL[u.role] || u.role },
      { key: 'municipality', label: 'Gemeente', format: municipalityText },
      { key: 'email', label: 'E-mail', format: (e) => e || '' },
      { key: 'disabled', label: 'Toestand', format: (d) => (d ? 'uitgeschakeld' : 'actief') },
      { key: 'created_at', label: 'Aangemaakt', format: (at, u) => `${fmtDateTime(at)} door ${u.created_by}`, nowrap: true },
      { key: 'actions', label: 'Acties', render: buttons },
    ], users, { rowHeader: 'username' }),
    editArea,
    addForm,
  );
  return { section, out };
}

function settingForm(s, refresh) {
  const id = `setting-${s.key}`;
  const input = s.kind === 'boolean'
    ? h('input', { type: 'checkbox', name: s.key, id, checked: s.value === true })
    : h('input', { type: 'number', name: s.key, id, step: '1', min: s.min, max: s.max, value: s.value,
      required: true });
  const fmt = (v) => (s.kind === 'boolean' ? (v ? 'ja' : 'nee') : String(v));
  const facts = [`Standaard: ${fmt(s.default)}.`];
  if (s.kind === 'integer' && s.min !== undefined) facts.push(`Toegelaten: ${s.min} tot en met ${s.max}.`);
  facts.push(s.stored ? `Aangepast: nu ${fmt(s.value)}.` : 'Nu de standaardwaarde.');
  const out = h('div', { 'aria-live': 'polite' });
  const hint = `${s.help} ${facts.join(' ')}`;
  const box = s.kind === 'boolean'
    ? h('div', { class: 'field check' }, input, h('label', { for: id }, s.label),
      h('span', { class: 'hint', id: `${id}-hint` }, hint))
    : field(s.label, input, hint);
  if (s.kind === 'boolean') input.setAttribute('aria-describedby', `${id}-hint`);
  return h('form', {
    class: 'card setting', novalidate: true, 'aria-label': s.label, 'data-key': s.key,
    onsubmit: async (ev) => {
      ev.preventDefault();
      const value = s.kind === 'boolean' ? input.checked : Number(input.value.trim() === '' ? NaN : input.value);
      if (s.kind === 'integer' && !Number.isInteger(value)) {
        out.replaceChildren(message(`${s.label}: geef een geheel getal op.`, 'error'));
        return;
      }
      try {
        await put(`/admin/settings/${encodeURIComponent(s.key)}`, { value });
        await refresh(message(`${s.label} is opgeslagen: ${fmt(value)}.`), 'settings');
      } catch (err) {
        out.replaceChildren(message(problemText(err), 'error'));
      }
    },
  }, box, h('button', { type: 'submit' }, 'Opslaan'), out);
}

async function settings(refresh) {
  const { settings: list } = await get('/admin/settings');
  const out = h('div', { 'aria-live': 'polite' });
  const section = h('section', { 'aria-labelledby': 'admin-settings' },
    h('h2', { id: 'admin-settings' }, 'Instellingen'),
    out,
    ...list.map((s) => settingForm(s, refresh)));
  return { section, out, list };
}

const ACTIONS = {
  user_added: 'Account toegevoegd',
  user_changed: 'Account gewijzigd',
  setting_changed: 'Instelling gewijzigd',
  contacts_changed: 'Contactgegevens gewijzigd',
  agreement_added: 'Samenwerkingsovereenkomst geregistreerd',
  agreement_changed: 'Samenwerkingsovereenkomst gewijzigd',
};
const AGREEMENT_STATUS = { concluded: 'afgesloten', negotiating: 'in onderhandeling', to_start: 'op te starten' };

/** The detail of a change in Dutch; nothing that looks like a password is ever shown. */
function detailText(ev, labels) {
  const d = ev.detail || {};
  const parts = [];
  const val = (v) => (v === null || v === undefined || v === '' ? 'geen' : String(v));
  if (ev.action === 'setting_changed') {
    return `van ${d.from === null || d.from === undefined ? 'de standaardwaarde' : val(d.from)} naar ${
      d.to === null || d.to === undefined ? 'de standaardwaarde' : val(d.to)}`;
  }
  if (ev.action === 'contacts_changed') {
    if (d.ocmw) parts.push(`OCMW: ${val(d.ocmw.name)}`);
    if (d.vdab) parts.push(`VDAB: ${val(d.vdab.name)}`);
    if (d.consultation) parts.push(`${d.consultation.length} spreekuur/spreekuren`);
    if (d.note) parts.push('met opmerking');
    return parts.join('; ');
  }
  if (ev.action === 'agreement_added' || ev.action === 'agreement_changed') {
    return [d.title, AGREEMENT_STATUS[d.status] || d.status, `${val(d.actions)} actie(s)`]
      .filter(Boolean).join('; ');
  }
  for (const [k, v] of Object.entries(d)) {
    if (/password|wachtwoord|secret|hash/i.test(k) && k !== 'password_reset') continue;
    if (k === 'role') parts.push(`rol: ${ROLE_LABEL[v] || v}`);
    else if (k === 'municipality') parts.push(`gemeente: ${v === null ? 'geen' : (v.nis || v)}`);
    else if (k === 'email') parts.push(`e-mail: ${val(v)}`);
    else if (k === 'disabled') {
      if (ev.action === 'user_changed' || v) parts.push(v ? 'uitgeschakeld' : 'ingeschakeld');
    } else if (k === 'password_reset') {
      if (v) parts.push('wachtwoord opnieuw ingesteld');
    } else if (k === 'citizen_tied') {
      if (v) parts.push('gekoppeld aan een burger');
    }
  }
  return parts.join('; ');
}

async function events(labels) {
  const { events: list } = await get('/admin/events');
  const subject = (e) => {
    if (e.action === 'setting_changed') return labels[e.subject] || e.subject;
    if (e.action === 'contacts_changed') return `gemeente ${e.subject}`;
    if (e.action.startsWith('agreement_')) return `overeenkomst ${e.subject}`;
    return `account ${e.subject}`;
  };
  return h('section', { 'aria-labelledby': 'admin-events' },
    h('h2', { id: 'admin-events' }, 'Wijzigingen'),
    h('p', {}, 'Elke wijziging aan accounts, instellingen en contactgegevens, de nieuwste eerst. ' +
      'Wachtwoorden worden nooit bijgehouden.'),
    list.length
      ? dataTable('Wijzigingen door beheerders', [
        { key: 'at', label: 'Wanneer', format: fmtDateTime, nowrap: true },
        { key: 'actor', label: 'Wie', format: (a) => String(a).replace(/^cli:/, 'opdrachtregel: ') },
        { key: 'action', label: 'Wat', format: (a) => ACTIONS[a] || a },
        { key: 'subject', label: 'Waarover', render: subject },
        { key: 'detail', label: 'Details', render: (e) => detailText(e, labels) },
      ], list)
      : h('p', {}, 'Er zijn nog geen wijzigingen.'));
}

export async function render(ctx) {
  const page = h('div', { class: 'admin' });
  const build = async (notice, where) => {
    const refresh = async (m, where = 'accounts') => {
      try {
        page.replaceChildren(...(await build(m, where)));
        if (m) m.focus();
      } catch (err) {
        page.append(message(dutchMessage(err), 'error'));
      }
    };
    const [acc, set] = await Promise.all([accounts(ctx, refresh), settings(refresh)]);
    const labels = Object.fromEntries(set.list.map((s) => [s.key, s.label]));
    const log = await events(labels);
    if (notice) {
      // The notice goes with the section it is about, and takes the focus.
      notice.setAttribute('tabindex', '-1');
      (where === 'settings' ? set.out : acc.out).replaceChildren(notice);
    }
    return [
      h('h1', {}, 'Beheer'),
      h('p', {}, 'Hier beheert u de accounts, de instellingen van de toepassing en de ' +
        'contactpersonen per gemeente. Een beheerder ziet nooit persoonsgegevens: geen namen, ' +
        'geen rijksregisternummers en geen dossiers.'),
      acc.section,
      set.section,
      log,
    ];
  };
  page.append(...(await build(null, null)));
  return page;
}
