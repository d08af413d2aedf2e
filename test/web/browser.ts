/**
 * Real Chromium (Debian's /usr/bin/chromium) driven by playwright-core, with the flags this
 * machine needs (no sandbox as root, no background networking on a closed network). Without
 * Chromium the browser tests are skipped loudly — unless SIGHTLINE_REQUIRE_SERVICES=1 (CI), when
 * they fail. Screenshots go to out/screenshots/ (or SIGHTLINE_SCREENSHOTS) to be looked at.
 * `browserServiceTest` runs a test against the service on a real socket with Chromium launched.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { ServerOptions } from '../../server/context.js';
import { startService, type RunningService } from '../../server/serve.js';
import { sqliteDb } from '../store/databases.js';
import { testService, type TestService } from '../server/fixture.js';

/** Where Debian installs Chromium. */
export const CHROMIUM = process.env.SIGHTLINE_CHROMIUM ?? '/usr/bin/chromium';

/** Where screenshots are written. */
export const SCREENSHOTS = process.env.SIGHTLINE_SCREENSHOTS ?? join('out', 'screenshots');

/** Skip reason (undefined: run); throws in CI when Chromium is missing. */
export function chromiumSkip(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  const text = `Chromium not found at ${CHROMIUM} (apt-get install -y chromium)`;
  if (process.env.SIGHTLINE_REQUIRE_SERVICES === '1') throw new Error(`${text}; CI requires it`);
  process.stderr.write(`\n!!!!!!!! ${text}: browser tests SKIPPED. !!!!!!!!\n\n`);
  return text;
}

/** Launches headless Chromium. */
export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
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
  });
}

/** Saves a full-page screenshot as SCREENSHOTS/NAME.png. */
export async function shot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/**
 * Runs in the page (as text: the TypeScript loader would wrap a function's inner helpers in a
 * `__name` call the page does not have). Lists: no lang, not exactly one h1, form controls without
 * a label, tables without header cells, and text whose contrast with its background is under 4.5.
 */
const CHECKS = `(() => {
  const out = [];
  if (!document.documentElement.lang) out.push('no lang attribute');
  if (document.querySelectorAll('h1').length !== 1) out.push('not exactly one h1');
  for (const el of document.querySelectorAll('input, select, textarea')) {
    if (el.type === 'hidden') continue;
    const named = (el.labels && el.labels.length > 0) || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
    if (!named) out.push('unlabelled ' + el.tagName.toLowerCase() + ' ' + el.name);
  }
  for (const t of document.querySelectorAll('table')) {
    if (t.querySelectorAll('th').length === 0) out.push('a table without header cells');
  }
  const lum = (c) => {
    const v = (c.match(/\\d+(\\.\\d+)?/g) || ['0', '0', '0']).slice(0, 3).map(Number).map((x) => {
      const s = x / 255;
      return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
  };
  const bgOf = (el) => {
    for (let e = el; e !== null; e = e.parentElement) {
      const bg = getComputedStyle(e).backgroundColor;
      if (bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent') return bg;
    }
    return 'rgb(255, 255, 255)';
  };
  for (const el of document.querySelectorAll('p, li, a, button, td, th, label, legend, h1, h2, h3, span, code')) {
    if (!el.innerText || !el.innerText.trim()) continue;
    const fg = lum(getComputedStyle(el).color);
    const bg = lum(bgOf(el));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    if (ratio < 4.5) out.push('contrast ' + ratio.toFixed(2) + ' < 4.5 on ' + el.tagName.toLowerCase() + ' "' + el.innerText.slice(0, 30) + '"');
  }
  return [...new Set(out)];
})()`;

/** Problems of a page a person using a keyboard or a screen reader would meet (see CHECKS). */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  return page.evaluate(CHECKS) as Promise<string[]>;
}

/** Asserts that a page has none of the accessibility problems listed above. */
export async function accessible(page: Page, where: string): Promise<void> {
  assert.deepEqual(await accessibilityProblems(page), [], where);
}

/** A fresh browser context signed in as `username` through the login page. */
export async function signInAs(
  browser: Browser,
  base: string,
  username: string,
  password: string,
): Promise<Page> {
  const page = await (
    await browser.newContext({ viewport: { width: 1100, height: 900 } })
  ).newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await Promise.all([
    page.waitForURL((u) => !u.pathname.endsWith('/login')),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]).catch(async (e) => {
    throw new Error(
      `${username} could not sign in: ${(await page.textContent('main')) ?? ''} (${(e as Error).message})`,
    );
  });
  return page;
}

/** What the body of a `browserServiceTest` gets. */
export interface BrowserService {
  /** The test service: its `app` to prepare data through the API, its store, clock, accounts. */
  readonly svc: TestService;
  /** Where the running service answers, `http://127.0.0.1:PORT`. */
  readonly base: string;
  /** Headless Chromium (see `launch`). */
  readonly browser: Browser;
}

/**
 * Registers one browser test named `title` (on SQLite only), skipped when Chromium is missing
 * (see `chromiumSkip`; it fails in CI). It builds `testService` with `options.service` on a fresh
 * SQLite file, starts it on 127.0.0.1 at a free port, launches Chromium and runs `body`; then,
 * whether the set-up or the body passed or threw, it closes the browser, the server and the store
 * and removes the database file, in that order. `options.timeout` is node:test's, in ms.
 * @example
 * browserServiceTest('the login page', { timeout: 60_000 }, async ({ browser, base }) => {
 *   await signInAs(browser, base, 'screener', PASSWORD);
 * });
 */
export function browserServiceTest(
  title: string,
  options: { readonly timeout: number; readonly service?: Partial<ServerOptions> },
  body: (s: BrowserService) => Promise<void>,
): void {
  test(title, { skip: chromiumSkip(), timeout: options.timeout }, async () => {
    const t = await sqliteDb();
    let svc: TestService | undefined;
    let running: RunningService | undefined;
    let browser: Browser | undefined;
    try {
      svc = await testService(t.url, options.service);
      running = await startService(svc.deps, '127.0.0.1', 0);
      browser = await launch();
      await body({ svc, base: running.url, browser });
    } finally {
      await browser?.close();
      await running?.close();
      await svc?.db.close();
      await t.cleanup();
    }
  });
}
