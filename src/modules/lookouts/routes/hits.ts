// Hit review: the queue of hits the analyst's agency decides on, and the decision (confirmed or false positive).
import { z } from 'zod';
import { requireUser, sendPage, pageUser, type App } from '../../../kernel/http.ts';
import { translator } from '../../../kernel/i18n.ts';
import { addNav, localePath } from '../../../kernel/ui.ts';
import { hasRole } from '../../../kernel/auth.ts';
import type { LookoutsService, ReviewHit } from '../service.ts';
import { hitsBody } from '../views/hits.ts';
import { hide, idOf, L } from './lookouts.ts';
import { hitsQuery, idParams, ok, reviewBody, reviewHit, tags } from './schemas.ts';

const hitOut = (h: ReviewHit) => ({
  id: h.id,
  lookoutId: h.lookout_id,
  subjectRef: h.subject_ref,
  context: h.context,
  score: Number(h.score),
  reasons: h.reasons,
  status: h.status,
  agency: h.agency,
  createdAt: new Date(h.created_at).toISOString(),
});

export function hitRoutes(app: App, svc: LookoutsService) {
  addNav({ href: '/lookouts/hits', key: 'lookouts.nav_hits', show: (u) => hasRole(u, 'targeting_analyst') });

  app.get(
    '/api/v1/hits',
    {
      schema: {
        tags,
        summary: 'Screening hits my agency reviews (on its lookouts), newest first',
        querystring: hitsQuery,
        response: { 200: z.object({ hits: z.array(reviewHit) }) },
      },
    },
    async (req) => ({ hits: (await svc.hits(requireUser(req), req.query.status, req.query.limit)).map(hitOut) }),
  );
  app.post(
    '/api/v1/hits/:id/review',
    {
      schema: {
        tags,
        summary: 'Confirm a match, or mark it a false positive (suppressed until either side changes)',
        params: idParams,
        body: reviewBody,
        response: { 200: ok },
      },
    },
    async (req) => {
      await svc.review(requireUser(req), req.params.id, req.body.decision, req.body.note);
      return { ok: true as const };
    },
  );

  app.get(`${L}/lookouts/hits`, hide, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const tt = translator(req.locale);
    const hits = await svc.hits(requireUser(req), 'open');
    return sendPage(reply, req, { title: tt('lookouts.hits.title'), body: hitsBody(req, tt, hits) });
  });
  app.post(`${L}/lookouts/hits/:id`, hide, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const b = z.object({ decision: z.enum(['confirmed', 'false_positive']) }).parse(req.body);
    await svc.review(requireUser(req), idOf(req.params), b.decision, '');
    return reply.redirect(localePath(req.locale, '/lookouts/hits'), 303);
  });
}
