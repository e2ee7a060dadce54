// Benchmarks in Chromium: the municipality dashboard's province and comparable municipalities, the
// dashboard of a province, several municipalities in one chart, and the rank in the Flanders table
// — with the public view's hidden cells kept hidden, and axe on every page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiSession, launch, newPage, settled, check, signIn, visit } from './lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('an OCMW compares its municipality with its province, its group and other municipalities', async () => {
  const page = await newPage(browser);
  await signIn(page, 'ocmw-11002');
  const api = await apiSession('ocmw-11002');

  // A municipality that is no centrumstad has its group of comparable municipalities.
  const areas = await (await api('/areas')).json();
  const small = areas.areas.find((a) => a.size_class);
  await visit(page, `#/dashboard/${small.nis}`, '15-ocmw-dashboard-ander');
  const legend = await page.locator('ul.legend').first().textContent();
  assert.match(legend, /Provincie /);
  assert.match(legend, /Vergelijkbare gemeenten: Gemeenten met/);
  const links = await page.getByRole('navigation', { name: 'Vergelijken' }).locator('a').allTextContents();
  assert.ok(links.some((t) => t.startsWith('Provincie ')), links.join());
  assert.ok(links.some((t) => t.startsWith('Vergelijkbare gemeenten: ')), links.join());

  // The province's dashboard: its cells as the API gives them, hidden where hidden.
  await page.getByRole('link', { name: /^Provincie / }).click();
  await page.getByRole('heading', { name: /^Regio-dashboard: Provincie / }).waitFor();
  await settled(page);
  await check(page, '16-ocmw-regio-provincie');
  const group = await (await api(`/area-dashboard?level=province&code=${small.province_nis}`)).json();
  assert.ok(group.area.members.some((m) => m.nis === small.nis));
  assert.equal(await page.locator('ul.members li').count(), group.area.members.length);
  const reach = group.indicators.find((i) => i.indicator === 'reach' && i.variant === 'all');
  const hiddenCells = Object.values(reach.series).flat().filter((c) => c && c.suppressed).length;
  const card = page.locator('section.card').filter({ has: page.getByRole('heading', { name: /^Bereik — / }) }).first();
  assert.equal(await card.locator('table.data tbody td.suppressed').count(), hiddenCells);

  // The group of comparable municipalities, chosen in the form.
  await page.getByLabel('Gebied').selectOption(`size_class|${small.size_class.id}`);
  await page.getByRole('button', { name: 'Toon' }).click();
  await page.getByRole('heading', { name: /^Regio-dashboard: Vergelijkbare gemeenten: / }).waitFor();
  await settled(page);
  await check(page, '17-ocmw-regio-vergelijkbaar');

  // Several municipalities in one chart: its own (exact) beside Gent's (public view).
  await visit(page, '#/vergelijken?nis=11002,44021', '18-ocmw-vergelijken');
  const items = await page.locator('section.card ul.legend li').allTextContents();
  assert.ok(items.some((t) => t.includes('OCMW Antwerpen')) && items.some((t) => t.includes('OCMW Gent')), items.join());
  assert.ok(items.some((t) => t.includes('Vlaams Gewest')), items.join());
  await page.getByLabel('Gemeente toevoegen').selectOption(small.nis);
  await page.getByRole('button', { name: 'Voeg toe' }).click();
  await page.getByText(`${small.name} (${small.nis})`).waitFor();
  await settled(page);
  assert.equal(await page.locator('section.card svg g.series').count(), 4);
  const comparison = await (await api(`/compare?nis=11002,44021,${small.nis}&indicator=reach`)).json();
  const hidden = comparison.series.flatMap((s) => s.cells).filter((c) => c && c.suppressed).length;
  assert.equal(await page.locator('section.card table.data tbody td.suppressed').count(), hidden);
  assert.ok(comparison.series[0].cells.every((c) => !c || !c.suppressed), 'its own figures are exact');
  await check(page, '19-ocmw-vergelijken-drie');

  // The Flanders table ranks only what it shows, and lists one province when asked.
  await visit(page, '#/vlaanderen', '13b-ocmw-vlaanderen-rang');
  const rows = await page.locator('table.data tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [tr.cells[0].textContent, tr.textContent.includes('afgeschermd')]),
  );
  assert.ok(rows.some(([rank]) => rank === '1'));
  assert.ok(rows.filter(([, hid]) => hid).every(([rank]) => rank === ''), 'a hidden figure has no rank');
  await page.getByLabel('Gemeenten in de tabel').selectOption({ label: 'provincie Antwerpen' });
  await page.getByRole('button', { name: 'Toon' }).click();
  await page.locator('table.data caption').filter({ hasText: 'provincie Antwerpen' }).waitFor();
  await settled(page);
  const provinces = await page.locator('table.data').first().locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.cells[3].textContent));
  assert.ok(provinces.length > 10 && provinces.every((p) => p === 'Antwerpen'), provinces.join());
  await check(page, '13c-ocmw-vlaanderen-provincie');
  await page.close();
});
