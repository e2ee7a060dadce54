// The follow-up of a dossier and the work lists in Chromium: VDAB sends a transmission
// (doormelding) from the dossier; the OCMW counsellor finds it on the Werklijst, downloads the list
// as CSV, opens the dossier from the list and answers before the deadline; the Leefloners zonder
// traject page lists the own OCMW's leefloners; axe finds nothing serious on both lists; the
// answers match the schemas of docs/openapi.yaml.
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import SwaggerParser from '@apidevtools/swagger-parser';
import Ajv from 'ajv';
import { BASE, apiSession, check, launch, newPage, settled, signIn, signOut } from './lib.mjs';

const PURPOSE = 'opvolging van de werklijst (browsertest)';
const SPEC = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'openapi.yaml');
const purpose = new URLSearchParams({ purpose: PURPOSE });
let browser;

before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/**
 * A dossier the OCMW counsellor opens for a leefloner of OCMW 11002 whom VDAB knows (registered
 * but not in category 05) and who has no open dossier yet.
 */
async function openDossier(ocmw, vdab) {
  const res = await ocmw(`/worklist/leefloners?status=not_cat05&${purpose}`);
  assert.equal(res.status, 200, await res.clone().text());
  for (const row of (await res.json()).rows.slice(0, 20)) {
    const mine = await ocmw(`/persons/${row.person}/identity?${purpose}`);
    if (mine.status !== 200) continue;
    if ((await mine.json()).cases.some((c) => c.status === 'open')) continue;
    if ((await vdab(`/persons/${row.person}/identity?${purpose}`)).status !== 200) continue;
    const opened = await ocmw('/cases', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ person: row.person, purpose: PURPOSE }),
    });
    assert.equal(opened.status, 201, await opened.clone().text());
    return { ...(await opened.json()), row };
  }
  throw new Error('no leefloner of OCMW 11002 outside category 05 without an open dossier');
}

test('VDAB sends a transmission; the OCMW answers it from the Werklijst', async () => {
  const ocmw = await apiSession('ocmw-11002');
  const vdab = await apiSession('vdab');
  const dossier = await openDossier(ocmw, vdab);
  const id = dossier.case;
  const reason = `Niet opgedaagd op twee afspraken (dossier ${id})`;
  const page = await newPage(browser);

  // VDAB: the dossier shows who follows it; VDAB takes it up and sends a transmission.
  await signIn(page, 'vdab');
  assert.ok((await page.locator('nav#nav a').allTextContents()).includes('Werklijst'));
  await page.goto(`${BASE}/#/dossier/${id}`);
  await settled(page);
  await page.getByLabel('Doel van de raadpleging').fill(PURPOSE);
  await page.getByRole('button', { name: 'Toon het dossier' }).click();
  await page.locator('#opvolgers', { hasText: 'ocmw-11002' }).waitFor();
  await page.getByRole('button', { name: 'Ik volg dit dossier op' }).click();
  const following = 'U volgt dit dossier nu op voor VDAB';
  await page.getByRole('status').filter({ hasText: following }).waitFor();
  assert.match(await page.locator('#opvolgers').textContent(), /\(VDAB\)vdab/);
  // VDAB sees the exemptions but has no form to grant one.
  assert.equal(await page.getByRole('button', { name: 'Vrijstelling toekennen' }).count(), 0);
  await page.getByLabel('Reden van de doormelding').fill(reason);
  await page.getByRole('button', { name: 'Doormelding versturen' }).click();
  await page.getByRole('status').filter({ hasText: 'Doormelding verstuurd' }).waitFor();
  const sent = page.locator('#dossier-doormeldingen tbody tr', { hasText: reason });
  // The server's today is 2024-09-01: the OCMW answers by 2024-10-01 (30 days).
  assert.match(await sent.textContent(), /01-10-2024.*wacht op het antwoord van het OCMW/);
  await signOut(page);

  // The OCMW counsellor (who opened the dossier, so follows it): the Werklijst lists the task.
  await signIn(page, 'ocmw-11002');
  await page.goto(`${BASE}/#/werklijst`);
  await settled(page);
  await page.getByLabel('Doel van de raadpleging').fill(PURPOSE);
  await page.getByRole('button', { name: 'Toon de werklijst' }).click();
  const task = page.locator('main table tbody tr', { hasText: reason });
  await task.waitFor();
  assert.match(await task.textContent(), /^Doormelding te beantwoorden/);
  await check(page, '70-ocmw-werklijst');

  // The CSV download link: the same list with the Dutch heading row, through the page's session.
  const href = await page.getByRole('link', { name: 'CSV' }).getAttribute('href');
  assert.match(href, /^\/api\/v1\/worklist\?.*format=csv/);
  const csv = await page.request.get(`${BASE}${href}`);
  assert.equal(csv.status(), 200);
  const text = (await csv.text()).replace(/^\uFEFF/, '');
  const heading = 'Wat;Dossier;Naam;Voornaam;Pseudoniem;OCMW;Omschrijving;Vervaldatum;' +
    'Dagen te laat;Opgevolgd door';
  assert.equal(text.split(/\r?\n/)[0], heading);
  assert.ok(text.includes(reason));

  // Open the dossier from the list and answer before the deadline.
  await task.getByRole('link', { name: `Dossier ${id}` }).click();
  await page.waitForURL(new RegExp(`#/dossier/${id}$`));
  const form = page.locator('#dossier-doormeldingen fieldset', { hasText: reason });
  await form.waitFor();
  await form.getByLabel('Antwoord', { exact: true }).selectOption('no_sanction');
  await form.getByLabel('Reden van het antwoord').fill('Was ziek; het attest is bezorgd');
  await form.getByRole('button', { name: 'Antwoord versturen' }).click();
  await page.getByRole('status').filter({ hasText: 'beantwoord: geen sanctie' }).waitFor();
  const answered = await sent.textContent();
  // answered_in_time compares the day of answered_at (the clock) with the deadline (run.sh's
  // --today): the page says what the API says.
  const res = await ocmw(`/cases/${id}?${purpose}`);
  const [t] = (await res.json()).transmissions;
  assert.equal(t.answer, 'no_sanction');
  const when = t.answered_in_time ? 'tijdig beantwoord' : 'laattijdig beantwoord';
  assert.ok(answered.includes(`${when}: geen sanctie`), answered);
  const history = await page.locator('#dossier-geschiedenis tbody').textContent();
  for (const what of ['Doormelding verstuurd', 'Doormelding beantwoord', 'Opvolger gewijzigd']) {
    assert.ok(history.includes(what), `${what} in the history`);
  }
  await check(page, '71-ocmw-dossier-doormelding');

  // Leefloners zonder traject: the own OCMW's leefloners, each with a link to the person.
  await page.goto(`${BASE}/#/leefloners`);
  await settled(page);
  const rows = page.locator('main table tbody tr');
  await rows.first().waitFor();
  assert.ok((await rows.count()) > 0);
  const link = await rows.first().getByRole('link').getAttribute('href');
  assert.match(link, /^#\/zoeken\?person=[0-9a-f]{32}$/);
  await check(page, '72-ocmw-leefloners');
  await signOut(page);
  await page.close();
});

test('the work lists match the schemas of docs/openapi.yaml', async () => {
  const api = await SwaggerParser.dereference(SPEC);
  const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
  const checks = [
    ['ocmw-11002', `/worklist?scope=team&${purpose}`, '/api/v1/worklist'],
    ['vdab', `/worklist?scope=team&sort=case&${purpose}`, '/api/v1/worklist'],
    ['ocmw-11002', `/worklist/leefloners?${purpose}`, '/api/v1/worklist/leefloners'],
    ['vdab', `/worklist/leefloners?sort=name&${purpose}`, '/api/v1/worklist/leefloners'],
  ];
  const sessions = {};
  for (const [user, url, pattern] of checks) {
    sessions[user] ??= await apiSession(user);
    const res = await sessions[user](url);
    assert.equal(res.status, 200, `${url}: ${await res.clone().text()}`);
    const { schema } = api.paths[pattern].get.responses['200'].content['application/json'];
    const validate = ajv.compile(schema);
    assert.ok(validate(await res.json()), `${user} ${url}: ${ajv.errorsText(validate.errors)}`);
  }
});
