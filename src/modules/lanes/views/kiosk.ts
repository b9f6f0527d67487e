// The self-service kiosk for members: a card or passport scanned, the answer only "proceed" or "see an officer".
import { html, raw, type SafeHtml } from '../../../kernel/html.ts';
import type { Locale, T } from '../../../kernel/i18n.ts';
import { localePath, textField } from '../../../kernel/ui.ts';
import type { FieldError } from '../../../kernel/validation.ts';
import type { Port } from '../domain/ports.ts';

export interface KioskModel {
  locale: Locale;
  csrf: SafeHtml;
  port: Port;
  result?: 'admit' | 'refer';
  errors: FieldError[];
}

export function kioskView(tt: T, m: KioskModel) {
  const result = m.result
    ? html`<p class="sb-decision sb-decision--${m.result}" role="status">${
        m.result === 'admit' ? tt('lanes.kiosk.proceed') : tt('lanes.kiosk.see_officer')
      }</p>`
    : '';
  return html`<h1>${tt('lanes.kiosk.title')}</h1><p>${m.port.name}</p>
      ${result}
      <form class="usa-form usa-form--large" method="post" action="${localePath(m.locale, `/kiosk/${m.port.id}`)}"
        novalidate>${m.csrf}
        ${textField({
          name: 'card',
          label: tt('lanes.kiosk.card'),
          hint: tt('lanes.kiosk.card_hint'),
          value: '',
          errors: m.errors,
          attrs: raw(' autofocus spellcheck="false"'),
        })}
        <button class="usa-button usa-button--big" type="submit">${tt('lanes.kiosk.submit')}</button></form>`;
}

export interface KioskEnrolModel {
  locale: Locale;
  csrf: SafeHtml;
  port: Port;
  errors: FieldError[];
}

/** Enrolling a screen as a port's kiosk: an administrator enters the device credential once. */
export function kioskEnrolView(tt: T, m: KioskEnrolModel) {
  return html`<h1>${tt('lanes.kiosk.enrol_title')}</h1>
      <p>${tt('lanes.kiosk.enrol_intro', { port: m.port.name })}</p>
      <form class="usa-form" method="post" action="${localePath(m.locale, `/kiosk/${m.port.id}/enrol`)}"
        novalidate>${m.csrf}
        ${textField({
          name: 'credential',
          label: tt('lanes.kiosk.credential'),
          type: 'password',
          autocomplete: 'off',
          value: '',
          errors: m.errors,
          required: true,
          attrs: raw(' spellcheck="false"'),
        })}
        <button class="usa-button" type="submit">${tt('lanes.kiosk.enrol_submit')}</button></form>`;
}
