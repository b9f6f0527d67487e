// Memberships: the holder's card of a membership (renew, report a lost card) and the officer's review page.
import type { FastifyRequest } from 'fastify';
import { html } from '../../../kernel/html.ts';
import type { T } from '../../../kernel/i18n.ts';
import { csrfField, formatDate, localePath, selectField } from '../../../kernel/ui.ts';
import { SUSPENSION_REASONS, type HeldMembership, type MembershipReview } from '../service.ts';
import { progNames } from './common.ts';

export function membershipCard(req: FastifyRequest, tt: T, m: HeldMembership) {
  const active = m.cards.find((c) => c.status === 'active');
  return html`<div class="usa-summary-box margin-y-2"><div class="usa-summary-box__body">
    <h3 class="usa-summary-box__heading">${progNames(tt, m.programmes, ' · ')}</h3>
      <dl><dt>${tt('travellers.membership.number')}</dt><dd class="sb-mono">${m.membership_number}</dd>
      <dt>${tt('common.status')}</dt>
        <dd>${tt('travellers.membership.status.' + m.status)}${
          m.renewal_requested_at ? ' — ' + tt('travellers.membership.renewal_pending') : ''
        }</dd>
      <dt>${tt('travellers.membership.valid_until')}</dt><dd>${formatDate(req.locale, m.expires_at)}</dd>
      <dt>${tt('travellers.membership.card')}</dt>
        <dd>${active ? tt('travellers.membership.card_ending', { last4: active.last4 }) : tt('common.none')}</dd></dl>
      <form class="sb-inline-form" method="post"
        action="${localePath(req.locale, `/memberships/${m.id}/renew`)}">${csrfField(req)}<button
        class="usa-button usa-button--outline" type="submit">${tt('travellers.membership.renew')}</button>
        </form>
      <form class="sb-inline-form" method="post"
        action="${localePath(req.locale, `/memberships/${m.id}/replace-card`)}">${csrfField(req)}<button
        class="usa-button usa-button--secondary" type="submit">${tt('travellers.membership.lost_card')}</button>
        </form>
      </div></div>`;
}

/** A recurrent-vetting hit's summary, as the work item stores it. */
const hitOf = (summary: Record<string, unknown>) =>
  summary.lookoutId ? { lookout: String(summary.lookoutId), score: Number(summary.score) } : null;

/** A membership as a reviewing officer sees it: its open work, the renewal and recurrent decisions, its status. */
export function officerBody(req: FastifyRequest, tt: T, m: MembershipReview, vettingOfficer: boolean) {
  const hit = (summary: Record<string, unknown>) => {
    const h = hitOf(summary);
    return h ? tt('travellers.recurrent.hit', h) : '';
  };
  return html`<h1>${tt('travellers.membership.officer_title', { number: m.membership_number })}</h1>
      <dl><dt>${tt('travellers.vetting.applicant')}</dt><dd>${m.holder_name}</dd><dt>${tt('common.status')}</dt>
        <dd>${tt('travellers.membership.status.' + m.status)}</dd><dt>${tt('travellers.membership.valid_until')}</dt>
        <dd>${formatDate(req.locale, m.expires_at)}</dd></dl>
      ${m.work.map(
        (w) => html`<div class="usa-alert usa-alert--warning usa-alert--slim"><div class="usa-alert__body">
        <p class="usa-alert__text">${tt('travellers.workitem.' + w.kind)} — ${hit(w.summary)}</p></div></div>`,
      )}
      ${
        m.work.some((w) => w.kind === 'renewal') && vettingOfficer
          ? html`<h2>${tt('travellers.renewal.title')}</h2>
        <form class="sb-inline-form" method="post"
          action="${localePath(req.locale, `/memberships/${m.id}/renewal`)}">${csrfField(req)}<button class="usa-button"
          type="submit" name="approve" value="yes">${tt('travellers.renewal.approve')}</button>
          <button class="usa-button usa-button--secondary" type="submit" name="approve"
            value="no">${tt('travellers.renewal.deny')}</button>
          </form>`
          : ''
      }
      ${
        m.work.some((w) => w.kind === 'recurrent') && vettingOfficer
          ? html`<form class="usa-form" method="post"
            action="${localePath(req.locale, `/memberships/${m.id}/recurrent`)}">${csrfField(req)}
        ${selectField({
          name: 'outcome',
          label: tt('travellers.recurrent.outcome'),
          options: ['no_action', 'membership_suspended', 'membership_revoked'].map((o) => ({
            value: o,
            label: tt('travellers.recurrent.' + o),
          })),
        })}
        <button class="usa-button usa-button--outline" type="submit">${tt('travellers.recurrent.close')}</button>
          </form>`
          : ''
      }
      <h2>${tt('travellers.membership.change_status')}</h2>
      <form class="usa-form usa-form--large" method="post"
        action="${localePath(req.locale, `/memberships/${m.id}/officer`)}">${csrfField(req)}
        ${selectField({
          name: 'status',
          label: tt('travellers.membership.new_status'),
          empty: '—',
          options: ['suspended', 'revoked', 'active'].map((s) => ({
            value: s,
            label: tt('travellers.membership.status.' + s),
          })),
        })}
        ${selectField({
          name: 'reason',
          label: tt('travellers.membership.reason'),
          empty: '—',
          options: SUSPENSION_REASONS.map((r) => ({ value: r, label: tt('travellers.suspension.' + r) })),
        })}
        <button class="usa-button" type="submit">${tt('travellers.vetting.record')}</button></form>`;
}
