// The HTTP application: security headers, cookies, CSRF, sessions, locale, OpenAPI, problem+json errors, static assets.
import path from 'node:path';
import crypto from 'node:crypto';
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyBaseLogger,
  type RawServerDefault,
} from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  serializerCompiler,
  validatorCompiler,
  jsonSchemaTransform,
  hasZodFastifySchemaValidationErrors,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import { isLocale, pickLocale, t, translator, type Locale } from './i18n.ts';
import { userForToken, type User } from './auth.ts';
import { AppError } from './errors.ts';
import {
  cleanText,
  issueMessage,
  shownPath,
  zodFieldErrors,
  type FieldError,
  type IssueLike,
  type TextRefusal,
} from './validation.ts';
import { errorFacts } from './log.ts';
import { layout } from './ui.ts';
import { html } from './html.ts';
import type { Ctx } from './context.ts';
import type { TrustProxy } from './config.ts';
import { randomToken, sha256 } from './crypto.ts';

declare module 'fastify' {
  interface FastifyRequest {
    user: User | null;
    locale: Locale;
    csrfToken: string;
    sessionToken: string | null;
    viaBearer: boolean;
  }
}

export type App = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;
export const SESSION_COOKIE = 'sb_session';
/** An anonymous visitor's random pre-session id, which their CSRF token is bound to until they sign in. */
export const PRESESSION_COOKIE = 'sb_presession';
/** A registered device's credential (the lanes' kiosks): an ambient credential, so forms posted with it need CSRF. */
export const DEVICE_COOKIE = 'sb_device';
/** Device credentials (kiosks) start with this, so that a bearer device token is never looked up as a session. */
export const DEVICE_TOKEN_PREFIX = 'sbk_';
const root = path.resolve(import.meta.dirname, '../..');

/**
 * helmet's security headers (CSP, HSTS, nosniff, frame-ancestors, ...), computed once: the policy has no per-request
 * part (no nonces), and building it on every request cost about 5 % of a lane decision's CPU.
 */
const SECURITY_HEADERS: Record<string, string> = (() => {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (k: string, v: string) => {
      headers[k.toLowerCase()] = v;
    },
    removeHeader: (k: string) => {
      delete headers[k.toLowerCase()];
    },
  };
  helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    strictTransportSecurity: { maxAge: 31536000, includeSubDomains: true },
  })({} as IncomingMessage, res as unknown as ServerResponse, () => {});
  return headers;
})();

/** Fastify's form of the setting: a hop count as the function proxy-addr makes of one (trust the nearest n hops). */
const trustProxyOption = (t: TrustProxy) => (typeof t === 'number' ? (_addr: string, hop: number) => hop < t : t);

export async function buildHttp(ctx: Ctx): Promise<App> {
  const app = Fastify({
    // per-request logs are off: they would hold nothing useful and cost throughput
    loggerInstance: ctx.log.child({ component: 'http' }, { level: ctx.log.levelVal > 40 ? ctx.log.level : 'warn' }),
    // Behind a TLS proxy (SMARTBORDER_TRUST_PROXY), req.protocol and req.ip are the client's: cookies are then Secure
    // and sign-in throttling counts client addresses, not the proxy's.
    trustProxy: trustProxyOption(ctx.config.SMARTBORDER_TRUST_PROXY),
    bodyLimit: 2 * 1024 * 1024,
    // The router's own refusals (a malformed URL, a parameter over maxParamLength) come before any hook: answer them
    // as every other error, localized and with the security headers.
    frameworkErrors: (err, req, reply) => {
      const seg = req.url.split('/')[1]?.split('?')[0];
      req.locale = isLocale(seg) ? seg : pickLocale(req.headers['accept-language']);
      return sendError(req, reply, err);
    },
  }).withTypeProvider<ZodTypeProvider>() as unknown as App;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(cookie);
  await app.register(formbody);
  // File uploads (the applicant's photo): one small file per form. The fields and the file are attached to the body
  // by the hook below rather than by the plugin, so that a malformed multipart body is a 400, not an unhandled error.
  await app.register(multipart, { limits: { fileSize: 1_000_000, files: 1, fields: 20 } });
  app.addHook('preParsing', async (req) => {
    const type = String(req.headers['content-type'] ?? '');
    if (/^\s*multipart\/form-data/i.test(type) && !/;\s*boundary=\S/i.test(type))
      throw new AppError(400, 'errors.bad_request');
  });
  app.addHook('preValidation', async (req) => {
    if (!req.isMultipart()) return;
    req.body = await multipartBody(req);
  });
  // Text at the edge, once for every route: no NUL or lone surrogate in any field (named as a body field is named in
  // validation errors, 'query.x' and 'params.x' for the others), NFC.
  app.addHook('preValidation', async (req) => {
    const refuse: TextRefusal = (key, at) => {
      const field = shownPath(at);
      return new AppError(400, key, { field }, { [field]: { key, args: { field } } });
    };
    req.params = cleanText(req.params, 'params', refuse) as typeof req.params;
    req.query = cleanText(req.query, 'query', refuse) as typeof req.query;
    if (req.body !== undefined) req.body = cleanText(req.body, '', refuse);
  });
  await app.register(rateLimit, { global: false });
  await app.register(fastifyStatic, {
    root: path.join(root, 'node_modules/@uswds/uswds/dist'),
    prefix: '/assets/uswds/',
    decorateReply: false,
    maxAge: '1d',
  });
  await app.register(fastifyStatic, {
    root: path.join(root, 'src/kernel/assets'),
    prefix: '/assets/',
    decorateReply: false,
    maxAge: '1h',
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'smartborder API',
        version: '0.1.0',
        description:
          'Trusted-traveller portal, vetting, memberships, lookouts, lanes and border flow. ' +
          'Errors are RFC 9457 problem+json, localized by Accept-Language.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });

  app.decorateRequest('user', null);
  app.decorateRequest('locale', 'en');
  app.decorateRequest('csrfToken', '');
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('viaBearer', false);

  app.addHook('onRequest', async (req, reply) => {
    reply.headers(SECURITY_HEADERS);
    const seg = req.url.split('/')[1]?.split('?')[0];
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) {
      req.sessionToken = auth.slice(7);
      req.viaBearer = true;
    } else req.sessionToken = req.cookies[SESSION_COOKIE] ?? null;
    if (req.sessionToken && !req.sessionToken.startsWith(DEVICE_TOKEN_PREFIX))
      req.user = await userForToken(ctx.db, req.sessionToken);
    // The URL's language first, then the request's Accept-Language, then the account's language.
    const accepted = req.headers['accept-language'] ? pickLocale(req.headers['accept-language']) : null;
    req.locale = isLocale(seg)
      ? seg
      : accepted && req.headers['accept-language']!.toLowerCase().startsWith(accepted)
        ? accepted
        : (req.user?.locale ?? accepted ?? 'en');
    // API clients with a bearer token use no cookies and need no CSRF token.
    if (req.viaBearer) return;
    const binding = csrfBinding(req, reply, isLocale(seg));
    req.csrfToken = binding ? csrfToken(ctx.cipher.keys.csrf, binding) : '';
  });

  app.addHook('preHandler', async (req) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS' || req.viaBearer) return;
    // JSON API calls without cookies carry no ambient credentials; everything else must echo the token.
    const ambient = req.cookies[SESSION_COOKIE] || req.cookies[DEVICE_COOKIE];
    if (!ambient && !String(req.headers['content-type'] ?? '').includes('form')) return;
    const sent = (req.body as Record<string, unknown> | undefined)?._csrf ?? req.headers['x-csrf-token'];
    if (
      !req.csrfToken ||
      typeof sent !== 'string' ||
      sent.length !== req.csrfToken.length ||
      !crypto.timingSafeEqual(Buffer.from(sent), Buffer.from(req.csrfToken))
    ) {
      throw new AppError(403, 'errors.csrf');
    }
  });

  // Nothing is kept by browsers or shared caches unless a route says it is public (publicCache: the BWT feed) or it is
  // a static asset: pages and API answers may hold personal data.
  app.addHook('onSend', async (_req, reply, payload) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });

  app.setNotFoundHandler((req, reply) => sendError(req, reply, new AppError(404, 'errors.not_found')));
  app.setErrorHandler((err, req, reply) => sendError(req, reply, err));

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/healthz', { schema: { hide: true } }, async () => ({ ok: true, engine: ctx.database.engine }));
  app.get('/', { schema: { hide: true } }, async (req, reply) => reply.redirect(`/${req.locale}/`));
  // Browsers ask for /favicon.ico whatever the page links to: the one icon, an SVG.
  app.get('/favicon.ico', { schema: { hide: true } }, async (_req, reply) =>
    reply.header('cache-control', 'public, max-age=86400').redirect('/assets/favicon.svg', 301),
  );
  return app;
}

/**
 * A multipart body as the routes read it: field names to values, a repeated field as an array, a file as a Buffer.
 * Null-prototype; a body the parser cannot read (no boundary, cut short, malformed part) is a 400.
 */
async function multipartBody(req: FastifyRequest): Promise<Record<string, unknown>> {
  const body: Record<string, unknown> = Object.create(null);
  try {
    for await (const part of req.parts()) {
      const value = part.type === 'file' ? await part.toBuffer() : part.value;
      const had = body[part.fieldname];
      body[part.fieldname] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
    }
  } catch (e) {
    // the plugin's own limits (413, fields named __proto__ 400) keep their status; the parser's errors carry none
    if ((statusOf(e) ?? 500) < 500) throw e;
    throw new AppError(400, 'errors.bad_request');
  }
  return body;
}

/** The HTTP status a framework or plugin error carries (Fastify's, the rate limiter's), if any. */
const statusOf = (err: unknown): number | undefined => {
  const code = (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof code === 'number' ? code : undefined;
};

export const isApi = (req: FastifyRequest) => req.url.startsWith('/api/');

/** The message of a framework or plugin refusal, by its status (anything else under 500 is a request not read). */
const FRAMEWORK_KEYS: Record<number, string> = {
  404: 'errors.not_found',
  413: 'errors.too_large',
  414: 'errors.url_too_long',
  415: 'errors.unsupported_media_type',
};

function sendError(req: FastifyRequest, reply: FastifyReply, err: unknown) {
  // Errors raised before the onRequest hook (the router's, a hook's) would otherwise go out without them.
  reply.headers(SECURITY_HEADERS);
  const tt = translator(req.locale);
  let status = 500,
    key = 'errors.internal',
    args: Record<string, string | number> = {};
  let errors: FieldError[] | undefined;
  if (err instanceof AppError) {
    status = err.status;
    key = err.key;
    args = err.args;
    if (err.fields) errors = Object.entries(err.fields).map(([p, f]) => ({ path: p, message: tt(f.key, f.args) }));
  } else if (hasZodFastifySchemaValidationErrors(err)) {
    status = 400;
    key = 'errors.validation';
    errors = err.validation.map((v) => ({
      path: v.instancePath.replace(/^\//, '').replace(/\//g, '.'),
      message: issueMessage(tt, (v.params as { issue?: IssueLike } | undefined)?.issue ?? { code: v.keyword }),
    }));
  } else if (err instanceof ZodError) {
    status = 400;
    key = 'errors.validation';
    errors = zodFieldErrors(tt, err);
  } else if (statusOf(err) === 429) {
    status = 429;
    key = 'errors.rate_limited';
    args = { seconds: Math.ceil(Number(reply.getHeader('retry-after') ?? 60)) };
  } else if ((statusOf(err) ?? 500) < 500) {
    status = statusOf(err) ?? 400;
    key = FRAMEWORK_KEYS[status] ?? 'errors.bad_request';
  } else {
    // Never the message: a database's quotes the values it refused (`invalid input syntax for type uuid: "…"`, a
    // duplicate key's detail). The error's class, its SQLSTATE and constraint, and the stack's frames are enough.
    req.log.error({ err: errorFacts(err), method: req.method, route: req.routeOptions?.url }, 'unhandled error');
  }
  const detail = tt(key, args);
  if (
    isApi(req) ||
    (!String(req.headers.accept ?? '').includes('text/html') &&
      req.method !== 'GET' &&
      !String(req.headers['content-type'] ?? '').includes('form'))
  ) {
    return reply
      .status(status)
      .type('application/problem+json')
      .send({
        type: `https://smartborder.example/problems/${key.replace(/^errors\./, '').replace(/\./g, '-')}`,
        title: tt('errors.status', { status }),
        status,
        detail,
        code: key,
        ...(errors ? { errors } : {}),
        instance: req.url.split('?')[0],
      });
  }
  // a list that only repeats the detail (a text refusal names its one field in it) is left out of the page
  const listed = errors?.some((e) => e.message !== detail) ? errors : undefined;
  const body = html`<h1>${tt('errors.status', { status })}</h1><div class="usa-alert usa-alert--error" role="alert">
    <div class="usa-alert__body">
    <p class="usa-alert__text">${detail}</p>
    ${listed ? html`<ul>${listed.map((e) => html`<li>${e.path}: ${e.message}</li>`)}</ul>` : ''}</div>
    </div>
  <p><a class="usa-link" href="/${req.locale}/">${tt('nav.home')}</a></p>`;
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .send(layout(req, { title: tt('errors.status', { status }), body }));
}

/** The attributes of every cookie the server sets: HttpOnly, SameSite=Lax, Secure when the request came over https. */
export const cookieOptions = (req: FastifyRequest) => ({
  path: '/',
  httpOnly: true,
  sameSite: 'lax' as const,
  secure: req.protocol === 'https',
});

/**
 * What a visitor's CSRF token is bound to: their session when signed in (a cookie session), else their pre-session id,
 * issued here on the first page they open (null: none yet, outside the pages). A token is thus worthless with another
 * session, and the pre-session token dies at sign-in (startSession clears it).
 */
function csrfBinding(req: FastifyRequest, reply: FastifyReply, page: boolean): string | null {
  if (req.user && req.sessionToken) return `session:${sha256(req.sessionToken)}`;
  let pre = req.cookies[PRESESSION_COOKIE];
  if (!pre || !/^[A-Za-z0-9_-]{32}$/.test(pre)) {
    // Only pages (/en|fr|es/…) hold forms: static assets (cacheable), the API and the docs never set a cookie.
    if (!page) return null;
    pre = randomToken(24);
    reply.setCookie(PRESESSION_COOKIE, pre, cookieOptions(req));
  }
  return `anonymous:${pre}`;
}
const csrfToken = (key: Buffer, binding: string) =>
  crypto.createHmac('sha256', key).update(binding).digest('base64url');

/** Sets the session cookie after sign-in or sign-up; the pre-session id (and its CSRF token) is dropped. */
export function startSession(reply: FastifyReply, req: FastifyRequest, token: string, maxAgeSeconds: number) {
  reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions(req), maxAge: maxAgeSeconds });
  reply.clearCookie(PRESESSION_COOKIE, cookieOptions(req));
}
/** Lets browsers and shared caches keep a public answer (one that holds no personal data) for a while. */
export function publicCache(reply: FastifyReply, seconds: number) {
  reply.header('cache-control', `public, max-age=${seconds}`);
}

/** Renders a full page (HTML) in the request's locale. */
export function sendPage(reply: FastifyReply, req: FastifyRequest, o: Parameters<typeof layout>[1]) {
  return reply
    .status(o.status ?? (o.errors?.length ? 422 : 200))
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(layout(req, o));
}

export function requireUser(req: FastifyRequest): User {
  if (!req.user) throw new AppError(401, 'errors.unauthorized');
  return req.user;
}
// No role check here: who may do what is a named policy of a module's access.ts, asked through ctx.guard (a refusal
// is audited as access.denied); `guard.admit` is the one for desks and operations that read no record yet.
/** For page routes: unauthenticated visitors are sent to sign in and brought back afterwards. */
export function pageUser(req: FastifyRequest, reply: FastifyReply): User | null {
  if (req.user) return req.user;
  reply.redirect(`/${req.locale}/sign-in?next=${encodeURIComponent(req.url)}`);
  return null;
}
export const localeOf = (req: FastifyRequest) => req.locale;
export { t };
