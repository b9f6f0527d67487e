// Sign-up, sign-in (throttled: ../throttle.ts), sign-out (here and everywhere): the pages and the API.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { findUserByEmail, SESSION_TTL_MS } from '../auth.ts';
import type { Ctx } from '../context.ts';
import { AppError } from '../errors.ts';
import { html } from '../html.ts';
import { cookieOptions, requireUser, SESSION_COOKIE, sendPage, startSession, type App } from '../http.ts';
import { translator } from '../i18n.ts';
import { admitSignUp, registerApplicant, signInAudited, signOut, signOutEverywhere } from '../identity.ts';
import { alert, csrfField, localePath, textField } from '../ui.ts';
import { type FieldError, zodFieldErrors } from '../validation.ts';
import { LOCALE } from './shared.ts';
import { userOut } from './account.ts';

const email = z.string().trim().email().max(200).meta({ example: 'applicant@demo.smartborder.test' });
const credentials = z.object({
  email,
  password: z.string().min(1).max(200).meta({ example: 'demo-password-2026' }),
});
const signUpBody = z.object({
  email,
  password: z.string().min(12).max(200).meta({ example: 'correct horse battery staple' }),
  displayName: z.string().trim().min(2).max(120).meta({ example: 'Alex Applicant' }),
});

/** Only a path of this site, in one of its languages, is a place to return to after signing in. */
const safeNext = (next: unknown, fallback: string) =>
  typeof next === 'string' && /^\/(en|fr|es)(\/|$)/.test(next) && !next.startsWith('//') ? next : fallback;

function signInForm(
  req: FastifyRequest,
  values: { email?: string; next?: string },
  errors: FieldError[] = [],
  notice?: string,
) {
  const tt = translator(req.locale);
  return html`<h1>${tt('auth.sign_in.title')}</h1>${notice ? alert('info', notice) : ''}
    <form class="usa-form" method="post" action="${localePath(req.locale, '/sign-in')}" novalidate>${csrfField(req)}
      <input type="hidden" name="next" value="${values.next ?? ''}">
      ${textField({
        name: 'email',
        label: tt('auth.email'),
        value: values.email,
        type: 'email',
        autocomplete: 'username',
        errors,
        required: true,
      })}
      ${textField({
        name: 'password',
        label: tt('auth.password'),
        type: 'password',
        autocomplete: 'current-password',
        errors,
        required: true,
      })}
      <button class="usa-button" type="submit">${tt('auth.submit_sign_in')}</button>
    </form>
    <p>${tt('auth.no_account')}
      <a class="usa-link" href="${localePath(req.locale, '/sign-up')}">${tt('nav.sign_up')}</a></p>`;
}

function signUpForm(req: FastifyRequest, values: Record<string, string>, errors: FieldError[] = []) {
  const tt = translator(req.locale);
  return html`<h1>${tt('auth.sign_up.title')}</h1>
    <form class="usa-form" method="post" action="${localePath(req.locale, '/sign-up')}" novalidate>${csrfField(req)}
      ${textField({
        name: 'displayName',
        label: tt('auth.display_name'),
        value: values.displayName,
        autocomplete: 'name',
        errors,
        required: true,
      })}
      ${textField({
        name: 'email',
        label: tt('auth.email'),
        value: values.email,
        type: 'email',
        autocomplete: 'email',
        errors,
        required: true,
      })}
      ${textField({
        name: 'password',
        label: tt('auth.password'),
        hint: tt('auth.password_hint'),
        type: 'password',
        autocomplete: 'new-password',
        errors,
        required: true,
      })}
      <button class="usa-button" type="submit">${tt('auth.submit_sign_up')}</button>
    </form>
    <p>${tt('auth.have_account')}
      <a class="usa-link" href="${localePath(req.locale, '/sign-in')}">${tt('nav.sign_in')}</a></p>`;
}

export function sessionPageRoutes(app: App, ctx: Ctx) {
  app.get(`${LOCALE}/sign-in`, { schema: { hide: true } }, async (req, reply) => {
    const q = req.query as { next?: string; out?: string };
    const tt = translator(req.locale);
    const notice = q.out === 'all' ? tt('auth.signed_out_everywhere') : q.out ? tt('auth.signed_out') : undefined;
    return sendPage(reply, req, {
      title: tt('auth.sign_in.title'),
      body: signInForm(req, { next: q.next }, [], notice),
    });
  });

  app.post(`${LOCALE}/sign-in`, { schema: { hide: true } }, async (req, reply) => {
    const tt = translator(req.locale);
    const body = req.body as Record<string, string>;
    const parsed = credentials.safeParse(body);
    if (!parsed.success)
      return sendPage(reply, req, {
        title: tt('auth.sign_in.title'),
        errors: zodFieldErrors(tt, parsed.error),
        body: signInForm(req, body, zodFieldErrors(tt, parsed.error)),
      });
    const r = await signInAudited(ctx, parsed.data.email, parsed.data.password, req.ip);
    if (!r.ok) {
      const limited = r.reason === 'rate_limited';
      if (limited) reply.header('retry-after', r.retryAfterSeconds);
      const message = limited ? tt('errors.rate_limited', { seconds: r.retryAfterSeconds }) : tt('auth.invalid');
      const errors = [{ path: 'email', message }];
      return sendPage(reply, req, {
        status: limited ? 429 : 401,
        title: tt('auth.sign_in.title'),
        errors,
        body: signInForm(req, body, errors),
      });
    }
    startSession(reply, req, r.token, SESSION_TTL_MS / 1000);
    return reply.redirect(safeNext(body.next, `/${req.locale}/`), 303);
  });

  app.get(`${LOCALE}/sign-up`, { schema: { hide: true } }, async (req, reply) =>
    sendPage(reply, req, { title: translator(req.locale)('auth.sign_up.title'), body: signUpForm(req, {}) }),
  );
  app.post(`${LOCALE}/sign-up`, { schema: { hide: true } }, async (req, reply) => {
    const tt = translator(req.locale);
    const body = req.body as Record<string, string>;
    const parsed = signUpBody.safeParse(body);
    let errors: FieldError[] = parsed.success ? [] : zodFieldErrors(tt, parsed.error);
    const wait = parsed.success ? await admitSignUp(ctx, parsed.data.email, req.ip) : null;
    if (wait !== null) {
      reply.header('retry-after', wait);
      errors = [{ path: 'email', message: tt('errors.rate_limited', { seconds: wait }) }];
      return sendPage(reply, req, {
        status: 429,
        title: tt('auth.sign_up.title'),
        errors,
        body: signUpForm(req, body, errors),
      });
    }
    if (parsed.success && (await findUserByEmail(ctx.db, parsed.data.email)))
      errors = [{ path: 'email', message: tt('auth.email_taken') }];
    if (!parsed.success || errors.length)
      return sendPage(reply, req, { title: tt('auth.sign_up.title'), errors, body: signUpForm(req, body, errors) });
    let token: string;
    try {
      token = await registerApplicant(ctx, { ...parsed.data, locale: req.locale });
    } catch (e) {
      // a concurrent sign-up with the same e-mail won the race between the check above and the insert
      if (!(e instanceof AppError && e.status === 409)) throw e;
      errors = [{ path: 'email', message: tt('auth.email_taken') }];
      return sendPage(reply, req, { title: tt('auth.sign_up.title'), errors, body: signUpForm(req, body, errors) });
    }
    startSession(reply, req, token, SESSION_TTL_MS / 1000);
    return reply.redirect(`/${req.locale}/`, 303);
  });

  app.post(`${LOCALE}/sign-out`, { schema: { hide: true } }, async (req, reply) => {
    if (req.sessionToken && req.user) await signOut(ctx, req.user, req.sessionToken, 'page');
    reply.clearCookie(SESSION_COOKIE, cookieOptions(req));
    return reply.redirect(`/${req.locale}/sign-in?out=1`, 303);
  });
  app.post(`${LOCALE}/sign-out-everywhere`, { schema: { hide: true } }, async (req, reply) => {
    await signOutEverywhere(ctx, requireUser(req));
    reply.clearCookie(SESSION_COOKIE, cookieOptions(req));
    return reply.redirect(`/${req.locale}/sign-in?out=all`, 303);
  });
}

/** The answer over a sign-in rate: 429, with the seconds to wait in Retry-After and in the localized detail. */
function rateLimited(reply: FastifyReply, seconds: number) {
  reply.header('retry-after', seconds);
  return new AppError(429, 'errors.rate_limited', { seconds });
}

const token = z.string().meta({ example: 'q8Yb2v0mJx4n3k1f9Gz7tP5wL6sR2dE0' });

export function sessionApiRoutes(app: App, ctx: Ctx) {
  app.post(
    '/api/v1/auth/sessions',
    {
      schema: {
        tags: ['auth'],
        summary:
          'Sign in and get a bearer token. Attempts are limited per client address and per account across every ' +
          'credential route (429 with Retry-After); repeated failures pause the address for that account.',
        security: [],
        body: credentials,
        response: {
          201: z.object({ token, expiresInSeconds: z.number().meta({ example: 43200 }), user: userOut }),
        },
      },
    },
    async (req, reply) => {
      const r = await signInAudited(ctx, req.body.email, req.body.password, req.ip);
      if (!r.ok && r.reason === 'rate_limited') throw rateLimited(reply, r.retryAfterSeconds);
      if (!r.ok) throw new AppError(401, 'auth.invalid');
      return reply.status(201).send({ token: r.token, expiresInSeconds: SESSION_TTL_MS / 1000, user: r.user });
    },
  );
  app.post(
    '/api/v1/auth/accounts',
    {
      schema: {
        tags: ['auth'],
        summary: 'Create an applicant account (rate-limited with the sign-in attempts)',
        security: [],
        body: signUpBody.extend({ locale: z.enum(['en', 'fr', 'es']).default('en') }),
        response: { 201: z.object({ token }) },
      },
    },
    async (req, reply) => {
      const wait = await admitSignUp(ctx, req.body.email, req.ip);
      if (wait !== null) throw rateLimited(reply, wait);
      if (await findUserByEmail(ctx.db, req.body.email)) throw new AppError(409, 'auth.email_taken');
      return reply.status(201).send({ token: await registerApplicant(ctx, req.body) });
    },
  );
  app.delete(
    '/api/v1/auth/sessions/current',
    { schema: { tags: ['auth'], summary: 'Sign out this session', response: { 204: z.null() } } },
    async (req, reply) => {
      const u = requireUser(req);
      if (req.sessionToken) await signOut(ctx, u, req.sessionToken, 'api');
      return reply.status(204).send(null);
    },
  );
  app.delete(
    '/api/v1/auth/sessions',
    { schema: { tags: ['auth'], summary: 'Sign out everywhere', response: { 204: z.null() } } },
    async (req, reply) => {
      await signOutEverywhere(ctx, requireUser(req));
      return reply.status(204).send(null);
    },
  );
}
