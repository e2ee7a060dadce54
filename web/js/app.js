// The single-page front end: session, navigation by role, hash routing.
import { ApiError, del, dutchMessage, get, setCsrf } from './api.js';
import { h, message } from './ui.js';
import * as login from './pages/login.js';
import * as dashboard from './pages/dashboard.js';
import * as flanders from './pages/flanders.js';
import * as area from './pages/area.js';
import * as compare from './pages/compare.js';
import * as transitions from './pages/transitions.js';
import * as profile from './pages/profile.js';
import * as persons from './pages/persons.js';
import * as review from './pages/review.js';
import * as search from './pages/search.js';
import * as dossier from './pages/dossier.js';
import * as worklist from './pages/worklist.js';
import * as leefloners from './pages/leefloners.js';
import * as progress from './pages/progress.js';
import * as calls from './pages/calls.js';
import * as werktabel from './pages/werktabel.js';
import * as redistribution from './pages/redistribution.js';
import * as applications from './pages/applications.js';
import * as settlement from './pages/settlement.js';
import * as simulation from './pages/simulation.js';
import * as tables from './pages/tables.js';
import * as overview from './pages/overview.js';
import * as me from './pages/me.js';
import * as notifications from './pages/notifications.js';
import * as admin from './pages/admin.js';
import * as contacts from './pages/contacts.js';
import * as agreements from './pages/agreements.js';
import * as report from './pages/report.js';

// The permissions of docs/api.md per role (the server checks them again on every request).
const PERMISSIONS = {
  ocmw_counsellor: ['aggregates', 'persons', 'lap_read', 'contacts'],
  vdab_mediator: ['aggregates', 'persons', 'lap_read', 'contacts', 'agreements', 'reports'],
  wse_analyst: ['aggregates', 'lap_read', 'lap_figures', 'lap_administer', 'contacts', 'agreements', 'reports'],
  local_government: ['aggregates', 'lap_read', 'lap_figures', 'lap_apply', 'contacts'],
  citizen: ['own_record'],
  administrator: ['administer', 'contacts'],
};

// route -> [module, navigation label, permission, options]; the order is the navigation's. A route
// with {nav: false} needs an argument (#/dossier/7) or is opened from another page: it is left out
// of the navigation.
const ROUTES = {
  dashboard: [dashboard, 'Gemeente-dashboard', 'aggregates'],
  vlaanderen: [flanders, 'Vlaanderen', 'aggregates'],
  gebied: [area, "Regio's", 'aggregates'],
  vergelijken: [compare, 'Vergelijken', 'aggregates', { nav: false }],
  transities: [transitions, 'Transities', 'aggregates'],
  profiel: [profile, 'Profielen', 'aggregates'],
  rapport: [report, 'Beleidsrapport', 'reports'],
  personen: [persons, 'Personen achter een cijfer', 'persons'],
  zoeken: [search, 'Personen zoeken', 'persons'],
  dossier: [dossier, 'Dossier', 'persons', { nav: false }],
  werklijst: [worklist, 'Werklijst', 'persons'],
  leefloners: [leefloners, 'Leefloners zonder traject', 'persons'],
  koppelingen: [review, 'Koppelingen nakijken', 'persons'],
  opvolging: [progress, 'LAP-opvolging', 'lap_figures'],
  oproepen: [calls, 'Oproepen', 'lap_read'],
  werktabel: [werktabel, 'Werktabel', 'lap_read'],
  samenwerking: [agreements, 'Samenwerkingsovereenkomsten', 'lap_read'],
  herverdeling: [redistribution, 'Herverdeling', 'lap_figures'],
  aanvragen: [applications, 'Aanvragen', 'lap_figures'],
  overzicht: [overview, 'Overzicht aanvragen', 'lap_figures'],
  tabellen: [tables, 'Tabellen', 'lap_administer'],
  afrekening: [settlement, 'Afrekening', 'lap_administer'],
  simulatie: [simulation, 'Simulatie', 'lap_administer'],
  'mijn-gegevens': [me, 'Mijn gegevens', 'own_record'],
  meldingen: [notifications, 'Meldingen', 'persons'],
  // Last: the first route a role may open is its home ('beheer' for an administrator).
  beheer: [admin, 'Beheer', 'administer'],
  contacten: [contacts, 'Contactpersonen', 'contacts'],
};

const state = { user: null };
const main = document.getElementById('main');
const nav = document.getElementById('nav');
const userBox = document.getElementById('user');

export const ctx = {
  get user() {
    return state.user;
  },
  can(permission) {
    return !!state.user && (PERMISSIONS[state.user.role] || []).includes(permission);
  },
  navigate(hash) {
    if (location.hash === hash) route();
    else location.hash = hash;
  },
  signedIn(user) {
    state.user = user;
    setCsrf(user.csrf_token);
    renderChrome();
  },
  /** Page state that survives a change of route but not a reload (e.g. the purpose). */
  memory: {},
};

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, query] = raw.split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { name: parts[0] || '', args: parts.slice(1), query: new URLSearchParams(query || '') };
}

const inNav = (opts) => !opts || opts.nav !== false;

function homeRoute() {
  for (const [name, [, , perm, opts]] of Object.entries(ROUTES)) {
    if (ctx.can(perm) && inNav(opts)) return name;
  }
  return null;
}

function renderChrome() {
  nav.replaceChildren();
  userBox.replaceChildren();
  if (!state.user) return;
  const ul = h('ul', { id: 'nav-list' });
  const current = parseHash().name;
  // On a phone the navigation folds behind a button (web/css/app.css); on a wide screen the
  // button is not shown and the list always is.
  const toggle = h('button', {
    type: 'button',
    class: 'menu-toggle',
    'aria-expanded': 'false',
    'aria-controls': 'nav-list',
    onclick: () => {
      const open = nav.classList.toggle('open');
      toggle.setAttribute('aria-expanded', String(open));
    },
  }, 'Menu');
  nav.classList.remove('open');
  nav.append(toggle);
  for (const [name, [, label, perm, opts]] of Object.entries(ROUTES)) {
    if (!ctx.can(perm) || !inNav(opts)) continue;
    ul.append(
      h('li', {}, h('a', { href: `#/${name}`, 'aria-current': name === current ? 'page' : null }, label)),
    );
  }
  nav.append(ul);
  const u = state.user;
  userBox.append(
    h(
      'p',
      {},
      h('span', { class: 'who' }, u.username),
      h('span', { class: 'role' }, ' — ', u.role_label || u.role, u.municipality ? ` — gemeente ${u.municipality}` : ''),
    ),
    h('button', { type: 'button', id: 'signout', onclick: signOut }, 'Afmelden'),
  );
}

async function signOut() {
  try {
    await del('/session');
  } catch {
    // Signed out anyway: the session may already have ended.
  }
  state.user = null;
  setCsrf(null);
  ctx.memory = {};
  renderChrome();
  location.hash = '#/aanmelden';
}

// Each navigation gets a number; a page that finishes loading after the user went elsewhere is
// not shown.
let navigation = 0;

async function route() {
  const current = ++navigation;
  const { name, args, query } = parseHash();
  if (!state.user) {
    renderChrome();
    const page = await login.render(ctx, args, query);
    if (current === navigation) show('Aanmelden', page);
    return;
  }
  if (name === 'aanmelden' || name === '' || !(name in ROUTES)) {
    const home = homeRoute();
    if (home) {
      location.replace(`#/${home}`);
      if (name !== home) return;
    }
    renderChrome();
    show('Geen toegang', h('div', {}, h('h1', { tabindex: '-1' }, 'Geen toegang'),
      message('Uw rol geeft geen toegang tot de pagina’s van deze toepassing.', 'error')));
    return;
  }
  renderChrome();
  const [mod, label, perm] = ROUTES[name];
  if (!ctx.can(perm)) {
    show(label, h('div', {}, h('h1', { tabindex: '-1' }, label),
      message('Uw rol geeft geen toegang tot deze pagina.', 'error')));
    return;
  }
  main.replaceChildren(h('p', { role: 'status' }, 'Laden…'));
  try {
    const page = await mod.render(ctx, args, query);
    if (current === navigation) show(label, page);
  } catch (err) {
    if (current !== navigation) return;
    if (err instanceof ApiError && err.status === 401) {
      state.user = null;
      location.hash = '#/aanmelden';
      return;
    }
    show(label, h('div', {}, h('h1', { tabindex: '-1' }, label), message(dutchMessage(err), 'error')));
  }
}

// The first page of a visit leaves the focus at the top (the skip link comes first); after a
// navigation the new page's heading takes the focus, so screen readers announce it.
let firstPage = true;

function show(title, node) {
  document.title = `${title} — Activeringspact`;
  main.replaceChildren(node);
  main.dataset.page = parseHash().name || 'aanmelden';
  const h1 = main.querySelector('h1');
  if (firstPage) {
    firstPage = false;
  } else if (h1) {
    h1.setAttribute('tabindex', '-1');
    h1.focus();
  }
}

async function start() {
  // The skip link must not change the hash (that is the router's).
  document.querySelector('.skip').addEventListener('click', (ev) => {
    ev.preventDefault();
    main.focus();
  });
  try {
    const user = await get('/session');
    ctx.signedIn(user);
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 401) {
      main.replaceChildren(message(dutchMessage(err), 'error'));
    }
  }
  window.addEventListener('hashchange', route);
  await route();
}

start();
