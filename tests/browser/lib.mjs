// What the browser tests share: Debian's Chromium through playwright-core (no browser
// download), axe-core injected from node_modules, screenshots, and the API for checks.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const BASE = process.env.LAP_BASE_URL;
export const PASSWORD = process.env.LAP_PASSWORD;
export const SCREENSHOTS = process.env.LAP_SCREENSHOTS || join(here, '..', '..', 'build', 'screenshots');
const AXE = join(here, 'node_modules', 'axe-core', 'axe.min.js');

if (!BASE || !PASSWORD) {
  throw new Error('LAP_BASE_URL and LAP_PASSWORD are set by tests/browser/run.sh');
}

export async function launch() {
  const userDataDir = mkdtempSync(join(tmpdir(), 'lap-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.LAP_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    acceptDownloads: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 900 },
    locale: 'nl-BE',
  });
  context.setDefaultTimeout(15000);
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** A new page that fails the test on a JavaScript error. */
export async function newPage(browser) {
  const page = await browser.context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  return page;
}

export async function signIn(page, username) {
  // The pages of one browser share their cookies: start without a session.
  await page.context().clearCookies();
  await page.goto(`${BASE}/#/aanmelden`);
  await page.getByLabel('Gebruikersnaam').fill(username);
  await page.getByLabel('Wachtwoord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Aanmelden' }).click();
  await page.getByRole('button', { name: 'Afmelden' }).waitFor();
  await settled(page);
}

export async function signOut(page) {
  await page.getByRole('button', { name: 'Afmelden' }).click();
  await page.getByRole('heading', { name: 'Aanmelden' }).waitFor();
}

/** Waits until the page shows its heading and has stopped loading. */
export async function settled(page) {
  await page.locator('main h1').first().waitFor();
  await page.waitForFunction(() => !document.querySelector('main [role=status]')?.textContent.includes('Laden'));
}

/** Runs axe with the WCAG 2.1 A/AA rules; returns the serious and critical violations. */
export async function axe(page) {
  // Evaluated through the DevTools protocol: the page's Content-Security-Policy (no inline
  // scripts) stays in force for the application itself.
  if (!(await page.evaluate(() => !!window.axe))) await page.evaluate(readFileSync(AXE, 'utf8'));
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
  );
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Signs in over HTTP and returns a fetch that carries the cookie and CSRF token. */
export async function apiSession(username) {
  const res = await fetch(`${BASE}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`sign in ${username}: ${res.status}`);
  const cookie = res.headers.get('set-cookie').split(';')[0];
  const { csrf_token } = await res.json();
  return (path, init = {}) =>
    fetch(`${BASE}/api/v1${path}`, {
      ...init,
      headers: { cookie, 'x-csrf-token': csrf_token, ...(init.headers || {}) },
    });
}

/** Whether the binary has a route: an unknown path is 404 not_found, a known one anything else. */
export async function hasRoute(call, path) {
  const res = await call(path);
  if (res.status !== 404) return true;
  const body = await res.json().catch(() => ({}));
  return body?.error?.code !== 'not_found';
}

/** Takes the screenshot and checks axe and that the page had no script errors. */
export async function check(page, name) {
  await screenshot(page, name);
  assert.deepEqual(await axe(page), [], `axe on ${name}`);
  assert.deepEqual(page.errors, [], `script errors on ${name}`);
}

/** Opens a route, waits for it, checks axe and no script errors, and takes the screenshot. */
export async function visit(page, hash, name) {
  await page.goto(`${BASE}/${hash}`);
  await settled(page);
  await check(page, name);
}
