// The front end in Chromium: sign-in per role, the pages each role may use, the persons behind a
// dashboard figure, downloads, a refused person lookup, and axe (WCAG 2.1 A/AA) on every page.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BASE, SCREENSHOTS, apiSession, check, hasRoute, launch, newPage, settled, signIn, signOut, visit } from './lib.mjs';

let browser;
let have = { dashboard: false, flanders: false, persons: false };

before(async () => {
  browser = await launch();
  const call = await apiSession('ocmw-11002');
  have.dashboard = await hasRoute(call, '/dashboard/11002');
  have.flanders = await hasRoute(call, '/flanders');
  have.persons = await hasRoute(call, '/persons?nis=11002&indicator=reach&variant=all&period=2024-06');
  for (const [k, v] of Object.entries(have)) {
    assert.ok(v, `the server answers the ${k} endpoint (docs/api.md)`);
  }
});
after(async () => {
  await browser?.close();
});

const navLabels = (page) => page.locator('nav#nav a').allTextContents();

describe('sign-in', () => {
  test('a wrong password is refused in Dutch; the page passes axe', async () => {
    const page = await newPage(browser);
    await page.goto(`${BASE}/`);
    await page.getByRole('heading', { name: 'Aanmelden' }).waitFor();
    await check(page, '01-aanmelden');
    // On a fresh page the first Tab reaches the skip link; it moves the focus to the main
    // content. (After a navigation inside the application the new page's h1 has the focus.)
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Naar de inhoud');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
    await page.getByLabel('Gebruikersnaam').fill('wse');
    await page.getByLabel('Wachtwoord').fill('geen goed wachtwoord');
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    await page.getByRole('alert').filter({ hasText: 'Gebruikersnaam of wachtwoord is onjuist' }).waitFor();
    await check(page, '02-aanmelden-fout');
    await page.close();
  });
});

describe('OCMW counsellor of 11002', () => {
  test('dashboard, the persons behind a figure, a timeline, the werktabel as XLSX', async () => {
    const page = await newPage(browser);
    await signIn(page, 'ocmw-11002');
    const nav = await navLabels(page);
    assert.ok(nav.includes('Personen achter een cijfer'), nav.join());
    assert.ok(!nav.includes('Simulatie') && !nav.includes('Aanvragen'), nav.join());
    assert.match(await page.locator('#user').textContent(), /11002/);

    if (have.dashboard) {
      await visit(page, '#/dashboard', '10-ocmw-dashboard');
      assert.match(await page.locator('main h1').textContent(), /Gemeente-dashboard/);
      assert.ok((await page.locator('svg.chart[role=img]').count()) > 0, 'charts are drawn');
      assert.ok((await page.locator('details.definition').count()) > 0, 'definitions are shown');
      // Readable charts: axis titles with the unit, a count (the LAP result) on an axis of persons,
      // the own series drawn last (on top of an equal benchmark), a tooltip on every point.
      const charts = page.locator('section.indicator svg.chart');
      assert.ok((await charts.locator('text.axis-title', { hasText: 'Percentage (%)' }).count()) > 0);
      const lap = page.locator('section.indicator').filter({ has: page.locator('h2', { hasText: /^LAP-resultaat/ }) }).first();
      assert.equal(await lap.locator('text.axis-title', { hasText: 'Aantal personen' }).count(), 1, 'the LAP result is a count');
      assert.equal(await lap.locator('text', { hasText: '%' }).count(), 0, 'no percentages on a count axis');
      const ownOnTop = await charts.evaluateAll((all) => all.every((c) => [...c.querySelectorAll('g.series')].pop().classList.contains('own')));
      assert.ok(ownOnTop, 'the own series is drawn last');
      assert.match(await charts.first().locator('g.own circle.point title').first().textContent(), /^OCMW Antwerpen, januari 2024: \d+(,\d)? % \(\d+ van \d+\)$/);
      const wide = await charts.first().evaluate((c) => c.getBoundingClientRect().width);
      assert.ok(wide > 800, `the chart takes the page's width (${wide} px)`);
    } else {
      console.log('SKIP: dashboard page (no /api/v1/dashboard in the binary)');
    }
    if (have.dashboard && have.persons) {
      // The figures as a table (folded under each chart), then a count in it.
      await page.locator('details.table-details summary').first().click();
      await page.locator('a.persons-link', { hasText: 'teller' }).first().click();
      await page.getByRole('heading', { name: 'Personen achter een cijfer' }).waitFor();
      await page.getByLabel('Doel van de raadpleging').fill('opvolging van de trajectbegeleiding');
      await page.getByRole('button', { name: 'Toon de personen' }).click();
      await page.locator('a.person-link').first().waitFor();
      await check(page, '11-ocmw-personen');
      await page.locator('a.person-link').first().click();
      await page.getByRole('heading', { name: 'Tijdlijn', exact: true }).waitFor();
      await check(page, '12-ocmw-persoon');
    } else {
      console.log('SKIP: persons behind a figure (no /api/v1/persons or dashboard in the binary)');
    }
    if (have.dashboard) {
      // Another municipality as the public sees it. A hidden figure is never drawn as a zero:
      // its mark stands under the axis, and the legend says how many are hidden and why.
      await visit(page, '#/dashboard/11001', '12b-ocmw-dashboard-andere-gemeente');
      const marks = await page.locator('svg.chart').evaluateAll((charts) =>
        charts.flatMap((c) => {
          const axis = Number(c.querySelector('g.grid').getAttribute('data-axis-y'));
          return [...c.querySelectorAll('.hidden-mark')].map((m) => m.getBBox().y > axis);
        }),
      );
      assert.ok(marks.length > 0, 'tiny data hide figures of the comparison series');
      assert.ok(marks.every(Boolean), 'every hidden mark lies under the axis');
      assert.match(await page.locator('ul.legend').first().textContent(), /afgeschermd/);

      // A card's downloads: its table as CSV with the cells hidden as on the screen, its chart as
      // SVG (title and legend visible) and as PNG.
      const card = page.locator('section.indicator').filter({ has: page.locator('.hidden-mark') }).first();
      const saved = async (name) => {
        const [download] = await Promise.all([page.waitForEvent('download'), card.getByRole(name.startsWith('tabel') ? 'link' : 'button', { name }).click()]);
        return { name: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
      };
      const csv = await saved('tabel (CSV)');
      assert.match(csv.name, /^dashboard_11001_[a-z0-9_]+\.csv$/);
      const lines = csv.bytes.toString('utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
      assert.equal(lines[0], 'Indicator;Variant;Periode;Reeks;Niveau;Code;Gebied;Teller;Voorlopig;Noemer;Percentage;Afgeschermd;Reden');
      const hiddenRows = lines.filter((l) => /;ja;(minder dan 5 personen|afgeschermd om een klein aantal elders te beschermen)$/.test(l));
      assert.equal(hiddenRows.length, await card.locator('svg.chart .hidden-mark').count(), 'one hidden row per hidden mark');
      assert.ok(hiddenRows.every((l) => /;;;;;ja;/.test(l)), 'a hidden row has no counts');
      const svg = await saved('grafiek (SVG)');
      assert.match(svg.name, /\.svg$/);
      const svgText = svg.bytes.toString('utf8');
      assert.match(svgText, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      assert.match(svgText, /class="export-title"/);
      assert.match(svgText, /afgeschermd/);
      const png = await saved('grafiek (PNG)');
      assert.match(png.name, /\.png$/);
      assert.equal(png.bytes.subarray(1, 4).toString('latin1'), 'PNG');
      assert.ok(png.bytes.length > 5000, `a drawn chart, not an empty image (${png.bytes.length} bytes)`);
      writeFileSync(join(SCREENSHOTS, '12c-grafiek-als-png.png'), png.bytes);
    }
    if (have.flanders) {
      await visit(page, '#/vlaanderen', '13-ocmw-vlaanderen');
      // Other municipalities as the public sees them, with the reasons counted.
      const text = await page.locator('main').textContent();
      assert.match(text, /Afgeschermd: \d+ gemeenten? (telt|tellen) minder dan 5 personen/);
      assert.match(await page.locator('table.data').textContent(), /afgeschermd: minder dan 5 personen/);
      // The map hides what the table hides: one hatched area per hidden row (Mesen has no shape),
      // and its own municipality outlined.
      const hiddenAreas = await page.locator('svg.map g.areas path[fill="url(#map-hidden)"]').count();
      const hiddenRows = (await page.locator('table.data tbody tr').allTextContents()).filter(
        (t) => /afgeschermd/.test(t) && !/Mesen/.test(t),
      ).length;
      assert.ok(hiddenRows > 0);
      assert.equal(hiddenAreas, hiddenRows, 'the map hides exactly the cells the table hides');
      assert.equal(await page.locator('svg.map path.own').count(), 1, 'the own municipality is outlined');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Deze tabel (XLSX)' }).click(),
      ]);
      assert.match(download.suggestedFilename(), /^vlaanderen_reach_all_\d{4}-\d{2}\.xlsx$/);
      assert.equal(readFileSync(await download.path()).subarray(0, 2).toString('latin1'), 'PK');
    }

    await visit(page, '#/werktabel/lap-2024', '14-ocmw-werktabel');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Werktabel (XLSX)' }).click(),
    ]);
    const file = await download.path();
    assert.equal(readFileSync(file).subarray(0, 2).toString('latin1'), 'PK', 'the XLSX is a zip container');
    assert.equal(download.suggestedFilename(), 'werktabel_lap-2024.xlsx');
    await signOut(page);
    await page.close();
  });
});

describe('OCMW counsellor of 44021', () => {
  test("cannot open the persons of 11002: the page says so in Dutch", async (t) => {
    if (!have.persons) {
      console.log('SKIP: refused persons lookup (no /api/v1/persons in the binary)');
      t.skip('no /api/v1/persons in the binary yet');
      return;
    }
    const page = await newPage(browser);
    await signIn(page, 'ocmw-44021');
    await page.goto(`${BASE}/#/personen?nis=11002&indicator=reach&variant=all&period=2024-06&role=numerator`);
    await settled(page);
    await page.getByLabel('Doel van de raadpleging').fill('nagaan of de toegang geweigerd wordt');
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/persons')),
      page.getByRole('button', { name: 'Toon de personen' }).click(),
    ]);
    assert.equal(res.status(), 403);
    await page.getByRole('alert').filter({ hasText: /toegang|relatie/ }).waitFor();
    await check(page, '20-ocmw44021-geweigerd');
    await signOut(page);
    await page.close();
  });
});

describe('local government 11002', () => {
  test('creates its own application and submits it; follows up the LAP', async () => {
    const page = await newPage(browser);
    await signIn(page, 'gemeente-11002');
    const nav = await navLabels(page);
    assert.ok(nav.includes('Aanvragen') && nav.includes('LAP-opvolging'), nav.join());
    assert.ok(!nav.includes('Personen achter een cijfer') && !nav.includes('Simulatie'), nav.join());
    if (have.dashboard) await visit(page, '#/dashboard', '30-gemeente-dashboard');
    await visit(page, '#/opvolging/lap-2023', '31-gemeente-opvolging');
    await visit(page, '#/aanvragen/lap-2024', '32-gemeente-aanvragen');
    await page.getByLabel('Plan').fill('Trajecten naar werk samen met VDAB');
    await page.getByLabel('Samenwerkingsovereenkomst (adres)').fill('https://example.org/overeenkomst');
    await page.getByRole('button', { name: 'Aanvraag opslaan als ontwerp' }).click();
    await page.getByText('is opgeslagen als ontwerp').waitFor();
    assert.equal(await page.locator('section.application .status').first().textContent(), 'ontwerp');
    await check(page, '33-gemeente-aanvraag-ontwerp');

    // Someone else changes the draft meanwhile: submitting the stale version is a conflict (409),
    // explained in Dutch; after reloading, submitting works.
    const call = await apiSession('gemeente-11002');
    const [app] = (await (await call('/calls/lap-2024/applications')).json()).applications;
    const edit = await call(`/applications/${app.id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        members: [{ nis: '11002' }],
        plan: 'Trajecten naar werk samen met VDAB en de lokale werkwinkel',
        actions: ['intake', 'jobcoaching'],
        agreement: 'https://example.org/overeenkomst',
        row_version: app.row_version,
      }),
    });
    assert.equal(edit.status, 200, await edit.text());
    const [stale] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/status')),
      page.getByRole('button', { name: 'Indienen' }).click(),
    ]);
    assert.equal(stale.status(), 409);
    await page.getByRole('alert').filter({ hasText: 'Conflict: iemand anders heeft dit intussen gewijzigd' }).waitFor();
    await check(page, '34-gemeente-aanvraag-conflict');
    await page.reload();
    await settled(page);
    await page.getByRole('button', { name: 'Indienen' }).click();
    await page.getByText('status gewijzigd').waitFor();
    assert.notEqual(await page.locator('section.application .status').first().textContent(), 'ontwerp');
    await check(page, '35-gemeente-aanvraag-ingediend');
    await signOut(page);
    await page.close();
  });
});

describe('WSE analyst', () => {
  test('views calls, werktabel, applications, follow-up, settlement and the simulator', async () => {
    const page = await newPage(browser);
    await signIn(page, 'wse');
    const nav = await navLabels(page);
    for (const label of ['Oproepen', 'Werktabel', 'Aanvragen', 'LAP-opvolging', 'Afrekening', 'Simulatie']) {
      assert.ok(nav.includes(label), `${label} in ${nav.join()}`);
    }
    assert.ok(!nav.includes('Personen achter een cijfer'), nav.join());
    if (have.dashboard) await visit(page, '#/dashboard/11002', '40-wse-dashboard');
    if (have.flanders) {
      await visit(page, '#/vlaanderen', '41-wse-vlaanderen');
      // WSE sees every figure exactly.
      assert.match(await page.locator('main').textContent(), /U ziet alle cijfers exact/);
      assert.doesNotMatch(await page.locator('table.data').textContent(), /afgeschermd/);
      await page.getByRole('button', { name: 'Percentage' }).click();
      assert.equal(await page.locator('th[aria-sort]').getAttribute('aria-sort'), 'ascending');
      // The map by municipality: every municipality with a figure is drawn, with its figure as a
      // tooltip, the legend counting them per class; then by regiegebied, merged from them.
      const rows = await page.locator('table.data tbody tr').count();
      const drawn = await page.locator('svg.map g.areas path').count();
      assert.ok(drawn >= rows - 1 && drawn <= rows, `${drawn} areas drawn for ${rows} rows`);
      assert.match(await page.locator('svg.map g.areas path title').first().textContent(), /^.+: \d+(,\d)? % \(\d+ van \d+\)/);
      const legendCounts = (await page.locator('ul.map-legend li').allTextContents())
        .map((t) => Number((t.match(/: (\d+)$/) || [0, 0])[1]))
        .reduce((a, b) => a + b, 0);
      assert.equal(legendCounts, drawn, 'the legend counts every area drawn');
      await page.locator('select').filter({ hasText: 'per regiegebied' }).selectOption('regiegebied');
      await page.getByRole('button', { name: 'Toon' }).click();
      await page.getByRole('heading', { name: 'Kaart per regiegebied' }).waitFor();
      await settled(page);
      await check(page, '41b-wse-kaart-regiegebied');
      const regions = await page.locator('svg.map g.areas path').count();
      assert.ok(regions >= 20 && regions <= 60, `${regions} regiegebieden drawn`);
      assert.match(await page.locator('table.data caption').last().textContent(), /per regiegebied/);
    }
    await visit(page, '#/oproepen', '42-wse-oproepen');
    assert.ok(await page.getByRole('heading', { name: 'Nieuwe oproep' }).isVisible());
    await visit(page, '#/werktabel/lap-2024', '43-wse-werktabel');
    assert.ok((await page.locator('table.data tbody tr').count()) > 100, 'every municipality is a row');
    await visit(page, '#/aanvragen/lap-2024', '44-wse-aanvragen');
    assert.ok(await page.getByRole('button', { name: 'Goedkeuren' }).first().isVisible(), 'a submitted application can be decided');
    await visit(page, '#/opvolging/lap-2023', '45-wse-opvolging');
    await visit(page, '#/afrekening/lap-2023', '46-wse-afrekening');
    await visit(page, '#/simulatie/lap-2023', '47-wse-simulatie');
    await page.getByRole('button', { name: 'Bereken' }).click();
    await page.locator('#sim-cost').waitFor();
    assert.match(await page.locator('#sim-cost').textContent(), /€/);
    assert.match(await page.locator('#sim-paid').textContent(), /^\d+$/);
    await check(page, '48-wse-simulatie-uitkomst');
    await signOut(page);
    await page.close();
  });
});
