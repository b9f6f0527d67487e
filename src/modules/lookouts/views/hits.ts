// The hit-review page: the open hits the analyst's agency decides on, each explained, confirm or false positive.
import type { FastifyRequest } from 'fastify';
import { html } from '../../../kernel/html.ts';
import type { T } from '../../../kernel/i18n.ts';
import { csrfField, formatDateTime, localePath } from '../../../kernel/ui.ts';
import type { ReviewHit } from '../service.ts';
import { hitExplanation } from './screening.ts';

export function hitsBody(req: FastifyRequest, tt: T, hits: ReviewHit[]) {
  return html`<h1>${tt('lookouts.hits.title')}</h1><p>${tt('lookouts.hits.lead')}</p>
    ${hits.length ? hits.map((h) => hitBox(req, tt, h)) : html`<p>${tt('lookouts.hits.empty')}</p>`}`;
}

function hitBox(req: FastifyRequest, tt: T, h: ReviewHit) {
  return html`<div class="usa-summary-box margin-y-2"><div class="usa-summary-box__body">
    <h2 class="usa-summary-box__heading">${h.lookout?.label} — ${tt('number.fixed2', { x: Number(h.score) })}</h2>
    <p>${tt('lookouts.hits.context', { context: h.context, subject: h.subject_ref })} · ${formatDateTime(
      req.locale,
      h.created_at,
    )}</p>${hitExplanation(tt, { reasons: h.reasons })}
    <form method="post" action="${localePath(req.locale, `/lookouts/hits/${h.id}`)}">${csrfField(req)}
      <button class="usa-button" type="submit" name="decision" value="confirmed">${tt('lookouts.hits.confirm')}</button>
      <button class="usa-button usa-button--outline" type="submit" name="decision" value="false_positive"
        >${tt('lookouts.hits.false_positive')}</button></form></div></div>`;
}
