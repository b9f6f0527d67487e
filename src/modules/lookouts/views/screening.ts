// The manual screening page, and how a hit is explained to an officer (the lanes console shows it too).
import type { FastifyRequest } from 'fastify';
import { html } from '../../../kernel/html.ts';
import type { T } from '../../../kernel/i18n.ts';
import { alert, csrfField, localePath, selectField, textField } from '../../../kernel/ui.ts';
import { countryOptions } from '../../../kernel/countries.ts';
import type { FieldError } from '../../../kernel/validation.ts';
import { LOOKOUT_SUBJECTS, type ScreeningHit } from '../domain/lookout.ts';

/** Why a hit matched: each field, the method that matched it and its score, with the compared values. */
export function hitExplanation(tt: T, h: Pick<ScreeningHit, 'reasons'>) {
  return html`<ul class="usa-list">${h.reasons.map((r) => {
    const method = `${tt('lookouts.method.' + r.method)} (${tt('number.fixed2', { x: r.score })})`;
    return html`<li>${tt('label_value', { label: tt('lookouts.field.' + r.field), value: method })}${
      r.query || r.listed
        ? html` — <span class="sb-mono">${r.query ?? ''}</span> ↔ <span class="sb-mono">${r.listed ?? ''}</span>`
        : ''
    }</li>`;
  })}</ul>`;
}

export interface ScreenResult {
  hits: ScreeningHit[];
}

export function screenBody(
  req: FastifyRequest,
  tt: T,
  v: Record<string, string>,
  errors: FieldError[],
  result?: ScreenResult,
) {
  const subjects = LOOKOUT_SUBJECTS.map((s) => ({ value: s, label: tt('lookouts.subject.' + s) }));
  return html`<h1>${tt('lookouts.screen.title')}</h1><p>${tt('lookouts.screen.lead')}</p>
    <form class="usa-form usa-form--large" method="post" action="${localePath(req.locale, '/lookouts/screen')}"
      novalidate>${csrfField(req)}
      ${selectField({ name: 'type', label: tt('lookouts.f.subject_type'), value: v.type, options: subjects, errors })}
      ${textField({ name: 'name', label: tt('lookouts.screen.name'), value: v.name, errors })}
      ${textField({
        name: 'birthDate',
        label: tt('travellers.f.birth_date'),
        hint: tt('lookouts.f.birth_dates_hint'),
        value: v.birthDate,
        errors,
        width: 'medium',
      })}
      ${selectField({
        name: 'nationality',
        label: tt('lookouts.f.nationality'),
        value: v.nationality,
        empty: tt('common.none'),
        options: countryOptions(req.locale),
        errors,
      })}
      ${textField({ name: 'documentNumber', label: tt('lookouts.f.document'), value: v.documentNumber, errors })}
      <button class="usa-button" type="submit">${tt('lookouts.screen.submit')}</button></form>
    ${result ? resultTable(req, tt, result) : ''}`;
}

function resultTable(req: FastifyRequest, tt: T, result: ScreenResult) {
  if (result.hits.length === 0)
    return html`<h2>${tt('lookouts.screen.result')}</h2>${alert('success', tt('lookouts.screen.clear'))}`;
  const name = (h: ScreeningHit) =>
    h.kind === 'lookout'
      ? html`<a class="usa-link" href="${localePath(req.locale, `/lookouts/${h.lookoutId}`)}">${h.name}</a>`
      : h.name;
  return html`<h2>${tt('lookouts.screen.result')}</h2>
    <div class="usa-table-container--scrollable" tabindex="0">
      <table class="usa-table"><caption>${tt('lookouts.screen.hits', { count: result.hits.length })}</caption>
      <thead><tr><th scope="col">${tt('lookouts.f.label')}</th><th scope="col">${tt('lookouts.screen.score')}</th>
        <th scope="col">${tt('lookouts.screen.why')}</th><th scope="col">${tt('lookouts.f.action')}</th></tr></thead>
      <tbody>${result.hits.map(
        (h) => html`<tr><th scope="row">${name(h)}<br>
          <span class="font-body-3xs">${h.originAgency} · ${tt('lookouts.category.' + h.category)}</span></th>
          <td>${tt('number.fixed2', { x: h.score })}</td><td>${hitExplanation(tt, h)}</td>
          <td>${tt('lookouts.action.' + h.recommendedAction)}</td></tr>`,
      )}</tbody></table></div>`;
}
