// The outbox page: notifications queued for delivery (shown here when no mail server is configured).
import type { Ctx } from '../context.ts';
import { html } from '../html.ts';
import { pageUser, sendPage, type App } from '../http.ts';
import { translator } from '../i18n.ts';
import { outboxScope } from '../policies.ts';
import { outboxFor } from '../store.ts';
import { formatDateTime } from '../ui.ts';
import { LOCALE } from './shared.ts';

export function outboxRoutes(app: App, ctx: Ctx) {
  app.get(`${LOCALE}/outbox`, { schema: { hide: true } }, async (req, reply) => {
    const u = pageUser(req, reply);
    if (!u) return reply;
    const tt = translator(req.locale);
    const rows = await outboxFor(ctx.db, outboxScope(u), 50);
    const items = rows.map(
      (r) => html`<div class="usa-summary-box margin-y-2"><div class="usa-summary-box__body">
        <h2 class="usa-summary-box__heading">${r.subject}</h2>
        <p class="font-body-3xs">
          ${tt('outbox.col.to')}: ${r.to_address} · ${formatDateTime(req.locale, r.created_at)}</p>
        <div class="usa-summary-box__text"><p style="white-space: pre-line">${r.body}</p></div>
      </div></div>`,
    );
    const body = html`<h1>${tt('outbox.title')}</h1><p>${tt('outbox.lead')}</p>
      ${rows.length === 0 ? html`<p>${tt('outbox.empty')}</p>` : items}`;
    return sendPage(reply, req, { title: tt('outbox.title'), body });
  });
}
