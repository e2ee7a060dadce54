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

  // The same group per half year: every person once per half year, the periods named in Dutch,
  // the hidden cells those of the API's half-year dashboard.
  await page.getByLabel('Periodes').selectOption('halfjaar');
  await page.getByRole('button', { name: 'Toon' }).click();
  await page.waitForURL(/periodes=halfjaar/);
  await settled(page);
  const halfGroup = await (await api(`/area-dashboard?level=size_class&code=${small.size_class.id}&grain=half_year`)).json();
  assert.equal(halfGroup.grain, 'half_year');
  const halfReach = halfGroup.indicators.find((i) => i.indicator === 'reach' && i.variant === 'all');
  assert.ok(halfReach.periods.length > 0 && halfReach.periods.every((p) => /^\d{4}-H[12]$/.test(p)), halfReach.periods.join());
  assert.ok(!halfGroup.indicators.some((i) => i.indicator === 'outflow_rate' || i.indicator === 'lap_result'));
  const halfCard = page.locator('section.card').filter({ has: page.getByRole('heading', { name: /^Bereik — / }) }).first();
  const halfRows = await halfCard.locator('table.data tbody th').allTextContents();
  assert.ok(halfRows.length === halfReach.periods.length && halfRows.every((t) => /^[12]e halfjaar \d{4}$/.test(t)), halfRows.join());
  const halfHidden = Object.values(halfReach.series).flat().filter((c) => c && c.suppressed).length;
  assert.equal(await halfCard.locator('table.data tbody td.suppressed').count(), halfHidden);
  assert.equal(await page.getByLabel('Periodes').inputValue(), 'halfjaar');
  await check(page, '17b-ocmw-regio-halfjaar');

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

test('the transitions matrix: protected for an OCMW, its own exact, any OCMW for WSE', async () => {
  const page = await newPage(browser);
  await signIn(page, 'ocmw-11002');
  const api = await apiSession('ocmw-11002');
  await visit(page, '#/transities', '20-ocmw-transities');
  const flanders = await (await api('/transitions')).json();
  const table = page.locator('table.data');
  assert.equal(await table.locator('tbody tr').count(), 5);
  assert.match(await table.locator('caption').textContent(), /^Vlaams Gewest: positie in /);
  // As many hidden cells as the API hides, none of them with a number.
  const hiddenCells = await table.locator('tbody tr').evaluateAll((trs) =>
    trs.flatMap((tr) => [...tr.cells].slice(1, 7)).filter((td) => td.textContent === 'afgeschermd').length,
  );
  assert.equal(hiddenCells, flanders.hidden);
  assert.ok(flanders.hidden > 0, 'the demo hides some cells of Flanders');
  assert.match(await page.locator('#transitions-hidden').textContent(), new RegExp(`^${flanders.hidden} van de 30 cellen`));
  // A visible cell with its share of the row: "371 (90,1 %)".
  const first = flanders.rows.find((r) => r.total && r.cells.some((c) => c.count));
  const b = first.cells.findIndex((c) => c.count);
  const expected = `${new Intl.NumberFormat('nl-BE').format(first.cells[b].count)} (`;
  const row = table.locator('tbody tr').nth(flanders.rows.indexOf(first));
  assert.ok((await row.locator('td').nth(b).textContent()).startsWith(expected));

  // The own OCMW and another pair of months, chosen in the form: nothing hidden.
  const months = await page.getByLabel('Beginmaand').locator('option').evaluateAll((os) => os.map((o) => o.value));
  await page.getByLabel('Beginmaand').selectOption(months[6]);
  await page.getByLabel('Gebied').selectOption('11002');
  await page.getByRole('button', { name: 'Toon' }).click();
  await page.locator('table.data caption').filter({ hasText: /^OCMW Antwerpen: / }).waitFor();
  await settled(page);
  await check(page, '21-ocmw-transities-eigen');
  assert.match(page.url(), new RegExp(`van=${months[6]}`));
  assert.equal(await page.locator('table.data tbody').getByText('afgeschermd').count(), 0);
  const own = await (await api(`/transitions?from=${months[6]}&nis=11002`)).json();
  assert.equal(own.hidden, 0);
  // The download is the screen's matrix.
  const csvLink = page.getByRole('link', { name: 'Transities (CSV)' });
  const csv = await (await api((await csvLink.getAttribute('href')).replace('/api/v1', ''))).text();
  assert.match(csv, /^\uFEFF?Positie in /); // fetch drops the byte order mark
  assert.equal(csv.trim().split('\r\n').length, 6);
  await page.close();

  // WSE may choose any OCMW and sees Flanders exactly.
  const wse = await newPage(browser);
  await signIn(wse, 'wse');
  await visit(wse, '#/transities?nis=44021', '22-wse-transities-gent');
  await wse.locator('table.data caption').filter({ hasText: /^OCMW Gent: / }).waitFor();
  assert.equal(await wse.locator('table.data tbody').getByText('afgeschermd').count(), 0);
  assert.ok((await wse.getByLabel('Gebied').locator('option').count()) > 250);
  await wse.close();
});

test('the profile of a figure: from the dashboard, exact for the own OCMW, refused for another', async () => {
  const page = await newPage(browser);
  await signIn(page, 'ocmw-11002');
  const api = await apiSession('ocmw-11002');
  await visit(page, '#/dashboard/11002', '23-ocmw-dashboard-profiel');
  // The links sit in the tables under the charts (folded): follow the first.
  const href = await page.locator('a.profile-link').first().getAttribute('href');
  await page.goto(`${process.env.LAP_BASE_URL}/${href}`);
  await page.getByRole('heading', { name: 'Profiel: Antwerpen' }).waitFor();
  await settled(page);
  await check(page, '24-ocmw-profiel');
  const q = new URLSearchParams(href.split('?')[1]);
  const profile = await (await api(`/profile?nis=11002&indicator=${q.get('indicator')}&variant=${q.get('variant')}&period=${encodeURIComponent(q.get('periode'))}`)).json();
  assert.equal(await page.locator('section.profile').count(), 6);
  // Every table adds up to the figure: the first numeric column per row, summed on the page.
  const sums = await page.locator('section.profile table.data').evaluateAll((tables) =>
    tables.map((t) => [...t.tBodies[0].rows].reduce((s, tr) => s + Number(tr.cells[1].textContent.replace(/\./g, '') || 0), 0)),
  );
  const expected = profile.has_denominator ? profile.figure.denominator : profile.figure.numerator;
  assert.deepEqual(sums, Array(6).fill(expected));
  assert.match(await page.locator('#profile-figure').textContent(), new RegExp(`${profile.members}`));

  // Another OCMW's profile is refused, by the server.
  assert.equal((await api('/profile?nis=44021')).status, 403);
  await page.goto(`${process.env.LAP_BASE_URL}/#/profiel?nis=44021`);
  await page.getByText('U hebt geen toegang tot deze gegevens.').waitFor();
  await page.close();

  // WSE chooses any municipality in the form.
  const wse = await newPage(browser);
  await signIn(wse, 'wse');
  await visit(wse, '#/profiel?nis=11002', '25-wse-profiel');
  await wse.getByLabel('Gemeente').selectOption('44021');
  await wse.getByRole('button', { name: 'Toon' }).click();
  await wse.getByRole('heading', { name: 'Profiel: Gent' }).waitFor();
  await settled(wse);
  await check(wse, '26-wse-profiel-gent');
  await wse.close();
});

test('the semestrial report: WSE chooses a half year and a regiegebied, reads it and downloads it', async () => {
  const page = await newPage(browser);
  await signIn(page, 'wse');
  const api = await apiSession('wse');
  const latest = await (await api('/semester-report')).json();
  assert.deepEqual(latest.half_years, ['2024-H2', '2024-H1']);
  await visit(page, '#/rapport', '40-wse-beleidsrapport');
  await page.getByRole('heading', { name: 'Semestrieel beleidsrapport: 2e halfjaar 2024' }).waitFor();
  assert.equal(await page.locator('section.report-section').count(), latest.sections.length);
  assert.equal(await page.locator('section.report-section li').first().textContent(), latest.sections[0].findings[0]);
  // Part 1, the context figures: those of 2024 in the report of its 2nd half year.
  assert.deepEqual(latest.context.map((c) => c.period), ['2024', '2024', '2024', '2024-09', '2024']);
  assert.deepEqual(await page.locator('section.report-context li').allTextContents(),
    latest.context.flatMap((c) => c.findings));

  // The first half year, with a regiegebied: the findings are the API's, the frame shows the report.
  const region = latest.all_regiegebieden[0];
  await page.getByLabel('Halfjaar').selectOption('2024-H1');
  await page.getByLabel('Ook deze regiegebieden').selectOption([region]);
  await page.getByRole('button', { name: 'Toon' }).click();
  await page.getByRole('heading', { name: 'Semestrieel beleidsrapport: 1e halfjaar 2024' }).waitFor();
  await settled(page);
  const chosen = await (await api(`/semester-report?half_year=2024-H1&regiegebieden=${encodeURIComponent(region)}`)).json();
  const shown = await page.locator('section.report-section li').allTextContents();
  assert.deepEqual(shown, chosen.sections.flatMap((s) => s.findings));
  const frame = page.frameLocator('iframe.report-frame');
  await frame.getByRole('heading', { name: 'Resultaten van de samenwerking: 1e halfjaar 2024' }).waitFor();
  assert.equal(await frame.locator('svg.chart').count(), 11);
  assert.ok((await frame.locator('table').first().textContent()).includes(region));
  await check(page, '41-wse-beleidsrapport-regio');

  // The downloads: a PDF and a workbook.
  const href = await page.getByRole('link', { name: 'Rapport (PDF)' }).getAttribute('href');
  const pdf = await api(href.replace('/api/v1', ''));
  assert.equal(pdf.headers.get('content-type'), 'application/pdf');
  assert.equal(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString(), '%PDF-');
  const xlsxHref = await page.getByRole('link', { name: 'Cijfers per indicator (XLSX)' }).getAttribute('href');
  const xlsx = await api(xlsxHref.replace('/api/v1', ''));
  assert.equal(Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString(), 'PK');
  await page.close();

  // An OCMW has no report in its navigation, and the server refuses it.
  const ocmw = await newPage(browser);
  await signIn(ocmw, 'ocmw-11002');
  assert.equal(await ocmw.getByRole('link', { name: 'Beleidsrapport' }).count(), 0);
  assert.equal((await (await apiSession('ocmw-11002'))('/semester-report')).status, 403);
  await ocmw.close();
});

test('the municipal fact sheet: a local government reads its findings on the dashboard and downloads it', async () => {
  const page = await newPage(browser);
  await signIn(page, 'gemeente-11002');
  const api = await apiSession('gemeente-11002');
  const sheet = await (await api('/fact-sheet?nis=11002')).json();
  assert.equal(sheet.half_year, '2024-H2');
  assert.equal(sheet.indicators.length, 11);
  await visit(page, '#/dashboard/11002', '42-gemeente-gemeentefiche');
  await page.getByRole('heading', { name: 'Gemeentefiche: 2e halfjaar 2024' }).waitFor();
  assert.deepEqual(await page.locator('section.fact-sheet li').allTextContents(), sheet.findings);
  await check(page, '42-gemeente-gemeentefiche');

  const href = await page.getByRole('link', { name: 'Gemeentefiche (PDF)' }).getAttribute('href');
  const pdf = await api(href.replace('/api/v1', ''));
  assert.equal(pdf.headers.get('content-type'), 'application/pdf');
  assert.equal(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString(), '%PDF-');
  const xlsxHref = await page.getByRole('link', { name: 'Gemeentefiche (XLSX)' }).getAttribute('href');
  assert.equal(Buffer.from(await (await api(xlsxHref.replace('/api/v1', ''))).arrayBuffer()).subarray(0, 2).toString(), 'PK');
  // The page itself: the same findings, no scripts of its own.
  const html = await (await api('/fact-sheet?nis=11002&format=html')).text();
  assert.ok(html.includes('Activering van leefloners in Antwerpen: 2e halfjaar 2024'));
  assert.ok(!html.includes('<script'));
  // Any municipality's fact sheet is public: also another one's.
  assert.equal((await api('/fact-sheet?nis=44021')).status, 200);
  assert.equal((await api('/fact-sheet?nis=99999')).status, 400);
  await page.close();
});
