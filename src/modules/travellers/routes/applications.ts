// Applications: start one, list mine, read one and its derived status, answer an agency's question, withdraw, and
// the photo (for the applicant and entitled officers) — API and applicant pages. Thin: parse, call, render.
import { z } from 'zod';
import { pageUser, requireUser, sendPage, type App } from '../../../kernel/http.ts';
import { AppError } from '../../../kernel/errors.ts';
import { translator } from '../../../kernel/i18n.ts';
import { localePath } from '../../../kernel/ui.ts';
import type { FieldError } from '../../../kernel/validation.ts';
import { isProgrammeCode, type ProgrammeCode } from '../domain/programmes.ts';
import type { TravellersService } from '../service.ts';
import { applicationsBody, startAgainBody, statusBody } from '../views/applications.ts';
import { hide, idOf, idParams, L, ownApplication } from './common.ts';
import { asArray, formBody } from './forms.ts';
import { answerBody, appOut, applicationOut, createBody, tags } from './schemas.ts';

export function applicationRoutes(app: App, svc: TravellersService) {
  // ---------- API ----------
  app.post(
    '/api/v1/applications',
    {
      schema: {
        tags,
        summary: 'Start an application for one or more programmes',
        body: createBody,
        response: { 201: appOut },
      },
    },
    async (req, reply) => {
      const u = requireUser(req);
      const { programmes, fastRegion } = req.body;
      if (programmes.includes('FAST') && !fastRegion) throw new AppError(422, 'travellers.err.fast_region');
      const a = await svc.createApplication(u, programmes, fastRegion);
      return reply.status(201).send(await applicationOut(svc, u, a.id));
    },
  );
  app.get(
    '/api/v1/applications',
    { schema: { tags, summary: 'My applications', response: { 200: z.object({ applications: z.array(appOut) }) } } },
    async (req) => {
      const u = requireUser(req);
      const mine = await svc.listForUser(u.id);
      return { applications: await Promise.all(mine.map((a) => applicationOut(svc, u, a.id))) };
    },
  );
  app.get(
    '/api/v1/applications/:id',
    {
      schema: { tags, summary: 'An application and its derived status', params: idParams, response: { 200: appOut } },
    },
    async (req) => applicationOut(svc, requireUser(req), req.params.id),
  );
  app.post(
    '/api/v1/applications/:id/answer',
    {
      schema: {
        tags,
        summary: "Answer an agency's request for information",
        params: idParams,
        body: answerBody,
        response: { 200: appOut },
      },
    },
    async (req) => {
      const u = requireUser(req);
      await svc.answerQuestion(u, req.params.id, req.body.answer);
      return applicationOut(svc, u, req.params.id);
    },
  );
  app.post(
    '/api/v1/applications/:id/withdrawal',
    {
      schema: {
        tags,
        summary: 'Withdraw an application that has no final outcome yet (a draft, or one pending)',
        params: idParams,
        response: { 200: appOut },
      },
    },
    async (req) => {
      const u = requireUser(req);
      await svc.withdraw(u, req.params.id);
      return applicationOut(svc, u, req.params.id);
    },
  );

  // ---------- pages ----------
  app.get(`${L}/applications`, hide, async (req, reply) => {
    const u = pageUser(req, reply);
    if (!u) return reply;
    const tt = translator(req.locale);
    const apps = [];
    for (const a of await svc.listForUser(u.id))
      apps.push({ app: a, status: (await svc.getForViewer(u, a.id, 'own application')).status });
    const memberships = await svc.membershipsForUser(u.id);
    return sendPage(reply, req, {
      title: tt('travellers.apps.title'),
      body: applicationsBody(req, tt, apps, memberships),
    });
  });

  app.post(`${L}/applications`, hide, async (req, reply) => {
    const u = pageUser(req, reply);
    if (!u) return reply;
    const tt = translator(req.locale);
    const b = formBody.parse(req.body ?? {});
    const programmes: ProgrammeCode[] = asArray(b.programmes).filter(isProgrammeCode);
    const fastRegion = b.fastRegion === 'north' || b.fastRegion === 'south' ? b.fastRegion : null;
    const errors: FieldError[] = [];
    if (!programmes.length) errors.push({ path: 'programmes', message: tt('travellers.err.choose_programme') });
    if (programmes.includes('FAST') && !fastRegion)
      errors.push({ path: 'fastRegion', message: tt('travellers.err.fast_region') });
    if (errors.length)
      return sendPage(reply, req, {
        title: tt('travellers.apps.title'),
        errors,
        body: startAgainBody(req, tt, programmes, errors, fastRegion ?? ''),
      });
    const a = await svc.createApplication(u, programmes, fastRegion);
    return reply.redirect(localePath(req.locale, `/applications/${a.id}/edit/eligibility`), 303);
  });

  // The photo is served only to the applicant and to officers entitled to the application (their view is audited).
  app.get(`${L}/applications/:id/photo`, hide, async (req, reply) => {
    const u = pageUser(req, reply);
    if (!u) return reply;
    const v = await svc.getForViewer(u, idOf(req.params), 'photo');
    if (!v.draft.photo) throw new AppError(404, 'errors.not_found');
    return reply
      .type(v.draft.photo.mediaType)
      .header('cache-control', 'no-store, private')
      .send(Buffer.from(v.draft.photo.base64, 'base64'));
  });

  app.get(`${L}/applications/:id`, hide, async (req, reply) => {
    const v = await ownApplication(svc, req, reply);
    if (!v) return reply;
    const tt = translator(req.locale);
    const interviewCentre = v.status.interview ? await svc.centre(v.status.interview.centreId) : null;
    const body = statusBody(req, tt, { ...v, agencies: svc.requiredAgencies(v.app), interviewCentre });
    return sendPage(reply, req, { title: tt('travellers.status.title', { reference: v.app.reference }), body });
  });

  app.post(`${L}/applications/:id/withdraw`, hide, async (req, reply) => {
    const v = await ownApplication(svc, req, reply);
    if (!v) return reply;
    await svc.withdraw(v.u, v.app.id);
    return reply.redirect(localePath(req.locale, `/applications/${v.app.id}`), 303);
  });

  app.post(`${L}/applications/:id/answer`, hide, async (req, reply) => {
    const v = await ownApplication(svc, req, reply);
    if (!v) return reply;
    const answer = String(formBody.parse(req.body ?? {}).answer ?? '').trim();
    if (answer.length < 2 || answer.length > 4000)
      throw new AppError(422, 'travellers.err.answer', {}, { answer: { key: 'travellers.err.answer' } });
    await svc.answerQuestion(v.u, v.app.id, answer);
    return reply.redirect(localePath(req.locale, `/applications/${v.app.id}`), 303);
  });
}
