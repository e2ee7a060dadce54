// Samenwerkingsovereenkomsten: the cooperation agreements between VDAB and a municipality or
// regiegebied (GET /api/v1/agreements), their coverage per province as in the VDAB–VVSG report
// (GET /api/v1/agreement-coverage) and, at #/samenwerking/{id}, one agreement with its action plan
// (theme → actiedomein → actie). VDAB and WSE add and change agreements (POST, PUT with the
// row_version: a stale one is refused with 409).
import { dutchMessage, get, post, put } from '../api.js';
import { dataTable, downloadLinks, fmtInt, field, h, message, select } from '../ui.js';
import { choropleth } from '../map.js';
import { problemText } from './admin.js';

const STATUSES = [
  ['concluded', 'afgesloten'],
  ['negotiating', 'in onderhandeling'],
  ['to_start', 'op te starten'],
];
const ACTION_STATUSES = [
  ['planned', 'gepland'],
  ['running', 'lopend'],
  ['done', 'afgerond'],
  ['stopped', 'stopgezet'],
];
const SCOPES = [
  ['municipality', 'gemeente'],
  ['region', 'regiegebied'],
];
const MONTHS = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus',
  'september', 'oktober', 'november', 'december'];
/** "2021-03-01" -> "1 maart 2021" */
const fmtDay = (iso) => {
  if (!iso) return '';
  const [y, m, d] = iso.split('-').map(Number);
  return `${d} ${MONTHS[m - 1]} ${y}`;
};
const term = (a) => (a.starts_on || a.ends_on
  ? `${a.starts_on ? fmtDay(a.starts_on) : '…'} tot ${a.ends_on ? fmtDay(a.ends_on) : '…'}` : '');
// The colours of the statuses on the map (the legend names them and counts them).
const STATUS_COLOURS = { concluded: '#2c7fb8', negotiating: '#fdae61', to_start: '#e8e8e8' };
const share = (n, total) => (total ? `${Math.round((100 * n) / total)} %` : '');
const names = (text) => text.split(/[\n,]/).map((s) => s.trim()).filter(Boolean);

function coverageTable(cov) {
  const cell = (c, key) => `${fmtInt(c[key])}/${fmtInt(c.total)} (${share(c[key], c.total)})`;
  return dataTable(`Samenwerkingsovereenkomsten per provincie op ${cov.on_label} en prognose ${cov.prognosis_label}`, [
    { key: 'name', label: 'Provincie' },
    { key: 'm1', label: `Gemeenten afgesloten op ${cov.on_label}`, numeric: true, render: (r) => cell(r.municipalities, 'concluded') },
    { key: 'm2', label: 'Gemeenten in onderhandeling', numeric: true, render: (r) => fmtInt(r.municipalities.negotiating) },
    { key: 'm3', label: 'Gemeenten op te starten', numeric: true, render: (r) => fmtInt(r.municipalities.to_start) },
    { key: 'm4', label: `Gemeenten prognose ${cov.prognosis_label}`, numeric: true, render: (r) => cell(r.municipalities, 'prognosis') },
    { key: 'r1', label: `Regiegebieden afgesloten op ${cov.on_label}`, numeric: true, render: (r) => cell(r.regions, 'concluded') },
    { key: 'r4', label: `Regiegebieden prognose ${cov.prognosis_label}`, numeric: true, render: (r) => cell(r.regions, 'prognosis') },
  ], cov.provinces, { rowHeader: 'name' });
}

/** The map of 004: every municipality coloured by the status of its agreement on the date. */
async function statusMap(cov) {
  const order = ['concluded', 'negotiating', 'to_start'];
  try {
    const { figure, legend } = await choropleth({
      title: `Samenwerkingsovereenkomsten per gemeente op ${cov.on_label}`,
      categories: order.map((s) => ({ label: STATUSES.find(([k]) => k === s)[1], colour: STATUS_COLOURS[s] })),
      areas: cov.municipalities.map((m) => ({
        name: m.name, codes: m.map_codes, category: order.indexOf(m.status), text: m.status_label,
        href: null, own: false,
      })),
    });
    return h('div', { class: 'so-map' }, h('h3', {}, `Per gemeente op ${cov.on_label}`), figure, legend);
  } catch (err) {
    return message(`De kaart kan niet getoond worden: ${err.message}`, 'error');
  }
}

async function coverageSection() {
  const on = h('input', { type: 'date' });
  const prognosis = h('input', { type: 'date' });
  const out = h('div', { 'aria-live': 'polite' });
  const load = async () => {
    const q = new URLSearchParams();
    if (on.value) q.set('on', on.value);
    if (prognosis.value) q.set('prognosis', prognosis.value);
    const path = `/agreement-coverage${q.toString() ? `?${q}` : ''}`;
    try {
      const cov = await get(path);
      on.value = cov.on;
      prognosis.value = cov.prognosis;
      out.replaceChildren(coverageTable(cov), downloadLinks(path, 'Dekking per provincie'));
      out.append(await statusMap(cov));
    } catch (err) {
      out.replaceChildren(message(dutchMessage(err), 'error'));
    }
  };
  await load();
  return h('section', { class: 'card', 'aria-labelledby': 'so-coverage' },
    h('h2', { id: 'so-coverage' }, 'Dekking per provincie'),
    h('p', {}, 'Hoeveel gemeenten en regiegebieden een samenwerkingsovereenkomst met VDAB hebben ' +
      'afgesloten, en hoeveel dat er zijn als de overeenkomsten in onderhandeling op tijd rond zijn.'),
    h('form', { class: 'inline', onsubmit: (ev) => { ev.preventDefault(); load(); } },
      field('Stand op', on), field('Prognose op', prognosis),
      h('button', { type: 'submit' }, 'Tonen')),
    out);
}

function actionRows(entry) {
  const box = h('div', { class: 'agreement-actions' });
  const rows = [];
  const renumber = () => rows.forEach((r, i) => { r.legend.textContent = `Actie ${i + 1}`; });
  const text = (v) => h('input', { type: 'text', value: v || '', autocomplete: 'off' });
  const add = (a) => {
    const theme = text(a && a.theme);
    const domain = text(a && a.domain);
    const code = text(a && a.code);
    const title = text(a && a.title);
    const lead = text(a && a.lead);
    const partners = text(a ? a.partners.join(', ') : '');
    const status = select(ACTION_STATUSES, a ? a.status : 'planned');
    const indicators = text(a ? a.indicators.join(', ') : '');
    const legend = h('legend', {});
    const row = {
      legend,
      value: () => ({
        theme: theme.value.trim(), domain: domain.value.trim(), code: code.value.trim(),
        title: title.value.trim(), lead: lead.value.trim(), partners: names(partners.value),
        status: status.value, indicators: names(indicators.value),
      }),
    };
    row.node = h('fieldset', { class: 'agreement-action' }, legend,
      field('Thema', theme), field('Actiedomein', domain), field('Nummer', code), field('Actie', title),
      field('Trekker', lead), field('Partners', partners, 'Gescheiden door komma’s.'),
      field('Status', status), field('Indicatoren', indicators, 'Gescheiden door komma’s.'),
      h('button', { type: 'button', onclick: () => {
        rows.splice(rows.indexOf(row), 1);
        row.node.remove();
        renumber();
      } }, 'Actie verwijderen'));
    rows.push(row);
    box.append(row.node);
    renumber();
    return row;
  };
  for (const a of entry.actions || []) add(a);
  const addButton = h('button', { type: 'button', onclick: () => add(null).node.querySelector('input').focus() },
    'Actie toevoegen');
  return { node: h('fieldset', {}, h('legend', {}, 'Actieplan'), box, addButton), value: () => rows.map((r) => r.value()) };
}

/** The form for a new agreement (entry without id) or a change. */
function editForm(entry, done) {
  const out = h('div', { 'aria-live': 'polite' });
  const scope = select(SCOPES, entry.scope || 'municipality');
  const area = h('input', { type: 'text', value: entry.area || '', autocomplete: 'off' });
  const title = h('input', { type: 'text', value: entry.title || '', autocomplete: 'off' });
  const status = select(STATUSES, entry.status || 'negotiating');
  const date = (v) => h('input', { type: 'date', value: v || '' });
  const concluded = date(entry.concluded_on);
  const expected = date(entry.expected_on);
  const starts = date(entry.starts_on);
  const ends = date(entry.ends_on);
  const parties = h('textarea', { rows: '3' }, (entry.parties || []).join('\n'));
  const steering = h('input', { type: 'text', value: entry.steering_group || '', autocomplete: 'off' });
  const note = h('textarea', { rows: '2' }, entry.note || '');
  const actions = actionRows(entry);
  const heading = entry.id ? `${entry.title} wijzigen` : 'Nieuwe samenwerkingsovereenkomst';
  return h('form', {
    class: 'card agreement-edit', novalidate: true, 'aria-labelledby': 'so-edit',
    onsubmit: async (ev) => {
      ev.preventDefault();
      const body = {
        scope: scope.value, area: area.value.trim(), title: title.value.trim(), status: status.value,
        concluded_on: concluded.value || null, expected_on: expected.value || null,
        starts_on: starts.value || null, ends_on: ends.value || null,
        parties: names(parties.value), steering_group: steering.value.trim(), note: note.value.trim(),
        actions: actions.value(),
      };
      out.replaceChildren(h('p', { role: 'status' }, 'Bezig met opslaan…'));
      try {
        const saved = entry.id
          ? await put(`/agreements/${entry.id}`, { ...body, row_version: entry.row_version })
          : await post('/agreements', body);
        done(saved);
      } catch (err) {
        out.replaceChildren(message(problemText(err), 'error'));
      }
    },
  },
  h('h2', { id: 'so-edit' }, heading),
  field('Soort overeenkomst', scope),
  field('Gebied', area, 'De NIS-code van de gemeente (5 cijfers) of de naam van het regiegebied.'),
  field('Titel', title),
  field('Status', status),
  field('Afgesloten op', concluded, 'Alleen voor een afgesloten overeenkomst.'),
  field('Verwacht afgesloten op', expected, 'Voor een overeenkomst in onderhandeling (prognose).'),
  field('Begin van de looptijd', starts), field('Einde van de looptijd', ends),
  field('Partijen', parties, 'Eén per regel, bv. VDAB en stad Mechelen.'),
  field('Stuurgroep', steering), field('Opmerking', note),
  actions.node,
  out,
  h('p', { class: 'actions' },
    h('button', { type: 'submit', class: 'primary' }, 'Opslaan'),
    h('button', { type: 'button', onclick: () => done(null) }, 'Annuleren')));
}

/** The action plan as themes → action domains → a table of actions. */
function planView(actions) {
  if (!actions.length) return h('p', {}, 'Er is nog geen actieplan ingevuld.');
  const groups = [];
  for (const a of actions) {
    let t = groups[groups.length - 1];
    if (!t || t.theme !== a.theme) groups.push((t = { theme: a.theme, domains: [] }));
    let d = t.domains[t.domains.length - 1];
    if (!d || d.domain !== a.domain) t.domains.push((d = { domain: a.domain, actions: [] }));
    d.actions.push(a);
  }
  return groups.map((t) => h('section', { class: 'theme' },
    h('h3', {}, t.theme ? `Thema “${t.theme}”` : 'Zonder thema'),
    t.domains.map((d) => dataTable(d.domain || 'Zonder actiedomein', [
      { key: 'code', label: 'Nr.' },
      { key: 'title', label: 'Actie' },
      { key: 'lead', label: 'Trekker' },
      { key: 'partners', label: 'Partners', format: (v) => v.join(', ') },
      { key: 'status_label', label: 'Status' },
      { key: 'indicators', label: 'Indicatoren', format: (v) => v.join(', ') },
    ], d.actions, { rowHeader: 'title' }))));
}

async function detail(ctx, id) {
  const page = h('div', { class: 'agreement' });
  const show = (a, notice) => {
    const editButton = ctx.can('agreements')
      ? h('button', { type: 'button', onclick: () => {
        const form = editForm(a, (saved) => show(saved || a, saved ? message('De overeenkomst is opgeslagen.') : null));
        page.replaceChildren(form);
        form.querySelector('select').focus();
      } }, 'Wijzigen') : null;
    page.replaceChildren(
      h('p', {}, h('a', { href: '#/samenwerking' }, '← Alle samenwerkingsovereenkomsten')),
      h('h1', {}, a.title),
      notice || '',
      h('dl', { class: 'card' },
        h('dt', {}, a.scope === 'region' ? 'Regiegebied' : 'Gemeente'), h('dd', {}, `${a.area_name}${a.scope === 'municipality' ? ` (${a.area})` : ''}, provincie ${a.province}`),
        h('dt', {}, 'Status'), h('dd', { id: 'so-status' }, a.status_label),
        a.concluded_on ? [h('dt', {}, 'Afgesloten op'), h('dd', {}, fmtDay(a.concluded_on))] : null,
        a.expected_on ? [h('dt', {}, 'Verwacht afgesloten op'), h('dd', {}, fmtDay(a.expected_on))] : null,
        term(a) ? [h('dt', {}, 'Looptijd'), h('dd', {}, term(a))] : null,
        h('dt', {}, 'Partijen'), h('dd', {}, a.parties.join(', ') || 'niet ingevuld'),
        a.steering_group ? [h('dt', {}, 'Stuurgroep'), h('dd', {}, a.steering_group)] : null,
        a.note ? [h('dt', {}, 'Opmerking'), h('dd', {}, a.note)] : null),
      h('section', { class: 'plan', 'aria-labelledby': 'so-plan' },
        h('h2', { id: 'so-plan' }, 'Actieplan'), planView(a.actions)),
      editButton || '');
  };
  show(await get(`/agreements/${encodeURIComponent(id)}`));
  return page;
}

export async function render(ctx, args) {
  if (args && args[0]) return detail(ctx, args[0]);
  const { agreements } = await get('/agreements');
  const page = h('div', { class: 'agreements' },
    h('h1', {}, 'Samenwerkingsovereenkomsten'),
    h('p', {}, 'De samenwerkingsovereenkomsten (SO) tussen VDAB en een gemeente of een regiegebied ' +
      'sociale economie en werk, met hun actieplan.'));
  page.append(await coverageSection());
  const listBox = h('section', { class: 'card', 'aria-labelledby': 'so-list' },
    h('h2', { id: 'so-list' }, `Overeenkomsten (${fmtInt(agreements.length)})`),
    agreements.length ? dataTable('Samenwerkingsovereenkomsten', [
      { key: 'area_name', label: 'Gebied', render: (a) => h('a', { href: `#/samenwerking/${a.id}` }, a.area_name) },
      { key: 'scope_label', label: 'Soort' },
      { key: 'province', label: 'Provincie' },
      { key: 'title', label: 'Titel' },
      { key: 'status_label', label: 'Status' },
      { key: 'concluded_on', label: 'Afgesloten op', format: fmtDay },
      { key: 'ends_on', label: 'Loopt tot', format: fmtDay },
      { key: 'action_count', label: 'Acties', numeric: true },
    ], agreements, { sortable: true }) : h('p', {}, 'Er zijn nog geen overeenkomsten geregistreerd.'));
  page.append(listBox);
  if (ctx.can('agreements')) {
    const addButton = h('button', { type: 'button', onclick: () => {
      const form = editForm({ actions: [], parties: ['VDAB'] }, (saved) => {
        if (saved) ctx.navigate(`#/samenwerking/${saved.id}`);
        else form.replaceWith(addButton);
      });
      addButton.replaceWith(form);
      form.querySelector('select').focus();
    } }, 'Nieuwe overeenkomst');
    page.append(addButton);
  }
  return page;
}
