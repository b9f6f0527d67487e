// The kernel's pages and API, one file per resource in routes/: home, sessions, account, audit, outbox.
import type { Ctx } from './context.ts';
import { hasRole } from './auth.ts';
import type { App } from './http.ts';
import { addNav } from './ui.ts';
import { accountRoutes } from './routes/account.ts';
import { auditRoutes } from './routes/audit.ts';
import { homeRoutes } from './routes/home.ts';
import { outboxRoutes } from './routes/outbox.ts';
import { sessionApiRoutes, sessionPageRoutes } from './routes/sessions.ts';

export function registerKernelRoutes(app: App, ctx: Ctx) {
  addNav({ href: '/audit', key: 'nav.audit', show: (u) => hasRole(u, 'auditor', 'administrator') });
  addNav({ href: '/outbox', key: 'nav.outbox', show: (u) => !!u });
  homeRoutes(app);
  sessionPageRoutes(app, ctx);
  accountRoutes(app);
  auditRoutes(app, ctx);
  outboxRoutes(app, ctx);
  sessionApiRoutes(app, ctx);
}
