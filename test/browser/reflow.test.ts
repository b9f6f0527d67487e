// Reflow (WCAG 1.4.10) at 320 and 390 CSS pixels: no page scrolls sideways and nothing is cut off, only a table may
// scroll, inside its own container; the error summary takes the focus on load; the language switch after a POST.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { startBrowserEnv, assertAccessible, signIn, type BrowserEnv } from './browser.ts';

let env: BrowserEnv;
before(async () => {
  env = await startBrowserEnv();
  await env.p.modules.flow.importFile(
    null,
    'cbp-bwt',
    'bwt.csv',
    fs.readFileSync('data/flow/cbp-bwt-historical-san-ysidro.csv', 'utf8'),
    { portCode: '2504' },
  );
});
after(async () => {
  await env?.close();
});

/** The page's width, and what reaches past the viewport outside a container that scrolls sideways. */
async function overflow(page: Page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const scrolls = (el: Element) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.right <= width + 1) continue;
      let a = el.parentElement,
        inside = false;
      while (a && !inside) {
        inside = scrolls(a) && a.getBoundingClientRect().right <= width + 1;
        a = a.parentElement;
      }
      if (!inside) out.push(`${el.tagName.toLowerCase()}.${el.className} (right ${Math.round(box.right)})`);
    }
    return { scrollWidth: document.documentElement.scrollWidth, out: out.slice(0, 5) };
  });
}

async function assertReflows(page: Page, width: number, label: string) {
  const o = await overflow(page);
  assert.ok(o.scrollWidth <= width, `${label} at ${width} px is ${o.scrollWidth} px wide`);
  assert.deepEqual(o.out, [], `${label} at ${width} px: cut off or overflowing`);
}

test('every page reflows at 320 and 390 px, for the public and for officers, in French', async () => {
  for (const width of [320, 390]) {
    const ctx = await env.browser.newContext({ viewport: { width, height: 800 } });
    const page = await ctx.newPage();
    for (const u of ['/fr/', '/fr/sign-in', '/fr/sign-up', '/fr/waits?port=US-2504']) {
      await page.goto(env.base + u);
      await assertReflows(page, width, u);
    }
    for (const [who, urls] of [
      ['auditor.inm@demo.smartborder.test', ['/fr/', '/fr/audit']],
      ['vetting.cbsa@demo.smartborder.test', ['/fr/vetting']],
      ['analyst.cbp@demo.smartborder.test', ['/fr/lookouts', '/fr/lookouts/screen']],
      ['planner.cbp@demo.smartborder.test', ['/fr/flow']],
    ] as const) {
      await ctx.clearCookies();
      await signIn(page, env.base, 'fr', who);
      for (const u of urls) {
        await page.goto(env.base + u);
        await assertReflows(page, width, `${u} (${who})`);
      }
    }
    await page.goto(`${env.base}/fr/audit`);
    await assertAccessible(page, `audit at ${width} px`);
    await ctx.close();
  }
});

test('a form with errors: the summary has the focus, its links reach fields, the language switch a page', async () => {
  const ctx = await env.browser.newContext({ viewport: { width: 320, height: 800 } });
  const page = await ctx.newPage();
  await page.goto(`${env.base}/fr/sign-up`);
  await page.fill('#f-email', 'pas-une-adresse');
  await Promise.all([page.waitForLoadState('load'), page.click('main button[type=submit]')]);
  await page.waitForFunction(() => document.activeElement?.id === 'error-summary');
  await assertReflows(page, 320, 'sign-up with errors');
  await assertAccessible(page, 'sign-up with errors at 320 px');
  await page.click('#error-summary a[href="#f-email"]');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-email');
  await Promise.all([page.waitForLoadState('load'), page.click('nav.sb-lang a[lang="es"]')]);
  assert.equal(new URL(page.url()).pathname, '/es/sign-up');
  assert.equal(await page.locator('main h1').count(), 1);
  await ctx.close();
});
