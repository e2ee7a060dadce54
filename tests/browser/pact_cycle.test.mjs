// The cycle of a call in the web application (issue 17, item 4) on a call of its own (`lap-2025`,
// made here, so the other browser tests see their calls unchanged, whatever the order): WSE
// uploads the tables, a municipality applies as a consortium before the deadline and is refused
// after it (LAP 2023), the status overview filters and downloads, and the annual report goes up as
// a PDF that only the members and WSE read.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { BASE, apiSession, check, launch, newPage, signIn, signOut, visit } from './lib.mjs';

const CALL = 'lap-2025';
let browser;
before(async () => {
  browser = await launch();
  // The call (open until 31 December 2024, consortia allowed; the counts of LAP 2024's day) and
  // the submitted application of 11002.
  const wse = await apiSession('wse');
  const json = { 'content-type': 'application/json' };
  const made = await wse('/calls', {
    method: 'POST',
    headers: json,
    body: JSON.stringify({
      id: CALL, title: 'Lokaal Activeringspact 2025', valid_from: '2024-08-01', budget_cents: 500000000,
      counts_on: '2023-12-31', threshold: '20', period_start: '2025-01-01', period_end: '2025-12-31',
      application_deadline: '2024-12-31', consortia_allowed: true,
    }),
  });
  assert.equal(made.status, 201, await made.text());
  const gemeente = await apiSession('gemeente-11002');
  const created = await gemeente(`/calls/${CALL}/applications`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ members: [{ nis: '11002' }], plan: 'Trajecten naar werk', actions: ['intake'], agreement: 'https://example.org/a' }),
  });
  const text = await created.text();
  assert.equal(created.status, 201, text);
  const app = JSON.parse(text);
  const submitted = await gemeente(`/applications/${app.id}/status`, {
    method: 'POST', headers: json, body: JSON.stringify({ status: 'submitted', row_version: app.row_version }),
  });
  assert.equal(submitted.status, 200, await submitted.text());
});
after(async () => {
  await browser?.close();
});

/** The card of the application with this Dutch status. */
const byStatus = (page, label) =>
  page.locator('section.application', { has: page.locator('dd.status', { hasText: label }) });
const csv = (name, text) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

describe('WSE: the tables of a call', () => {
  test('a refused count table lists its problems; a results table is read once, then unchanged', async () => {
    const page = await newPage(browser);
    await signIn(page, 'wse');
    assert.ok((await page.locator('nav#nav a').allTextContents()).includes('Tabellen'));
    await visit(page, `#/tabellen/${CALL}`, '60-wse-tabellen');
    const counts = page.locator('form[data-table=counts]');
    await counts.getByLabel('Teltabel (CSV)').setInputFiles(
      csv('telling.csv', 'nis;reference_date;leefloon;equivalent_leefloon;ukrainian\n99999;2023-12-31;1;1;0\n'));
    await counts.getByRole('button', { name: 'Inlezen' }).click();
    await counts.getByRole('alert').filter({ hasText: 'er is niets opgeslagen' }).waitFor();
    assert.match(await counts.locator('ul.problems').textContent(), /telling\.csv:2:1:/);
    await check(page, '61-wse-teltabel-geweigerd');

    const results = page.locator('form[data-table=results]');
    const table = csv('resultaten.csv', 'nis;month;confirmed;pending\n11002;2025-01;3;1\n11001;2025-02;1;0\n');
    await results.getByLabel('Resultatentabel (CSV)').setInputFiles(table);
    await results.getByRole('button', { name: 'Inlezen' }).click();
    await results.getByText('resultaten.csv: 2 rijen ingelezen.').waitFor();
    await results.getByRole('button', { name: 'Inlezen' }).click();
    await results.getByText(/resultaten\.csv: ongewijzigd/).waitFor();
    await check(page, '62-wse-resultatentabel-ongewijzigd');
    await signOut(page);
    await page.close();
  });

  test('a local government has no Tabellen and the server refuses its upload', async () => {
    const call = await apiSession('gemeente-11001');
    const res = await call(`/calls/${CALL}/results?file=r.csv`, { method: 'PUT', body: 'nis;month;confirmed;pending\n' });
    assert.equal(res.status, 403);
    const page = await newPage(browser);
    await signIn(page, 'gemeente-11001');
    assert.ok(!(await page.locator('nav#nav a').allTextContents()).includes('Tabellen'));
    await page.goto(`${BASE}/#/tabellen`);
    await page.getByRole('alert').filter({ hasText: 'Uw rol geeft geen toegang tot deze pagina' }).waitFor();
    await signOut(page);
    await page.close();
  });
});

describe('gemeente 11001: applying', () => {
  test('applies as a consortium before the deadline; after it the form is not offered', async () => {
    const page = await newPage(browser);
    await signIn(page, 'gemeente-11001');
    await visit(page, `#/aanvragen/${CALL}`, '63-gemeente-aanvraagformulier');
    const form = page.locator('#apply-form');
    assert.match(await form.locator('.deadline').textContent(), /Uiterste aanvraagdatum: 31-12-2024/);
    await form.getByLabel('Plan').fill('Samen met Boechout trajecten naar werk');
    await form.getByLabel('Samenwerkingsovereenkomst (adres)').fill('https://example.org/zuidrand');
    await form.getByLabel('Aanvraag als samenwerkingsverband').check();
    await form.getByLabel('Naam van het samenwerkingsverband').fill('Zuidrand');
    await form.getByLabel('Afrekening').selectOption('individual');
    await form.getByLabel('Lid toevoegen').fill('Boechout');
    await form.getByRole('button', { name: 'Lid toevoegen' }).click();
    assert.match(await form.locator('ul.members').textContent(), /11004 Boechout/);
    await form.getByLabel('Lid toevoegen').fill('Gemeente die niet bestaat');
    await form.getByRole('button', { name: 'Lid toevoegen' }).click();
    await form.getByRole('alert').filter({ hasText: 'geen gemeente van de werktabel' }).waitFor();
    await check(page, '64-gemeente-consortium-ingevuld');
    await form.getByRole('button', { name: 'Aanvraag opslaan als ontwerp' }).click();
    await page.getByText('De andere leden moeten elk hun toestemming geven').waitFor();
    const section = page.locator('section.application', { hasText: 'Zuidrand' });
    assert.match(await section.textContent(), /11004 — wacht op toestemming/);
    await check(page, '65-gemeente-consortium-ontwerp');
    const api = await apiSession('gemeente-11001');
    const apps = (await (await api(`/calls/${CALL}/applications`)).json()).applications;
    const zuidrand = apps.find((a) => a.consortium_name === 'Zuidrand');
    assert.equal(zuidrand.consortium_settlement, 'individual');
    assert.deepEqual(zuidrand.members.map((m) => m.nis), ['11001', '11004']);

    // LAP 2023 closed on 31 October 2023: no form, and the server refuses anyway.
    await visit(page, '#/aanvragen/lap-2023', '66-gemeente-aanvraag-te-laat');
    await page.getByRole('alert').filter({ hasText: 'De uiterste aanvraagdatum (31-10-2023) is verstreken' }).waitFor();
    assert.equal(await page.locator('#apply-form').count(), 0);
    const late = await api('/calls/lap-2023/applications', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ members: [{ nis: '11001' }], plan: 'p', actions: ['a'], agreement: 'x' }),
    });
    assert.equal(late.status, 409);
    assert.match((await late.json()).error.message, /deadline 2023-10-31 has passed/);
    await signOut(page);
    await page.close();
  });
});

describe('the status overview', () => {
  test('WSE counts per status, filters, sorts and downloads the filtered list', async () => {
    const page = await newPage(browser);
    await signIn(page, 'wse');
    await visit(page, `#/overzicht/${CALL}`, '67-wse-overzicht');
    assert.equal(await page.locator('#count-draft').textContent(), '1');
    assert.equal(await page.locator('#count-submitted').textContent(), '1');
    assert.equal(await page.locator('table.data tbody tr').count(), 2);
    await page.getByLabel('Status').selectOption('draft');
    await page.getByRole('button', { name: 'Filteren' }).click();
    await page.getByText('1 aanvraag getoond.').waitFor();
    assert.match(await page.locator('table.data tbody').textContent(), /Zuidrand/);
    await page.getByLabel('Status').selectOption('');
    await page.getByLabel('Gemeente (naam of NIS-code)').fill('boechout');
    await page.getByRole('button', { name: 'Filteren' }).click();
    await page.getByText('1 aanvraag getoond.').waitFor();
    await page.getByLabel('Gemeente (naam of NIS-code)').fill('');
    await page.getByLabel('Provincie').selectOption('Antwerpen');
    await page.getByRole('button', { name: 'Filteren' }).click();
    await page.getByText('2 aanvragen getoond.').waitFor();
    await page.getByRole('button', { name: 'Status' }).click();
    assert.equal(await page.locator('th[aria-sort]').getAttribute('aria-sort'), 'ascending');
    assert.match(await page.locator('table.data tbody tr').first().textContent(), /ontwerp/);
    await check(page, '68-wse-overzicht-gefilterd');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Aanvragen (CSV)' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), `aanvragen_${CALL}.csv`);
    const text = readFileSync(await download.path(), 'utf8');
    assert.match(text, /Aanvraag;Aanvrager;Leden;Provincie/);
    assert.match(text, /Zuidrand/);
    assert.match(text, /ingediend/);
    await signOut(page);
    await page.close();
  });

  test('a local government sees only its own applications', async () => {
    const page = await newPage(browser);
    await signIn(page, 'gemeente-11002');
    await visit(page, `#/overzicht/${CALL}`, '69-gemeente-overzicht');
    assert.equal(await page.locator('#count-draft').textContent(), '0');
    assert.equal(await page.locator('table.data tbody tr').count(), 1);
    assert.doesNotMatch(await page.locator('main').textContent(), /Zuidrand/);
    await signOut(page);
    await page.close();
  });
});

describe('the annual report as a document', () => {
  test('the member uploads the PDF, WSE downloads it and records the approval', async () => {
    // WSE approves the application of 11002 (submitted in `before`).
    let page = await newPage(browser);
    await signIn(page, 'wse');
    await visit(page, `#/aanvragen/${CALL}`, '70-wse-aanvragen');
    const submitted = byStatus(page, 'ingediend');
    await submitted.getByRole('button', { name: 'Goedkeuren' }).click();
    await page.getByText('status gewijzigd').waitFor();
    const approved = byStatus(page, 'goedgekeurd');
    assert.match(await approved.locator('.annual-report').textContent(), /nog niet opgeladen/);
    assert.match(await approved.locator('.note').textContent(), /nog geen jaarverslag opgeladen/);
    await signOut(page);
    await page.close();

    page = await newPage(browser);
    await signIn(page, 'gemeente-11002');
    await visit(page, `#/aanvragen/${CALL}`, '71-gemeente-jaarverslag');
    const mine = byStatus(page, 'goedgekeurd');
    await mine.getByLabel('Jaarverslag (PDF').setInputFiles({ name: 'verslag.txt', mimeType: 'text/plain', buffer: Buffer.from('geen pdf') });
    await mine.getByRole('button', { name: 'Jaarverslag opladen' }).click();
    await page.getByRole('alert').filter({ hasText: 'moet een PDF-bestand zijn' }).waitFor();
    // A file that only claims to be a PDF is refused by the server, in Dutch.
    await mine.getByLabel('Jaarverslag (PDF').setInputFiles({ name: 'nep.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html></html>') });
    await mine.getByRole('button', { name: 'Jaarverslag opladen' }).click();
    await page.getByRole('alert').filter({ hasText: 'begint niet met %PDF-' }).waitFor();
    await mine.getByLabel('Jaarverslag (PDF').setInputFiles({ name: 'jaarverslag 2025.pdf', mimeType: 'application/pdf', buffer: PDF });
    await mine.getByRole('button', { name: 'Jaarverslag opladen' }).click();
    await page.getByText('jaarverslag jaarverslag_2025.pdf opgeladen').waitFor();
    await page.locator('section.application .annual-report a').waitFor();
    await check(page, '72-gemeente-jaarverslag-opgeladen');
    await signOut(page);
    await page.close();

    // Neither another municipality nor an OCMW reads it.
    const api = await apiSession('wse');
    const [app] = (await (await api(`/calls/${CALL}/applications?status=approved`)).json()).applications;
    assert.equal(app.annual_report_document.file_name, 'jaarverslag_2025.pdf');
    for (const user of ['gemeente-11001', 'ocmw-11002']) {
      const other = await apiSession(user);
      assert.equal((await other(`/applications/${app.id}/annual-report-document`)).status, 403, user);
    }

    page = await newPage(browser);
    await signIn(page, 'wse');
    await visit(page, `#/aanvragen/${CALL}`, '73-wse-jaarverslag');
    const section = byStatus(page, 'goedgekeurd');
    assert.equal(await section.locator('.note').count(), 0);
    assert.doesNotMatch(await section.locator('.actions').textContent(), /null/);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      section.getByRole('link', { name: 'jaarverslag_2025.pdf downloaden (PDF)' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'jaarverslag_2025.pdf');
    assert.deepEqual(readFileSync(await download.path()), PDF);
    await section.getByLabel('Jaarverslag goedgekeurd door de gemeenteraad op').fill('2025-06-30');
    await section.getByRole('button', { name: 'Jaarverslag registreren' }).click();
    await page.getByText('goedkeuring van het jaarverslag geregistreerd').waitFor();
    assert.match(await byStatus(page, 'goedgekeurd').textContent(), /2025-06-30/);
    await check(page, '74-wse-jaarverslag-goedgekeurd');
    await signOut(page);
    await page.close();
  });
});
