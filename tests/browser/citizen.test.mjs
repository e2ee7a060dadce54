// Mijn gegevens in Chromium: a citizen whose account run.sh tied to a person of OCMW 11002
// (`lap user add --role citizen --insz`) sees, after an OCMW counsellor opened their dossier and a
// VDAB mediator read their identity, the regie, the data each organisation holds and who looked
// at it — organisation and purpose, no civil servant by name — on a printable page that axe finds
// nothing serious on; the page's API refuses every other role.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiSession, check, launch, newPage, settled, signIn } from './lib.mjs';

let browser;

before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const INSZ = process.env.LAP_CITIZEN_INSZ;

test('a citizen sees their dossier, their data and who looked at it', async () => {
  assert.ok(INSZ, 'run.sh exports LAP_CITIZEN_INSZ');
  const ocmw = await apiSession('ocmw-11002');
  const vdab = await apiSession('vdab');
  const purpose = 'purpose=burgertest%20trajectbegeleiding';
  const found = await (await ocmw(`/persons/search?insz=${INSZ}&${purpose}`)).json();
  assert.equal(found.persons.length, 1, JSON.stringify(found));
  const person = found.persons[0].person;
  if (found.persons[0].case === null) {
    const opened = await ocmw('/cases', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ person, purpose: 'burgertest trajectbegeleiding' }),
    });
    assert.equal(opened.status, 201, await opened.text());
  }
  const seen = await vdab(`/persons/${person}/identity?purpose=burgertest%20bemiddeling`);
  assert.equal(seen.status, 200);

  const page = await newPage(browser);
  await signIn(page, 'burger');
  const nav = await page.locator('nav#nav a').allTextContents();
  assert.deepEqual(nav, ['Mijn gegevens']);
  await page.goto(`${process.env.LAP_BASE_URL}/#/mijn-gegevens`);
  await settled(page);
  const main = page.locator('main');
  await main.getByRole('heading', { name: 'Wie heeft uw gegevens bekeken?' }).waitFor();
  const text = await main.innerText();
  assert.match(text, /De regie ligt bij (OCMW|VDAB)/);
  assert.ok(text.includes(INSZ), 'the data hold the INSZ');
  const reads = page.getByRole('table', { name: 'Raadplegingen van uw gegevens' });
  await reads.getByRole('row', { name: /OCMW Antwerpen.*burgertest trajectbegeleiding/ }).first()
    .waitFor();
  await reads.getByRole('row', { name: /VDAB.*burgertest bemiddeling/ }).first().waitFor();
  assert.ok(!text.includes('ocmw-11002'), 'no civil servant by name');
  await check(page, '70-burger-mijn-gegevens');
  // Printed: the content without navigation or buttons.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('nav#nav').isVisible(), false);
  assert.equal(await page.getByRole('button', { name: 'Afdrukken' }).isVisible(), false);
  await page.close();
  // Nobody else has a "mijn gegevens".
  assert.equal((await ocmw('/me/record')).status, 403);
});
