// The application form, step by step: eligibility, identity, history, declarations, photo, review (pay and submit).
// Each step re-renders with what the person typed and localized errors.
import type { FastifyRequest } from 'fastify';
import { countryOptions } from '../../../kernel/countries.ts';
import { html, raw, type SafeHtml } from '../../../kernel/html.ts';
import type { T } from '../../../kernel/i18n.ts';
import {
  alert,
  checkboxes,
  csrfField,
  fieldId,
  localePath,
  selectField,
  textArea,
  textField,
} from '../../../kernel/ui.ts';
import type { FieldError } from '../../../kernel/validation.ts';
import type { EligibilityResult, FeeQuote } from '../domain/eligibility.ts';
import type { Application } from '../service.ts';
import type { Draft } from '../personal.ts';
import { progName } from './common.ts';
import { programmeChoice } from './applications.ts';

export const STEPS = ['eligibility', 'identity', 'history', 'declarations', 'photo', 'review'] as const;
export type Step = (typeof STEPS)[number];
export const isStep = (s: string): s is Step => (STEPS as readonly string[]).includes(s);

/** A row of a repeated group of fields (an address, a job, a trip), as typed or as saved. */
export type Row = Record<string, string | number | undefined>;
/** What a step's form shows: the saved draft's section, or what the person just sent. */
export interface StepValues {
  programmes?: string[];
  fastRegion?: string | null;
  citizenships?: string[];
  residenceCountry?: string;
  residenceStatus?: string;
  birthDate?: string;
  commercialDriver?: boolean;
  guardianName?: string;
  guardianConsent?: boolean;
  mrz?: string;
  surname?: string;
  givenNames?: string;
  sex?: string;
  birthCountry?: string;
  passportNumber?: string;
  passportCountry?: string;
  passportExpiry?: string;
  addresses?: Row[];
  employment?: Row[];
  travel?: Row[];
  criminalConviction?: boolean | string;
  customsViolation?: boolean | string;
  immigrationViolation?: boolean | string;
  explanation?: string;
  truthful?: boolean;
}
/** What the eligibility and review steps show beyond the form: computed by the service for this draft. */
export interface StepFacts {
  eligibility: EligibilityResult[] | null;
  fee: FeeQuote | null;
  problems: { key: string; args?: Record<string, string | number> }[];
  paymentProvider: string;
}

function stepNav(req: FastifyRequest, tt: T, a: Application, current: Step) {
  return html`<nav aria-label="${tt('travellers.steps.label')}">
    <ol class="usa-step-indicator__segments margin-bottom-3">${STEPS.map(
      (s, i) => html`<li
        class="usa-step-indicator__segment ${
          s === current
            ? 'usa-step-indicator__segment--current'
            : STEPS.indexOf(current) > i
              ? 'usa-step-indicator__segment--complete'
              : ''
        }"
    ${raw(s === current ? ' aria-current="step"' : '')}>
    <a class="usa-step-indicator__segment-label usa-link"
      href="${localePath(req.locale, `/applications/${a.id}/edit/${s}`)}">${i + 1}. ${tt('travellers.step.' + s)}</a>
    </li>`,
    )}</ol></nav>`;
}

/** The whole step page: title, step indicator, an optional note, and the step's form. */
export function stepBody(
  req: FastifyRequest,
  tt: T,
  a: Application,
  draft: Draft,
  step: Step,
  values: StepValues,
  errors: FieldError[],
  facts: StepFacts,
  extra?: SafeHtml,
) {
  const action = localePath(req.locale, `/applications/${a.id}/edit/${step}`);
  const form =
    step === 'eligibility'
      ? eligibilityForm(req, tt, a, action, values, errors, facts.eligibility)
      : step === 'identity'
        ? identityForm(req, tt, action, values, errors)
        : step === 'history'
          ? historyForm(req, tt, action, values, errors)
          : step === 'declarations'
            ? declarationsForm(req, tt, action, values, errors)
            : step === 'photo'
              ? photoForm(req, tt, a, draft, action, errors)
              : reviewForm(req, tt, a, draft, facts);
  const title = tt('travellers.edit.title', { reference: a.reference });
  const nav = stepNav(req, tt, a, step);
  return html`<h1>${title}</h1>${nav}${extra ?? ''}<h2>${tt('travellers.step.' + step)}</h2>${form}`;
}

function eligibilityForm(
  req: FastifyRequest,
  tt: T,
  a: Application,
  action: string,
  f: StepValues,
  errors: FieldError[],
  elig: EligibilityResult[] | null,
) {
  const countryOpts = countryOptions(req.locale);
  return html`${
    elig
      ? html`<section aria-labelledby="elig-h" class="margin-bottom-3">
    <h2 id="elig-h">${tt('travellers.elig.title')}</h2>${elig.map(
      (e) => html`<div
        class="usa-alert ${e.eligible ? 'usa-alert--success' : 'usa-alert--warning'} usa-alert--slim margin-y-1">
    <div class="usa-alert__body"><p class="usa-alert__text">
    <strong>${progName(tt, e.programme)}: ${
      e.eligible ? tt('travellers.elig.eligible') : tt('travellers.elig.not_eligible')
    }</strong>
    </p><ul>${e.reasons.map((r) => html`<li>${tt(r.key, r.args)}</li>`)}</ul></div></div>`,
    )}</section>`
      : ''
  }
      <form class="usa-form usa-form--large" method="post" action="${action}" novalidate>${csrfField(req)}
        ${programmeChoice(tt, f.programmes ?? a.programmes, errors, f.fastRegion ?? a.fastRegion ?? '')}
        ${selectField({
          name: 'citizenships.0',
          label: tt('travellers.f.citizenship'),
          value: f.citizenships?.[0],
          empty: '—',
          options: countryOpts,
          errors,
        })}
        ${selectField({
          name: 'citizenships.1',
          label: tt('travellers.f.citizenship2'),
          value: f.citizenships?.[1],
          empty: tt('common.none'),
          options: countryOpts,
          errors,
        })}
        ${selectField({
          name: 'residenceCountry',
          label: tt('travellers.f.residence_country'),
          value: f.residenceCountry,
          empty: '—',
          options: countryOpts,
          errors,
        })}
        ${selectField({
          name: 'residenceStatus',
          label: tt('travellers.f.residence_status'),
          value: f.residenceStatus,
          empty: '—',
          options: ['citizen', 'permanent_resident', 'other'].map((s) => ({
            value: s,
            label: tt('travellers.residence.' + s),
          })),
          errors,
        })}
        ${textField({
          name: 'birthDate',
          label: tt('travellers.f.birth_date'),
          hint: tt('travellers.f.date_hint'),
          value: f.birthDate,
          errors,
          autocomplete: 'bday',
          width: 'medium',
        })}
        ${checkboxes({
          name: 'commercialDriver',
          legend: tt('travellers.f.commercial_driver_legend'),
          values: f.commercialDriver ? ['on'] : [],
          options: [{ value: 'on', label: tt('travellers.f.commercial_driver') }],
          errors,
        })}
        <fieldset class="usa-fieldset"><legend class="usa-legend">${tt('travellers.f.guardian_legend')}</legend>
          <p class="usa-hint">${tt('travellers.f.guardian_hint')}</p>
        ${textField({ name: 'guardianName', label: tt('travellers.f.guardian_name'), value: f.guardianName, errors })}
        ${checkboxes({
          name: 'guardianConsent',
          legend: tt('travellers.f.guardian_consent_legend'),
          values: f.guardianConsent ? ['on'] : [],
          options: [{ value: 'on', label: tt('travellers.f.guardian_consent') }],
          errors,
        })}</fieldset>
        <button class="usa-button" type="submit">${tt('travellers.save_continue')}</button>
      </form>`;
}

function identityForm(req: FastifyRequest, tt: T, action: string, f: StepValues, errors: FieldError[]) {
  const countryOpts = countryOptions(req.locale);
  return html`<form class="usa-form usa-form--large" method="post" action="${action}" novalidate>${csrfField(req)}
        ${textArea({
          name: 'mrz',
          label: tt('travellers.f.mrz'),
          hint: tt('travellers.f.mrz_hint'),
          value: f.mrz,
          errors,
          rows: 3,
          attrs: raw(' class="sb-mono" spellcheck="false" autocapitalize="characters"'),
        })}
        <button class="usa-button usa-button--outline" type="submit" name="action"
          value="mrz">${tt('travellers.f.mrz_fill')}</button>
        ${textField({
          name: 'surname',
          label: tt('travellers.f.surname'),
          value: f.surname,
          errors,
          autocomplete: 'family-name',
        })}
        ${textField({
          name: 'givenNames',
          label: tt('travellers.f.given_names'),
          value: f.givenNames,
          errors,
          autocomplete: 'given-name',
        })}
        ${selectField({
          name: 'sex',
          label: tt('travellers.f.sex'),
          value: f.sex,
          empty: '—',
          options: ['F', 'M', 'X'].map((s) => ({ value: s, label: tt('travellers.sex.' + s) })),
          errors,
        })}
        ${selectField({
          name: 'birthCountry',
          label: tt('travellers.f.birth_country'),
          value: f.birthCountry,
          empty: '—',
          options: countryOpts,
          errors,
        })}
        ${textField({
          name: 'passportNumber',
          label: tt('travellers.f.passport_number'),
          value: f.passportNumber,
          errors,
          attrs: raw(' autocapitalize="characters" spellcheck="false"'),
        })}
        ${selectField({
          name: 'passportCountry',
          label: tt('travellers.f.passport_country'),
          value: f.passportCountry,
          empty: '—',
          options: countryOpts,
          errors,
        })}
        ${textField({
          name: 'passportExpiry',
          label: tt('travellers.f.passport_expiry'),
          hint: tt('travellers.f.date_hint'),
          value: f.passportExpiry,
          errors,
          width: 'medium',
        })}
        <button class="usa-button" type="submit" name="action" value="save">${tt('travellers.save_continue')}</button>
      </form>`;
}

/** Saved or typed rows, then blank rows up to `min` (at least one blank row). */
const withBlanks = (rows: Row[] | undefined, min: number): Row[] => [
  ...(rows ?? []),
  ...Array<Row>(Math.max(1, min - (rows?.length ?? 0))).fill({}),
];

function historyForm(req: FastifyRequest, tt: T, action: string, f: StepValues, errors: FieldError[]) {
  const countryOpts = countryOptions(req.locale);
  const addrs = withBlanks(f.addresses, 4);
  const jobs = withBlanks(f.employment, 3);
  const trips = withBlanks(f.travel, 4);
  return html`<form class="usa-form usa-form--large" method="post" action="${action}" novalidate>${csrfField(req)}
        <p class="usa-hint">${tt('travellers.f.history_hint')}</p>
        ${addrs.map(
          (ad, i) => html`<fieldset class="usa-fieldset margin-top-2" id="${fieldId('addresses')}${i ? '-' + i : ''}">
            <legend class="usa-legend usa-legend--large">${tt('travellers.f.address_n', { n: i + 1 })}</legend>
          ${textField({
            name: `addresses.${i}.line`,
            label: tt('travellers.f.address_line'),
            value: ad.line,
            errors,
            autocomplete: i === 0 ? 'street-address' : undefined,
          })}
          ${textField({ name: `addresses.${i}.city`, label: tt('travellers.f.city'), value: ad.city, errors })}
          ${selectField({
            name: `addresses.${i}.country`,
            label: tt('travellers.f.country'),
            value: ad.country,
            empty: '—',
            options: countryOpts,
            errors,
          })}
          ${textField({
            name: `addresses.${i}.from`,
            label: tt('travellers.f.from'),
            hint: tt('travellers.f.month_hint'),
            value: ad.from,
            errors,
            width: 'small',
          })}
          ${textField({
            name: `addresses.${i}.to`,
            label: tt('travellers.f.to'),
            hint: tt('travellers.f.to_hint'),
            value: ad.to,
            errors,
            width: 'small',
          })}</fieldset>`,
        )}
        ${jobs.map(
          (j, i) => html`<fieldset class="usa-fieldset margin-top-2" id="${fieldId('employment')}${i ? '-' + i : ''}">
            <legend class="usa-legend usa-legend--large">${tt('travellers.f.employment_n', { n: i + 1 })}</legend>
          ${textField({
            name: `employment.${i}.employer`,
            label: tt('travellers.f.employer'),
            hint: tt('travellers.f.employer_hint'),
            value: j.employer,
            errors,
          })}
          ${textField({
            name: `employment.${i}.occupation`,
            label: tt('travellers.f.occupation'),
            value: j.occupation,
            errors,
          })}
          ${selectField({
            name: `employment.${i}.country`,
            label: tt('travellers.f.country'),
            value: j.country,
            empty: '—',
            options: countryOpts,
            errors,
          })}
          ${textField({
            name: `employment.${i}.from`,
            label: tt('travellers.f.from'),
            hint: tt('travellers.f.month_hint'),
            value: j.from,
            errors,
            width: 'small',
          })}
          ${textField({
            name: `employment.${i}.to`,
            label: tt('travellers.f.to'),
            hint: tt('travellers.f.to_hint'),
            value: j.to,
            errors,
            width: 'small',
          })}</fieldset>`,
        )}
        <fieldset class="usa-fieldset margin-top-2">
          <legend class="usa-legend usa-legend--large">${tt('travellers.f.travel')}</legend>
          <p class="usa-hint">${tt('travellers.f.travel_hint')}</p>
        ${trips.map(
          (tr, i) => html`<div class="grid-row grid-gap">${selectField({
            name: `travel.${i}.country`,
            label: tt('travellers.f.travel_country', { n: i + 1 }),
            value: tr.country,
            empty: '—',
            options: countryOpts,
            errors,
          })}
          ${textField({
            name: `travel.${i}.year`,
            label: tt('travellers.f.travel_year', { n: i + 1 }),
            value: tr.year,
            errors,
            width: 'small',
            inputmode: 'numeric',
          })}</div>`,
        )}</fieldset>
        <button class="usa-button usa-button--outline" type="submit" name="action"
          value="more">${tt('travellers.f.more_rows')}</button>
        <button class="usa-button" type="submit" name="action" value="save">${tt('travellers.save_continue')}</button>
      </form>`;
}

type YesNo = 'criminalConviction' | 'customsViolation' | 'immigrationViolation';

function declarationsForm(req: FastifyRequest, tt: T, action: string, f: StepValues, errors: FieldError[]) {
  const yesNo = (name: YesNo) => html`<fieldset class="usa-fieldset margin-top-2" id="${fieldId(name)}">
    <legend class="usa-legend">${tt('travellers.decl.' + name)}</legend>
        ${
          errors.find((e) => e.path === name)
            ? html`<span class="usa-error-message" role="alert">${errors.find((e) => e.path === name)?.message}</span>`
            : ''
        }
        ${['yes', 'no'].map(
          (v) => html`<div class="usa-radio">
          <input class="usa-radio__input" id="${fieldId(name)}-${v}" type="radio" name="${name}" value="${v}"
          ${raw(f[name] === (v === 'yes') || f[name] === v ? ' checked' : '')}>
          <label class="usa-radio__label" for="${fieldId(name)}-${v}">${tt('common.' + v)}</label></div>`,
        )}</fieldset>`;
  return html`<form class="usa-form usa-form--large" method="post" action="${action}" novalidate>${csrfField(req)}
        ${yesNo('criminalConviction')}${yesNo('customsViolation')}${yesNo('immigrationViolation')}
        ${textArea({
          name: 'explanation',
          label: tt('travellers.decl.explanation'),
          hint: tt('travellers.decl.explanation_hint'),
          value: f.explanation,
          errors,
        })}
        ${checkboxes({
          name: 'truthful',
          legend: tt('travellers.decl.truthful_legend'),
          values: f.truthful ? ['on'] : [],
          options: [{ value: 'on', label: tt('travellers.decl.truthful') }],
          errors,
        })}
        <button class="usa-button" type="submit">${tt('travellers.save_continue')}</button></form>`;
}

function photoForm(req: FastifyRequest, tt: T, a: Application, draft: Draft, action: string, errors: FieldError[]) {
  return html`${
    draft.photo
      ? html`<p>${tt('travellers.photo.current')}</p>
    <img src="${localePath(req.locale, `/applications/${a.id}/photo`)}" alt="${tt('travellers.photo.alt')}" width="160"
      class="margin-bottom-2">`
      : ''
  }
        <form class="usa-form usa-form--large" method="post" action="${action}" enctype="multipart/form-data"
          novalidate>${csrfField(req)}
        <div class="usa-form-group ${errors.length ? 'usa-form-group--error' : ''}">
          <label class="usa-label" for="f-photo">${tt('travellers.photo.label')}</label>
          <div class="usa-hint" id="f-photo-hint">${tt('travellers.photo.hint')}</div>
          ${errors.map(
            (e) => html`<span class="usa-error-message" id="f-photo-error" role="alert">${e.message}</span>`,
          )}
          <input class="usa-file-input" id="f-photo" name="photo" type="file" accept="image/jpeg,image/png"
            aria-describedby="f-photo-hint${errors.length ? ' f-photo-error' : ''}">
        </div>
        <button class="usa-button" type="submit">${tt('travellers.save_continue')}</button></form>`;
}

function reviewForm(req: FastifyRequest, tt: T, a: Application, draft: Draft, facts: StepFacts) {
  const { problems, fee } = facts;
  const money = (amount: number, currency: string) =>
    new Intl.NumberFormat(req.locale, { style: 'currency', currency }).format(amount);
  return html`${
    problems.length
      ? html`<div class="usa-alert usa-alert--warning"><div class="usa-alert__body">
    <h2 class="usa-alert__heading">${tt('travellers.review.incomplete')}</h2>
    <ul>${problems.map((p) => html`<li>${tt(p.key, p.args)}</li>`)}</ul></div>
    </div>`
      : alert('success', tt('travellers.review.complete'))
  }
        ${
          draft.identity
            ? html`<dl><dt>${tt('travellers.f.surname')}</dt><dd>${draft.identity.surname}</dd>
          <dt>${tt('travellers.f.given_names')}</dt><dd>${draft.identity.givenNames}</dd>
          <dt>${tt('travellers.f.passport_number')}</dt><dd class="sb-mono">${draft.identity.passportNumber}</dd>
          </dl>`
            : ''
        }
        <h2>${tt('travellers.review.fee')}</h2>
        ${
          fee
            ? html`<div class="usa-table-container--scrollable" tabindex="0">
              <table class="usa-table"><caption>${tt('travellers.review.fee_caption')}</caption><thead><tr>
          <th scope="col">${tt('travellers.apps.programmes')}</th><th scope="col">${tt('travellers.review.amount')}</th>
          </tr></thead><tbody>${fee.lines.map(
            (l) => html`<tr><th scope="row">${progName(tt, l.programme)}</th>
          <td>${money(l.amount, l.currency)}${l.waived ? html` — ${tt('travellers.review.waived')}` : ''}</td>
          </tr>`,
          )}</tbody></table></div>`
            : ''
        }
        <p class="usa-hint">${tt('travellers.review.test_provider', { provider: facts.paymentProvider })}</p>
        <form method="post" action="${localePath(req.locale, `/applications/${a.id}/submit`)}">${csrfField(req)}
          <button class="usa-button" type="submit"
            ${raw(problems.length ? ' disabled aria-disabled="true"' : '')}
            >${tt('travellers.review.pay_submit')}</button>
            </form>`;
}
