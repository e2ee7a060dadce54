// A phone (390 × 844 CSS pixels): on every page a user of an OCMW opens, nothing is wider than the
// screen except a table inside its own scrolling box, the header with the navigation takes at most
// 15% of the screen's height, and the navigation folds behind "Menu" (axe on every page).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { check, launch, newPage, signIn, visit } from './lib.mjs';

const WIDTH = 390;
const HEIGHT = 844;
let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** The page's width beyond the screen, and the elements that stick out (not inside a .table-wrap). */
function overflow(page) {
  return page.evaluate(() => {
    const wide = [];
    for (const el of document.querySelectorAll('body *')) {
      if (el.closest('.table-wrap')) continue;
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > window.innerWidth + 1) {
        wide.push(`${el.tagName.toLowerCase()}.${el.className} ${Math.round(r.right)}`);
      }
    }
    return { excess: document.documentElement.scrollWidth - window.innerWidth, wide: wide.slice(0, 5) };
  });
}

test('an OCMW counsellor on a phone: no page wider than the screen, a short header, a folding menu', async () => {
  const page = await newPage(browser);
  await page.setViewportSize({ width: WIDTH, height: HEIGHT });
  await signIn(page, 'ocmw-11002');
  const pages = [
    ['#/dashboard/11002', '60-telefoon-dashboard'],
    ['#/vlaanderen', '61-telefoon-vlaanderen'],
    ['#/gebied?niveau=province&code=10000', '62-telefoon-regio'],
    ['#/vergelijken?nis=11002,44021', '63-telefoon-vergelijken'],
    ['#/transities', '63b-telefoon-transities'],
    ['#/profiel?nis=11002', '63c-telefoon-profiel'],
    ['#/werktabel/lap-2024', '64-telefoon-werktabel'],
    ['#/werklijst', '65-telefoon-werklijst'],
    ['#/contacten', '66-telefoon-contacten'],
    ['#/samenwerking', '66b-telefoon-samenwerking'],
  ];
  for (const [hash, name] of pages) {
    await visit(page, hash, name);
    const { excess, wide } = await overflow(page);
    assert.ok(excess <= 0, `${hash}: ${excess} px wider than the screen: ${wide.join(', ')}`);
    const header = await page.evaluate(
      () => document.querySelector('header.top').getBoundingClientRect().height + document.getElementById('nav').getBoundingClientRect().height,
    );
    assert.ok(header <= 0.15 * HEIGHT, `${hash}: the header is ${header} px high`);
  }
  // The navigation: folded, then opened with the button, and a link in it works.
  const toggle = page.getByRole('button', { name: 'Menu' });
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.locator('#nav-list').isVisible(), false);
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  await check(page, '67-telefoon-menu');
  await page.locator('#nav-list').getByRole('link', { name: 'Vlaanderen' }).click();
  await page.getByRole('heading', { name: 'Vlaanderen: alle gemeenten' }).waitFor();
  assert.equal(await page.locator('#nav-list').isVisible(), false, 'the menu folds again after a choice');
  await page.close();
});

test('the semestrial report on a phone: no page wider than the screen', async () => {
  const page = await newPage(browser);
  await page.setViewportSize({ width: WIDTH, height: HEIGHT });
  await signIn(page, 'wse');
  await visit(page, '#/rapport', '68-telefoon-beleidsrapport');
  const { excess, wide } = await overflow(page);
  assert.ok(excess <= 0, `#/rapport: ${excess} px wider than the screen: ${wide.join(', ')}`);
  await page.close();
});
