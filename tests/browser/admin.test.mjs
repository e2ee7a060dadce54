// Beheer and Contactpersonen in Chromium: the administrator that run.sh made adds an account on
// the Beheer page and reads its one-time password, which signs in (in a fresh browser); changes a
// setting; enters the contacts of municipality 11002 with one spreekuur; the log of changes lists
// all three. The OCMW counsellor of 11002 then finds the entry on the Contactpersonen page. Axe
// finds nothing serious on both pages.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BASE, apiSession, check, launch, newPage, settled, signIn, signOut } from './lib.mjs';

let browser;

before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const NEW_USER = 'analist.nieuw';

// node --test runs the files in alphabetical order: this one comes first, and the other tests
// expect the default settings (e.g. a doormelding's 30 days in worklist.test.mjs).
after(async () => {
  const admin = await apiSession('beheerder');
  const res = await admin('/admin/settings/transmission_days', {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ value: 30 }),
  });
  assert.equal(res.status, 200, await res.text());
});

test('an administrator manages accounts, settings and contacts; the OCMW sees the directory', async () => {
  const page = await newPage(browser);
  await signIn(page, 'beheerder');
  // The administrator's home is Beheer; no page with person data is offered.
  await page.getByRole('heading', { name: 'Beheer', level: 1 }).waitFor();
  const nav = await page.locator('nav#nav a').allTextContents();
  assert.deepEqual(nav, ['Beheer', 'Contactpersonen']);
  assert.match(await page.locator('main').innerText(), /nooit persoonsgegevens/);
  await check(page, '80-beheer');

  // Add an account: an analyst has no municipality, so the field is not shown.
  const add = page.getByRole('form', { name: 'Account toevoegen' });
  await add.getByLabel('Gebruikersnaam').fill(NEW_USER);
  await add.getByLabel('Rol').selectOption('ocmw_counsellor');
  assert.equal(await add.getByLabel('Gemeente (NIS-code)').isVisible(), true);
  await add.getByLabel('Rol').selectOption('wse_analyst');
  assert.equal(await add.getByLabel('Gemeente (NIS-code)').isVisible(), false);
  await add.getByLabel('E-mail (niet verplicht)').fill('analist.nieuw@wse.example');
  await add.getByRole('button', { name: 'Account toevoegen' }).click();
  const box = page.locator('.one-time-password');
  await box.waitFor();
  assert.match(await box.innerText(), /niet meer getoond/);
  const password = (await box.locator('code.password').innerText()).trim();
  assert.equal(password.length, 16, password);
  await page.getByRole('table', { name: 'Accounts' }).getByRole('row', { name: new RegExp(NEW_USER) })
    .waitFor();
  await check(page, '81-beheer-eenmalig-wachtwoord');

  // Change the account: another e-mail address.
  await page.getByRole('button', { name: `Wijzigen: ${NEW_USER}` }).click();
  const edit = page.getByRole('form', { name: `Account ${NEW_USER} wijzigen` });
  await edit.getByLabel('E-mail (niet verplicht)').fill('analist@wse.example');
  await edit.getByRole('button', { name: 'Wijzigingen opslaan' }).click();
  await page.getByText(`Account ${NEW_USER} is gewijzigd.`).waitFor();
  await page.getByRole('table', { name: 'Accounts' })
    .getByRole('row', { name: /analist@wse\.example/ }).waitFor();

  // A refused account: the problem in Dutch.
  const add2 = page.getByRole('form', { name: 'Account toevoegen' });
  await add2.getByLabel('Gebruikersnaam').fill('Fout Naam');
  await add2.getByRole('button', { name: 'Account toevoegen' }).click();
  await page.getByRole('alert').filter({ hasText: 'Gebruikersnaam: 2 tot 64 tekens' }).waitFor();

  // The one-time password signs in, in a fresh browser.
  const other = await launch();
  try {
    const fresh = await other.context.newPage();
    await fresh.goto(`${BASE}/#/aanmelden`);
    await fresh.getByLabel('Gebruikersnaam').fill(NEW_USER);
    await fresh.getByLabel('Wachtwoord').fill(password);
    await fresh.getByRole('button', { name: 'Aanmelden' }).click();
    await fresh.getByRole('button', { name: 'Afmelden' }).waitFor();
    assert.match(await fresh.locator('#user').innerText(), new RegExp(NEW_USER));
  } finally {
    await other.close();
  }

  // A setting: out of bounds is refused in Dutch, 21 is saved.
  const days = page.getByRole('form', { name: 'Antwoordtermijn doormelding (dagen)' });
  await days.getByLabel('Antwoordtermijn doormelding (dagen)').fill('999');
  await days.getByRole('button', { name: 'Opslaan' }).click();
  await days.getByRole('alert').filter({ hasText: '1 tot en met 365' }).waitFor();
  await days.getByLabel('Antwoordtermijn doormelding (dagen)').fill('21');
  await days.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByText('Antwoordtermijn doormelding (dagen) is opgeslagen: 21.').waitFor();
  const saved = page.getByRole('form', { name: 'Antwoordtermijn doormelding (dagen)' });
  assert.equal(await saved.getByLabel('Antwoordtermijn doormelding (dagen)').inputValue(), '21');
  assert.match(await saved.innerText(), /Aangepast: nu 21/);
  const admin = await apiSession('beheerder');
  const settings = (await (await admin('/admin/settings')).json()).settings;
  assert.equal(settings.find((s) => s.key === 'transmission_days').value, 21);

  // Contacts of 11002 with one spreekuur.
  await page.goto(`${BASE}/#/contacten`);
  await settled(page);
  await page.getByLabel('NIS-code van de gemeente').fill('11002');
  await page.getByRole('button', { name: 'Gegevens invullen' }).click();
  const form = page.locator('form.contact-edit');
  await form.waitFor();
  const ocmw = form.getByRole('group', { name: 'Contactpersoon OCMW' });
  await ocmw.getByLabel('Naam').fill('An Peeters');
  await ocmw.getByLabel('Telefoon').fill('03 123 45 67');
  await ocmw.getByLabel('E-mail').fill('an.peeters@ocmw.example');
  const vdab = form.getByRole('group', { name: 'Contactpersoon VDAB' });
  await vdab.getByLabel('Naam').fill('Bart Janssens');
  await vdab.getByLabel('E-mail').fill('geen-adres');
  await form.getByRole('button', { name: 'Spreekuur toevoegen' }).click();
  const hour = form.getByRole('group', { name: 'Spreekuur 1' });
  await hour.getByLabel('Dag').selectOption('2');
  await hour.getByLabel('Van').fill('09:00');
  await hour.getByLabel('Tot').fill('12:00');
  await hour.getByLabel('Frequentie').selectOption('weekly');
  await hour.getByLabel('Plaats').fill('Sociaal Huis');
  await check(page, '82-contactpersonen-bewerken');
  // A bad e-mail address is refused with the server's Dutch rule.
  await form.getByRole('button', { name: 'Opslaan' }).click();
  await form.getByRole('alert').filter({ hasText: 'vdab.e-mail' }).waitFor();
  await vdab.getByLabel('E-mail').fill('bart.janssens@vdab.example');
  await form.getByRole('button', { name: 'Opslaan' }).click();
  const entry = page.locator('section.contact[data-nis="11002"]');
  await entry.waitFor();
  assert.match(await entry.innerText(), /dinsdag 09:00–12:00, wekelijks, Sociaal Huis/);
  await check(page, '83-contactpersonen-beheerder');

  // The log lists the account, the setting and the contacts, and no password.
  await page.goto(`${BASE}/#/beheer`);
  await settled(page);
  const log = page.getByRole('table', { name: 'Wijzigingen door beheerders' });
  await log.getByRole('row', { name: new RegExp(`Account toegevoegd.*${NEW_USER.replace('.', '\\.')}`) }).waitFor();
  await log.getByRole('row', { name: /Instelling gewijzigd.*Antwoordtermijn doormelding.*21/ }).waitFor();
  await log.getByRole('row', { name: /Contactgegevens gewijzigd.*11002.*An Peeters/ }).waitFor();
  assert.ok(!(await page.locator('main').innerText()).includes(password), 'no password in the log');
  await check(page, '84-beheer-wijzigingen');
  // The new account is switched off again (the other tests do not expect it).
  await page.getByRole('button', { name: `Uitschakelen: ${NEW_USER}` }).click();
  await page.getByText(`Account ${NEW_USER} is uitgeschakeld.`).waitFor();
  await page.getByRole('table', { name: 'Accounts' })
    .getByRole('row', { name: new RegExp(`${NEW_USER.replace('.', '\\.')}.*uitgeschakeld`) }).waitFor();
  await signOut(page);

  // The OCMW counsellor of 11002 finds the entry by the municipality's name.
  await signIn(page, 'ocmw-11002');
  assert.ok((await page.locator('nav#nav a').allTextContents()).includes('Contactpersonen'));
  await page.goto(`${BASE}/#/contacten`);
  await settled(page);
  await page.getByLabel('Zoek een gemeente').fill('antw');
  const seen = page.locator('section.contact[data-nis="11002"]');
  await seen.waitFor();
  const text = await seen.innerText();
  assert.match(text, /An Peeters/);
  assert.match(text, /Bart Janssens/);
  assert.match(text, /dinsdag 09:00–12:00, wekelijks, Sociaal Huis/);
  assert.equal(await page.getByRole('button', { name: /Wijzigen/ }).count(), 0, 'no editing');
  await check(page, '85-contactpersonen-ocmw');
  await page.close();
});
