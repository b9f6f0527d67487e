// The public wait board (with a forecast) in three languages and the planners' dashboard with a simulated scenario:
// charts with their tables, axe on each page and error state.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { startBrowserEnv, assertAccessible, signIn, type BrowserEnv } from './browser.ts';

let env: BrowserEnv;
before(async () => {
  env = await startBrowserEnv();
  const flow = env.p.modules.flow;
  await flow.importFile(
    null,
    'cbp-bwt',
    'bwt.csv',
    fs.readFileSync('data/flow/cbp-bwt-historical-san-ysidro.csv', 'utf8'),
    { portCode: '2504' },
  );
  await flow.importFile(
    null,
    'bts',
    'sy.csv',
    fs.readFileSync('data/flow/bts-border-crossing-entry-san-ysidro-1996-2021.csv', 'utf8'),
  );
});
after(async () => {
  await env?.close();
});

test('a traveller sees the board and a forecast in each language', async () => {
  const page = await (await env.browser.newContext()).newPage();
  for (const locale of ['en', 'fr', 'es']) {
    await page.goto(`${env.base}/${locale}/waits?port=US-2504`);
    await assertAccessible(page, `board ${locale}`);
    await page.fill('#f-at', '2026-07-15T13:00');
    await page.click('main form[novalidate] button[type=submit]');
    assert.equal(await page.locator('main .usa-alert').count(), 1);
    assert.ok((await page.locator('svg').count()) >= 1);
    await assertAccessible(page, `forecast ${locale}`);
  }
});

test('a planner runs a scenario and compares it with today', async () => {
  const page = await (await env.browser.newContext()).newPage();
  await signIn(page, env.base, 'fr', 'planner.cbp@demo.smartborder.test');
  await page.goto(`${env.base}/fr/flow?port=2504`);
  await assertAccessible(page, 'planner dashboard');
  await page.fill('#f-scenario', '{"name": 3}');
  await page.click('main form[method=post] button[type=submit]');
  assert.equal(await page.locator('#error-summary').count(), 1);
  await assertAccessible(page, 'scenario errors');
  await page.selectOption('#f-example', 'small-crossing.json');
  await page.fill('#f-scenario', '');
  await page.click('main form[method=post] button[type=submit]');
  assert.ok((await page.locator('main table').count()) >= 3);
  await assertAccessible(page, 'scenario results');
});
