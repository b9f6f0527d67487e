// The applicant's pages: my applications (with my memberships), starting an application, and an application's status.
import type { FastifyRequest } from 'fastify';
import { html, type SafeHtml } from '../../../kernel/html.ts';
import type { T } from '../../../kernel/i18n.ts';
import { checkboxes, csrfField, formatDateTime, localePath, selectField, textArea } from '../../../kernel/ui.ts';
import type { FieldError } from '../../../kernel/validation.ts';
import { PROGRAMME_CODES } from '../domain/programmes.ts';
import type { Application, HeldMembership } from '../service.ts';
import type { Action, Derived } from '../status.ts';
import { progName, progNames, stageTag } from './common.ts';
import { membershipCard } from './memberships.ts';

/** Days within which an agency aims to decide, shown to the applicant while it holds the application. */
const SERVICE_STANDARD_DAYS: Record<string, number> = { CBSA: 30 };

export function applicationsBody(
  req: FastifyRequest,
  tt: T,
  apps: { app: Application; status: Derived }[],
  memberships: HeldMembership[],
) {
  const rows = apps.map(
    ({ app: a, status: st }) =>
      html`<tr><th scope="row">
        <a class="usa-link" href="${localePath(req.locale, `/applications/${a.id}`)}">${a.reference}</a></th>
        <td>${progNames(tt, a.programmes)}</td><td>${stageTag(tt, st.stage)}</td>
        <td>${formatDateTime(req.locale, a.updatedAt)}</td></tr>`,
  );
  return html`<h1>${tt('travellers.apps.title')}</h1>
      ${
        apps.length
          ? html`<div class="usa-table-container--scrollable" tabindex="0">
            <table class="usa-table"><caption>${tt('travellers.apps.caption')}</caption><thead><tr>
        <th scope="col">${tt('travellers.apps.reference')}</th><th scope="col">${tt('travellers.apps.programmes')}</th>
        <th scope="col">${tt('common.status')}</th><th scope="col">${tt('travellers.apps.updated')}</th></tr></thead>
        <tbody>${rows}</tbody></table></div>`
          : html`<p>${tt('travellers.apps.none')}</p>`
      }
      ${
        memberships.length
          ? html`<h2>${tt('travellers.memberships.title')}</h2>${memberships.map((m) => membershipCard(req, tt, m))}`
          : ''
      }
      <h2>${tt('travellers.apps.start')}</h2>
      ${newApplicationForm(req, tt, [], [])}`;
}

/** The start page again, with what the person chose and why it was refused. */
export const startAgainBody = (
  req: FastifyRequest,
  tt: T,
  selected: string[],
  errors: FieldError[],
  fastRegion: string,
) => html`<h1>${tt('travellers.apps.start')}</h1>${newApplicationForm(req, tt, selected, errors, fastRegion)}`;

function newApplicationForm(req: FastifyRequest, tt: T, selected: string[], errors: FieldError[], fastRegion?: string) {
  return html`<form class="usa-form usa-form--large" method="post" action="${localePath(req.locale, '/applications')}"
    novalidate>${csrfField(req)}
      ${programmeChoice(tt, selected, errors, fastRegion)}
      <button class="usa-button" type="submit">${tt('travellers.apps.start_button')}</button></form>`;
}

/** The programmes and the FAST region, on the start page and on the eligibility step. */
export function programmeChoice(tt: T, selected: string[], errors: FieldError[], fastRegion?: string) {
  return html`${checkboxes({
    name: 'programmes',
    legend: tt('travellers.apps.choose'),
    values: selected,
    errors,
    options: PROGRAMME_CODES.map((p) => ({
      value: p,
      label: progName(tt, p),
      hint: tt(`travellers.programme.${p}.description`),
    })),
  })}
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

const WITHDRAWABLE: readonly Derived['stage'][] = [
  'draft',
  'under_review',
  'awaiting_applicant',
  'conditionally_approved',
  'interview_scheduled',
];

/** Where the application stands, who holds it, what comes next, and its history. */
export function statusBody(
  req: FastifyRequest,
  tt: T,
  v: {
    app: Application;
    status: Derived;
    actions: Action[];
    agencies: string[];
    interviewCentre: { name: string; city: string } | null;
  },
): SafeHtml {
  const { app: a, status: st, actions, agencies, interviewCentre } = v;
  const short = (ag: string | null) => (ag ? tt('agency.short.' + ag) : '');
  const days = st.since ? Math.floor((Date.now() - new Date(st.since).getTime()) / 86400000) : 0;
  const standards =
    st.stage === 'under_review'
      ? st.holders
          .filter((h) => SERVICE_STANDARD_DAYS[h])
          .map((h) =>
            tt('travellers.status.standard', {
              agency: tt('agency.short.' + h),
              days: SERVICE_STANDARD_DAYS[h],
              elapsed: days,
            }),
          )
      : [];
  const agencyState = (ag: string) =>
    st.approvedBy.includes(ag)
      ? tt('travellers.status.agency_approved')
      : st.deniedBy.some((d) => d.agency === ag)
        ? tt('travellers.status.agency_denied')
        : a.submittedAt
          ? tt('travellers.status.agency_pending')
          : tt('travellers.status.agency_not_yet');
  return html`<h1>${tt('travellers.status.title', { reference: a.reference })}</h1>
      <p>${progNames(tt, a.programmes, ' · ')}</p>
      <div class="usa-summary-box" role="region" aria-labelledby="now-h"><div class="usa-summary-box__body">
        <h2 class="usa-summary-box__heading"
          id="now-h">${tt('travellers.status.now')}: ${tt('travellers.stage.' + st.stage)}</h2>
        <div class="usa-summary-box__text">
        ${
          st.holders.length
            ? html`<p>${tt('travellers.status.held_by', {
                agencies: st.holders.map((h) => tt('agency.' + h)).join(', '),
              })}</p>`
            : ''
        }
        ${
          st.since
            ? html`<p>${tt('travellers.status.since', { date: formatDateTime(req.locale, st.since), days })}</p>`
            : ''
        }
        ${standards.map((s) => html`<p>${s}</p>`)}
        ${st.screening === 'pending' ? html`<p>${tt('travellers.status.screening_pending')}</p>` : ''}
        <p><strong>${tt('travellers.status.next')}</strong> ${tt('travellers.next.' + st.stage)}</p>
        ${
          st.stage === 'draft'
            ? html`<a class="usa-button"
            href="${localePath(req.locale, `/applications/${a.id}/edit/eligibility`)}"
              >${tt('travellers.status.continue')}</a>`
            : ''
        }
        ${
          st.stage === 'conditionally_approved' || st.stage === 'interview_scheduled'
            ? html`<a class="usa-button"
            href="${localePath(req.locale, `/applications/${a.id}/interview`)}"
              >${st.interview ? tt('travellers.interview.manage') : tt('travellers.interview.book')}</a>`
            : ''
        }
        ${
          interviewCentre
            ? html`<p>${tt('travellers.interview.at', { centre: interviewCentre.name, city: interviewCentre.city })} ${
                st.interview?.startsAt
                  ? formatDateTime(req.locale, st.interview.startsAt)
                  : tt('travellers.interview.on_arrival')
              }</p>`
            : ''
        }
        </div></div></div>
      ${st.deniedBy.map(
        (d) => html`<div class="usa-alert usa-alert--error margin-y-2"><div class="usa-alert__body">
          <h2 class="usa-alert__heading">${tt('travellers.denied.title', { agency: tt('agency.' + d.agency) })}</h2>
        <p class="usa-alert__text"><strong>${tt('travellers.denial.' + d.reasonCode)}</strong></p>
          <p class="usa-alert__text">${d.explanation}</p>
          <p class="usa-alert__text">${tt('travellers.redress.' + d.agency)}</p></div></div>`,
      )}
      ${
        st.openQuestion
          ? html`<section class="margin-y-3" aria-labelledby="q-h">
            <h2 id="q-h">${tt('travellers.question.title', { agency: tt('agency.' + st.openQuestion.agency) })}</h2>
            <blockquote class="usa-prose">${st.openQuestion.question}</blockquote>
        <form class="usa-form usa-form--large" method="post"
          action="${localePath(req.locale, `/applications/${a.id}/answer`)}">${csrfField(req)}${textArea({
            name: 'answer',
            label: tt('travellers.question.answer'),
          })}<button class="usa-button" type="submit">${tt('travellers.question.send')}</button>
          </form></section>`
          : ''
      }
      ${
        WITHDRAWABLE.includes(st.stage)
          ? html`<form method="post" action="${localePath(req.locale, `/applications/${a.id}/withdraw`)}">
              ${csrfField(req)}<p class="usa-hint">${tt('travellers.withdraw.hint')}</p>
              <button class="usa-button usa-button--unstyled" type="submit">${tt('travellers.withdraw.button')}</button>
            </form>`
          : ''
      }
      <h2>${tt('travellers.status.agencies')}</h2>
      <ul class="usa-list">${agencies.map(
        (ag) => html`<li>${tt('label_value', { label: tt('agency.' + ag), value: agencyState(ag) })}</li>`,
      )}</ul>
      <h2>${tt('travellers.status.history')}</h2>
      <ol class="sb-timeline">${actions
        .filter((x) => x.kind !== 'draft_saved')
        .map(
          (x, i, arr) => html`<li class="${i === arr.length - 1 ? 'sb-current' : ''}">
        <strong>${tt('travellers.action.' + x.kind, { agency: short(x.agency) })}</strong><br>
        <span class="font-body-3xs">${formatDateTime(req.locale, x.at)}</span></li>`,
        )}</ol>`;
}
