// The analyst's lookout pages: the list under the sharing scope, the posting form, one lookout with its history.
import type { FastifyRequest } from 'fastify';
import { html } from '../../../kernel/html.ts';
import type { T } from '../../../kernel/i18n.ts';
import {
  checkboxes,
  csrfField,
  formatDateTime,
  localePath,
  selectField,
  textArea,
  textField,
} from '../../../kernel/ui.ts';
import { AGENCY_CODES } from '../../../kernel/agencies.ts';
import { countryOptions } from '../../../kernel/countries.ts';
import type { FieldError } from '../../../kernel/validation.ts';
import { ACTIONS, CATEGORIES, LOOKOUT_SUBJECTS } from '../domain/lookout.ts';
import type { LookoutDetail, LookoutListItem } from '../service.ts';

export const stateTag = (tt: T, s: string) =>
  html`<span class="usa-tag ${s === 'active' ? 'bg-secondary-dark' : ''}">${tt('lookouts.state.' + s)}</span>`;

export interface ListFilter {
  state: string;
  kind: string;
  text: string;
}

export function listBody(req: FastifyRequest, tt: T, agency: string, q: ListFilter, rows: LookoutListItem[]) {
  const states = ['draft', 'active', 'expired', 'withdrawn'].map((s) => ({
    value: s,
    label: tt('lookouts.state.' + s),
  }));
  return html`<h1>${tt('lookouts.title')}</h1><p>${tt('lookouts.lead', { agency: tt('agency.short.' + agency) })}</p>
    <p><a class="usa-button" href="${localePath(req.locale, '/lookouts/new')}">${tt('lookouts.new')}</a></p>
    <form class="usa-form usa-form--large" method="get" action="${localePath(req.locale, '/lookouts')}">
      ${selectField({
        name: 'kind',
        label: tt('lookouts.f.kind'),
        value: q.kind,
        options: [
          { value: '', label: tt('lookouts.kind.all') },
          { value: 'lookout', label: tt('lookouts.kind.lookout') },
          { value: 'reference', label: tt('lookouts.kind.reference') },
        ],
      })}
      ${selectField({
        name: 'state',
        label: tt('common.status'),
        value: q.state,
        options: [{ value: '', label: tt('lookouts.kind.all') }, ...states],
      })}
      ${textField({ name: 'text', label: tt('lookouts.f.search'), value: q.text })}
      <button class="usa-button" type="submit">${tt('audit.filter.submit')}</button></form>
    ${rows.length ? listTable(req, tt, rows) : html`<p>${tt('lookouts.empty')}</p>`}`;
}

function listTable(req: FastifyRequest, tt: T, rows: LookoutListItem[]) {
  return html`<div class="usa-table-container--scrollable" tabindex="0">
    <table class="usa-table"><caption>${tt('lookouts.caption', { count: rows.length })}</caption>
    <thead><tr><th scope="col">${tt('lookouts.f.label')}</th><th scope="col">${tt('lookouts.f.subject_type')}</th>
      <th scope="col">${tt('lookouts.f.category')}</th><th scope="col">${tt('lookouts.f.origin')}</th>
      <th scope="col">${tt('common.status')}</th></tr></thead>
    <tbody>${rows.map(
      (m) => html`<tr><th scope="row"><a class="usa-link" href="${localePath(req.locale, `/lookouts/${m.id}`)}"
          >${m.label || m.id.slice(0, 8)}</a></th>
        <td>${tt('lookouts.subject.' + m.subjectType)}</td><td>${tt('lookouts.category.' + m.category)}</td>
        <td>${m.originAgency}</td><td>${stateTag(tt, m.state)}</td></tr>`,
    )}</tbody></table></div>`;
}

/** The posting form's values, as the browser sent them (strings, or several for check boxes). */
export type FormValues = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
const many = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export function formBody(req: FastifyRequest, tt: T, v: FormValues, errors: FieldError[]) {
  const countries = countryOptions(req.locale);
  const opts = <K extends string>(keys: readonly K[], prefix: string) =>
    keys.map((k) => ({ value: k, label: tt(prefix + k) }));
  return html`<h1>${tt('lookouts.new')}</h1>
    <form class="usa-form usa-form--large" method="post" action="${localePath(req.locale, '/lookouts/new')}"
      novalidate>${csrfField(req)}
    ${selectField({
      name: 'subjectType',
      label: tt('lookouts.f.subject_type'),
      value: one(v.subjectType),
      options: opts(LOOKOUT_SUBJECTS, 'lookouts.subject.'),
      errors,
    })}
    ${textArea({
      name: 'names',
      label: tt('lookouts.f.names'),
      hint: tt('lookouts.f.names_hint'),
      value: one(v.names),
      errors,
      rows: 3,
    })}
    ${textField({
      name: 'birthDates',
      label: tt('lookouts.f.birth_dates'),
      hint: tt('lookouts.f.birth_dates_hint'),
      value: one(v.birthDates),
      errors,
    })}
    ${selectField({
      name: 'nationality',
      label: tt('lookouts.f.nationality'),
      value: one(v.nationality),
      empty: tt('common.none'),
      options: countries,
      errors,
    })}
    ${textField({ name: 'documentNumber', label: tt('lookouts.f.document'), value: one(v.documentNumber), errors })}
    ${selectField({
      name: 'documentCountry',
      label: tt('lookouts.f.document_country'),
      value: one(v.documentCountry),
      empty: tt('common.none'),
      options: countries,
      errors,
    })}
    ${textField({ name: 'plate', label: tt('lookouts.f.plate'), value: one(v.plate), errors })}
    ${textField({
      name: 'plateJurisdiction',
      label: tt('lookouts.f.plate_jurisdiction'),
      value: one(v.plateJurisdiction),
      errors,
    })}
    ${textField({
      name: 'container',
      label: tt('lookouts.f.container'),
      hint: tt('lookouts.f.container_hint'),
      value: one(v.container),
      errors,
    })}
    ${selectField({
      name: 'category',
      label: tt('lookouts.f.category'),
      value: one(v.category),
      empty: '—',
      options: opts(
        CATEGORIES.filter((c) => c !== 'sanctions'),
        'lookouts.category.',
      ),
      errors,
    })}
    ${textArea({ name: 'reason', label: tt('lookouts.f.reason'), value: one(v.reason), errors })}
    ${selectField({
      name: 'recommendedAction',
      label: tt('lookouts.f.action'),
      value: one(v.recommendedAction),
      empty: '—',
      options: opts(ACTIONS, 'lookouts.action.'),
      errors,
    })}
    ${checkboxes({
      name: 'sharingAgencies',
      legend: tt('lookouts.f.sharing_agencies'),
      values: many(v.sharingAgencies),
      options: opts(AGENCY_CODES, 'agency.'),
      errors,
    })}
    ${textField({
      name: 'validFrom',
      label: tt('lookouts.f.valid_from'),
      hint: tt('travellers.f.date_hint'),
      value: one(v.validFrom),
      errors,
      width: 'medium',
    })}
    ${textField({
      name: 'validUntil',
      label: tt('lookouts.f.valid_until'),
      hint: tt('travellers.f.date_hint'),
      value: one(v.validUntil),
      errors,
      width: 'medium',
    })}
    ${textField({
      name: 'legalReference',
      label: tt('lookouts.f.legal_reference'),
      value: one(v.legalReference),
      errors,
    })}
    ${checkboxes({
      name: 'activate',
      legend: tt('lookouts.f.activate_legend'),
      values: one(v.activate) === 'on' ? ['on'] : [],
      options: [{ value: 'on', label: tt('lookouts.f.activate') }],
    })}
    <button class="usa-button" type="submit">${tt('common.save')}</button></form>`;
}

export function detailBody(req: FastifyRequest, tt: T, l: LookoutDetail, own: boolean) {
  const i = l.identifiers;
  const action = (path: string, label: string, cls: string) =>
    html`<form class="sb-inline-form" method="post" action="${localePath(req.locale, `/lookouts/${l.id}/${path}`)}"
      >${csrfField(req)}<button class="usa-button ${cls}" type="submit">${label}</button></form>`;
  const row = (label: string, value: unknown, mono = false) =>
    html`<dt>${label}</dt><dd${mono ? html` class="sb-mono"` : ''}>${value}</dd>`;
  const sharing = l.kind === 'reference' ? tt('lookouts.public') : l.sharingAgencies.join(', ') || tt('common.none');
  return html`<h1>${l.label || tt('lookouts.title')}</h1>
    <p>${stateTag(tt, l.state)} ${tt('lookouts.category.' + l.category)} · ${tt(
      'lookouts.subject.' + l.subjectType,
    )}</p>
    <dl>
      ${i.names.length ? row(tt('lookouts.f.names'), i.names.join(' · ')) : ''}
      ${i.birthDates.length ? row(tt('lookouts.f.birth_dates'), i.birthDates.join(', ')) : ''}
      ${i.nationalities.length ? row(tt('lookouts.f.nationality'), i.nationalities.join(', ')) : ''}
      ${
        i.documents.length
          ? row(tt('lookouts.f.document'), i.documents.map((d) => `${d.number} ${d.country ?? ''}`).join(', '), true)
          : ''
      }
      ${
        i.plates.length
          ? row(tt('lookouts.f.plate'), i.plates.map((p) => `${p.number} ${p.jurisdiction ?? ''}`).join(', '), true)
          : ''
      }
      ${i.containers.length ? row(tt('lookouts.f.container'), i.containers.join(', '), true) : ''}
      ${row(tt('lookouts.f.reason'), l.reason)}
      ${row(tt('lookouts.f.action'), tt('lookouts.action.' + l.recommendedAction))}
      ${row(tt('lookouts.f.origin'), `${l.originAgency} (${l.originCountry})`)}
      ${row(tt('lookouts.f.sharing_agencies'), sharing)}
      ${row(tt('lookouts.f.validity'), `${l.validFrom ?? '…'} – ${l.validUntil ?? '…'}`)}
      ${l.legalReference ? row(tt('lookouts.f.legal_reference'), l.legalReference) : ''}
    </dl>
    ${own && l.state === 'draft' ? action('activate', tt('lookouts.activate'), '') : ''}
    ${own && l.state !== 'withdrawn' ? action('withdraw', tt('lookouts.withdraw'), 'usa-button--secondary') : ''}
    <h2>${tt('travellers.status.history')}</h2>
    <ol class="sb-timeline">${l.events.map(
      (e) => html`<li><strong>${tt('lookouts.event.' + e.kind)}</strong> ${e.actor_agency ?? ''}<br>
        <span class="font-body-3xs">${formatDateTime(req.locale, e.at)}</span></li>`,
    )}</ol>`;
}
