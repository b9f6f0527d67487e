// Interview booking: the applicant's current interview, the centres serving the programmes, a centre's free slots,
// and Enrolment on Arrival where the centre offers it.
import type { FastifyRequest } from 'fastify';
import { html, raw } from '../../../kernel/html.ts';
import { countryName, type T } from '../../../kernel/i18n.ts';
import { csrfField, formatDateTime, localePath, selectField } from '../../../kernel/ui.ts';
import type { Application, TravellersService } from '../service.ts';
import type { Derived } from '../status.ts';

type Centre = Awaited<ReturnType<TravellersService['centresFor']>>[number];
type Slot = Awaited<ReturnType<TravellersService['slots']>>[number];

export function interviewBody(
  req: FastifyRequest,
  tt: T,
  v: { app: Application; status: Derived },
  centres: Centre[],
  chosen: string | undefined,
  centre: Centre | undefined,
  slots: Slot[],
) {
  const centreLabel = (c: Centre) =>
    `${c.name} (${c.city}, ${countryName(req.locale, c.country)})` +
    (c.enrolment_on_arrival ? ' — ' + tt('travellers.interview.eoa_short') : '');
  return html`<h1>${tt('travellers.interview.title')}</h1>
      ${
        v.status.interview
          ? html`<div class="usa-alert usa-alert--info"><div class="usa-alert__body">
            <p class="usa-alert__text">${tt('travellers.interview.current')} ${
              v.status.interview.startsAt
                ? formatDateTime(req.locale, v.status.interview.startsAt)
                : tt('travellers.interview.on_arrival')
            }</p>
        <form method="post"
          action="${localePath(req.locale, `/applications/${v.app.id}/interview/cancel`)}">${csrfField(req)}<button
          class="usa-button usa-button--secondary" type="submit">${tt('travellers.interview.cancel')}</button>
          </form></div></div>`
          : ''
      }
      <form class="usa-form usa-form--large" method="get"
        action="${localePath(req.locale, `/applications/${v.app.id}/interview`)}">
        ${selectField({
          name: 'centre',
          label: tt('travellers.interview.centre'),
          value: chosen,
          empty: '—',
          options: centres.map((c) => ({ value: c.id, label: centreLabel(c) })),
        })}
        <button class="usa-button" type="submit">${tt('travellers.interview.show_slots')}</button></form>
      ${
        centre
          ? html`<h2>${centre.name}</h2>
        ${
          slots.length
            ? html`<form class="usa-form usa-form--large" method="post"
              action="${localePath(req.locale, `/applications/${v.app.id}/interview`)}">${csrfField(req)}
          <fieldset class="usa-fieldset"><legend class="usa-legend">${tt('travellers.interview.choose_slot')}</legend>
          ${slots.slice(0, 12).map(
            (s, i) => html`<div class="usa-radio">
            <input class="usa-radio__input" type="radio" id="slot-${i}" name="slotId" value="${s.id}"
            ${raw(i === 0 ? ' required' : '')}>
            <label class="usa-radio__label"
              for="slot-${i}">${formatDateTime(req.locale, s.starts_at)} (${tt('travellers.interview.places', {
                n: s.capacity - s.booked,
              })})</label>
            </div>`,
          )}</fieldset>
          <button class="usa-button" type="submit">${tt('travellers.interview.book')}</button></form>`
            : html`<p>${tt('travellers.interview.no_slots')}</p>`
        }
        ${
          centre.enrolment_on_arrival
            ? html`<form method="post"
              action="${localePath(req.locale, `/applications/${v.app.id}/interview`)}">${csrfField(req)}<input
              type="hidden" name="onArrivalCentreId" value="${centre.id}">
          <p>${tt('travellers.interview.eoa_explain')}</p>
          <button class="usa-button usa-button--outline" type="submit">${tt('travellers.interview.eoa_choose')}</button>
          </form>`
            : ''
        }`
          : ''
      }
      <p><a class="usa-link" href="${localePath(req.locale, `/applications/${v.app.id}`)}">${tt('common.back')}</a>
        </p>`;
}
