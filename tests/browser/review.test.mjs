// Koppelingen nakijken in Chromium: a VDAB mediator opens the review queue of the linkage, sees an
// item's waterfall (chart and table), decides the item, and axe finds nothing serious; an OCMW
// counsellor gets only part of the queue; a WSE analyst has no such page and the API refuses it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BASE, apiSession, check, launch, newPage, settled, signIn, signOut, visit } from './lib.mjs';

let browser;

before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const navLabels = (page) => page.locator('nav#nav a').allTextContents();

/** The INSZ numbers and longer family names of the delivery the server imported (run.sh). */
function personalData() {
  const dir = process.env.LAP_DELIVERY;
  if (!dir) return [];
  const [head, ...rows] = readFileSync(join(dir, 'rmi_entitlements.csv'), 'utf8').trim().split('\n');
  const cols = head.split(';');
  const insz = cols.indexOf('insz');
  const last = cols.indexOf('last_name');
  return rows.slice(0, 2000).flatMap((r) => {
    const v = r.split(';');
    return [v[insz], v[last]].filter((x) => x && x.length > 5);
  });
}

describe('VDAB mediator', () => {
  test('reviews an item: the waterfall of its field weights, then a decision', async () => {
    const page = await newPage(browser);
    await signIn(page, 'vdab');
    assert.ok((await navLabels(page)).includes('Koppelingen nakijken'));
    await visit(page, '#/koppelingen', '50-vdab-koppelingen');
    const first = page.locator('main table button[data-item]').first();
    const item = await first.getAttribute('data-item');
    await first.click();
    const chart = page.locator('#review-item svg.waterfall-chart[role=img]');
    await chart.waitFor();
    assert.equal(await chart.locator('rect').count(), 7, 'one bar per field');
    assert.equal(await chart.locator('line.threshold').count(), 2, 'both thresholds');
    assert.match(await chart.locator('title').textContent(), new RegExp(`item ${item}`));
    const fields = await page.locator('#review-item table th[scope=row]').allTextContents();
    assert.deepEqual(fields, ['INSZ', 'familienaam', 'voornaam', 'geboortedatum', 'geslacht', 'postcode', 'adres']);
    await check(page, '51-vdab-koppeling-item');

    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().includes(`/api/v1/link/review/${item}/decision`)),
      page.getByRole('button', { name: 'Zelfde persoon' }).click(),
    ]);
    assert.equal(res.status(), 200);
    await page.getByRole('status').filter({ hasText: 'Beslissing bewaard: zelfde persoon' }).waitFor();
    await check(page, '52-vdab-koppeling-beslist');

    const text = await page.locator('main').textContent();
    assert.doesNotMatch(text, /\b\d{11}\b/, 'no INSZ on the page');
    for (const value of personalData()) assert.ok(!text.includes(value), 'no INSZ or name on the page');

    // The decided item has left the open queue.
    const call = await apiSession('vdab');
    const queue = await (await call('/link/review?limit=200')).json();
    assert.ok(!queue.items.some((i) => String(i.item) === item), `item ${item} still open`);
    await signOut(page);
    await page.close();
  });
});

describe('OCMW counsellor and WSE analyst', () => {
  test("an OCMW counsellor gets only items of its own OCMW's persons", async () => {
    const all = await (await (await apiSession('vdab'))('/link/review?limit=200')).json();
    const res = await (await apiSession('ocmw-11002'))('/link/review?limit=200');
    assert.equal(res.status, 200);
    const own = await res.json();
    assert.ok(own.total < all.total, `${own.total} of ${all.total}`);
    const vdabItems = new Set(all.items.map((i) => i.item));
    for (const i of own.items) assert.ok(vdabItems.has(i.item) || all.total > all.items.length);
  });

  test('a WSE analyst has no Koppelingen nakijken and the API answers 403', async () => {
    const page = await newPage(browser);
    await signIn(page, 'wse');
    assert.ok(!(await navLabels(page)).includes('Koppelingen nakijken'));
    await page.goto(`${BASE}/#/koppelingen`);
    await settled(page);
    await page.getByRole('alert').filter({ hasText: 'Uw rol geeft geen toegang tot deze pagina' }).waitFor();
    const call = await apiSession('wse');
    assert.equal((await call('/link/review')).status, 403);
    const decide = await call('/link/review/1/decision', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ decision: 'match' }),
    });
    assert.equal(decide.status, 403);
    await signOut(page);
    await page.close();
  });
});
