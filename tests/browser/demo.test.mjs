// The demo's Lokaal Activeringspact (issue 17, item 5) in the browser: on the data of
// run.sh after `lap pact demo-cycle`, with the server acting as on 2025-11-15, the follow-up,
// applications, redistribution and settlement pages of LAP 2023 (settled) and LAP 2024 (running)
// show rows, and the settlement recomputes from its recorded inputs without a difference.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { check, launch, newPage, settled, signIn } from './lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function open(page, hash) {
  await page.goto(`${page.url().split('#')[0]}#/${hash}`);
  await settled(page);
}

const rows = (page, caption) =>
  page.locator('table.data', { has: page.locator('caption', { hasText: caption }) }).locator('tbody tr');

describe('the demo LAP as WSE', () => {
  let page;
  before(async () => {
    page = await newPage(browser);
    await signIn(page, 'wse');
  });

  test('LAP 2023: every application with its status, most of them settled', async () => {
    await open(page, 'aanvragen/lap-2023');
    const cards = page.locator('section.application');
    assert.ok((await cards.count()) >= 100, `applications: ${await cards.count()}`);
    const statuses = await page.locator('section.application dd.status').allTextContents();
    assert.ok(statuses.filter((s) => /afgerekend|vereffend|settled/i.test(s)).length >= 80, statuses.slice(0, 5).join(', '));
    assert.ok(statuses.some((s) => /geweigerd|refused/i.test(s)), 'some refused');
    await check(page, 'demo-aanvragen-lap-2023');
  });

  test('LAP 2023: the settlement has its statements and recomputes them identically', async () => {
    await open(page, 'afrekening/lap-2023');
    assert.ok((await rows(page, 'Betalingsoverzichten lap-2023').count()) >= 80);
    await page.getByText('herverdeling volgens beslissing 1').first().waitFor();
    await page.getByRole('button', { name: 'Afrekening controleren' }).click();
    await page.locator('#verification').getByText(/herberekend .*: 0 verschillen/).waitFor();
    await check(page, 'demo-afrekening-lap-2023');
  });

  test('LAP 2024: the redistribution decided by WSE and the rights it gave', async () => {
    await open(page, 'herverdeling/lap-2024');
    assert.equal(await rows(page, 'Herverdelingsbeslissingen').count(), 1);
    assert.ok((await rows(page, 'Trekkingsrechten lap-2024').count()) >= 100);
    await check(page, 'demo-herverdeling-lap-2024');
  });

  test('LAP 2024: the follow-up of the running projects, one unit charted at a time', async () => {
    await open(page, 'opvolging/lap-2024');
    assert.ok((await rows(page, 'Opvolging per eenheid (laatste maand)').count()) >= 100);
    assert.equal(await page.locator('section.card[aria-label^="Opvolging "]').count(), 1);
    await page.getByLabel('Eenheid', { exact: true }).selectOption('11002');
    await page.getByRole('region', { name: /Opvolging .*\(11002\)/ }).waitFor();
    await page.getByText('Subsidie volgens de regel').first().waitFor();
    await check(page, 'demo-opvolging-lap-2024');
  });
});

describe('the demo LAP as the local government of Antwerpen', () => {
  test('its own follow-up of LAP 2024 and its own settled statement of LAP 2023', async () => {
    const page = await newPage(browser);
    await signIn(page, 'gemeente-11002');
    await open(page, 'opvolging/lap-2024');
    await page.getByRole('region', { name: /Opvolging .*11002/ }).first().waitFor();
    const units = new Set(
      await rows(page, 'Opvolging per eenheid en maand').locator('th').allTextContents(),
    );
    assert.deepEqual([...units], ['11002']);
    await open(page, 'aanvragen/lap-2023');
    assert.equal(await page.locator('section.application').count(), 1);
    await check(page, 'demo-gemeente-opvolging');
  });
});
