// Enrolment (officers): the applications ready for their interview, and one case (verify, record, issue).
import type { FastifyRequest } from 'fastify';
import { html } from '../../../kernel/html.ts';
import type { T } from '../../../kernel/i18n.ts';
import { alert, checkboxes, csrfField, formatDateTime, localePath, textField } from '../../../kernel/ui.ts';
import type { FieldError } from '../../../kernel/validation.ts';
import type { Draft } from '../personal.ts';
import type { Application, TravellersService } from '../service.ts';
import type { Derived } from '../status.ts';
import { progNames, stageTag } from './common.ts';

type EnrolmentItem = Awaited<ReturnType<TravellersService['enrolmentQueue']>>[number];
/** What the officer typed, shown again with the errors. */
export interface IssueValues {
  documentsVerified?: string;
  photoRef?: string;
  biometricRef?: string;
}

export function enrolmentQueueBody(req: FastifyRequest, tt: T, agency: string, rows: EnrolmentItem[]) {
  const appointment = (r: EnrolmentItem) =>
    r.starts_at
      ? `${formatDateTime(req.locale, r.starts_at)} — ${r.centre_name}`
      : r.interview?.onArrival
        ? tt('travellers.interview.on_arrival')
        : tt('travellers.enrolment.not_booked');
  const title = tt('travellers.enrolment.title', { agency: tt('agency.short.' + agency) });
  return html`<h1>${title}</h1><p>${tt('travellers.enrolment.lead')}</p>
      ${
        rows.length
          ? html`<div class="usa-table-container--scrollable" tabindex="0">
            <table class="usa-table"><caption>${tt('travellers.enrolment.caption')}</caption><thead><tr>
            <th scope="col">${tt('travellers.apps.reference')}</th>
            <th scope="col">${tt('travellers.vetting.applicant')}</th>
            <th scope="col">${tt('travellers.apps.programmes')}</th>
            <th scope="col">${tt('travellers.enrolment.appointment')}</th></tr></thead>
      <tbody>${rows.map(
        (r) => html`<tr><th scope="row">
        <a class="usa-link" href="${localePath(req.locale, `/enrolment/${r.id}`)}">${r.reference}</a></th>
        <td>${r.applicant_name}</td><td>${progNames(tt, r.programmes)}</td><td>${appointment(r)}</td></tr>`,
      )}</tbody>
        </table></div>`
          : html`<p>${tt('travellers.enrolment.empty')}</p>`
      }`;
}

export function enrolmentCaseBody(
  req: FastifyRequest,
  tt: T,
  v: { app: Application; status: Derived; draft: Draft },
  errors: FieldError[],
  values: IssueValues,
) {
  const id = v.app.id;
  const d = v.draft;
  return html`<h1>${tt('travellers.enrolment.case', { reference: v.app.reference })}</h1>
    <p>${stageTag(tt, v.status.stage)}</p>
      ${
        d.photo
          ? html`<img src="${localePath(req.locale, `/applications/${id}/photo`)}" alt="${tt('travellers.photo.alt')}"
          width="160">`
          : ''
      }
      ${
        d.identity && d.facts
          ? html`<dl><dt>${tt('travellers.f.surname')}</dt><dd>${d.identity.surname}</dd>
        <dt>${tt('travellers.f.given_names')}</dt><dd>${d.identity.givenNames}</dd>
        <dt>${tt('travellers.f.birth_date')}</dt><dd>${d.facts.birthDate}</dd>
        <dt>${tt('travellers.f.passport_number')}</dt><dd class="sb-mono">${d.identity.passportNumber}</dd></dl>`
          : ''
      }
      ${
        v.status.stage === 'member'
          ? alert('success', tt('travellers.enrolment.issued'))
          : html`<form class="usa-form usa-form--large" method="post"
            action="${localePath(req.locale, `/enrolment/${id}`)}" novalidate>${csrfField(req)}
        ${checkboxes({
          name: 'documentsVerified',
          legend: tt('travellers.enrolment.verify_legend'),
          values: values.documentsVerified ? ['on'] : [],
          options: [{ value: 'on', label: tt('travellers.enrolment.verify') }],
          errors,
        })}
        ${textField({
          name: 'photoRef',
          label: tt('travellers.enrolment.photo_ref'),
          hint: tt('travellers.enrolment.photo_ref_hint'),
          value: values.photoRef,
          errors,
        })}
        ${textField({
          name: 'biometricRef',
          label: tt('travellers.enrolment.biometric_ref'),
          hint: tt('travellers.enrolment.biometric_ref_hint'),
          value: values.biometricRef,
          errors,
        })}
        <button class="usa-button" type="submit">${tt('travellers.enrolment.issue')}</button></form>`
      }`;
}
