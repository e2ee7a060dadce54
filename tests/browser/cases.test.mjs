// Dossiers in Chromium: an OCMW counsellor finds a person of the own OCMW by name, opens the
// dossier, adds an action and a note and proposes a warm handover; the VDAB mediator opens the same
// dossier, reads the note and accepts the handover, after which VDAB holds the regie; a counsellor
// of another OCMW gets no access; the dashboard's case figures count the handover; axe finds nothing
// serious on the search, dossier and dashboard pages.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import SwaggerParser from '@apidevtools/swagger-parser';
import Ajv from 'ajv';
import { BASE, SCREENSHOTS, apiSession, check, launch, newPage, settled, signIn, signOut } from './lib.mjs';

const PURPOSE = 'opvolging van het dossier (browsertest)';
const SPEC = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'openapi.yaml');
let browser;
// The dossier the first test made, for the second.
const made = {};

before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Persons with a leefloon at OCMW 11002 in the last months of the delivery run.sh imported. */
function candidates() {
  const text = readFileSync(join(process.env.LAP_DELIVERY, 'rmi_entitlements.csv'), 'utf8');
  const [head, ...rows] = text.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  const cols = head.split(';');
  const at = (v, name) => v[cols.indexOf(name)] || '';
  return rows
    .map((r) => r.split(';'))
    .filter((v) => at(v, 'ocmw_nis') === '11002' && at(v, 'kind') !== 'MH')
    .filter((v) => !at(v, 'end_date') || at(v, 'end_date') >= '2024-07-01')
    .filter((v) => /^[A-Za-z'-]{3,}$/.test(at(v, 'last_name')))
    .map((v) => ({ insz: at(v, 'insz'), last: at(v, 'last_name'), first: at(v, 'first_name') }))
    .map((c) => ({ ...c, first: /^[A-Za-z'-]+$/.test(c.first) ? c.first : '' }));
}

/** A person both the OCMW counsellor and the VDAB mediator find, under one pseudonym. */
async function sharedPerson() {
  const ocmw = await apiSession('ocmw-11002');
  const vdab = await apiSession('vdab');
  const find = async (call, q) => {
    const res = await call(`/persons/search?${new URLSearchParams({ ...q, purpose: PURPOSE })}`);
    assert.equal(res.status, 200, await res.clone().text());
    return (await res.json()).persons;
  };
  for (const c of candidates().slice(0, 40)) {
    const [mine] = await find(ocmw, { insz: c.insz });
    if (!mine || mine.case) continue;
    const theirs = await find(vdab, { insz: c.insz });
    if (!theirs.some((p) => p.person === mine.person)) continue;
    const name = c.first ? `${c.last} ${c.first}` : c.last;
    const byName = await find(ocmw, { name });
    if (byName.some((p) => p.person === mine.person)) return { ...c, name, person: mine.person };
  }
  throw new Error('no person of OCMW 11002 that VDAB knows too in the delivery');
}

test('the OCMW opens a dossier and hands the regie to VDAB, who accepts', async () => {
  const person = await sharedPerson();
  const page = await newPage(browser);
  await signIn(page, 'ocmw-11002');
  const nav = await page.locator('nav#nav a').allTextContents();
  assert.ok(nav.includes('Personen zoeken') && !nav.includes('Dossier'), nav.join());

  // Search by name, then open the dossier from the row of that person.
  await page.goto(`${BASE}/#/zoeken`);
  await settled(page);
  await page.getByLabel('Naam', { exact: true }).fill(person.name);
  await page.getByLabel('Doel van de raadpleging').fill(PURPOSE);
  await page.getByRole('button', { name: 'Zoeken' }).click();
  const row = page.locator('main table tbody tr', { hasText: person.insz });
  await row.waitFor();
  await check(page, '60-ocmw-personen-zoeken');
  await row.getByRole('button', { name: 'Dossier openen' }).click();
  await page.waitForURL(/#\/dossier\/\d+$/);
  const caseId = page.url().match(/#\/dossier\/(\d+)$/)[1];
  Object.assign(made, { caseId, person });
  await page.locator('#regie', { hasText: 'Regie: OCMW' }).waitFor();
  await page.locator('main dl.identity', { hasText: person.insz }).waitFor();

  // An action, a note and the proposal of a warm handover.
  await page.getByLabel('Soort actie').selectOption('training');
  await page.getByLabel('Eigenaar').selectOption('vdab');
  // Due before the server's today (2024-09-01): overdue.
  await page.getByLabel('Vervaldatum').fill('2024-08-30');
  await page.getByLabel('Omschrijving').fill('Opleiding logistiek assistent');
  await page.getByRole('button', { name: 'Actie toevoegen' }).click();
  await page.getByRole('status').filter({ hasText: 'Actie toegevoegd: Opleiding' }).waitFor();
  const action = page.locator('#dossier-acties tbody tr', { hasText: 'Opleiding logistiek assistent' });
  assert.match(await action.textContent(), /VDAB.*30-08-2024 \(te laat\).*gepland/);
  const note = `Intake gedaan, klaar voor een opleiding (${caseId})`;
  await page.getByLabel('Notitie toevoegen').fill(note);
  await page.getByRole('button', { name: 'Notitie bewaren' }).click();
  await page.getByRole('status').filter({ hasText: 'Notitie bewaard' }).waitFor();
  await page.getByLabel('Reden van de overdracht').fill('Klaar voor begeleiding naar werk');
  await page.getByRole('button', { name: 'Warme overdracht voorstellen' }).click();
  await page.getByText('Uw voorstel wacht op de beslissing van VDAB').waitFor();
  await check(page, '61-ocmw-dossier');
  await signOut(page);

  // VDAB opens the same dossier, reads the note and accepts: the regie moves to VDAB.
  await signIn(page, 'vdab');
  await page.goto(`${BASE}/#/dossier/${caseId}`);
  await settled(page);
  await page.getByLabel('Doel van de raadpleging').fill(PURPOSE);
  await page.getByRole('button', { name: 'Toon het dossier' }).click();
  await page.locator('#dossier-notities', { hasText: note }).waitFor();
  await page.getByLabel('Reden van uw beslissing').fill('Trajectbegeleiding start volgende week');
  await page.getByRole('button', { name: 'Aanvaarden' }).click();
  await page.getByRole('status').filter({ hasText: 'Warme overdracht aanvaard' }).waitFor();
  await page.locator('#regie', { hasText: 'Regie: VDAB' }).waitFor();
  const history = await page.locator('#dossier-geschiedenis tbody').textContent();
  const kinds = ['Dossier geopend', 'Actie toegevoegd', 'Notitie toegevoegd', 'Warme overdracht aanvaard'];
  for (const what of kinds) {
    assert.ok(history.includes(what), `${what} in the history`);
  }
  await check(page, '62-vdab-dossier');
  // The dashboard's case figures count the accepted handover (VDAB sees them exactly); the server
  // counts a change in the background, so the page may need a moment and a reload.
  let counted = '';
  for (let attempt = 0; attempt < 20 && !/aanvaard \(\d+ van \d+\); mediane doorlooptijd \S/.test(counted); attempt++) {
    if (attempt > 0) await page.waitForTimeout(500);
    await page.goto(`${BASE}/#/dashboard/11002?poging=${attempt}`);
    await settled(page);
    const handovers = page.locator('section.case-figure', { hasText: 'Warme overdrachten en hun doorlooptijd' });
    counted = await handovers.locator('tbody tr').last().locator('td').first().textContent();
  }
  assert.match(counted, /aanvaard \(\d+ van \d+\); mediane doorlooptijd \S/);
  await check(page, '63-vdab-dossiercijfers');
  const section = page.locator('section.case-figures');
  await section.locator('details.table-details').first().evaluate((d) => { d.open = true; });
  await section.screenshot({ path: join(SCREENSHOTS, '63-vdab-dossiercijfers-sectie.png') });
  await signOut(page);
  await page.close();

  // A counsellor of another OCMW: the dossier does not exist for them.
  const other = await apiSession('ocmw-44021');
  const purpose = new URLSearchParams({ purpose: PURPOSE });
  const res = await other(`/cases/${caseId}?${purpose}`);
  assert.ok([403, 404].includes(res.status), `ocmw-44021: ${res.status}`);
  const identity = await other(`/persons/${person.person}/identity?${purpose}`);
  assert.ok([403, 404].includes(identity.status), `ocmw-44021 identity: ${identity.status}`);
});

test('the answers about the dossier match the schemas of docs/openapi.yaml', async (t) => {
  if (!made.caseId) {
    t.skip('no dossier');
    return;
  }
  const api = await SwaggerParser.dereference(SPEC);
  const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
  const call = await apiSession('vdab');
  const purpose = new URLSearchParams({ purpose: PURPOSE });
  const checks = [
    [`/persons/search?insz=${made.person.insz}&${purpose}`, '/api/v1/persons/search'],
    [`/persons/${made.person.person}/identity?${purpose}`, '/api/v1/persons/{person}/identity'],
    [`/cases/${made.caseId}?${purpose}`, '/api/v1/cases/{case}'],
    ['/case-figures/11002', '/api/v1/case-figures/{nis}'],
  ];
  for (const [url, pattern] of checks) {
    const res = await call(url);
    assert.equal(res.status, 200, `${url}: ${await res.clone().text()}`);
    const { schema } = api.paths[pattern].get.responses['200'].content['application/json'];
    const validate = ajv.compile(schema);
    const body = await res.json();
    assert.ok(validate(body), `${url}: ${ajv.errorsText(validate.errors)}`);
  }
});
