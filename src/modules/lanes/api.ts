// Lanes API: ports and lanes, the primary-inspection and preclearance decision, secondary referrals.
import { z } from 'zod';
import { requireRole, type App } from '../../kernel/http.ts';
import { notFound } from '../../kernel/errors.ts';
import type { LanesService } from './service.ts';

const tags = ['lanes'];
export const occupant = z.object({ mrz: z.string().max(200).optional(), cardNumber: z.string().max(20).optional() });
export const decisionBody = z.object({
  portId: z.string().max(20),
  laneId: z.string().max(60),
  occupants: z.array(occupant).min(1).max(15),
  plate: z
    .object({ number: z.string().trim().min(1).max(15), jurisdiction: z.string().trim().max(10).optional() })
    .optional(),
  queueJoinedAt: z.string().datetime({ offset: true }).optional(),
  boothStartedAt: z.string().datetime({ offset: true }).optional(),
});
const reason = z.object({
  key: z.string(),
  args: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  message: z.string(),
});
const hit = z.object({
  lookoutId: z.string(),
  hitId: z.string().optional(),
  score: z.number(),
  category: z.string(),
  recommendedAction: z.string(),
  name: z.string(),
});
const decisionOut = z.object({
  crossingId: z.string(),
  outcome: z.enum(['admit', 'refer']),
  reasons: z.array(reason),
  referralId: z.string().nullable(),
  micros: z.number(),
  occupants: z.array(
    z.object({
      n: z.number(),
      name: z.string().nullable(),
      document: z.string(),
      documentOk: z.boolean(),
      membership: z
        .object({
          membershipId: z.string(),
          number: z.string(),
          programmes: z.array(z.string()),
          active: z.boolean(),
          status: z.string(),
          expiresAt: z.string(),
          renewalPending: z.boolean(),
          photoRef: z.string().optional(),
        })
        .nullable(),
      hits: z.array(hit),
    }),
  ),
  plateHits: z.array(hit),
});

export function registerApi(
  app: App,
  svc: LanesService,
  localize: (locale: any, r: { key: string; args?: Record<string, string | number> }) => string,
) {
  app.get(
    '/api/v1/ports',
    {
      schema: {
        tags,
        summary: 'Ports of entry (land ports and US preclearance airports)',
        querystring: z.object({ country: z.enum(['CA', 'US', 'MX']).optional(), major: z.coerce.boolean().optional() }),
      },
    },
    async (req) => {
      await svc.ready;
      return {
        ports: [...svc.ports.values()].filter(
          (p) => (!req.query.country || p.country === req.query.country) && (!req.query.major || p.major),
        ),
      };
    },
  );
  app.get(
    '/api/v1/ports/:portId/lanes',
    {
      schema: {
        tags,
        summary: 'Lanes of a port with booths open now',
        params: z.object({ portId: z.string().max(20) }),
      },
    },
    async (req) => {
      await svc.ready;
      if (!svc.ports.has(req.params.portId)) throw notFound();
      return { lanes: svc.lanesOf(req.params.portId).map((l) => ({ ...l, openNow: svc.openBooths(l) })) };
    },
  );
  app.post(
    '/api/v1/lanes/decisions',
    {
      schema: {
        tags,
        summary:
          "Primary inspection (or preclearance) decision: admit, or refer to secondary with reasons. The crossing is durably recorded before the answer. include=photo adds members' photo references.",
        querystring: z.object({ include: z.enum(['photo']).optional() }),
        body: decisionBody,
        response: { 200: decisionOut },
      },
    },
    async (req) => {
      const u = requireRole(req, 'border_officer');
      const d = await svc.decidePrimary(req.body, u);
      if (req.query.include === 'photo')
        for (const o of d.occupants)
          if (o.membership?.active)
            o.membership.photoRef = (await svc.travellers.memberPersonal(o.membership.membershipId)).photoRef;
      return { ...d, reasons: d.reasons.map((r) => ({ ...r, message: localize(req.locale, r) })) };
    },
  );
  app.get(
    '/api/v1/lanes/referrals',
    {
      schema: {
        tags,
        summary: 'Open secondary referrals in my country',
        querystring: z.object({ portId: z.string().max(20).optional() }),
      },
    },
    async (req) => {
      const u = requireRole(req, 'border_officer');
      return {
        referrals: (await svc.referrals(u, req.query.portId)).map((r: any) => ({
          id: r.id,
          crossingId: r.crossing_id,
          portId: r.port_id,
          reasons: r.reasons,
          openedAt: new Date(r.opened_at).toISOString(),
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
        params: z.object({ id: z.string().uuid() }),
        body: z.object({
          outcome: z.enum(['admitted', 'refused', 'goods_seized', 'arrested', 'returned', 'admitted_with_conditions']),
          note: z.string().max(2000).default(''),
          falsePositive: z.boolean().default(false),
        }),
      },
    },
    async (req) => {
      await svc.closeReferral(
        requireRole(req, 'border_officer'),
        req.params.id,
        req.body.outcome,
        req.body.note,
        req.body.falsePositive,
      );
      return { ok: true };
    },
  );
}
