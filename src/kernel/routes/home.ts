// The home page: a card for each part of the platform the visitor may use.
import { html } from '../html.ts';
import { sendPage, type App } from '../http.ts';
import { translator } from '../i18n.ts';
import { homeLinksFor, localePath } from '../ui.ts';
import { LOCALE } from './shared.ts';

export function homeRoutes(app: App) {
  app.get(`${LOCALE}/`, { schema: { hide: true } }, async (req, reply) => {
    const tt = translator(req.locale);
    const cards = homeLinksFor(req.user).map(
      (l) => html`<li class="usa-card tablet:grid-col-4"><div class="usa-card__container">
        <div class="usa-card__header"><h2 class="usa-card__heading">${tt(l.key)}</h2></div>
        <div class="usa-card__body"><p>${tt(l.descKey)}</p></div>
        <div class="usa-card__footer"><a class="usa-button" href="${localePath(req.locale, l.href)}">${tt(l.key)}</a>
          </div>
      </div></li>`,
    );
    const body = html`<h1>${tt('home.title')}</h1><p class="usa-intro">${tt('home.lead')}</p>
      ${req.user ? html`<p>${tt('home.signed_in_as', { name: req.user.displayName })}</p>` : ''}
      <ul class="usa-card-group">${cards}</ul>`;
    return sendPage(reply, req, { title: tt('home.title'), body });
  });
}
