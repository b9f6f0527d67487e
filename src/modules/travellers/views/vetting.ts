// Vetting (officers): the agency's queue of work items, and one case with its risk summary, the person, the history
// and the decision form.
import type { FastifyRequest } from 'fastify';
import { html, raw } from '../../../kernel/html.ts';
import { countryName, type T } from '../../../kernel/i18n.ts';
import { alert, csrfField, fieldId, formatDateTime, localePath, selectField, textArea } from '../../../kernel/ui.ts';
import type { FieldError } from '../../../kernel/validation.ts';
import type { Draft } from '../personal.ts';
import { DENIAL_REASONS, type Application, type TravellersService } from '../service.ts';
import type { Action, Derived } from '../status.ts';
import { daysSince, progName, progNames, stageTag } from './common.ts';

type QueueItem = Awaited<ReturnType<TravellersService['queue']>>[number];
/** What the officer chose and typed, shown again with the errors. */
export interface DecisionValues {
  decision?: string;
  reasonCode?: string;
  explanation?: string;
  question?: string;
}

export function vettingQueueBody(req: FastifyRequest, tt: T, agency: string, items: QueueItem[]) {
  const subject = (w: QueueItem) =>
    w.application_id
      ? html`<a class="usa-link" href="${localePath(req.locale, `/vetting/${w.application_id}`)}">${w.reference}</a>`
      : html`<a class="usa-link"
        href="${localePath(req.locale, `/memberships/${w.membership_id}/officer`)}"
          >${tt('travellers.vetting.membership')}</a>`;
  const title = tt('travellers.vetting.title', { agency: tt('agency.short.' + agency) });
  return html`<h1>${title}</h1><p>${tt('travellers.vetting.lead')}</p>
      ${
        items.length
          ? html`<div class="usa-table-container--scrollable" tabindex="0">
            <table class="usa-table"><caption>${tt('travellers.vetting.caption')}</caption><thead><tr>
            <th scope="col">${tt('travellers.apps.reference')}</th><th scope="col">${tt('travellers.vetting.kind')}</th>
            <th scope="col">${tt('travellers.vetting.applicant')}</th>
            <th scope="col">${tt('travellers.apps.programmes')}</th>
            <th scope="col">${tt('travellers.vetting.risk')}</th>
            <th scope="col">${tt('travellers.vetting.waiting')}</th></tr></thead>
      <tbody>${items.map(
        (w) => html`<tr><th scope="row">${subject(w)}</th>
        <td>${tt('travellers.workitem.' + w.kind)}</td><td>${w.applicant_name ?? ''}</td>
        <td>${progNames(tt, w.programmes)}</td><td>${tt('number.fixed2', { x: Number(w.risk_score) })}</td>
        <td>${tt('travellers.vetting.days', { n: daysSince(w.opened_at) })}</td></tr>`,
      )}</tbody></table></div>`
          : html`<p>${tt('travellers.vetting.empty')}</p>`
      }`;
}

/** How a screening hit matched (the lookouts module's reasons: a field and a method). */
function reasonText(tt: T, reasons: unknown[]) {
  return reasons
    .map((r) => {
      const { field, method } = (typeof r === 'object' && r !== null ? r : {}) as { field?: unknown; method?: unknown };
      return `${tt('lookouts.field.' + String(field))}: ${tt('lookouts.method.' + String(method))}`;
    })
    .join('; ');
}

export function vettingCaseBody(
  req: FastifyRequest,
  tt: T,
  agency: string,
  v: { app: Application; status: Derived; draft: Draft; actions: Action[] },
  canDecide: boolean,
  errors: FieldError[],
  values: DecisionValues,
) {
  const id = v.app.id;
  const risk = v.app.risk;
  const d = v.draft;
  const hits = risk ? risk.hits.filter((h) => h.visibleTo.includes(agency)) : [];
  const decisionError = errors.find((e) => e.path === 'decision');
  return html`<h1>${tt('travellers.vetting.case', { reference: v.app.reference })}</h1>
      <p>${stageTag(tt, v.status.stage)} ${progNames(tt, v.app.programmes, ' · ')}</p>
      <h2>${tt('travellers.risk.title')}</h2>
      ${
        risk
          ? html`<div class="usa-table-container--scrollable" tabindex="0">
            <table class="usa-table">
            <caption>${tt('travellers.risk.caption', { score: risk.score })}</caption><tbody>
        <tr><th scope="row">${tt('travellers.risk.document')}</th>
          <td>${risk.document.ok ? tt('travellers.risk.ok') : risk.document.problems.map((p) => tt(p)).join('; ')}</td>
          </tr>
        <tr><th scope="row">${tt('travellers.risk.eligibility')}</th>
          <td>${
            risk.eligibility.ok
              ? tt('travellers.risk.ok')
              : risk.eligibility.problems.map((p) => progName(tt, p)).join(', ')
          }</td>
          </tr>
        <tr><th scope="row">${tt('travellers.risk.screening')}</th>
          <td>${tt('travellers.screening.' + (v.status.screening ?? risk.screening))}${
            hits.length
              ? html`<ul>${hits.map(
                  (h) =>
                    html`<li>${h.name} (${tt('number.fixed2', { x: h.score })}) — ${reasonText(tt, h.reasons)}</li>`,
                )}</ul>`
              : ''
          }</td>
          </tr>
        <tr><th scope="row">${tt('travellers.risk.declarations')}</th>
          <td>${
            risk.declarations.length
              ? risk.declarations.map((k) => tt('travellers.decl.' + k)).join('; ')
              : tt('common.none')
          }</td>
          </tr>
      </tbody></table></div>`
          : ''
      }
      <h2>${tt('travellers.vetting.person')}</h2>
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
        <dt>${tt('travellers.f.birth_date')}</dt><dd>${d.facts.birthDate}</dd><dt>${tt('travellers.f.citizenship')}</dt>
          <dd>${d.facts.citizenships.map((c) => countryName(req.locale, c)).join(', ')}</dd>
        <dt>${tt('travellers.f.passport_number')}</dt>
          <dd class="sb-mono">${d.identity.passportNumber} (${countryName(req.locale, d.identity.passportCountry)})</dd>
        <dt>${tt('travellers.f.addresses')}</dt>
          <dd>${(d.history?.addresses ?? []).map(
            (a) => html`${a.line}, ${a.city}, ${countryName(req.locale, a.country)} (${a.from}–${a.to || '…'})<br>`,
          )}</dd>
          </dl>`
          : ''
      }
      ${
        d.declarations?.explanation
          ? html`<p>
        <strong>${tt('travellers.decl.explanation')}:</strong> ${d.declarations.explanation}</p>`
          : ''
      }
      <h2>${tt('travellers.status.history')}</h2>
      <ol class="sb-timeline">${v.actions
        .filter((x) => x.kind !== 'draft_saved')
        .map(
          (x) => html`<li>
        <strong>${tt('travellers.action.' + x.kind, {
          agency: x.agency ? tt('agency.short.' + x.agency) : '',
        })}</strong> ${x.detail.answer ? html`— ${x.detail.answer}` : ''}${
          x.detail.question ? html`— ${x.detail.question}` : ''
        }<br>
        <span class="font-body-3xs">${formatDateTime(req.locale, x.at)}</span></li>`,
        )}</ol>
      ${
        canDecide
          ? html`<h2>${tt('travellers.vetting.decide')}</h2>
      <form class="usa-form usa-form--large" method="post" action="${localePath(req.locale, `/vetting/${id}/decision`)}"
        novalidate>${csrfField(req)}
        <fieldset class="usa-fieldset" id="${fieldId('decision')}">
          <legend class="usa-legend">${tt('travellers.vetting.decision')}</legend>
        ${decisionError ? html`<span class="usa-error-message" role="alert">${decisionError.message}</span>` : ''}
        ${['approve', 'deny', 'request_info'].map(
          (k) => html`<div class="usa-radio">
          <input class="usa-radio__input" type="radio" id="dec-${k}" name="decision" value="${k}"
          ${raw(values.decision === k ? ' checked' : '')}>
          <label class="usa-radio__label" for="dec-${k}">${tt('travellers.vetting.' + k)}</label></div>`,
        )}</fieldset>
        ${selectField({
          name: 'reasonCode',
          label: tt('travellers.vetting.reason'),
          hint: tt('travellers.vetting.reason_hint'),
          value: values.reasonCode,
          empty: '—',
          options: DENIAL_REASONS.map((r) => ({ value: r, label: tt('travellers.denial.' + r) })),
          errors,
        })}
        ${textArea({
          name: 'explanation',
          label: tt('travellers.vetting.explanation'),
          hint: tt('travellers.vetting.explanation_hint'),
          value: values.explanation,
          errors,
        })}
        ${textArea({ name: 'question', label: tt('travellers.vetting.question'), value: values.question, errors })}
        <button class="usa-button" type="submit">${tt('travellers.vetting.record')}</button></form>`
          : alert('info', tt('travellers.vetting.no_decision'))
      }`;
}
