// Officers' screens in a real browser with axe: the booth console and member kiosk in three languages, secondary
// inspection, and the analysts' lookout pages (posting, screening with explanations, hit review).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowserEnv, assertAccessible, signIn, tick, type BrowserEnv } from './browser.ts';
import { canadianApplicant } from '../travellers/fixtures.ts';

let env: BrowserEnv;
before(async () => {
  env = await startBrowserEnv();
});
after(async () => {
  await env?.close();
});

test('analyst posts a lookout, screens a subject, sees why it matched; the booth refers that traveller', async () => {
  const { base, browser } = env;
  const analyst = await (await browser.newContext()).newPage();
  await signIn(analyst, base, 'en', 'analyst.cbp@demo.smartborder.test');
  await analyst.goto(`${base}/en/lookouts/new`);
  await assertAccessible(analyst, 'new lookout');
  await analyst.click('main form button[type=submit]');
  await assertAccessible(analyst, 'new lookout with errors');
  await analyst.fill('#f-names', 'Petra Novak\nНовак Петра');
  await analyst.fill('#f-birthDates', '1985-04-23');
  await analyst.selectOption('#f-category', 'customs_smuggling');
  await analyst.fill('#f-reason', 'Suspected courier, seizure report 2026-77');
  await analyst.selectOption('#f-recommendedAction', 'refer_secondary');
  await tick(analyst, 'input[name=activate]');
  await analyst.click('main form button[type=submit]');
  assert.match(await analyst.locator('main').innerText(), /Petra Novak/);
  await assertAccessible(analyst, 'lookout view');
  await analyst.goto(`${base}/en/lookouts`);
  await assertAccessible(analyst, 'lookout list');
  await analyst.goto(`${base}/en/lookouts/screen`);
  await analyst.click('main form button[type=submit]');
  await assertAccessible(analyst, 'screen with errors');
  await analyst.fill('#f-name', 'NOVAK, Petra');
  await analyst.click('main form button[type=submit]');
  const result = await analyst.locator('main').innerText();
  assert.match(result, /Petra Novak/);
  assert.match(result, /Name/);
  await assertAccessible(analyst, 'screen result');

  const officer = await (await browser.newContext()).newPage();
  await signIn(officer, base, 'fr', 'border.cbp@demo.smartborder.test');
  await officer.goto(`${base}/fr/lanes/console?port=US-0901`);
  await assertAccessible(officer, 'console fr');
  await officer.click('main form[method=post] button[type=submit]');
  await assertAccessible(officer, 'console fr with error');
  await officer.selectOption('#f-lane', 'US-0901-general');
  await officer.fill(
    '#f-mrz',
    canadianApplicant({ surname: 'NOVAK', givenNames: 'PETRA', passportNumber: 'NN100200' }).identity.mrz,
  );
  await officer.click('main form[method=post] button[type=submit]');
  assert.equal(await officer.locator('.sb-decision--refer').count(), 1);
  await assertAccessible(officer, 'console fr referral');
  await officer.goto(`${base}/fr/lanes/secondary`);
  await assertAccessible(officer, 'secondary fr');
  await officer.click('main form button[type=submit]');
  assert.match(officer.url(), /secondary$/);

  await analyst.goto(`${base}/en/lookouts/hits`);
  await assertAccessible(analyst, 'hits');
});

test('the console admits a clean traveller and the kiosk answers in each language', async () => {
  const { base, browser } = env;
  for (const locale of ['en', 'es']) {
    const officer = await (await browser.newContext()).newPage();
    await signIn(officer, base, locale, 'border.cbp@demo.smartborder.test');
    await officer.goto(`${base}/${locale}/lanes/console?port=US-2504`);
    await officer.selectOption('#f-lane', 'US-2504-general');
    await officer.fill(
      '#f-mrz',
      canadianApplicant({ surname: 'LOPEZ', givenNames: 'ANA', passportNumber: 'LP220033', country: 'US' }).identity
        .mrz,
    );
    await officer.click('main form[method=post] button[type=submit]');
    assert.equal(await officer.locator('.sb-decision--admit').count(), 1);
    await assertAccessible(officer, `console ${locale} admit`);
    await officer.context().close();
  }
  // A kiosk is a registered device: an unenrolled screen is sent to enrolment, where the device credential is
  // entered once (a wrong one is refused); the browser then keeps it in an HttpOnly cookie.
  const { credential } = await env.p.modules.lanes.registerKiosk(null, 'PC-YUL', 'Browser test kiosk');
  const kiosk = await (await browser.newContext()).newPage();
  await kiosk.goto(`${base}/fr/kiosk/PC-YUL`);
  await kiosk.waitForURL(/\/fr\/kiosk\/PC-YUL\/enrol$/);
  await assertAccessible(kiosk, 'kiosk enrolment fr');
  await kiosk.fill('#f-credential', 'sbk_not-this-one');
  await kiosk.click('main form button[type=submit]');
  await kiosk.locator('#f-credential-error').waitFor();
  await assertAccessible(kiosk, 'kiosk enrolment fr error');
  await kiosk.fill('#f-credential', credential);
  await kiosk.click('main form button[type=submit]');
  await kiosk.waitForURL(/\/fr\/kiosk\/PC-YUL$/);
  for (const locale of ['en', 'fr', 'es']) {
    await kiosk.goto(`${base}/${locale}/kiosk/PC-YUL`);
    await assertAccessible(kiosk, `kiosk ${locale}`);
    await kiosk.click('main form button[type=submit]');
    await assertAccessible(kiosk, `kiosk ${locale} error`);
    await kiosk.fill('#f-card', 'NX1234567');
    await kiosk.click('main form button[type=submit]');
    assert.equal(await kiosk.locator('.sb-decision--refer').count(), 1);
    await assertAccessible(kiosk, `kiosk ${locale} see officer`);
  }
});
