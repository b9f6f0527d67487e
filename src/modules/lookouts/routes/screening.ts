// Screening: one subject or a batch against the lookouts the caller's agency may see (API), and the manual screening
// page of the analysts.
import { z } from 'zod';
import { sendPage, pageUser, type App } from '../../../kernel/http.ts';
import { canScreen, canScreenBatch } from '../access.ts';
import { translator } from '../../../kernel/i18n.ts';
import { addNav } from '../../../kernel/ui.ts';
import { actorOf, hasRole } from '../../../kernel/auth.ts';
import { zodFieldErrors } from '../../../kernel/validation.ts';
import type { LookoutsService } from '../service.ts';
import { screenBody } from '../views/screening.ts';
import { hide, L } from './lookouts.ts';
import { screenOut, screenSubject, tags } from './schemas.ts';

const pageForm = z.record(z.string(), z.string());

export function screeningRoutes(app: App, svc: LookoutsService) {
  addNav({ href: '/lookouts/screen', key: 'lookouts.nav_screen', show: (u) => hasRole(u, 'targeting_analyst') });

  app.post(
    '/api/v1/screen',
    {
      schema: {
        tags,
        summary: 'Screen one subject against the lookouts my agency may see',
        body: screenSubject,
        response: { 200: screenOut },
      },
    },
    async (req) => {
      const u = await svc.ctx.guard.admit(req.user, canScreen, 'screening', { operation: 'screen' });
      return svc.screen(req.body, {
        actor: actorOf(u),
        agency: u.agency,
        purpose: 'api screening',
        subjectRef: 'api:' + u.id,
      });
    },
  );
  app.post(
    '/api/v1/screen/batch',
    {
      schema: {
        tags,
        summary: 'Screen up to 1,000 subjects',
        body: z.object({
          subjects: z
            .array(z.object({ ref: z.string().max(100).meta({ example: 'manifest-17/4' }) }).and(screenSubject))
            .min(1)
            .max(1000),
        }),
        response: { 200: z.object({ results: z.array(screenOut.extend({ ref: z.string() })) }) },
      },
    },
    async (req) => {
      const u = await svc.ctx.guard.admit(req.user, canScreenBatch, 'screening', { operation: 'batch' });
      const results = [];
      for (const s of req.body.subjects)
        results.push({
          ref: s.ref,
          ...(await svc.screen(s, {
            actor: actorOf(u),
            agency: u.agency,
            purpose: 'api batch screening',
            subjectRef: 'batch:' + s.ref,
          })),
        });
      return { results };
    },
  );

  app.get(`${L}/lookouts/screen`, hide, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    await svc.ctx.guard.admit(req.user, canScreen, 'screening', { operation: 'form' });
    const tt = translator(req.locale);
    const body = screenBody(req, tt, { type: 'person' }, []);
    return sendPage(reply, req, { title: tt('lookouts.screen.title'), body, wide: true });
  });
  app.post(`${L}/lookouts/screen`, hide, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const u = await svc.ctx.guard.admit(req.user, canScreen, 'screening', { operation: 'screen' });
    const tt = translator(req.locale);
    const b = pageForm.parse(req.body ?? {});
    const parsed = screenSubject.safeParse({
      type: b.type,
      name: b.name || undefined,
      birthDate: b.birthDate || undefined,
      nationality: b.nationality || undefined,
      documents: b.documentNumber ? [{ type: 'passport', number: b.documentNumber }] : undefined,
    });
    if (!parsed.success) {
      const errors = zodFieldErrors(tt, parsed.error).map((e) => ({ ...e, path: e.path === '' ? 'name' : e.path }));
      const body = screenBody(req, tt, b, errors);
      return sendPage(reply, req, { title: tt('lookouts.screen.title'), body, errors, wide: true });
    }
    const r = await svc.screen(parsed.data, {
      actor: actorOf(u),
      agency: u.agency,
      purpose: 'manual screening',
      subjectRef: 'manual:' + u.id,
    });
    const body = screenBody(req, tt, b, [], r);
    return sendPage(reply, req, { title: tt('lookouts.screen.title'), body, wide: true });
  });
}
