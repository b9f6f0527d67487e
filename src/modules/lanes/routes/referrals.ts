// Secondary referrals: the officer's queue and the outcome of an inspection, as API and pages.
import { z } from 'zod';
import { hasRole } from '../../../kernel/auth.ts';
import { type App, pageUser, requireUser, sendPage } from '../../../kernel/http.ts';
import { translator } from '../../../kernel/i18n.ts';
import { addNav, csrfField, localePath } from '../../../kernel/ui.ts';
import type { LanesService } from '../service/lanes.ts';
import { SECONDARY_OUTCOMES } from '../store.ts';
import { secondaryView } from '../views/secondary.ts';
import { fields, hidden, PAGE } from './form.ts';
import { outcomeBody, portId, referralOut, tags } from './schemas.ts';

const referralId = z.uuid().meta({ example: '9a4c1f2e-5b6d-4e7f-8a9b-0c1d2e3f4a5b' });

export function referralRoutes(app: App, svc: LanesService) {
  app.get(
    '/api/v1/lanes/referrals',
    {
      schema: {
        tags,
        summary: "Open secondary referrals in my queue (my agency's, in my country), newest first",
        querystring: z.object({ portId: portId.optional() }),
        response: { 200: z.object({ referrals: z.array(referralOut) }) },
      },
    },
    async (req) => {
      const rows = await svc.referrals(requireUser(req), req.query.portId);
      return {
        referrals: rows.map((r) => ({
          id: r.id,
          crossingId: r.crossingId,
          portId: r.portId,
          laneType: r.laneType,
          reasons: r.reasons,
          openedAt: r.openedAt.toISOString(),
        })),
      };
    },
  );
  app.post(
    '/api/v1/lanes/referrals/:id/outcome',
    {
      schema: {
        tags,
        summary: 'Record the secondary-inspection outcome; optionally mark the lookout hits as false positives',
        params: z.object({ id: referralId }),
        body: outcomeBody,
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (req) => {
      const b = req.body;
      await svc.closeReferral(requireUser(req), req.params.id, b.outcome, b.note, b.falsePositive);
      return { ok: true as const };
    },
  );

  addNav({ href: '/lanes/secondary', key: 'lanes.nav.secondary', show: (u) => hasRole(u, 'border_officer') });
  app.get(`${PAGE}/lanes/secondary`, hidden, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const u = requireUser(req);
    const tt = translator(req.locale);
    await svc.ready;
    const body = secondaryView(tt, {
      locale: req.locale,
      csrf: csrfField(req),
      referrals: await svc.referrals(u),
      portName: (id) => svc.port(id)?.name ?? id,
    });
    return sendPage(reply, req, { title: tt('lanes.secondary.title'), body, wide: true });
  });
  app.post(`${PAGE}/lanes/secondary/:id`, hidden, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const b = z
      .object({
        outcome: z.enum(SECONDARY_OUTCOMES),
        note: z.string().max(2000).default(''),
        falsePositive: z.string().optional(),
      })
      .parse(fields(req.body));
    const id = referralId.parse(fields(req.params).id);
    await svc.closeReferral(requireUser(req), id, b.outcome, b.note, b.falsePositive === 'on');
    return reply.redirect(localePath(req.locale, '/lanes/secondary'), 303);
  });
}
