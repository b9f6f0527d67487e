// Lookouts: post, list under the sharing scope, read (audited), change, activate, withdraw — API and analyst pages.
// Thin handlers: parse, call the service (which asks the policies of access.ts), render.
import { z } from 'zod';
import { requireUser, sendPage, pageUser, type App } from '../../../kernel/http.ts';
import { canPostLookout } from '../access.ts';
import { translator } from '../../../kernel/i18n.ts';
import { addNav, localePath } from '../../../kernel/ui.ts';
import { hasRole } from '../../../kernel/auth.ts';
import { addHomeLink } from '../../../kernel/ui.ts';
import { zodFieldErrors } from '../../../kernel/validation.ts';
import { lookoutInput, type LookoutInput } from '../domain/lookout.ts';
import type { LookoutDetail, LookoutsService } from '../service.ts';
import { detailBody, formBody, listBody, type FormValues } from '../views/lookouts.ts';
import { idParams, listQuery, lookoutDetail, lookoutItem, ok, tags } from './schemas.ts';

export const L = '/:locale(en|fr|es)';
export const hide = { schema: { hide: true } };
/** A form post's fields: strings, or several strings for repeated fields (check boxes). */
export const formSchema = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
export const idOf = (params: unknown) => idParams.parse(params).id;

const detailOut = (l: LookoutDetail) => ({
  ...l,
  events: l.events.map((e) => ({ at: new Date(e.at).toISOString(), agency: e.actor_agency, kind: e.kind })),
});

export function lookoutRoutes(app: App, svc: LookoutsService) {
  addNav({ href: '/lookouts', key: 'lookouts.nav', show: (u) => hasRole(u, 'targeting_analyst') });
  addHomeLink({
    href: '/lookouts',
    key: 'lookouts.nav',
    descKey: 'lookouts.home_desc',
    show: (u) => hasRole(u, 'targeting_analyst'),
  });

  // ---------- API ----------
  app.post(
    '/api/v1/lookouts',
    {
      schema: {
        tags,
        summary: 'Post a lookout (draft, or active with activate=true)',
        body: z.object({ lookout: lookoutInput, activate: z.boolean().default(false) }),
        response: { 201: z.object({ id: z.uuid() }) },
      },
    },
    async (req, reply) => {
      const id = await svc.create(requireUser(req), req.body.lookout, { activate: req.body.activate });
      return reply.status(201).send({ id });
    },
  );
  app.get(
    '/api/v1/lookouts',
    {
      schema: {
        tags,
        summary: 'Lookouts my agency may see (sharing scope), newest first',
        querystring: listQuery,
        response: { 200: z.object({ lookouts: z.array(lookoutItem) }) },
      },
    },
    async (req) => {
      const u = requireUser(req);
      return { lookouts: await svc.list(u, req.query) };
    },
  );
  app.get(
    '/api/v1/lookouts/:id',
    {
      schema: {
        tags,
        summary: 'One lookout with identifiers and history (audited)',
        params: idParams,
        response: { 200: lookoutDetail },
      },
    },
    async (req) => detailOut(await svc.get(requireUser(req), req.params.id)),
  );
  app.put(
    '/api/v1/lookouts/:id',
    {
      schema: {
        tags,
        summary: 'Change a lookout (owning agency only)',
        params: idParams,
        body: lookoutInput,
        response: { 200: ok },
      },
    },
    async (req) => {
      await svc.update(requireUser(req), req.params.id, req.body);
      return { ok: true as const };
    },
  );
  app.post(
    '/api/v1/lookouts/:id/activate',
    { schema: { tags, summary: 'Activate a draft lookout', params: idParams, response: { 200: ok } } },
    async (req) => {
      await svc.transition(requireUser(req), req.params.id, 'activated');
      return { ok: true as const };
    },
  );
  app.post(
    '/api/v1/lookouts/:id/withdraw',
    {
      schema: {
        tags,
        summary: 'Withdraw a lookout',
        params: idParams,
        body: z
          .object({ note: z.string().max(500).default('').meta({ example: 'warrant executed 2026-03-02' }) })
          .optional(),
        response: { 200: ok },
      },
    },
    async (req) => {
      await svc.transition(requireUser(req), req.params.id, 'withdrawn', req.body?.note ?? '');
      return { ok: true as const };
    },
  );

  // ---------- pages ----------
  app.get(`${L}/lookouts`, hide, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const u = requireUser(req);
    const tt = translator(req.locale);
    const q = z
      .object({
        state: z.enum(['', 'draft', 'active', 'expired', 'withdrawn', 'scheduled']).default(''),
        kind: z.enum(['', 'lookout', 'reference']).default('lookout'),
        text: z.string().max(100).default(''),
      })
      .parse(req.query);
    const rows = await svc.list(u, {
      state: q.state || undefined,
      kind: q.kind || undefined,
      text: q.text || undefined,
      limit: 100,
    });
    const body = listBody(req, tt, u.agency ?? '', q, rows);
    return sendPage(reply, req, { title: tt('lookouts.title'), body, wide: true });
  });

  app.get(`${L}/lookouts/new`, hide, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    await svc.ctx.guard.admit(req.user, canPostLookout, 'lookout:new', { operation: 'form' });
    const tt = translator(req.locale);
    return sendPage(reply, req, { title: tt('lookouts.new'), body: formBody(req, tt, { subjectType: 'person' }, []) });
  });
  app.post(`${L}/lookouts/new`, hide, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const u = requireUser(req);
    const tt = translator(req.locale);
    const b: FormValues = formSchema.parse(req.body ?? {});
    const parsed = lookoutInput.safeParse(inputOf(b));
    if (!parsed.success) {
      const map: Record<string, string> = {
        'identifiers.names': 'names',
        'identifiers.birthDates.0': 'birthDates',
        'identifiers.documents.0.number': 'documentNumber',
        'identifiers.plates.0.number': 'plate',
        'identifiers.containers.0': 'container',
      };
      const errors = zodFieldErrors(tt, parsed.error).map((e) => ({ ...e, path: map[e.path] ?? e.path }));
      return sendPage(reply, req, { title: tt('lookouts.new'), body: formBody(req, tt, b, errors), errors });
    }
    const id = await svc.create(u, parsed.data, { activate: b.activate === 'on' });
    return reply.redirect(localePath(req.locale, `/lookouts/${id}`), 303);
  });

  app.get(`${L}/lookouts/:id`, hide, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const u = requireUser(req);
    const tt = translator(req.locale);
    const l = await svc.get(u, idOf(req.params));
    const own = l.agency === u.agency && l.kind === 'lookout';
    return sendPage(reply, req, { title: l.label || tt('lookouts.title'), body: detailBody(req, tt, l, own) });
  });
  for (const [path, to] of [
    ['activate', 'activated'],
    ['withdraw', 'withdrawn'],
  ] as const) {
    app.post(`${L}/lookouts/:id/${path}`, hide, async (req, reply) => {
      if (!pageUser(req, reply)) return reply;
      const id = idOf(req.params);
      await svc.transition(requireUser(req), id, to);
      return reply.redirect(localePath(req.locale, `/lookouts/${id}`), 303);
    });
  }
}

/** The posting form's fields as a lookout (validated by the caller with `lookoutInput`). */
function inputOf(b: FormValues): Record<keyof LookoutInput, unknown> {
  const one = (k: string) => {
    const v = b[k];
    return (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
  };
  const all = (k: string) => {
    const v = b[k];
    return v === undefined ? [] : Array.isArray(v) ? v : [v];
  };
  const split = (s: string, sep: RegExp) =>
    s
      .split(sep)
      .map((x) => x.trim())
      .filter(Boolean);
  return {
    subjectType: one('subjectType'),
    category: one('category') || undefined,
    reason: one('reason'),
    recommendedAction: one('recommendedAction') || undefined,
    sharingAgencies: all('sharingAgencies'),
    sharingCountries: [],
    validFrom: one('validFrom') || undefined,
    validUntil: one('validUntil') || undefined,
    legalReference: one('legalReference'),
    identifiers: {
      // One name per line (a name may hold a comma: "PETROV, Ivan"); birth dates by line or comma.
      names: split(one('names'), /\r?\n/),
      birthDates: split(one('birthDates'), /\r?\n|,/),
      nationalities: one('nationality') ? [one('nationality')] : [],
      documents: one('documentNumber')
        ? [{ type: 'passport', number: one('documentNumber'), country: one('documentCountry') || undefined }]
        : [],
      plates: one('plate') ? [{ number: one('plate'), jurisdiction: one('plateJurisdiction') || undefined }] : [],
      containers: one('container') ? [one('container')] : [],
    },
  };
}
