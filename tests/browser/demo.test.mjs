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

// The registry of cooperation agreements that demo-cycle made: the coverage per province on the
// page equals a recomputation here, in JavaScript, from the registry's list and the
// municipalities' reference data (data/municipalities.csv); Mechelen's agreement of seed 003
// shows its action plan; VDAB changes an action's status and the change is kept.
describe('the cooperation agreements of the demo', () => {
  test('coverage per province equals a recomputation from the registry', async () => {
    const page = await newPage(browser);
    await signIn(page, 'wse');
    await open(page, 'samenwerking');
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const csv = readFileSync(join(process.env.LAP_REPO || join(import.meta.dirname, '..', '..'),
      'data', 'municipalities.csv'), 'utf8').trim().split('\n').map((l) => l.split(';'));
    const col = Object.fromEntries(csv[0].map((c, i) => [c, i]));
    const on = '2025-11-15';
    const valid = csv.slice(1).filter((r) => r[col.valid_from] <= on && (!r[col.valid_to] || on <= r[col.valid_to]));
    const list = await page.evaluate(async () => (await (await fetch('/api/v1/agreements')).json()).agreements);
    // Every municipality's own agreements (the demo has none of merged municipalities).
    const concludedOn = (a) => a.status === 'concluded' && a.concluded_on <= on && (!a.ends_on || on <= a.ends_on);
    const byArea = new Map();
    for (const a of list) byArea.set(`${a.scope}:${a.area}`, [...(byArea.get(`${a.scope}:${a.area}`) || []), a]);
    const expected = {};
    const seenRegions = new Set();
    for (const r of valid) {
      const p = (expected[r[col.province]] ||= { m: 0, mt: 0, g: 0, gt: 0 });
      p.mt += 1;
      if ((byArea.get(`municipality:${r[col.nis]}`) || []).some(concludedOn)) p.m += 1;
      const g = r[col.regiegebied];
      if (g && !seenRegions.has(g)) {
        seenRegions.add(g);
        p.gt += 1;
        if ((byArea.get(`region:${g}`) || []).some(concludedOn)) p.g += 1;
      }
    }
    const table = page.locator('table.data', { has: page.locator('caption', { hasText: 'per provincie' }) });
    await table.waitFor();
    const rowsText = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) =>
      [...tr.children].map((c) => c.textContent.trim())));
    assert.equal(rowsText.length, 6);
    for (const [name, m, , , , g] of rowsText.slice(0, 5)) {
      const e = expected[name];
      assert.ok(e, name);
      assert.match(m, new RegExp(`^${e.m}/${e.mt} `), `${name} municipalities`);
      assert.match(g, new RegExp(`^${e.g}/${e.gt} `), `${name} regions`);
    }
    const total = Object.values(expected).reduce((s, e) => s + e.m, 0);
    assert.match(rowsText[5][1], new RegExp(`^${total}/285 `));
    // The map colours every municipality by its status; its legend counts them.
    const legend = await page.locator('.so-map .map-legend').innerText();
    assert.match(legend, new RegExp(`afgesloten: ${total}\\b`), legend);
    const counted = [...legend.matchAll(/: (\d+)/g)].reduce((s, m) => s + Number(m[1]), 0);
    assert.equal(counted, 285, legend);
    assert.ok((await page.locator('.so-map svg.map g.areas path').count()) >= 280);
    console.log(`agreements: ${list.length} in the registry, ${total} of 285 municipalities concluded on ${on}`);
    await check(page, 'demo-samenwerking');
  });

  test("Mechelen's agreement shows its plan, and VDAB changes an action", async () => {
    const page = await newPage(browser);
    await signIn(page, 'vdab');
    await open(page, 'samenwerking');
    // Mechelen has two agreements: seed 003's and a follow-up in negotiation.
    await page.getByRole('row', { name: /Samen sterk voor lokaal werk in 2020-2025/ })
      .getByRole('link', { name: 'Mechelen', exact: true }).click();
    await page.getByRole('heading', { name: 'Samen sterk voor lokaal werk in 2020-2025', level: 1 }).waitFor();
    assert.equal(await page.locator('#so-status').innerText(), 'afgesloten');
    assert.equal(await page.locator('section.theme').count(), 3);
    assert.equal(await page.locator('section.theme table.data tbody tr').count(), 15);
    await check(page, 'demo-samenwerking-mechelen');
    await page.getByRole('button', { name: 'Wijzigen' }).click();
    const action = page.locator('fieldset.agreement-action').nth(11);
    assert.equal(await action.getByLabel('Nummer').inputValue(), '4.2');
    await action.getByLabel('Status').selectOption('running');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByText('De overeenkomst is opgeslagen.').waitFor();
    const row = page.locator('section.theme tr', { hasText: 'Integreren van ondernemerschap' });
    assert.match(await row.innerText(), /lopend/);
  });
});
