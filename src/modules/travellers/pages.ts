// Applicant and officer pages of the portal. Server-rendered, work without JavaScript; each form re-renders with
// localized errors and keeps what the person typed.
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { html, raw, type SafeHtml } from '../../kernel/html.ts';
import { translator, countryName, type T } from '../../kernel/i18n.ts';
import { sendPage, pageUser, requireRole, type App } from '../../kernel/http.ts';
import {
  textField,
  textArea,
  selectField,
  checkboxes,
  csrfField,
  alert,
  formatDate,
  formatDateTime,
  localePath,
  fieldId,
  addNav,
} from '../../kernel/ui.ts';
import { countryOptions } from '../../kernel/countries.ts';
import { zodFieldErrors, type FieldError } from '../../kernel/validation.ts';
import { AppError } from '../../kernel/errors.ts';
import { hasRole, type User } from '../../kernel/auth.ts';
import { addHomeLink } from '../../kernel/routes.ts';
import { PROGRAMME_CODES, PROGRAMMES, isProgrammeCode, type ProgrammeCode } from './domain/programmes.ts';
import { parseMrz } from './domain/mrz.ts';
import {
  eligibilityFacts,
  identitySchema,
  historySchema,
  declarationsSchema,
  photoSchema,
  sniffImage,
  type Draft,
} from './personal.ts';
import { nestForm, filledRows, asArray, checked } from './forms.ts';
import { DENIAL_REASONS, SUSPENSION_REASONS, type Application, type TravellersService } from './service.ts';
import type { Derived } from './status.ts';

const L = '/:locale(en|fr|es)';
const STEPS = ['eligibility', 'identity', 'history', 'declarations', 'photo', 'review'] as const;
type Step = (typeof STEPS)[number];
const hide = { schema: { hide: true } };
const SERVICE_STANDARD_DAYS: Record<string, number> = { CBSA: 30 };

export function registerPages(app: App, svc: TravellersService) {
  addNav({ href: '/applications', key: 'travellers.nav.applications', show: (u) => !!u && u.kind === 'public' });
  addNav({ href: '/vetting', key: 'travellers.nav.vetting', show: (u) => hasRole(u, 'vetting_officer') });
  addNav({ href: '/enrolment', key: 'travellers.nav.enrolment', show: (u) => hasRole(u, 'enrolment_officer') });
  addHomeLink({
    href: '/applications',
    key: 'travellers.home.apply',
    descKey: 'travellers.home.apply_desc',
    show: (u) => !u || u.kind === 'public',
  });
  addHomeLink({
    href: '/vetting',
    key: 'travellers.nav.vetting',
    descKey: 'travellers.home.vetting_desc',
    show: (u) => hasRole(u, 'vetting_officer'),
  });
  addHomeLink({
    href: '/enrolment',
    key: 'travellers.nav.enrolment',
    descKey: 'travellers.home.enrolment_desc',
    show: (u) => hasRole(u, 'enrolment_officer'),
  });

  const progName = (tt: T, p: string) => tt(`travellers.programme.${p}.name`);
  const stageTag = (tt: T, st: Derived['stage']) =>
    html`<span class="usa-tag ${st === 'denied' ? 'bg-secondary-dark' : st === 'member' ? 'bg-green' : ''}">${tt('travellers.stage.' + st)}</span>`;

  // ---------- my applications ----------
  app.get(`${L}/applications`, hide, async (req, reply) => {
    const u = pageUser(req, reply);
    if (!u) return reply;
    const tt = translator(req.locale);
    const apps = await svc.listForUser(u.id);
    const rows: SafeHtml[] = [];
    for (const a of apps) {
      const st = (await svc.getForViewer(u, a.id, 'own application')).status;
      rows.push(
        html`<tr><th scope="row"><a class="usa-link" href="${localePath(req.locale, `/applications/${a.id}`)}">${a.reference}</a></th><td>${a.programmes.map((p) => progName(tt, p)).join(', ')}</td><td>${stageTag(tt, st.stage)}</td><td>${formatDateTime(req.locale, a.updatedAt)}</td></tr>`,
      );
    }
    const memberships = await svc.membershipsForUser(u.id);
    const body = html`<h1>${tt('travellers.apps.title')}</h1>
      ${apps.length ? html`<table class="usa-table"><caption>${tt('travellers.apps.caption')}</caption><thead><tr><th scope="col">${tt('travellers.apps.reference')}</th><th scope="col">${tt('travellers.apps.programmes')}</th><th scope="col">${tt('common.status')}</th><th scope="col">${tt('travellers.apps.updated')}</th></tr></thead><tbody>${rows}</tbody></table>` : html`<p>${tt('travellers.apps.none')}</p>`}
      ${memberships.length ? html`<h2>${tt('travellers.memberships.title')}</h2>${memberships.map((m: any) => membershipCard(req, tt, m))}` : ''}
      <h2>${tt('travellers.apps.start')}</h2>
      ${newApplicationForm(req, tt, [], [])}`;
    return sendPage(reply, req, { title: tt('travellers.apps.title'), body });
  });

  function newApplicationForm(
    req: FastifyRequest,
    tt: T,
    selected: string[],
    errors: FieldError[],
    fastRegion?: string,
  ) {
    return html`<form class="usa-form usa-form--large" method="post" action="${localePath(req.locale, '/applications')}" novalidate>${csrfField(req)}
      ${programmeChoice(tt, selected, errors, fastRegion)}
      <button class="usa-button" type="submit">${tt('travellers.apps.start_button')}</button></form>`;
  }
  function programmeChoice(tt: T, selected: string[], errors: FieldError[], fastRegion?: string) {
    return html`${checkboxes({ name: 'programmes', legend: tt('travellers.apps.choose'), values: selected, errors, options: PROGRAMME_CODES.map((p) => ({ value: p, label: progName(tt, p), hint: tt(`travellers.programme.${p}.description`) })) })}
      ${selectField({
        name: 'fastRegion',
        label: tt('travellers.apps.fast_region'),
        hint: tt('travellers.apps.fast_region_hint'),
        value: fastRegion ?? '',
        empty: tt('common.none'),
        options: [
          { value: 'north', label: tt('travellers.region.north') },
          { value: 'south', label: tt('travellers.region.south') },
        ],
        errors,
      })}`;
  }

  app.post(`${L}/applications`, hide, async (req, reply) => {
    const u = pageUser(req, reply);
    if (!u) return reply;
    const tt = translator(req.locale);
    const b = req.body as Record<string, unknown>;
    const programmes = asArray(b.programmes).filter(isProgrammeCode);
    const fastRegion = b.fastRegion === 'north' || b.fastRegion === 'south' ? b.fastRegion : null;
    const errors: FieldError[] = [];
    if (!programmes.length) errors.push({ path: 'programmes', message: tt('travellers.err.choose_programme') });
    if (programmes.includes('FAST') && !fastRegion)
      errors.push({ path: 'fastRegion', message: tt('travellers.err.fast_region') });
    if (errors.length)
      return sendPage(reply, req, {
        title: tt('travellers.apps.title'),
        errors,
        body: html`<h1>${tt('travellers.apps.start')}</h1>${newApplicationForm(req, tt, programmes, errors, fastRegion ?? '')}`,
      });
    const a = await svc.createApplication(u, programmes, fastRegion);
    return reply.redirect(localePath(req.locale, `/applications/${a.id}/edit/eligibility`), 303);
  });

  // ---------- the application form, step by step ----------
  function stepNav(req: FastifyRequest, tt: T, a: Application, current: Step) {
    return html`<nav aria-label="${tt('travellers.steps.label')}"><ol class="usa-step-indicator__segments margin-bottom-3">${STEPS.map((s, i) => html`<li class="usa-step-indicator__segment ${s === current ? 'usa-step-indicator__segment--current' : STEPS.indexOf(current) > i ? 'usa-step-indicator__segment--complete' : ''}"${raw(s === current ? ' aria-current="step"' : '')}><a class="usa-step-indicator__segment-label usa-link" href="${localePath(req.locale, `/applications/${a.id}/edit/${s}`)}">${i + 1}. ${tt('travellers.step.' + s)}</a></li>`)}</ol></nav>`;
  }

  async function ownDraft(req: FastifyRequest, reply: FastifyReply) {
    const u = pageUser(req, reply);
    if (!u) return null;
    const { id } = req.params as { id: string };
    const v = await svc.getForViewer(u, z.string().uuid().parse(id), 'own application');
    if (v.app.userId !== u.id) throw new AppError(404, 'errors.not_found');
    return { u, ...v };
  }

  function renderStep(
    req: FastifyRequest,
    reply: FastifyReply,
    tt: T,
    a: Application,
    draft: Draft,
    step: Step,
    values: Record<string, any>,
    errors: FieldError[],
    extra?: SafeHtml,
  ) {
    const countryOpts = countryOptions(req.locale);
    const action = localePath(req.locale, `/applications/${a.id}/edit/${step}`);
    let form: SafeHtml;
    if (step === 'eligibility') {
      const f = values as any;
      const elig = svc.eligibilityFor(a, draft);
      form = html`${elig ? html`<section aria-labelledby="elig-h" class="margin-bottom-3"><h2 id="elig-h">${tt('travellers.elig.title')}</h2>${elig.map((e) => html`<div class="usa-alert ${e.eligible ? 'usa-alert--success' : 'usa-alert--warning'} usa-alert--slim margin-y-1"><div class="usa-alert__body"><p class="usa-alert__text"><strong>${progName(tt, e.programme)}: ${e.eligible ? tt('travellers.elig.eligible') : tt('travellers.elig.not_eligible')}</strong></p><ul>${e.reasons.map((r) => html`<li>${tt(r.key, r.args)}</li>`)}</ul></div></div>`)}</section>` : ''}
      <form class="usa-form usa-form--large" method="post" action="${action}" novalidate>${csrfField(req)}
        ${programmeChoice(tt, values.programmes ?? a.programmes, errors, values.fastRegion ?? a.fastRegion ?? '')}
        ${selectField({ name: 'citizenships.0', label: tt('travellers.f.citizenship'), value: f.citizenships?.[0], empty: '—', options: countryOpts, errors })}
        ${selectField({ name: 'citizenships.1', label: tt('travellers.f.citizenship2'), value: f.citizenships?.[1], empty: tt('common.none'), options: countryOpts, errors })}
        ${selectField({ name: 'residenceCountry', label: tt('travellers.f.residence_country'), value: f.residenceCountry, empty: '—', options: countryOpts, errors })}
        ${selectField({ name: 'residenceStatus', label: tt('travellers.f.residence_status'), value: f.residenceStatus, empty: '—', options: ['citizen', 'permanent_resident', 'other'].map((s) => ({ value: s, label: tt('travellers.residence.' + s) })), errors })}
        ${textField({ name: 'birthDate', label: tt('travellers.f.birth_date'), hint: tt('travellers.f.date_hint'), value: f.birthDate, errors, autocomplete: 'bday', width: 'medium' })}
        ${checkboxes({ name: 'commercialDriver', legend: tt('travellers.f.commercial_driver_legend'), values: f.commercialDriver ? ['on'] : [], options: [{ value: 'on', label: tt('travellers.f.commercial_driver') }], errors })}
        <fieldset class="usa-fieldset"><legend class="usa-legend">${tt('travellers.f.guardian_legend')}</legend><p class="usa-hint">${tt('travellers.f.guardian_hint')}</p>
        ${textField({ name: 'guardianName', label: tt('travellers.f.guardian_name'), value: f.guardianName, errors })}
        ${checkboxes({ name: 'guardianConsent', legend: tt('travellers.f.guardian_consent_legend'), values: f.guardianConsent ? ['on'] : [], options: [{ value: 'on', label: tt('travellers.f.guardian_consent') }], errors })}</fieldset>
        <button class="usa-button" type="submit">${tt('travellers.save_continue')}</button>
      </form>`;
    } else if (step === 'identity') {
      const f = values as any;
      form = html`<form class="usa-form usa-form--large" method="post" action="${action}" novalidate>${csrfField(req)}
        ${textArea({ name: 'mrz', label: tt('travellers.f.mrz'), hint: tt('travellers.f.mrz_hint'), value: f.mrz, errors, rows: 3, attrs: raw(' class="sb-mono" spellcheck="false" autocapitalize="characters"') })}
        <button class="usa-button usa-button--outline" type="submit" name="action" value="mrz">${tt('travellers.f.mrz_fill')}</button>
        ${textField({ name: 'surname', label: tt('travellers.f.surname'), value: f.surname, errors, autocomplete: 'family-name' })}
        ${textField({ name: 'givenNames', label: tt('travellers.f.given_names'), value: f.givenNames, errors, autocomplete: 'given-name' })}
        ${selectField({ name: 'sex', label: tt('travellers.f.sex'), value: f.sex, empty: '—', options: ['F', 'M', 'X'].map((s) => ({ value: s, label: tt('travellers.sex.' + s) })), errors })}
        ${selectField({ name: 'birthCountry', label: tt('travellers.f.birth_country'), value: f.birthCountry, empty: '—', options: countryOpts, errors })}
        ${textField({ name: 'passportNumber', label: tt('travellers.f.passport_number'), value: f.passportNumber, errors, attrs: raw(' autocapitalize="characters" spellcheck="false"') })}
        ${selectField({ name: 'passportCountry', label: tt('travellers.f.passport_country'), value: f.passportCountry, empty: '—', options: countryOpts, errors })}
        ${textField({ name: 'passportExpiry', label: tt('travellers.f.passport_expiry'), hint: tt('travellers.f.date_hint'), value: f.passportExpiry, errors, width: 'medium' })}
        <button class="usa-button" type="submit" name="action" value="save">${tt('travellers.save_continue')}</button>
      </form>`;
    } else if (step === 'history') {
      const f = values as any;
      const addrs = [...(f.addresses ?? []), ...Array(Math.max(1, 4 - (f.addresses?.length ?? 0))).fill({})];
      const jobs = [...(f.employment ?? []), ...Array(Math.max(1, 3 - (f.employment?.length ?? 0))).fill({})];
      const trips = [...(f.travel ?? []), ...Array(Math.max(1, 4 - (f.travel?.length ?? 0))).fill({})];
      form = html`<form class="usa-form usa-form--large" method="post" action="${action}" novalidate>${csrfField(req)}
        <p class="usa-hint">${tt('travellers.f.history_hint')}</p>
        ${addrs.map(
          (
            ad: any,
            i: number,
          ) => html`<fieldset class="usa-fieldset margin-top-2" id="${fieldId('addresses')}${i ? '-' + i : ''}"><legend class="usa-legend usa-legend--large">${tt('travellers.f.address_n', { n: i + 1 })}</legend>
          ${textField({ name: `addresses.${i}.line`, label: tt('travellers.f.address_line'), value: ad.line, errors, autocomplete: i === 0 ? 'street-address' : undefined })}
          ${textField({ name: `addresses.${i}.city`, label: tt('travellers.f.city'), value: ad.city, errors })}
          ${selectField({ name: `addresses.${i}.country`, label: tt('travellers.f.country'), value: ad.country, empty: '—', options: countryOpts, errors })}
          ${textField({ name: `addresses.${i}.from`, label: tt('travellers.f.from'), hint: tt('travellers.f.month_hint'), value: ad.from, errors, width: 'small' })}
          ${textField({ name: `addresses.${i}.to`, label: tt('travellers.f.to'), hint: tt('travellers.f.to_hint'), value: ad.to, errors, width: 'small' })}</fieldset>`,
        )}
        ${jobs.map(
          (
            j: any,
            i: number,
          ) => html`<fieldset class="usa-fieldset margin-top-2" id="${fieldId('employment')}${i ? '-' + i : ''}"><legend class="usa-legend usa-legend--large">${tt('travellers.f.employment_n', { n: i + 1 })}</legend>
          ${textField({ name: `employment.${i}.employer`, label: tt('travellers.f.employer'), hint: tt('travellers.f.employer_hint'), value: j.employer, errors })}
          ${textField({ name: `employment.${i}.occupation`, label: tt('travellers.f.occupation'), value: j.occupation, errors })}
          ${selectField({ name: `employment.${i}.country`, label: tt('travellers.f.country'), value: j.country, empty: '—', options: countryOpts, errors })}
          ${textField({ name: `employment.${i}.from`, label: tt('travellers.f.from'), hint: tt('travellers.f.month_hint'), value: j.from, errors, width: 'small' })}
          ${textField({ name: `employment.${i}.to`, label: tt('travellers.f.to'), hint: tt('travellers.f.to_hint'), value: j.to, errors, width: 'small' })}</fieldset>`,
        )}
        <fieldset class="usa-fieldset margin-top-2"><legend class="usa-legend usa-legend--large">${tt('travellers.f.travel')}</legend><p class="usa-hint">${tt('travellers.f.travel_hint')}</p>
        ${trips.map(
          (
            tr: any,
            i: number,
          ) => html`<div class="grid-row grid-gap">${selectField({ name: `travel.${i}.country`, label: tt('travellers.f.travel_country', { n: i + 1 }), value: tr.country, empty: '—', options: countryOpts, errors })}
          ${textField({ name: `travel.${i}.year`, label: tt('travellers.f.travel_year', { n: i + 1 }), value: tr.year, errors, width: 'small', inputmode: 'numeric' })}</div>`,
        )}</fieldset>
        <button class="usa-button usa-button--outline" type="submit" name="action" value="more">${tt('travellers.f.more_rows')}</button>
        <button class="usa-button" type="submit" name="action" value="save">${tt('travellers.save_continue')}</button>
      </form>`;
    } else if (step === 'declarations') {
      const f = values as any;
      const yesNo = (
        name: string,
      ) => html`<fieldset class="usa-fieldset margin-top-2" id="${fieldId(name)}"><legend class="usa-legend">${tt('travellers.decl.' + name)}</legend>
        ${errors.find((e) => e.path === name) ? html`<span class="usa-error-message" role="alert">${errors.find((e) => e.path === name)!.message}</span>` : ''}
        ${['yes', 'no'].map((v) => html`<div class="usa-radio"><input class="usa-radio__input" id="${fieldId(name)}-${v}" type="radio" name="${name}" value="${v}"${raw(f[name] === (v === 'yes') || f[name] === v ? ' checked' : '')}><label class="usa-radio__label" for="${fieldId(name)}-${v}">${tt('common.' + v)}</label></div>`)}</fieldset>`;
      form = html`<form class="usa-form usa-form--large" method="post" action="${action}" novalidate>${csrfField(req)}
        ${yesNo('criminalConviction')}${yesNo('customsViolation')}${yesNo('immigrationViolation')}
        ${textArea({ name: 'explanation', label: tt('travellers.decl.explanation'), hint: tt('travellers.decl.explanation_hint'), value: f.explanation, errors })}
        ${checkboxes({ name: 'truthful', legend: tt('travellers.decl.truthful_legend'), values: f.truthful ? ['on'] : [], options: [{ value: 'on', label: tt('travellers.decl.truthful') }], errors })}
        <button class="usa-button" type="submit">${tt('travellers.save_continue')}</button></form>`;
    } else if (step === 'photo') {
      form = html`${draft.photo ? html`<p>${tt('travellers.photo.current')}</p><img src="${localePath(req.locale, `/applications/${a.id}/photo`)}" alt="${tt('travellers.photo.alt')}" width="160" class="margin-bottom-2">` : ''}
        <form class="usa-form usa-form--large" method="post" action="${action}" enctype="multipart/form-data" novalidate>${csrfField(req)}
        <div class="usa-form-group ${errors.length ? 'usa-form-group--error' : ''}">
          <label class="usa-label" for="f-photo">${tt('travellers.photo.label')}</label>
          <div class="usa-hint" id="f-photo-hint">${tt('travellers.photo.hint')}</div>
          ${errors.map((e) => html`<span class="usa-error-message" id="f-photo-error" role="alert">${e.message}</span>`)}
          <input class="usa-file-input" id="f-photo" name="photo" type="file" accept="image/jpeg,image/png" aria-describedby="f-photo-hint${errors.length ? ' f-photo-error' : ''}">
        </div>
        <button class="usa-button" type="submit">${tt('travellers.save_continue')}</button></form>`;
    } else {
      const { problems } = svc.validateForSubmission(a, draft);
      const fee = svc.feeFor(a, draft);
      form = html`${problems.length ? html`<div class="usa-alert usa-alert--warning"><div class="usa-alert__body"><h2 class="usa-alert__heading">${tt('travellers.review.incomplete')}</h2><ul>${problems.map((p) => html`<li>${tt(p.key, p.args)}</li>`)}</ul></div></div>` : alert('success', tt('travellers.review.complete'))}
        ${draft.identity ? html`<dl><dt>${tt('travellers.f.surname')}</dt><dd>${draft.identity.surname}</dd><dt>${tt('travellers.f.given_names')}</dt><dd>${draft.identity.givenNames}</dd><dt>${tt('travellers.f.passport_number')}</dt><dd class="sb-mono">${draft.identity.passportNumber}</dd></dl>` : ''}
        <h2>${tt('travellers.review.fee')}</h2>
        ${fee ? html`<table class="usa-table"><caption>${tt('travellers.review.fee_caption')}</caption><thead><tr><th scope="col">${tt('travellers.apps.programmes')}</th><th scope="col">${tt('travellers.review.amount')}</th></tr></thead><tbody>${fee.lines.map((l) => html`<tr><th scope="row">${progName(tt, l.programme)}</th><td>${new Intl.NumberFormat(req.locale, { style: 'currency', currency: l.currency }).format(l.amount)}${l.waived ? html` — ${tt('travellers.review.waived')}` : ''}</td></tr>`)}</tbody></table>` : ''}
        <p class="usa-hint">${tt('travellers.review.test_provider', { provider: svc.payments.name })}</p>
        <form method="post" action="${localePath(req.locale, `/applications/${a.id}/submit`)}">${csrfField(req)}
          <button class="usa-button" type="submit"${raw(problems.length ? ' disabled aria-disabled="true"' : '')}>${tt('travellers.review.pay_submit')}</button></form>`;
    }
    return sendPage(reply, req, {
      title: tt('travellers.step.' + step),
      errors,
      body: html`<h1>${tt('travellers.edit.title', { reference: a.reference })}</h1>${stepNav(req, tt, a, step)}${extra ?? ''}<h2>${tt('travellers.step.' + step)}</h2>${form}`,
    });
  }

  app.get(`${L}/applications/:id/edit/:step`, hide, async (req, reply) => {
    const v = await ownDraft(req, reply);
    if (!v) return reply;
    const step = (req.params as any).step as Step;
    if (!STEPS.includes(step)) throw new AppError(404, 'errors.not_found');
    if (v.app.submittedAt) return reply.redirect(localePath(req.locale, `/applications/${v.app.id}`), 303);
    const tt = translator(req.locale);
    const values =
      step === 'eligibility'
        ? { ...(v.draft.facts ?? {}) }
        : step === 'identity'
          ? { ...(v.draft.identity ?? {}) }
          : step === 'history'
            ? { ...(v.draft.history ?? {}) }
            : step === 'declarations'
              ? { ...(v.draft.declarations ?? {}) }
              : {};
    return renderStep(req, reply, tt, v.app, v.draft, step, values, []);
  });

  app.post(`${L}/applications/:id/edit/:step`, hide, async (req, reply) => {
    const v = await ownDraft(req, reply);
    if (!v) return reply;
    const tt = translator(req.locale);
    const step = (req.params as any).step as Step;
    if (!STEPS.includes(step) || step === 'review') throw new AppError(404, 'errors.not_found');
    const body = req.body as Record<string, unknown>;
    const next = STEPS[STEPS.indexOf(step) + 1];
    const go = () => reply.redirect(localePath(req.locale, `/applications/${v.app.id}/edit/${next}`), 303);
    if (step === 'photo') {
      const file = body.photo;
      const buf = Buffer.isBuffer(file) ? file : null;
      const type = buf ? sniffImage(buf) : null;
      if (!buf || !buf.length) {
        if (v.draft.photo) return go();
        return renderStep(req, reply, tt, v.app, v.draft, step, {}, [
          { path: 'photo', message: tt('travellers.err.photo_required') },
        ]);
      }
      const parsed = photoSchema.safeParse({ mediaType: type ?? 'image/jpeg', base64: buf.toString('base64') });
      if (!type || !parsed.success)
        return renderStep(req, reply, tt, v.app, v.draft, step, {}, [
          { path: 'photo', message: tt('travellers.err.photo_type') },
        ]);
      await svc.saveDraft(v.u, v.app.id, { photo: parsed.data });
      return go();
    }
    const form = nestForm(body);
    if (step === 'eligibility') {
      const programmes = asArray(body.programmes).filter(isProgrammeCode);
      const fastRegion = form.fastRegion === 'north' || form.fastRegion === 'south' ? form.fastRegion : null;
      const values = {
        ...form,
        citizenships: asArray(form.citizenships).filter(Boolean),
        commercialDriver: checked(form.commercialDriver),
        guardianConsent: checked(form.guardianConsent),
        programmes,
      };
      const parsed = eligibilityFacts.safeParse({ ...values, fastRegion: fastRegion ?? undefined });
      const errors = parsed.success
        ? []
        : zodFieldErrors(tt, parsed.error).map((e) => ({
            ...e,
            path: e.path.replace(/^citizenships$/, 'citizenships.0'),
          }));
      if (!programmes.length) errors.push({ path: 'programmes', message: tt('travellers.err.choose_programme') });
      if (programmes.includes('FAST') && !fastRegion)
        errors.push({ path: 'fastRegion', message: tt('travellers.err.fast_region') });
      if (!parsed.success || errors.length) return renderStep(req, reply, tt, v.app, v.draft, step, values, errors);
      await svc.saveDraft(v.u, v.app.id, { facts: parsed.data }, { programmes, fastRegion });
      // Stay on the step once so the person sees the eligibility explanation before moving on.
      return reply.redirect(localePath(req.locale, `/applications/${v.app.id}/edit/eligibility?saved=1`), 303);
    }
    if (step === 'identity') {
      let values = { ...form } as Record<string, any>;
      if (body.action === 'mrz') {
        const m = parseMrz(String(form.mrz ?? ''), { today: new Date().toISOString().slice(0, 10) });
        const errors = m.errors.map((e) => ({ path: 'mrz', message: tt(e.key, e.args) }));
        if (m.fields.surname)
          values = {
            ...values,
            surname: m.fields.surname,
            givenNames: m.fields.givenNames ?? '',
            sex: m.fields.sex ?? '',
            passportNumber: m.fields.documentNumber ?? '',
            passportCountry: m.fields.issuingCountry?.alpha2 ?? '',
            passportExpiry: m.fields.expiryDate ?? '',
            birthCountry: values.birthCountry || m.fields.nationality?.alpha2 || '',
          };
        const note = m.ok ? alert('success', tt('travellers.f.mrz_ok')) : undefined;
        return renderStep(req, reply, tt, v.app, v.draft, step, values, errors, note);
      }
      const parsed = identitySchema.safeParse(values);
      if (!parsed.success)
        return renderStep(req, reply, tt, v.app, v.draft, step, values, zodFieldErrors(tt, parsed.error));
      if (parsed.data.mrz.trim()) {
        const m = parseMrz(parsed.data.mrz, { today: new Date().toISOString().slice(0, 10) });
        if (!m.ok)
          return renderStep(
            req,
            reply,
            tt,
            v.app,
            v.draft,
            step,
            values,
            m.errors.map((e) => ({ path: 'mrz', message: tt(e.key, e.args) })),
          );
      }
      await svc.saveDraft(v.u, v.app.id, { identity: parsed.data });
      return go();
    }
    if (step === 'history') {
      const values = {
        addresses: filledRows(form.addresses),
        employment: filledRows(form.employment),
        travel: filledRows(form.travel),
      };
      if (body.action === 'more')
        return renderStep(
          req,
          reply,
          tt,
          v.app,
          v.draft,
          step,
          {
            addresses: [...values.addresses, {}, {}],
            employment: [...values.employment, {}],
            travel: [...values.travel, {}, {}],
          },
          [],
        );
      const parsed = historySchema.safeParse(values);
      if (!parsed.success)
        return renderStep(req, reply, tt, v.app, v.draft, step, values, zodFieldErrors(tt, parsed.error));
      await svc.saveDraft(v.u, v.app.id, { history: parsed.data });
      return go();
    }
    const values = {
      criminalConviction: form.criminalConviction === undefined ? undefined : form.criminalConviction === 'yes',
      customsViolation: form.customsViolation === undefined ? undefined : form.customsViolation === 'yes',
      immigrationViolation: form.immigrationViolation === undefined ? undefined : form.immigrationViolation === 'yes',
      explanation: form.explanation ?? '',
      truthful: checked(form.truthful),
    };
    const parsed = declarationsSchema.safeParse(values);
    if (!parsed.success)
      return renderStep(req, reply, tt, v.app, v.draft, step, values, zodFieldErrors(tt, parsed.error));
    await svc.saveDraft(v.u, v.app.id, { declarations: parsed.data });
    return go();
  });

  app.post(`${L}/applications/:id/submit`, hide, async (req, reply) => {
    const v = await ownDraft(req, reply);
    if (!v) return reply;
    const tt = translator(req.locale);
    try {
      await svc.submit(v.u, v.app.id);
    } catch (e) {
      if (e instanceof AppError && e.fields)
        return renderStep(
          req,
          reply,
          tt,
          v.app,
          v.draft,
          'review',
          {},
          Object.entries(e.fields).map(([p, f]) => ({ path: p, message: tt(f.key, f.args) })),
        );
      throw e;
    }
    return reply.redirect(localePath(req.locale, `/applications/${v.app.id}`), 303);
  });

  // The photo is served only to the applicant and to officers entitled to the application (their view is audited).
  app.get(`${L}/applications/:id/photo`, hide, async (req, reply) => {
    const u = pageUser(req, reply);
    if (!u) return reply;
    const v = await svc.getForViewer(
      u,
      z
        .string()
        .uuid()
        .parse((req.params as any).id),
      'photo',
    );
    if (!v.draft.photo) throw new AppError(404, 'errors.not_found');
    return reply
      .type(v.draft.photo.mediaType)
      .header('cache-control', 'no-store, private')
      .send(Buffer.from(v.draft.photo.base64, 'base64'));
  });

  // ---------- status page ----------
  app.get(`${L}/applications/:id`, hide, async (req, reply) => {
    const v = await ownDraft(req, reply);
    if (!v) return reply;
    const tt = translator(req.locale);
    const { app: a, status: st, actions } = v;
    const agencies = svc.requiredAgencies(a);
    const days = st.since ? Math.floor((Date.now() - new Date(st.since).getTime()) / 86400000) : 0;
    const standards =
      st.stage === 'under_review'
        ? st.holders
            .filter((h) => SERVICE_STANDARD_DAYS[h])
            .map((h) => tt('travellers.status.standard', { agency: h, days: SERVICE_STANDARD_DAYS[h], elapsed: days }))
        : [];
    const interviewCentre = st.interview ? await svc.centre(st.interview.centreId) : null;
    const body = html`<h1>${tt('travellers.status.title', { reference: a.reference })}</h1>
      <p>${a.programmes.map((p) => progName(tt, p)).join(' · ')}</p>
      <div class="usa-summary-box" role="region" aria-labelledby="now-h"><div class="usa-summary-box__body"><h2 class="usa-summary-box__heading" id="now-h">${tt('travellers.status.now')}: ${tt('travellers.stage.' + st.stage)}</h2>
        <div class="usa-summary-box__text">
        ${st.holders.length ? html`<p>${tt('travellers.status.held_by', { agencies: st.holders.map((h) => tt('agency.' + h)).join(', ') })}</p>` : ''}
        ${st.since ? html`<p>${tt('travellers.status.since', { date: formatDateTime(req.locale, st.since), days })}</p>` : ''}
        ${standards.map((s) => html`<p>${s}</p>`)}
        ${st.screening === 'pending' ? html`<p>${tt('travellers.status.screening_pending')}</p>` : ''}
        <p><strong>${tt('travellers.status.next')}</strong> ${tt('travellers.next.' + st.stage)}</p>
        ${st.stage === 'draft' ? html`<a class="usa-button" href="${localePath(req.locale, `/applications/${a.id}/edit/eligibility`)}">${tt('travellers.status.continue')}</a>` : ''}
        ${st.stage === 'conditionally_approved' || st.stage === 'interview_scheduled' ? html`<a class="usa-button" href="${localePath(req.locale, `/applications/${a.id}/interview`)}">${st.interview ? tt('travellers.interview.manage') : tt('travellers.interview.book')}</a>` : ''}
        ${interviewCentre ? html`<p>${tt('travellers.interview.at', { centre: interviewCentre.name, city: interviewCentre.city })} ${st.interview?.startsAt ? formatDateTime(req.locale, st.interview.startsAt) : tt('travellers.interview.on_arrival')}</p>` : ''}
        </div></div></div>
      ${st.deniedBy.map(
        (
          d,
        ) => html`<div class="usa-alert usa-alert--error margin-y-2"><div class="usa-alert__body"><h2 class="usa-alert__heading">${tt('travellers.denied.title', { agency: tt('agency.' + d.agency) })}</h2>
        <p class="usa-alert__text"><strong>${tt('travellers.denial.' + d.reasonCode)}</strong></p><p class="usa-alert__text">${d.explanation}</p><p class="usa-alert__text">${tt('travellers.redress.' + d.agency)}</p></div></div>`,
      )}
      ${
        st.openQuestion
          ? html`<section class="margin-y-3" aria-labelledby="q-h"><h2 id="q-h">${tt('travellers.question.title', { agency: tt('agency.' + st.openQuestion.agency) })}</h2><blockquote class="usa-prose">${st.openQuestion.question}</blockquote>
        <form class="usa-form usa-form--large" method="post" action="${localePath(req.locale, `/applications/${a.id}/answer`)}">${csrfField(req)}${textArea({ name: 'answer', label: tt('travellers.question.answer') })}<button class="usa-button" type="submit">${tt('travellers.question.send')}</button></form></section>`
          : ''
      }
      <h2>${tt('travellers.status.agencies')}</h2>
      <ul class="usa-list">${agencies.map((ag) => html`<li>${tt('agency.' + ag)}: ${st.approvedBy.includes(ag) ? tt('travellers.status.agency_approved') : st.deniedBy.some((d) => d.agency === ag) ? tt('travellers.status.agency_denied') : a.submittedAt ? tt('travellers.status.agency_pending') : tt('travellers.status.agency_not_yet')}</li>`)}</ul>
      <h2>${tt('travellers.status.history')}</h2>
      <ol class="sb-timeline">${actions.filter((x) => x.kind !== 'draft_saved').map((x, i, arr) => html`<li class="${i === arr.length - 1 ? 'sb-current' : ''}"><strong>${tt('travellers.action.' + x.kind, { agency: x.agency ?? '' })}</strong><br><span class="font-body-3xs">${formatDateTime(req.locale, x.at)}</span></li>`)}</ol>`;
    return sendPage(reply, req, { title: tt('travellers.status.title', { reference: a.reference }), body });
  });

  app.post(`${L}/applications/:id/answer`, hide, async (req, reply) => {
    const v = await ownDraft(req, reply);
    if (!v) return reply;
    const answer = String((req.body as any).answer ?? '').trim();
    if (answer.length < 2 || answer.length > 4000)
      throw new AppError(422, 'travellers.err.answer', {}, { answer: { key: 'travellers.err.answer' } });
    await svc.answerQuestion(v.u, v.app.id, answer);
    return reply.redirect(localePath(req.locale, `/applications/${v.app.id}`), 303);
  });

  // ---------- interview booking ----------
  app.get(`${L}/applications/:id/interview`, hide, async (req, reply) => {
    const v = await ownDraft(req, reply);
    if (!v) return reply;
    const tt = translator(req.locale);
    const centres = await svc.centresFor(v.app);
    const q = req.query as { centre?: string };
    const centre = centres.find((c: any) => c.id === q.centre);
    const slots = centre ? await svc.slots(centre.id) : [];
    const body = html`<h1>${tt('travellers.interview.title')}</h1>
      ${
        v.status.interview
          ? html`<div class="usa-alert usa-alert--info"><div class="usa-alert__body"><p class="usa-alert__text">${tt('travellers.interview.current')} ${v.status.interview.startsAt ? formatDateTime(req.locale, v.status.interview.startsAt) : tt('travellers.interview.on_arrival')}</p>
        <form method="post" action="${localePath(req.locale, `/applications/${v.app.id}/interview/cancel`)}">${csrfField(req)}<button class="usa-button usa-button--secondary" type="submit">${tt('travellers.interview.cancel')}</button></form></div></div>`
          : ''
      }
      <form class="usa-form usa-form--large" method="get" action="${localePath(req.locale, `/applications/${v.app.id}/interview`)}">
        ${selectField({ name: 'centre', label: tt('travellers.interview.centre'), value: q.centre, empty: '—', options: centres.map((c: any) => ({ value: c.id, label: `${c.name} (${c.city}, ${countryName(req.locale, c.country)})${c.enrolment_on_arrival ? ' — ' + tt('travellers.interview.eoa_short') : ''}` })) })}
        <button class="usa-button" type="submit">${tt('travellers.interview.show_slots')}</button></form>
      ${
        centre
          ? html`<h2>${centre.name}</h2>
        ${
          slots.length
            ? html`<form class="usa-form usa-form--large" method="post" action="${localePath(req.locale, `/applications/${v.app.id}/interview`)}">${csrfField(req)}
          <fieldset class="usa-fieldset"><legend class="usa-legend">${tt('travellers.interview.choose_slot')}</legend>
          ${slots.slice(0, 12).map((s: any, i: number) => html`<div class="usa-radio"><input class="usa-radio__input" type="radio" id="slot-${i}" name="slotId" value="${s.id}"${raw(i === 0 ? ' required' : '')}><label class="usa-radio__label" for="slot-${i}">${formatDateTime(req.locale, s.starts_at)} (${tt('travellers.interview.places', { n: s.capacity - s.booked })})</label></div>`)}</fieldset>
          <button class="usa-button" type="submit">${tt('travellers.interview.book')}</button></form>`
            : html`<p>${tt('travellers.interview.no_slots')}</p>`
        }
        ${centre.enrolment_on_arrival ? html`<form method="post" action="${localePath(req.locale, `/applications/${v.app.id}/interview`)}">${csrfField(req)}<input type="hidden" name="onArrivalCentreId" value="${centre.id}"><p>${tt('travellers.interview.eoa_explain')}</p><button class="usa-button usa-button--outline" type="submit">${tt('travellers.interview.eoa_choose')}</button></form>` : ''}`
          : ''
      }
      <p><a class="usa-link" href="${localePath(req.locale, `/applications/${v.app.id}`)}">${tt('common.back')}</a></p>`;
    return sendPage(reply, req, { title: tt('travellers.interview.title'), body });
  });
  app.post(`${L}/applications/:id/interview`, hide, async (req, reply) => {
    const v = await ownDraft(req, reply);
    if (!v) return reply;
    const b = req.body as Record<string, string>;
    if (b.onArrivalCentreId) await svc.book(v.u, v.app.id, { onArrivalCentreId: b.onArrivalCentreId });
    else if (b.slotId && /^[0-9a-f-]{36}$/.test(b.slotId)) await svc.book(v.u, v.app.id, { slotId: b.slotId });
    else throw new AppError(422, 'travellers.err.choose_slot');
    return reply.redirect(localePath(req.locale, `/applications/${v.app.id}`), 303);
  });
  app.post(`${L}/applications/:id/interview/cancel`, hide, async (req, reply) => {
    const v = await ownDraft(req, reply);
    if (!v) return reply;
    await svc.cancelInterview(v.u, v.app.id);
    return reply.redirect(localePath(req.locale, `/applications/${v.app.id}`), 303);
  });

  // ---------- memberships (applicant) ----------
  function membershipCard(req: FastifyRequest, tt: T, m: any) {
    const active = m.cards.find((c: any) => c.status === 'active');
    return html`<div class="usa-summary-box margin-y-2"><div class="usa-summary-box__body"><h3 class="usa-summary-box__heading">${m.programmes.map((p: string) => progName(tt, p)).join(' · ')}</h3>
      <dl><dt>${tt('travellers.membership.number')}</dt><dd class="sb-mono">${m.membership_number}</dd>
      <dt>${tt('common.status')}</dt><dd>${tt('travellers.membership.status.' + m.status)}${m.renewal_requested_at ? ' — ' + tt('travellers.membership.renewal_pending') : ''}</dd>
      <dt>${tt('travellers.membership.valid_until')}</dt><dd>${formatDate(req.locale, m.expires_at)}</dd>
      <dt>${tt('travellers.membership.card')}</dt><dd>${active ? tt('travellers.membership.card_ending', { last4: active.last4 }) : tt('common.none')}</dd></dl>
      <form class="sb-inline-form" method="post" action="${localePath(req.locale, `/memberships/${m.id}/renew`)}">${csrfField(req)}<button class="usa-button usa-button--outline" type="submit">${tt('travellers.membership.renew')}</button></form>
      <form class="sb-inline-form" method="post" action="${localePath(req.locale, `/memberships/${m.id}/replace-card`)}">${csrfField(req)}<button class="usa-button usa-button--secondary" type="submit">${tt('travellers.membership.lost_card')}</button></form>
      </div></div>`;
  }
  app.post(`${L}/memberships/:id/renew`, hide, async (req, reply) => {
    const u = pageUser(req, reply);
    if (!u) return reply;
    await svc.requestRenewal(
      u,
      z
        .string()
        .uuid()
        .parse((req.params as any).id),
    );
    return reply.redirect(localePath(req.locale, '/applications'), 303);
  });
  app.post(`${L}/memberships/:id/replace-card`, hide, async (req, reply) => {
    const u = pageUser(req, reply);
    if (!u) return reply;
    await svc.replaceCard(
      u,
      z
        .string()
        .uuid()
        .parse((req.params as any).id),
    );
    return reply.redirect(localePath(req.locale, '/applications'), 303);
  });

  // ---------- vetting (officers) ----------
  app.get(`${L}/vetting`, hide, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const u = requireRole(req, 'vetting_officer');
    const tt = translator(req.locale);
    const items = await svc.queue(u);
    const body = html`<h1>${tt('travellers.vetting.title', { agency: u.agency! })}</h1><p>${tt('travellers.vetting.lead')}</p>
      ${
        items.length
          ? html`<table class="usa-table"><caption>${tt('travellers.vetting.caption')}</caption><thead><tr><th scope="col">${tt('travellers.apps.reference')}</th><th scope="col">${tt('travellers.vetting.kind')}</th><th scope="col">${tt('travellers.vetting.applicant')}</th><th scope="col">${tt('travellers.apps.programmes')}</th><th scope="col">${tt('travellers.vetting.risk')}</th><th scope="col">${tt('travellers.vetting.waiting')}</th></tr></thead>
      <tbody>${items.map((w: any) => html`<tr><th scope="row">${w.application_id ? html`<a class="usa-link" href="${localePath(req.locale, `/vetting/${w.application_id}`)}">${w.reference}</a>` : html`<a class="usa-link" href="${localePath(req.locale, `/memberships/${w.membership_id}/officer`)}">${tt('travellers.vetting.membership')}</a>`}</th><td>${tt('travellers.workitem.' + w.kind)}</td><td>${w.applicant_name ?? ''}</td><td>${w.programmes.map((p: string) => progName(tt, p)).join(', ')}</td><td>${Number(w.risk_score).toFixed(2)}</td><td>${tt('travellers.vetting.days', { n: Math.floor((Date.now() - new Date(w.opened_at).getTime()) / 86400000) })}</td></tr>`)}</tbody></table>`
          : html`<p>${tt('travellers.vetting.empty')}</p>`
      }`;
    return sendPage(reply, req, { title: tt('travellers.vetting.title', { agency: u.agency! }), body, wide: true });
  });

  async function vettingPage(
    req: FastifyRequest,
    reply: FastifyReply,
    errors: FieldError[] = [],
    values: Record<string, string> = {},
  ) {
    const u = requireRole(req, 'vetting_officer');
    const tt = translator(req.locale);
    const id = z
      .string()
      .uuid()
      .parse((req.params as any).id);
    const v = await svc.getForViewer(u, id, 'vetting');
    const risk = v.app.risk;
    const d = v.draft;
    const canDecide = v.status.stage === 'under_review' && v.status.holders.includes(u.agency!);
    const body = html`<h1>${tt('travellers.vetting.case', { reference: v.app.reference })}</h1>
      <p>${stageTag(tt, v.status.stage)} ${v.app.programmes.map((p) => progName(tt, p)).join(' · ')}</p>
      <h2>${tt('travellers.risk.title')}</h2>
      ${
        risk
          ? html`<table class="usa-table"><caption>${tt('travellers.risk.caption', { score: risk.score.toFixed(2) })}</caption><tbody>
        <tr><th scope="row">${tt('travellers.risk.document')}</th><td>${risk.document.ok ? tt('travellers.risk.ok') : risk.document.problems.map((p) => tt(p)).join('; ')}</td></tr>
        <tr><th scope="row">${tt('travellers.risk.eligibility')}</th><td>${risk.eligibility.ok ? tt('travellers.risk.ok') : risk.eligibility.problems.map((p) => progName(tt, p)).join(', ')}</td></tr>
        <tr><th scope="row">${tt('travellers.risk.screening')}</th><td>${tt('travellers.screening.' + (v.status.screening ?? risk.screening))}${risk.hits.some((h) => h.visibleTo.includes(u.agency!)) ? html`<ul>${risk.hits.filter((h) => h.visibleTo.includes(u.agency!)).map((h) => html`<li>${h.name} (${h.score.toFixed(2)}) — ${(h.reasons as any[]).map((r) => `${tt('lookouts.field.' + r.field)}: ${tt('lookouts.method.' + r.method)}`).join('; ')}</li>`)}</ul>` : ''}</td></tr>
        <tr><th scope="row">${tt('travellers.risk.declarations')}</th><td>${risk.declarations.length ? risk.declarations.map((k) => tt('travellers.decl.' + k)).join('; ') : tt('common.none')}</td></tr>
      </tbody></table>`
          : ''
      }
      <h2>${tt('travellers.vetting.person')}</h2>
      ${d.photo ? html`<img src="${localePath(req.locale, `/applications/${id}/photo`)}" alt="${tt('travellers.photo.alt')}" width="160">` : ''}
      ${
        d.identity && d.facts
          ? html`<dl><dt>${tt('travellers.f.surname')}</dt><dd>${d.identity.surname}</dd><dt>${tt('travellers.f.given_names')}</dt><dd>${d.identity.givenNames}</dd>
        <dt>${tt('travellers.f.birth_date')}</dt><dd>${d.facts.birthDate}</dd><dt>${tt('travellers.f.citizenship')}</dt><dd>${d.facts.citizenships.map((c) => countryName(req.locale, c)).join(', ')}</dd>
        <dt>${tt('travellers.f.passport_number')}</dt><dd class="sb-mono">${d.identity.passportNumber} (${countryName(req.locale, d.identity.passportCountry)})</dd>
        <dt>${tt('travellers.f.addresses')}</dt><dd>${(d.history?.addresses ?? []).map((a) => html`${a.line}, ${a.city}, ${countryName(req.locale, a.country)} (${a.from}–${a.to || '…'})<br>`)}</dd></dl>`
          : ''
      }
      ${d.declarations?.explanation ? html`<p><strong>${tt('travellers.decl.explanation')}:</strong> ${d.declarations.explanation}</p>` : ''}
      <h2>${tt('travellers.status.history')}</h2>
      <ol class="sb-timeline">${v.actions.filter((x) => x.kind !== 'draft_saved').map((x) => html`<li><strong>${tt('travellers.action.' + x.kind, { agency: x.agency ?? '' })}</strong> ${x.detail.answer ? html`— ${x.detail.answer}` : ''}${x.detail.question ? html`— ${x.detail.question}` : ''}<br><span class="font-body-3xs">${formatDateTime(req.locale, x.at)}</span></li>`)}</ol>
      ${
        canDecide
          ? html`<h2>${tt('travellers.vetting.decide')}</h2>
      <form class="usa-form usa-form--large" method="post" action="${localePath(req.locale, `/vetting/${id}/decision`)}" novalidate>${csrfField(req)}
        <fieldset class="usa-fieldset" id="${fieldId('decision')}"><legend class="usa-legend">${tt('travellers.vetting.decision')}</legend>
        ${errors.find((e) => e.path === 'decision') ? html`<span class="usa-error-message" role="alert">${errors.find((e) => e.path === 'decision')!.message}</span>` : ''}
        ${['approve', 'deny', 'request_info'].map((k) => html`<div class="usa-radio"><input class="usa-radio__input" type="radio" id="dec-${k}" name="decision" value="${k}"${raw(values.decision === k ? ' checked' : '')}><label class="usa-radio__label" for="dec-${k}">${tt('travellers.vetting.' + k)}</label></div>`)}</fieldset>
        ${selectField({ name: 'reasonCode', label: tt('travellers.vetting.reason'), hint: tt('travellers.vetting.reason_hint'), value: values.reasonCode, empty: '—', options: DENIAL_REASONS.map((r) => ({ value: r, label: tt('travellers.denial.' + r) })), errors })}
        ${textArea({ name: 'explanation', label: tt('travellers.vetting.explanation'), hint: tt('travellers.vetting.explanation_hint'), value: values.explanation, errors })}
        ${textArea({ name: 'question', label: tt('travellers.vetting.question'), value: values.question, errors })}
        <button class="usa-button" type="submit">${tt('travellers.vetting.record')}</button></form>`
          : alert('info', tt('travellers.vetting.no_decision'))
      }`;
    return sendPage(reply, req, {
      title: tt('travellers.vetting.case', { reference: v.app.reference }),
      body,
      errors,
      wide: true,
    });
  }
  app.get(`${L}/vetting/:id`, hide, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    return vettingPage(req, reply);
  });
  app.post(`${L}/vetting/:id/decision`, hide, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const u = requireRole(req, 'vetting_officer');
    const tt = translator(req.locale);
    const b = req.body as Record<string, string>;
    const parsed = decisionSchema.safeParse({
      kind: b.decision,
      reasonCode: b.reasonCode || undefined,
      explanation: b.explanation?.trim() || undefined,
      question: b.question?.trim() || undefined,
    });
    if (!parsed.success)
      return vettingPage(
        req,
        reply,
        zodFieldErrors(tt, parsed.error).map((e) => ({
          ...e,
          path: e.path === 'kind' || e.path === '' ? 'decision' : e.path,
        })),
        b,
      );
    await svc.decide(u, (req.params as any).id, parsed.data as any);
    return reply.redirect(localePath(req.locale, '/vetting'), 303);
  });

  // ---------- enrolment (officers) ----------
  app.get(`${L}/enrolment`, hide, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const u = requireRole(req, 'enrolment_officer');
    const tt = translator(req.locale);
    const rows = await svc.enrolmentQueue(u);
    const body = html`<h1>${tt('travellers.enrolment.title', { agency: u.agency! })}</h1><p>${tt('travellers.enrolment.lead')}</p>
      ${
        rows.length
          ? html`<table class="usa-table"><caption>${tt('travellers.enrolment.caption')}</caption><thead><tr><th scope="col">${tt('travellers.apps.reference')}</th><th scope="col">${tt('travellers.vetting.applicant')}</th><th scope="col">${tt('travellers.apps.programmes')}</th><th scope="col">${tt('travellers.enrolment.appointment')}</th></tr></thead>
      <tbody>${rows.map((r: any) => html`<tr><th scope="row"><a class="usa-link" href="${localePath(req.locale, `/enrolment/${r.id}`)}">${r.reference}</a></th><td>${r.applicant_name}</td><td>${r.programmes.map((p: string) => progName(tt, p)).join(', ')}</td><td>${r.starts_at ? `${formatDateTime(req.locale, r.starts_at)} — ${r.centre_name}` : r.interview?.onArrival ? tt('travellers.interview.on_arrival') : tt('travellers.enrolment.not_booked')}</td></tr>`)}</tbody></table>`
          : html`<p>${tt('travellers.enrolment.empty')}</p>`
      }`;
    return sendPage(reply, req, { title: tt('travellers.enrolment.title', { agency: u.agency! }), body, wide: true });
  });
  async function enrolmentPage(
    req: FastifyRequest,
    reply: FastifyReply,
    errors: FieldError[] = [],
    values: Record<string, string> = {},
  ) {
    const u = requireRole(req, 'enrolment_officer');
    const tt = translator(req.locale);
    const id = z
      .string()
      .uuid()
      .parse((req.params as any).id);
    const v = await svc.getForViewer(u, id, 'enrolment interview');
    const d = v.draft;
    const body = html`<h1>${tt('travellers.enrolment.case', { reference: v.app.reference })}</h1><p>${stageTag(tt, v.status.stage)}</p>
      ${d.photo ? html`<img src="${localePath(req.locale, `/applications/${id}/photo`)}" alt="${tt('travellers.photo.alt')}" width="160">` : ''}
      ${d.identity && d.facts ? html`<dl><dt>${tt('travellers.f.surname')}</dt><dd>${d.identity.surname}</dd><dt>${tt('travellers.f.given_names')}</dt><dd>${d.identity.givenNames}</dd><dt>${tt('travellers.f.birth_date')}</dt><dd>${d.facts.birthDate}</dd><dt>${tt('travellers.f.passport_number')}</dt><dd class="sb-mono">${d.identity.passportNumber}</dd></dl>` : ''}
      ${
        v.status.stage === 'member'
          ? alert('success', tt('travellers.enrolment.issued'))
          : html`<form class="usa-form usa-form--large" method="post" action="${localePath(req.locale, `/enrolment/${id}`)}" novalidate>${csrfField(req)}
        ${checkboxes({ name: 'documentsVerified', legend: tt('travellers.enrolment.verify_legend'), values: values.documentsVerified ? ['on'] : [], options: [{ value: 'on', label: tt('travellers.enrolment.verify') }], errors })}
        ${textField({ name: 'photoRef', label: tt('travellers.enrolment.photo_ref'), hint: tt('travellers.enrolment.photo_ref_hint'), value: values.photoRef, errors })}
        ${textField({ name: 'biometricRef', label: tt('travellers.enrolment.biometric_ref'), hint: tt('travellers.enrolment.biometric_ref_hint'), value: values.biometricRef, errors })}
        <button class="usa-button" type="submit">${tt('travellers.enrolment.issue')}</button></form>`
      }`;
    return sendPage(reply, req, {
      title: tt('travellers.enrolment.case', { reference: v.app.reference }),
      body,
      errors,
    });
  }
  app.get(`${L}/enrolment/:id`, hide, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    return enrolmentPage(req, reply);
  });
  app.post(`${L}/enrolment/:id`, hide, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const u = requireRole(req, 'enrolment_officer');
    const tt = translator(req.locale);
    const b = req.body as Record<string, string>;
    const parsed = issueSchema.safeParse({
      documentsVerified: checked(b.documentsVerified),
      photoRef: b.photoRef ?? '',
      biometricRef: b.biometricRef ?? '',
    });
    if (!parsed.success) return enrolmentPage(req, reply, zodFieldErrors(tt, parsed.error), b);
    await svc.issueMembership(u, (req.params as any).id, parsed.data);
    return reply.redirect(localePath(req.locale, `/enrolment/${(req.params as any).id}`), 303);
  });

  // ---------- membership (officers): suspend, revoke, reinstate ----------
  app.get(`${L}/memberships/:id/officer`, hide, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const u = requireRole(req, 'vetting_officer', 'enrolment_officer');
    const tt = translator(req.locale);
    const m = await svc.membershipForOfficer(
      u,
      z
        .string()
        .uuid()
        .parse((req.params as any).id),
    );
    const body = html`<h1>${tt('travellers.membership.officer_title', { number: m.membership_number })}</h1>
      <dl><dt>${tt('travellers.vetting.applicant')}</dt><dd>${m.holder_name}</dd><dt>${tt('common.status')}</dt><dd>${tt('travellers.membership.status.' + m.status)}</dd><dt>${tt('travellers.membership.valid_until')}</dt><dd>${formatDate(req.locale, m.expires_at)}</dd></dl>
      ${m.work.map((w: any) => html`<div class="usa-alert usa-alert--warning usa-alert--slim"><div class="usa-alert__body"><p class="usa-alert__text">${tt('travellers.workitem.' + w.kind)} — ${w.summary?.lookoutId ? tt('travellers.recurrent.hit', { lookout: w.summary.lookoutId, score: Number(w.summary.score).toFixed(2) }) : ''}</p></div></div>`)}
      ${
        m.work.some((w: any) => w.kind === 'renewal') && hasRole(u, 'vetting_officer')
          ? html`<h2>${tt('travellers.renewal.title')}</h2>
        <form class="sb-inline-form" method="post" action="${localePath(req.locale, `/memberships/${m.id}/renewal`)}">${csrfField(req)}<button class="usa-button" type="submit" name="approve" value="yes">${tt('travellers.renewal.approve')}</button><button class="usa-button usa-button--secondary" type="submit" name="approve" value="no">${tt('travellers.renewal.deny')}</button></form>`
          : ''
      }
      ${
        m.work.some((w: any) => w.kind === 'recurrent') && hasRole(u, 'vetting_officer')
          ? html`<form class="usa-form" method="post" action="${localePath(req.locale, `/memberships/${m.id}/recurrent`)}">${csrfField(req)}
        ${selectField({ name: 'outcome', label: tt('travellers.recurrent.outcome'), options: ['no_action', 'membership_suspended', 'membership_revoked'].map((o) => ({ value: o, label: tt('travellers.recurrent.' + o) })) })}
        <button class="usa-button usa-button--outline" type="submit">${tt('travellers.recurrent.close')}</button></form>`
          : ''
      }
      <h2>${tt('travellers.membership.change_status')}</h2>
      <form class="usa-form usa-form--large" method="post" action="${localePath(req.locale, `/memberships/${m.id}/officer`)}">${csrfField(req)}
        ${selectField({ name: 'status', label: tt('travellers.membership.new_status'), empty: '—', options: ['suspended', 'revoked', 'active'].map((s) => ({ value: s, label: tt('travellers.membership.status.' + s) })) })}
        ${selectField({ name: 'reason', label: tt('travellers.membership.reason'), empty: '—', options: SUSPENSION_REASONS.map((r) => ({ value: r, label: tt('travellers.suspension.' + r) })) })}
        <button class="usa-button" type="submit">${tt('travellers.vetting.record')}</button></form>`;
    return sendPage(reply, req, {
      title: tt('travellers.membership.officer_title', { number: m.membership_number }),
      body,
    });
  });
  app.post(`${L}/memberships/:id/renewal`, hide, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const id = z
      .string()
      .uuid()
      .parse((req.params as any).id);
    await svc.decideRenewal(requireRole(req, 'vetting_officer'), id, (req.body as any).approve === 'yes');
    return reply.redirect(localePath(req.locale, `/memberships/${id}/officer`), 303);
  });
  app.post(`${L}/memberships/:id/recurrent`, hide, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const id = z
      .string()
      .uuid()
      .parse((req.params as any).id);
    const b = z
      .object({ outcome: z.enum(['no_action', 'membership_suspended', 'membership_revoked']) })
      .parse(req.body);
    await svc.closeWorkItem(requireRole(req, 'vetting_officer'), id, b.outcome);
    return reply.redirect(localePath(req.locale, '/vetting'), 303);
  });
  app.post(`${L}/memberships/:id/officer`, hide, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const u = requireRole(req, 'vetting_officer', 'enrolment_officer');
    const b = z
      .object({ status: z.enum(['suspended', 'revoked', 'active']), reason: z.enum(SUSPENSION_REASONS) })
      .parse(req.body);
    await svc.setMembershipStatus(
      u,
      z
        .string()
        .uuid()
        .parse((req.params as any).id),
      b.status,
      b.reason,
    );
    return reply.redirect(localePath(req.locale, `/memberships/${(req.params as any).id}/officer`), 303);
  });
}

export const decisionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('approve') }),
  z.object({
    kind: z.literal('deny'),
    reasonCode: z.enum(DENIAL_REASONS),
    explanation: z.string().trim().min(20).max(4000),
  }),
  z.object({ kind: z.literal('request_info'), question: z.string().trim().min(10).max(4000) }),
]);
export const issueSchema = z.object({
  documentsVerified: z.literal(true, { params: { key: 'travellers.err.verify_documents' } } as any),
  photoRef: z.string().trim().min(4).max(200),
  biometricRef: z.string().trim().min(4).max(200),
});
export type { User };
