// Secondary inspection: the open referrals of the officer's queue, each with the form that records its outcome.
import { html, type SafeHtml } from '../../../kernel/html.ts';
import type { Locale, T } from '../../../kernel/i18n.ts';
import { checkboxes, formatDateTime, localePath, selectField, textField } from '../../../kernel/ui.ts';
import type { ReferralView } from '../service/lanes.ts';
import { SECONDARY_OUTCOMES } from '../store.ts';
import { reasonText } from './reasons.ts';

export interface SecondaryModel {
  locale: Locale;
  csrf: SafeHtml;
  referrals: ReferralView[];
  portName: (portId: string) => string;
}

function referralBox(tt: T, m: SecondaryModel, r: ReferralView) {
  const outcomes = SECONDARY_OUTCOMES.map((o) => ({ value: o, label: tt(`lanes.outcome.${o}`) }));
  const feedback = r.hitIds.length
    ? checkboxes({
        name: 'falsePositive',
        legend: tt('lanes.secondary.feedback'),
        values: [],
        options: [{ value: 'on', label: tt('lanes.secondary.false_positive') }],
      })
    : '';
  const opened = formatDateTime(m.locale, r.openedAt);
  const heading = `${m.portName(r.portId)} · ${tt(`lanes.type.${r.laneType}`)} · ${opened}`;
  return html`<div class="usa-summary-box margin-y-2"><div class="usa-summary-box__body">
      <h2 class="usa-summary-box__heading">${heading}</h2>
      <ul class="usa-list">${r.reasons.map((x) => html`<li>${reasonText(tt, x)}</li>`)}</ul>
      <form class="usa-form" method="post" action="${localePath(m.locale, `/lanes/secondary/${r.id}`)}">${m.csrf}
        ${selectField({ name: 'outcome', label: tt('lanes.secondary.outcome'), options: outcomes })}
        ${textField({ name: 'note', label: tt('lanes.secondary.note'), value: '' })}
        ${feedback}
        <button class="usa-button" type="submit">${tt('lanes.secondary.close')}</button></form></div></div>`;
}

export function secondaryView(tt: T, m: SecondaryModel) {
  return html`<h1>${tt('lanes.secondary.title')}</h1><p>${tt('lanes.secondary.lead')}</p>
      ${
        m.referrals.length ? m.referrals.map((r) => referralBox(tt, m, r)) : html`<p>${tt('lanes.secondary.empty')}</p>`
      }`;
}
