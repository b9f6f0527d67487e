// Interviews: the centres serving an application's programmes, their free slots, booking, moving or cancelling the
// interview, or choosing Enrolment on Arrival — API and the applicant's booking page.
import { z } from 'zod';
import { requireUser, sendPage, type App } from '../../../kernel/http.ts';
import { AppError } from '../../../kernel/errors.ts';
import { translator } from '../../../kernel/i18n.ts';
import { localePath } from '../../../kernel/ui.ts';
import type { TravellersService } from '../service.ts';
import { interviewBody } from '../views/interviews.ts';
import { hide, idParams, L, ownApplication } from './common.ts';
import { formBody, text } from './forms.ts';
import { appOut, applicationOut, bookingBody, centreParams, centresOut, slotsOut, tags } from './schemas.ts';

const pageQuery = z.object({ centre: z.string().optional() });

export function interviewRoutes(app: App, svc: TravellersService) {
  // ---------- API ----------
  app.get(
    '/api/v1/applications/:id/centres',
    {
      schema: {
        tags,
        summary: "Enrolment centres serving the application's programmes",
        params: idParams,
        response: { 200: centresOut },
      },
    },
    async (req) => {
      const u = requireUser(req);
      const v = await svc.getForViewer(u, req.params.id, 'own application');
      return {
        centres: (await svc.centresFor(v.app)).map((c) => ({
          id: c.id,
          name: c.name,
          city: c.city,
          country: c.country,
          enrolmentOnArrival: c.enrolment_on_arrival,
        })),
      };
    },
  );
  app.get(
    '/api/v1/centres/:centreId/slots',
    { schema: { tags, summary: 'Free interview slots', params: centreParams, response: { 200: slotsOut } } },
    async (req) => {
      requireUser(req);
      return {
        slots: (await svc.slots(req.params.centreId)).map((s) => ({
          id: s.id,
          startsAt: new Date(s.starts_at).toISOString(),
          free: s.capacity - s.booked,
        })),
      };
    },
  );
  app.put(
    '/api/v1/applications/:id/interview',
    {
      schema: {
        tags,
        summary: 'Book or move the interview, or choose Enrolment on Arrival',
        params: idParams,
        body: bookingBody,
        response: { 200: appOut },
      },
    },
    async (req) => {
      const u = requireUser(req);
      await svc.book(u, req.params.id, req.body);
      return applicationOut(svc, u, req.params.id);
    },
  );
  app.delete(
    '/api/v1/applications/:id/interview',
    { schema: { tags, summary: 'Cancel the interview', params: idParams, response: { 200: appOut } } },
    async (req) => {
      const u = requireUser(req);
      await svc.cancelInterview(u, req.params.id);
      return applicationOut(svc, u, req.params.id);
    },
  );

  // ---------- pages ----------
  app.get(`${L}/applications/:id/interview`, hide, async (req, reply) => {
    const v = await ownApplication(svc, req, reply);
    if (!v) return reply;
    const tt = translator(req.locale);
    const centres = await svc.centresFor(v.app);
    const chosen = pageQuery.safeParse(req.query ?? {}).data?.centre;
    const centre = centres.find((c) => c.id === chosen);
    const slots = centre ? await svc.slots(centre.id) : [];
    return sendPage(reply, req, {
      title: tt('travellers.interview.title'),
      body: interviewBody(req, tt, v, centres, chosen, centre, slots),
    });
  });
  app.post(`${L}/applications/:id/interview`, hide, async (req, reply) => {
    const v = await ownApplication(svc, req, reply);
    if (!v) return reply;
    const b = formBody.parse(req.body ?? {});
    const onArrivalCentreId = text(b.onArrivalCentreId);
    const slotId = text(b.slotId);
    if (onArrivalCentreId) await svc.book(v.u, v.app.id, { onArrivalCentreId });
    else if (slotId && /^[0-9a-f-]{36}$/.test(slotId)) await svc.book(v.u, v.app.id, { slotId });
    else throw new AppError(422, 'travellers.err.choose_slot');
    return reply.redirect(localePath(req.locale, `/applications/${v.app.id}`), 303);
  });
  app.post(`${L}/applications/:id/interview/cancel`, hide, async (req, reply) => {
    const v = await ownApplication(svc, req, reply);
    if (!v) return reply;
    await svc.cancelInterview(v.u, v.app.id);
    return reply.redirect(localePath(req.locale, `/applications/${v.app.id}`), 303);
  });
}
