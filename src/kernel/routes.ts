// Kernel pages and API: home, sign-up, sign-in with lock-out, sign-out (here and everywhere), account, audit, outbox.
import { z } from 'zod';
import { sql } from 'kysely';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { html } from './html.ts';
import { translator } from './i18n.ts';
import { SESSION_COOKIE, sendPage, requireRole, requireUser, pageUser, type App } from './http.ts';
import { addNav, textField, csrfField, alert, formatDateTime, localePath } from './ui.ts';
import {
  signIn,
  createSession,
  createUser,
  findUserByEmail,
  endSession,
  endAllSessions,
  actorOf,
  hasRole,
  LOCK_MS,
  SESSION_TTL_MS,
} from './auth.ts';
import { zodFieldErrors, type FieldError } from './validation.ts';
import { AppError } from './errors.ts';
import { AUDIT_ACTIONS } from './audit.ts';
import type { Ctx } from './context.ts';

const LOCALE = '/:locale(en|fr|es)';
const signInLimit = { config: { rateLimit: { max: 20, timeWindow: '1 minute' } } };
const credentials = z.object({ email: z.string().trim().email().max(200), password: z.string().min(1).max(200) });
const signUpBody = z.object({
  email: z.string().trim().email().max(200),
  password: z.string().min(12).max(200),
  displayName: z.string().trim().min(2).max(120),
});

function setSessionCookie(reply: FastifyReply, req: FastifyRequest, token: string) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: req.protocol === 'https',
    maxAge: SESSION_TTL_MS / 1000,
  });
}
const safeNext = (next: unknown, fallback: string) =>
  typeof next === 'string' && /^\/(en|fr|es)(\/|$)/.test(next) && !next.startsWith('//') ? next : fallback;

export function registerKernelRoutes(app: App, ctx: Ctx) {
  addNav({ href: '/audit', key: 'nav.audit', show: (u) => hasRole(u, 'auditor', 'administrator') });
  addNav({ href: '/outbox', key: 'nav.outbox', show: (u) => !!u });

  app.get(`${LOCALE}/`, { schema: { hide: true } }, async (req, reply) => {
    const tt = translator(req.locale);
    const body = html`<h1>${tt('home.title')}</h1><p class="usa-intro">${tt('home.lead')}</p>
      ${req.user ? html`<p>${tt('home.signed_in_as', { name: req.user.displayName })}</p>` : ''}
      <ul class="usa-card-group">${homeLinks.filter((l) => l.show(req.user)).map((l) => html`<li class="usa-card tablet:grid-col-4"><div class="usa-card__container"><div class="usa-card__header"><h2 class="usa-card__heading">${tt(l.key)}</h2></div><div class="usa-card__body"><p>${tt(l.descKey)}</p></div><div class="usa-card__footer"><a class="usa-button" href="${localePath(req.locale, l.href)}">${tt(l.key)}</a></div></div></li>`)}</ul>`;
    return sendPage(reply, req, { title: tt('home.title'), body });
  });

  const signInForm = (
    req: FastifyRequest,
    values: { email?: string; next?: string },
    errors: FieldError[] = [],
    notice?: string,
  ) => {
    const tt = translator(req.locale);
    return html`<h1>${tt('auth.sign_in.title')}</h1>${notice ? alert('info', notice) : ''}
    <form class="usa-form" method="post" action="${localePath(req.locale, '/sign-in')}" novalidate>${csrfField(req)}
      <input type="hidden" name="next" value="${values.next ?? ''}">
      ${textField({ name: 'email', label: tt('auth.email'), value: values.email, type: 'email', autocomplete: 'username', errors, required: true })}
      ${textField({ name: 'password', label: tt('auth.password'), type: 'password', autocomplete: 'current-password', errors, required: true })}
      <button class="usa-button" type="submit">${tt('auth.submit_sign_in')}</button>
    </form>
    <p>${tt('auth.no_account')} <a class="usa-link" href="${localePath(req.locale, '/sign-up')}">${tt('nav.sign_up')}</a></p>`;
  };

  app.get(`${LOCALE}/sign-in`, { schema: { hide: true } }, async (req, reply) => {
    const q = req.query as { next?: string; out?: string };
    const tt = translator(req.locale);
    return sendPage(reply, req, {
      title: tt('auth.sign_in.title'),
      body: signInForm(
        req,
        { next: q.next },
        [],
        q.out === 'all' ? tt('auth.signed_out_everywhere') : q.out ? tt('auth.signed_out') : undefined,
      ),
    });
  });

  app.post(`${LOCALE}/sign-in`, { schema: { hide: true }, ...signInLimit }, async (req, reply) => {
    const tt = translator(req.locale);
    const body = req.body as Record<string, string>;
    const parsed = credentials.safeParse(body);
    if (!parsed.success)
      return sendPage(reply, req, {
        title: tt('auth.sign_in.title'),
        errors: zodFieldErrors(tt, parsed.error),
        body: signInForm(req, body, zodFieldErrors(tt, parsed.error)),
      });
    const r = await doSignIn(ctx, parsed.data.email, parsed.data.password);
    if (!r.ok) {
      const message = r.reason === 'locked' ? tt('auth.locked', { minutes: LOCK_MS / 60000 }) : tt('auth.invalid');
      const errors = [{ path: 'email', message }];
      return sendPage(reply, req, {
        status: r.reason === 'locked' ? 423 : 401,
        title: tt('auth.sign_in.title'),
        errors,
        body: signInForm(req, body, errors),
      });
    }
    setSessionCookie(reply, req, r.token);
    return reply.redirect(safeNext(body.next, `/${r.user.locale === req.locale ? req.locale : req.locale}/`), 303);
  });

  const signUpForm = (req: FastifyRequest, values: Record<string, string>, errors: FieldError[] = []) => {
    const tt = translator(req.locale);
    return html`<h1>${tt('auth.sign_up.title')}</h1>
    <form class="usa-form" method="post" action="${localePath(req.locale, '/sign-up')}" novalidate>${csrfField(req)}
      ${textField({ name: 'displayName', label: tt('auth.display_name'), value: values.displayName, autocomplete: 'name', errors, required: true })}
      ${textField({ name: 'email', label: tt('auth.email'), value: values.email, type: 'email', autocomplete: 'email', errors, required: true })}
      ${textField({ name: 'password', label: tt('auth.password'), hint: tt('auth.password_hint'), type: 'password', autocomplete: 'new-password', errors, required: true })}
      <button class="usa-button" type="submit">${tt('auth.submit_sign_up')}</button>
    </form>
    <p>${tt('auth.have_account')} <a class="usa-link" href="${localePath(req.locale, '/sign-in')}">${tt('nav.sign_in')}</a></p>`;
  };
  app.get(`${LOCALE}/sign-up`, { schema: { hide: true } }, async (req, reply) =>
    sendPage(reply, req, { title: translator(req.locale)('auth.sign_up.title'), body: signUpForm(req, {}) }),
  );
  app.post(`${LOCALE}/sign-up`, { schema: { hide: true }, ...signInLimit }, async (req, reply) => {
    const tt = translator(req.locale);
    const body = req.body as Record<string, string>;
    const parsed = signUpBody.safeParse(body);
    let errors: FieldError[] = parsed.success ? [] : zodFieldErrors(tt, parsed.error);
    if (parsed.success && (await findUserByEmail(ctx.db, parsed.data.email)))
      errors = [{ path: 'email', message: tt('auth.email_taken') }];
    if (!parsed.success || errors.length)
      return sendPage(reply, req, { title: tt('auth.sign_up.title'), errors, body: signUpForm(req, body, errors) });
    const token = await registerApplicant(ctx, { ...parsed.data, locale: req.locale });
    setSessionCookie(reply, req, token);
    return reply.redirect(`/${req.locale}/`, 303);
  });

  app.post(`${LOCALE}/sign-out`, { schema: { hide: true } }, async (req, reply) => {
    if (req.sessionToken && req.user) {
      await endSession(ctx.db, req.sessionToken);
      await ctx.db.transaction().execute((trx) =>
        ctx.audit.append(trx, {
          actor: actorOf(req.user),
          purpose: 'authentication',
          subject: `user:${req.user!.id}`,
          action: 'auth.sign_out',
        }),
      );
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect(`/${req.locale}/sign-in?out=1`, 303);
  });
  app.post(`${LOCALE}/sign-out-everywhere`, { schema: { hide: true } }, async (req, reply) => {
    const u = requireUser(req);
    await endAllSessions(ctx.db, u.id);
    await ctx.db.transaction().execute((trx) =>
      ctx.audit.append(trx, {
        actor: actorOf(u),
        purpose: 'authentication',
        subject: `user:${u.id}`,
        action: 'auth.sign_out_everywhere',
      }),
    );
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect(`/${req.locale}/sign-in?out=all`, 303);
  });

  app.get(`${LOCALE}/account`, { schema: { hide: true } }, async (req, reply) => {
    const u = pageUser(req, reply);
    if (!u) return reply;
    const tt = translator(req.locale);
    const body = html`<h1>${tt('account.title')}</h1>
      <dl class="sb-dl"><dt>${tt('auth.display_name')}</dt><dd>${u.displayName}</dd><dt>${tt('account.email')}</dt><dd>${u.email}</dd>
      ${u.agency ? html`<dt>${tt('account.agency')}</dt><dd>${tt('agency.' + u.agency)}</dd>` : ''}
      <dt>${tt('account.roles')}</dt><dd>${u.roles.map((r) => tt('role.' + r)).join(', ')}</dd></dl>
      <form method="post" action="${localePath(req.locale, '/sign-out-everywhere')}">${csrfField(req)}<button class="usa-button usa-button--secondary" type="submit">${tt('auth.sign_out_everywhere')}</button></form>`;
    return sendPage(reply, req, { title: tt('account.title'), body });
  });

  app.get(`${LOCALE}/audit`, { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const u = requireRole(req, 'auditor', 'administrator');
    const tt = translator(req.locale);
    const q = z
      .object({
        subject: z.string().max(200).optional(),
        action: z.string().max(80).optional(),
        verify: z.string().optional(),
        before: z.coerce.number().int().positive().optional(),
      })
      .parse(req.query);
    // Scope: an auditor reads the entries of their own agency's officers, and those of the public and the system.
    const rows = await sql<any>`select seq, at, actor_id, actor_agency, purpose, subject, action from audit_log
      where (actor_agency is null or actor_agency = ${u.agency}) and (${q.subject ?? null}::text is null or subject = ${q.subject ?? null}) and (${q.action || null}::text is null or action = ${q.action || null})
      and (${q.before ?? null}::bigint is null or seq < ${q.before ?? null}) order by seq desc limit 100`.execute(
      ctx.db,
    );
    let verifyResult = html``;
    if (q.verify) {
      const v = await ctx.audit.verify(ctx.db);
      verifyResult = v.ok
        ? alert('success', tt('audit.verified', { count: v.entries }))
        : alert('error', tt('audit.broken', { seq: v.problem!.seq, reason: tt('audit.reason.' + v.problem!.reason) }));
    }
    await ctx.db.transaction().execute((trx) =>
      ctx.audit.append(trx, {
        actor: actorOf(u),
        purpose: 'audit review',
        subject: q.subject ? q.subject : 'audit_log',
        action: 'audit.viewed',
      }),
    );
    const last = rows.rows.at(-1);
    const body = html`<h1>${tt('audit.title')}</h1><p>${tt('audit.lead')}</p>${verifyResult}
      <form class="usa-form usa-form--large" method="get" action="${localePath(req.locale, '/audit')}">
        ${textField({ name: 'subject', label: tt('audit.filter.subject'), value: q.subject })}
        <div class="usa-form-group"><label class="usa-label" for="f-action">${tt('audit.filter.action')}</label>
        <select class="usa-select" id="f-action" name="action"><option value="">—</option>${AUDIT_ACTIONS.map((a) => html`<option value="${a}" ${q.action === a ? 'selected' : ''}>${a}</option>`)}</select></div>
        <button class="usa-button" type="submit">${tt('audit.filter.submit')}</button>
        <button class="usa-button usa-button--outline" type="submit" name="verify" value="1">${tt('audit.verify')}</button>
      </form>
      ${
        rows.rows.length === 0
          ? html`<p>${tt('audit.empty')}</p>`
          : html`<div class="usa-table-container--scrollable" tabindex="0"><table class="usa-table usa-table--compact">
      <caption>${tt('audit.title')}</caption>
      <thead><tr><th scope="col">${tt('audit.col.seq')}</th><th scope="col">${tt('audit.col.at')}</th><th scope="col">${tt('audit.col.actor')}</th><th scope="col">${tt('audit.col.agency')}</th><th scope="col">${tt('audit.col.purpose')}</th><th scope="col">${tt('audit.col.subject')}</th><th scope="col">${tt('audit.col.action')}</th></tr></thead>
      <tbody>${rows.rows.map((r) => html`<tr><td>${r.seq}</td><td>${formatDateTime(req.locale, r.at)}</td><td class="sb-mono">${r.actor_id ? String(r.actor_id).slice(0, 8) : 'system'}</td><td>${r.actor_agency ?? ''}</td><td>${r.purpose}</td><td class="sb-mono">${r.subject}</td><td>${r.action}</td></tr>`)}</tbody></table></div>
      ${rows.rows.length === 100 ? html`<p><a class="usa-link" href="${localePath(req.locale, `/audit?before=${last.seq}${q.subject ? '&subject=' + encodeURIComponent(q.subject) : ''}${q.action ? '&action=' + encodeURIComponent(q.action) : ''}`)}">${tt('common.next')}</a></p>` : ''}`
      }`;
    return sendPage(reply, req, { title: tt('audit.title'), body, wide: true });
  });

  app.get(`${LOCALE}/outbox`, { schema: { hide: true } }, async (req, reply) => {
    const u = pageUser(req, reply);
    if (!u) return reply;
    const tt = translator(req.locale);
    // Applicants see their own notifications; administrators see all (the demo outbox stands in for a mail server).
    const rows =
      await sql<any>`select to_address, subject, body, created_at from outbox where ${hasRole(u, 'administrator')} or user_id = ${u.id} order by created_at desc limit 50`.execute(
        ctx.db,
      );
    const body = html`<h1>${tt('outbox.title')}</h1><p>${tt('outbox.lead')}</p>
      ${rows.rows.length === 0 ? html`<p>${tt('outbox.empty')}</p>` : rows.rows.map((r) => html`<div class="usa-summary-box margin-y-2"><div class="usa-summary-box__body"><h2 class="usa-summary-box__heading">${r.subject}</h2><p class="font-body-3xs">${tt('outbox.col.to')}: ${r.to_address} · ${formatDateTime(req.locale, r.created_at)}</p><div class="usa-summary-box__text"><p style="white-space: pre-line">${r.body}</p></div></div></div>`)}`;
    return sendPage(reply, req, { title: tt('outbox.title'), body });
  });

  // ---- API ----
  const userOut = z.object({
    id: z.string(),
    email: z.string(),
    kind: z.enum(['public', 'officer']),
    agency: z.string().nullable(),
    country: z.string().nullable(),
    roles: z.array(z.string()),
    displayName: z.string(),
    locale: z.string(),
  });
  app.post(
    '/api/v1/auth/sessions',
    {
      ...signInLimit,
      schema: {
        tags: ['auth'],
        summary: 'Sign in and get a bearer token',
        security: [],
        body: credentials,
        response: { 201: z.object({ token: z.string(), expiresInSeconds: z.number(), user: userOut }) },
      },
    },
    async (req, reply) => {
      const r = await doSignIn(ctx, req.body.email, req.body.password);
      if (!r.ok)
        throw r.reason === 'locked'
          ? new AppError(423, 'auth.locked', { minutes: LOCK_MS / 60000 })
          : new AppError(401, 'auth.invalid');
      return reply.status(201).send({ token: r.token, expiresInSeconds: SESSION_TTL_MS / 1000, user: r.user });
    },
  );
  app.post(
    '/api/v1/auth/accounts',
    {
      ...signInLimit,
      schema: {
        tags: ['auth'],
        summary: 'Create an applicant account',
        security: [],
        body: signUpBody.extend({ locale: z.enum(['en', 'fr', 'es']).default('en') }),
        response: { 201: z.object({ token: z.string() }) },
      },
    },
    async (req, reply) => {
      if (await findUserByEmail(ctx.db, req.body.email)) throw new AppError(409, 'auth.email_taken');
      return reply.status(201).send({ token: await registerApplicant(ctx, req.body) });
    },
  );
  app.get(
    '/api/v1/me',
    { schema: { tags: ['auth'], summary: 'The signed-in account', response: { 200: userOut } } },
    async (req) => requireUser(req),
  );
  app.delete(
    '/api/v1/auth/sessions/current',
    { schema: { tags: ['auth'], summary: 'Sign out this session', response: { 204: z.null() } } },
    async (req, reply) => {
      requireUser(req);
      await endSession(ctx.db, req.sessionToken!);
      return reply.status(204).send(null);
    },
  );
  app.delete(
    '/api/v1/auth/sessions',
    { schema: { tags: ['auth'], summary: 'Sign out everywhere', response: { 204: z.null() } } },
    async (req, reply) => {
      const u = requireUser(req);
      await endAllSessions(ctx.db, u.id);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/api/v1/audit/verify',
    {
      schema: {
        tags: ['audit'],
        summary: 'Verify the audit hash chain',
        response: {
          200: z.object({
            ok: z.boolean(),
            entries: z.number(),
            problem: z.object({ seq: z.number(), reason: z.string() }).optional(),
          }),
        },
      },
    },
    async (req) => {
      requireRole(req, 'auditor', 'administrator');
      return ctx.audit.verify(ctx.db);
    },
  );
  app.get(
    '/api/v1/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Browse the audit log',
        querystring: z.object({
          subject: z.string().max(200).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: {
          200: z.object({
            entries: z.array(
              z.object({
                seq: z.number(),
                at: z.string(),
                actorId: z.string().nullable(),
                agency: z.string().nullable(),
                purpose: z.string(),
                subject: z.string(),
                action: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const u = requireRole(req, 'auditor', 'administrator');
      const rows =
        await sql<any>`select * from audit_log where (actor_agency is null or actor_agency = ${u.agency}) and (${req.query.subject ?? null}::text is null or subject = ${req.query.subject ?? null}) order by seq desc limit ${req.query.limit}`.execute(
          ctx.db,
        );
      return {
        entries: rows.rows.map((r) => ({
          seq: Number(r.seq),
          at: new Date(r.at).toISOString(),
          actorId: r.actor_id,
          agency: r.actor_agency,
          purpose: r.purpose,
          subject: r.subject,
          action: r.action,
        })),
      };
    },
  );
}

export interface HomeLink {
  href: string;
  key: string;
  descKey: string;
  show: (u: import('./auth.ts').User | null) => boolean;
}
const homeLinks: HomeLink[] = [];
export function addHomeLink(l: HomeLink) {
  homeLinks.push(l);
}

async function doSignIn(ctx: Ctx, email: string, password: string) {
  const r = await signIn(ctx.db, email, password);
  if (r.user) {
    await ctx.db.transaction().execute((trx) =>
      ctx.audit.append(trx, {
        actor: actorOf(r.user),
        purpose: 'authentication',
        subject: `user:${r.user!.id}`,
        action: r.ok ? 'auth.sign_in' : !r.ok && r.lockedNow ? 'auth.locked' : 'auth.sign_in_failed',
      }),
    );
  }
  return r;
}

async function registerApplicant(
  ctx: Ctx,
  b: { email: string; password: string; displayName: string; locale: string },
) {
  return ctx.db.transaction().execute(async (trx) => {
    const user = await createUser(trx, {
      email: b.email,
      password: b.password,
      kind: 'public',
      roles: ['applicant'],
      displayName: b.displayName,
      locale: b.locale,
    });
    await ctx.audit.append(trx, {
      actor: actorOf(user),
      purpose: 'registration',
      subject: `user:${user.id}`,
      action: 'user.created',
    });
    return createSession(trx, user.id);
  });
}
