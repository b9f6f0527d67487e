// The booth console (one screen, keyboard first, MRZ pasted or scanned, the decision large).
import { html, raw, type SafeHtml } from '../../../kernel/html.ts';
import type { Locale, T } from '../../../kernel/i18n.ts';
import { localePath, selectField, textArea, textField } from '../../../kernel/ui.ts';
import type { FieldError } from '../../../kernel/validation.ts';
import { hitExplanation } from '../../lookouts/index.ts';
import type { Lane, Port } from '../domain/ports.ts';
import type { Decision, HitView, OccupantView } from '../service/lanes.ts';
import { reasonText } from './reasons.ts';

function membershipCell(tt: T, o: OccupantView) {
  const m = o.membership;
  if (!m) return tt('lanes.no_membership');
  return html`${m.programmes.join(', ')} · ${m.number}<br>${tt('lanes.valid_until', { date: m.expiresAt })} · ${tt(
    `travellers.membership.status.${m.status}`,
  )}${m.renewalPending ? ` · ${tt('travellers.membership.renewal_pending')}` : ''}${
    m.photoRef ? html`<br>${tt('lanes.photo_ref')}: <span class="sb-mono">${m.photoRef}</span>` : ''
  }`;
}

function hitCell(tt: T, h: HitView) {
  const category = tt(`lookouts.category.${h.category}`);
  return html`<strong>${h.name}</strong> (${tt('number.fixed2', { x: h.score })}, ${category})${hitExplanation(tt, h)}`;
}

function occupantRow(tt: T, o: OccupantView) {
  const [kind, ...rest] = o.document.split(' ');
  return html`<tr><th scope="row">${o.n}</th><td>${o.name ?? '—'}</td>
    <td>${tt(`lanes.doc.${kind}`)} ${rest.join(' ')} ${o.documentOk ? '✓' : '✗'}</td>
    <td>${membershipCell(tt, o)}</td>
    <td>${o.hits.length ? o.hits.map((h) => hitCell(tt, h)) : tt('lanes.no_hits')}</td></tr>`;
}

export function decisionBlock(tt: T, d: Decision) {
  const reasons = d.reasons.length
    ? html`<ul class="usa-list">${d.reasons.map((r) => html`<li>${reasonText(tt, r)}</li>`)}</ul>`
    : '';
  return html`<section aria-labelledby="decision-h" aria-live="polite">
      <h2 id="decision-h" class="sb-decision sb-decision--${d.outcome}" tabindex="-1">${
        d.outcome === 'admit' ? tt('lanes.admit') : tt('lanes.refer')
      }</h2>
      ${reasons}
      <div class="usa-table-container--scrollable" tabindex="0">
        <table class="usa-table usa-table--compact"><caption>${tt('lanes.occupants')}</caption>
      <thead><tr><th scope="col">#</th><th scope="col">${tt('lanes.col.name')}</th>
      <th scope="col">${tt('lanes.col.document')}</th><th scope="col">${tt('lanes.col.membership')}</th>
      <th scope="col">${tt('lanes.col.lookouts')}</th></tr></thead>
      <tbody>${d.occupants.map((o) => occupantRow(tt, o))}</tbody></table></div>
      <p class="font-body-3xs">${tt('lanes.decided_in', { ms: d.micros / 1000 })} · ${d.crossingId}</p>
      </section>`;
}

export interface ConsoleModel {
  locale: Locale;
  csrf: SafeHtml;
  ports: Port[];
  portId: string | undefined;
  lanes: Lane[];
  laneId: string | undefined;
  openBooths: (l: Lane) => number;
  decision?: Decision;
  errors: FieldError[];
}

export function consoleView(tt: T, m: ConsoleModel) {
  const portOptions = m.ports.map((p) => ({
    value: p.id,
    label: `${p.name} (${p.kind === 'preclearance' ? tt('lanes.preclearance') : p.code})`,
  }));
  const laneOptions = m.lanes.map((l) => ({
    value: l.id,
    label: `${tt(`lanes.type.${l.laneType}`)} → ${l.direction} (${tt('lanes.booths_open', {
      open: m.openBooths(l),
      total: l.booths,
    })})`,
  }));
  const errors = m.errors;
  return html`<h1>${tt('lanes.console.title')}</h1>
      ${m.decision ? decisionBlock(tt, m.decision) : ''}
      <form class="usa-form usa-form--large" method="post" action="${localePath(m.locale, '/lanes/console')}"
        novalidate>${m.csrf}
        <input type="hidden" name="port" value="${m.portId ?? ''}">
        ${selectField({ name: 'lane', label: tt('lanes.lane'), value: m.laneId, options: laneOptions, errors })}
        ${textArea({
          name: 'mrz',
          label: tt('lanes.console.mrz'),
          hint: tt('lanes.console.mrz_hint'),
          value: '',
          errors,
          rows: 6,
          attrs: raw(' class="sb-mono" spellcheck="false" autofocus autocapitalize="characters"'),
        })}
        ${textField({
          name: 'cards',
          label: tt('lanes.console.cards'),
          hint: tt('lanes.console.cards_hint'),
          value: '',
          errors,
          attrs: raw(' spellcheck="false"'),
        })}
        ${textField({ name: 'plate', label: tt('lanes.console.plate'), value: '', errors })}
        ${textField({
          name: 'jurisdiction',
          label: tt('lanes.console.jurisdiction'),
          value: '',
          errors,
          width: 'small',
        })}
        <button class="usa-button usa-button--big" type="submit">${tt('lanes.console.decide')}</button></form>
      <form class="usa-form usa-form--large" method="get" action="${localePath(m.locale, '/lanes/console')}">
        ${selectField({ name: 'port', label: tt('lanes.port'), value: m.portId, options: portOptions })}
        <button class="usa-button usa-button--outline" type="submit">${tt('lanes.change_port')}</button></form>`;
}
