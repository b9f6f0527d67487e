// Browser test support: the platform on a free port, Debian's Chromium driven by playwright-core, axe on every page.
import assert from 'node:assert/strict';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { testPlatform, type TestPlatform } from '../helpers.ts';

export interface BrowserEnv {
  p: TestPlatform;
  base: string;
  browser: Browser;
  close(): Promise<void>;
}

export async function startBrowserEnv(): Promise<BrowserEnv> {
  const p = await testPlatform();
  await p.app.listen({ port: 0, host: '127.0.0.1' });
  const addr = p.app.server.address();
  const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  return {
    p,
    base,
    browser,
    close: async () => {
      await browser.close();
      await p.close();
    },
  };
}

/** Runs axe (WCAG 2.1 A and AA) on the page as it is now; fails with the list of violations. */
export async function assertAccessible(page: Page, label: string) {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const violations = r.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(' '))
        .join(' | ')}`,
  );
  assert.deepEqual(violations, [], `axe violations on ${label} (${page.url()})`);
}

export async function signIn(page: Page, base: string, locale: string, email: string, password = 'demo-password-2026') {
  await page.goto(`${base}/${locale}/sign-in`);
  await page.fill('#f-email', email);
  await page.fill('#f-password', password);
  await Promise.all([page.waitForLoadState('load'), page.click('main button[type=submit]')]);
}

/** USWDS draws its own checkboxes and radios over visually hidden inputs: a person clicks the label. */
export async function tick(page: Page, selector: string) {
  const id = await page.locator(selector).getAttribute('id');
  await page.click(`label[for="${id}"]`);
  assert.equal(await page.locator(selector).isChecked(), true);
}
