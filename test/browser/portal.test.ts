// The whole trusted-traveller path as people would do it, in French, with axe on every page and error state.
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

test('sign up, apply for NEXUS and Global Entry in French, CBSA and CBP approve, interview, membership', async () => {
  const { base, browser } = env;
  const applicant = await (await browser.newContext()).newPage();
  const fixture = canadianApplicant({
    country: 'US',
    passportNumber: 'P7654321',
    surname: 'LEBLANC',
    givenNames: 'JULIE',
  });

  await applicant.goto(`${base}/fr/sign-up`);
  await assertAccessible(applicant, 'sign-up');
  await applicant.click('main button[type=submit]');
  assert.match(await applicant.locator('#error-summary').innerText(), /erreur/i);
  await assertAccessible(applicant, 'sign-up with errors');
  await applicant.fill('#f-displayName', 'Julie Leblanc');
  await applicant.fill('#f-email', 'julie@example.test');
  await applicant.fill('#f-password', 'une phrase de passe longue');
  await applicant.click('main button[type=submit]');
  await assertAccessible(applicant, 'home signed in');

  await applicant.goto(`${base}/fr/applications`);
  await assertAccessible(applicant, 'my applications');
  await applicant.click('main form button[type=submit]');
  await assertAccessible(applicant, 'new application with errors');
  await tick(applicant, 'input[name=programmes][value=NEXUS]');
  await tick(applicant, 'input[name=programmes][value=GLOBAL_ENTRY]');
  await applicant.click('main form button[type=submit]');
  assert.match(applicant.url(), /\/fr\/applications\/[0-9a-f-]+\/edit\/eligibility$/);
  const appUrl = applicant.url().replace(/\/edit\/eligibility$/, '');

  // Eligibility: an error state first, then the facts; the explanation appears on the same step.
  await applicant.click('main form button[type=submit]');
  await assertAccessible(applicant, 'eligibility with errors');
  await applicant.selectOption('#f-citizenships-0', 'US');
  await applicant.selectOption('#f-residenceCountry', 'US');
  await applicant.selectOption('#f-residenceStatus', 'citizen');
  await applicant.fill('#f-birthDate', fixture.facts.birthDate);
  await applicant.click('main form button[type=submit]');
  assert.match(await applicant.locator('main').innerText(), /admissible|éligible/i);
  await assertAccessible(applicant, 'eligibility explained');
  await applicant.goto(`${appUrl}/edit/identity`);

  // Identity: pasting the machine-readable zone fills and checks the fields.
  await applicant.fill('#f-mrz', 'P<USA' + 'garbage');
  await applicant.click('button[name=action][value=mrz]');
  await assertAccessible(applicant, 'identity with MRZ error');
  await applicant.fill('#f-mrz', fixture.identity.mrz);
  await applicant.click('button[name=action][value=mrz]');
  assert.equal(await applicant.inputValue('#f-surname'), 'LEBLANC');
  assert.equal(await applicant.inputValue('#f-passportNumber'), 'P7654321');
  await assertAccessible(applicant, 'identity filled from MRZ');
  await applicant.selectOption('#f-birthCountry', 'US');
  await applicant.click('button[name=action][value=save]');

  const a = fixture.history.addresses[0],
    e = fixture.history.employment[0];
  await applicant.click('button[name=action][value=save]');
  await assertAccessible(applicant, 'history with errors');
  await applicant.fill('#f-addresses-0-line', a.line);
  await applicant.fill('#f-addresses-0-city', a.city);
  await applicant.selectOption('#f-addresses-0-country', 'US');
  await applicant.fill('#f-addresses-0-from', a.from);
  await applicant.fill('#f-employment-0-employer', e.employer);
  await applicant.fill('#f-employment-0-occupation', e.occupation);
  await applicant.selectOption('#f-employment-0-country', 'US');
  await applicant.fill('#f-employment-0-from', e.from);
  await applicant.click('button[name=action][value=save]');

  await applicant.click('main form button[type=submit]');
  await assertAccessible(applicant, 'declarations with errors');
  for (const q of ['criminalConviction', 'customsViolation', 'immigrationViolation'])
    await tick(applicant, `#f-${q}-no`);
  await tick(applicant, 'input[name=truthful]');
  await applicant.click('main form button[type=submit]');
  assert.match(applicant.url(), /edit\/photo$/);
  await applicant.click('main form button[type=submit]');
  await assertAccessible(applicant, 'photo with error');
  await applicant.setInputFiles('#f-photo', 'test/fixtures/face.png');
  await applicant.click('main form button[type=submit]');
  assert.match(applicant.url(), /edit\/review$/);
  assert.match(await applicant.locator('main').innerText(), /fournisseur de test|test/i);
  await assertAccessible(applicant, 'review');
  await applicant.click('main form button[type=submit]');
  assert.equal(applicant.url(), appUrl);
  const status1 = await applicant.locator('main').innerText();
  assert.match(status1, /ASFC|CBSA/);
  assert.match(status1, /CBP/);
  assert.match(status1, /30/); // the CBSA 30-day service standard
  await assertAccessible(applicant, 'status under review');

  const id = appUrl.split('/').pop()!;
  for (const [email, agency] of [
    ['vetting.cbsa@demo.smartborder.test', 'CBSA'],
    ['vetting.cbp@demo.smartborder.test', 'CBP'],
  ]) {
    const officer = await (await browser.newContext()).newPage();
    await signIn(officer, base, 'fr', email);
    await officer.goto(`${base}/fr/vetting`);
    await assertAccessible(officer, `${agency} vetting queue`);
    assert.match(
      await officer.locator('main').innerText(),
      /JULIE LEBLANC/,
      'the queue shows the name, stored encrypted',
    );
    await officer.click(`a[href="/fr/vetting/${id}"]`);
    await assertAccessible(officer, `${agency} case`);
    await officer.click('main form button[type=submit]');
    await assertAccessible(officer, `${agency} decision with errors`);
    await tick(officer, '#dec-approve');
    await officer.click('main form button[type=submit]');
    assert.match(officer.url(), /\/fr\/vetting$/);
    await officer.context().close();
  }

  await applicant.goto(appUrl);
  assert.match(
    await applicant.locator('main').innerText(),
    /approuvée sous condition|conditionnellement|conditionally/i,
  );
  await applicant.goto(`${appUrl}/interview`);
  await assertAccessible(applicant, 'interview centres');
  const firstCentre = await applicant.locator('#f-centre option').nth(1).getAttribute('value');
  await applicant.selectOption('#f-centre', firstCentre!);
  await applicant.click('main form button[type=submit]');
  await assertAccessible(applicant, 'interview slots');
  await tick(applicant, '#slot-0');
  await applicant.click('main form[method=post] button[type=submit]');
  assert.equal(applicant.url(), appUrl);

  const enrol = await (await browser.newContext()).newPage();
  await signIn(enrol, base, 'fr', 'enrolment.cbsa@demo.smartborder.test');
  await enrol.goto(`${base}/fr/enrolment`);
  await assertAccessible(enrol, 'enrolment queue');
  assert.match(await enrol.locator('main').innerText(), /JULIE LEBLANC/);
  await enrol.click(`a[href="/fr/enrolment/${id}"]`);
  await enrol.click('main form button[type=submit]');
  await assertAccessible(enrol, 'enrolment with errors');
  await tick(enrol, 'input[name=documentsVerified]');
  await enrol.fill('#f-photoRef', 'PHOTO-7781');
  await enrol.fill('#f-biometricRef', 'FP-7781');
  await enrol.click('main form button[type=submit]');
  await assertAccessible(enrol, 'membership issued');

  await applicant.goto(appUrl);
  const final = await applicant.locator('main').innerText();
  assert.match(final, /Adhésion délivrée|adhésion/i);
  await applicant.goto(`${base}/fr/applications`);
  assert.match(await applicant.locator('main').innerText(), /\d{9}/);
  await assertAccessible(applicant, 'memberships');
  await applicant.goto(`${base}/fr/outbox`);
  await assertAccessible(applicant, 'outbox');

  // Key pages in English and Spanish.
  for (const locale of ['en', 'es']) {
    for (const path of [
      '/',
      '/applications',
      appUrl.replace(base + '/fr', ''),
      `${appUrl.replace(base + '/fr', '')}/interview`,
      '/account',
    ]) {
      await applicant.goto(`${base}/${locale}${path}`);
      assert.equal(await applicant.getAttribute('html', 'lang'), locale);
      await assertAccessible(applicant, `${locale} ${path}`);
    }
  }
});

test('sign-in errors, the audit log, API docs and a missing page are accessible', async () => {
  const { base, browser } = env;
  const page = await (await browser.newContext()).newPage();
  for (const locale of ['en', 'fr', 'es']) {
    await page.goto(`${base}/${locale}/sign-in`);
    await assertAccessible(page, `${locale} sign-in`);
    await page.fill('#f-email', 'nobody@example.test');
    await page.fill('#f-password', 'wrong');
    await page.click('main button[type=submit]');
    assert.equal(await page.locator('#error-summary').count(), 1);
    await assertAccessible(page, `${locale} sign-in failed`);
    await page.goto(`${base}/${locale}/no-such-page`);
    await assertAccessible(page, `${locale} 404`);
  }
  await signIn(page, base, 'es', 'auditor.inm@demo.smartborder.test');
  await page.goto(`${base}/es/audit?verify=1`);
  assert.match(await page.locator('main').innerText(), /intact|íntegra|integra/i);
  await assertAccessible(page, 'audit log');
});
