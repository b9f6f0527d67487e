// The signed-in account: its page and GET /api/v1/me.
import { z } from 'zod';
import { html } from '../html.ts';
import { pageUser, requireUser, sendPage, type App } from '../http.ts';
import { translator } from '../i18n.ts';
import { csrfField, localePath } from '../ui.ts';
import { LOCALE } from './shared.ts';

export const userOut = z.object({
  id: z.uuid().meta({ example: '5b0c6f0e-2f7a-4f7e-9d55-1c1f3f9a2b10' }),
  email: z.string().meta({ example: 'border.cbsa@demo.smartborder.test' }),
  kind: z.enum(['public', 'officer']),
  agency: z.string().nullable().meta({ example: 'CBSA' }),
  country: z.string().nullable().meta({ example: 'CA' }),
  roles: z.array(z.string()).meta({ example: ['border_officer'] }),
  displayName: z.string().meta({ example: 'CBSA Border Officer' }),
  locale: z.string().meta({ example: 'fr' }),
});

export function accountRoutes(app: App) {
  app.get(`${LOCALE}/account`, { schema: { hide: true } }, async (req, reply) => {
    const u = pageUser(req, reply);
    if (!u) return reply;
    const tt = translator(req.locale);
    const body = html`<h1>${tt('account.title')}</h1>
      <dl class="sb-dl"><dt>${tt('auth.display_name')}</dt><dd>${u.displayName}</dd>
      <dt>${tt('account.email')}</dt><dd>${u.email}</dd>
      ${u.agency ? html`<dt>${tt('account.agency')}</dt><dd>${tt('agency.' + u.agency)}</dd>` : ''}
      <dt>${tt('account.roles')}</dt><dd>${u.roles.map((r) => tt('role.' + r)).join(', ')}</dd></dl>
      <form method="post" action="${localePath(req.locale, '/sign-out-everywhere')}">${csrfField(req)}
        <button class="usa-button usa-button--secondary" type="submit">${tt('auth.sign_out_everywhere')}</button>
      </form>`;
    return sendPage(reply, req, { title: tt('account.title'), body });
  });

  app.get(
    '/api/v1/me',
    { schema: { tags: ['auth'], summary: 'The signed-in account', response: { 200: userOut } } },
    async (req) => requireUser(req),
  );
}
