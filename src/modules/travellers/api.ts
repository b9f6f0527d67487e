// The portal's JSON API: every action of the pages, for integrations and tests. Zod schemas feed OpenAPI.
import { z } from 'zod';
import { requireUser, requireRole, type App } from '../../kernel/http.ts';
import { AppError } from '../../kernel/errors.ts';
import { PROGRAMME_CODES } from './domain/programmes.ts';
import { parseMrz } from './domain/mrz.ts';
import { draftSchema } from './personal.ts';
import { decisionSchema, issueSchema } from './pages.ts';
import { SUSPENSION_REASONS, type TravellersService } from './service.ts';

const id = z.object({ id: z.string().uuid() });
const programmes = z
  .array(z.enum(PROGRAMME_CODES as unknown as [string, ...string[]]))
  .min(1)
  .max(5);
const statusOut = z.object({
  stage: z.string(),
  since: z.string().nullable(),
  holders: z.array(z.string()),
  approvedBy: z.array(z.string()),
  deniedBy: z.array(z.object({ agency: z.string(), reasonCode: z.string(), explanation: z.string() })),
  openQuestion: z.object({ agency: z.string(), question: z.string() }).nullable(),
  screening: z.string().nullable(),
  interview: z.object({ centreId: z.string(), startsAt: z.string().nullable(), onArrival: z.boolean() }).nullable(),
  membershipId: z.string().nullable(),
});
const appOut = z.object({
  id: z.string(),
  reference: z.string(),
  programmes: z.array(z.string()),
  fastRegion: z.string().nullable(),
  version: z.number(),
  submittedAt: z.string().nullable(),
  status: statusOut,
  requiredAgencies: z.array(z.string()),
});
const tags = ['trusted travellers'];

export function registerApi(app: App, svc: TravellersService) {
  const out = async (user: any, appId: string) => {
    const v = await svc.getForViewer(user, appId, 'api');
    const s = v.status;
    return {
      id: v.app.id,
      reference: v.app.reference,
      programmes: v.app.programmes,
      fastRegion: v.app.fastRegion,
      version: v.app.version,
      submittedAt: v.app.submittedAt ? new Date(v.app.submittedAt).toISOString() : null,
      requiredAgencies: svc.requiredAgencies(v.app),
      status: {
        ...s,
        since: s.since ? new Date(s.since).toISOString() : null,
        openQuestion: s.openQuestion ? { agency: s.openQuestion.agency, question: s.openQuestion.question } : null,
        interview: s.interview
          ? { centreId: s.interview.centreId, startsAt: s.interview.startsAt, onArrival: s.interview.onArrival }
          : null,
      },
    };
  };

  app.post(
    '/api/v1/mrz/parse',
    {
      schema: {
        tags,
        summary: 'Parse and check a machine-readable zone (TD1 or TD3)',
        body: z.object({ text: z.string().max(200) }),
      },
    },
    async (req) => parseMrz(req.body.text, { today: new Date().toISOString().slice(0, 10) }),
  );

  app.post(
    '/api/v1/applications',
    {
      schema: {
        tags,
        summary: 'Start an application for one or more programmes',
        body: z.object({ programmes, fastRegion: z.enum(['north', 'south']).nullable().default(null) }),
        response: { 201: appOut },
      },
    },
    async (req, reply) => {
      const u = requireRole(req, 'applicant');
      if (req.body.programmes.includes('FAST') && !req.body.fastRegion)
        throw new AppError(422, 'travellers.err.fast_region');
      const a = await svc.createApplication(u, req.body.programmes as any, req.body.fastRegion);
      return reply.status(201).send(await out(u, a.id));
    },
  );
  app.get(
    '/api/v1/applications',
    { schema: { tags, summary: 'My applications', response: { 200: z.object({ applications: z.array(appOut) }) } } },
    async (req) => {
      const u = requireUser(req);
      return { applications: await Promise.all((await svc.listForUser(u.id)).map((a) => out(u, a.id))) };
    },
  );
  app.get(
    '/api/v1/applications/:id',
    { schema: { tags, summary: 'An application and its derived status', params: id, response: { 200: appOut } } },
    async (req) => out(requireUser(req), req.params.id),
  );
  app.put(
    '/api/v1/applications/:id/draft',
    {
      schema: {
        tags,
        summary: 'Save part of a draft (optimistic concurrency with version)',
        params: id,
        body: draftSchema.extend({ programmes: programmes.optional(), version: z.number().int().optional() }),
        response: { 200: appOut },
      },
    },
    async (req) => {
      const u = requireUser(req);
      const { programmes: ps, version, ...patch } = req.body;
      await svc.saveDraft(u, req.params.id, patch, { programmes: ps as any, expectedVersion: version });
      return out(u, req.params.id);
    },
  );
  app.get(
    '/api/v1/applications/:id/eligibility',
    { schema: { tags, summary: 'Live eligibility, explained, and the fee', params: id } },
    async (req) => {
      const u = requireUser(req);
      const v = await svc.getForViewer(u, req.params.id, 'own application');
      const held = await svc.heldMemberships(v.app.userId);
      return {
        eligibility: svc.eligibilityFor(v.app, v.draft, new Date(), held),
        fee: svc.feeFor(v.app, v.draft, new Date(), held),
        problems: svc.validateForSubmission(v.app, v.draft, new Date(), held).problems,
      };
    },
  );
  app.post(
    '/api/v1/applications/:id/submit',
    {
      schema: {
        tags,
        summary: 'Pay and submit (idempotent: a repeat returns the same result)',
        params: id,
        response: { 200: appOut },
      },
    },
    async (req) => {
      const u = requireUser(req);
      await svc.submit(u, req.params.id);
      return out(u, req.params.id);
    },
  );
  app.post(
    '/api/v1/applications/:id/answer',
    {
      schema: {
        tags,
        summary: "Answer an agency's request for information",
        params: id,
        body: z.object({ answer: z.string().trim().min(2).max(4000) }),
        response: { 200: appOut },
      },
    },
    async (req) => {
      const u = requireUser(req);
      await svc.answerQuestion(u, req.params.id, req.body.answer);
      return out(u, req.params.id);
    },
  );
  app.get(
    '/api/v1/applications/:id/centres',
    { schema: { tags, summary: "Enrolment centres serving the application's programmes", params: id } },
    async (req) => {
      const u = requireUser(req);
      const v = await svc.getForViewer(u, req.params.id, 'own application');
      return {
        centres: (await svc.centresFor(v.app)).map((c: any) => ({
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
    { schema: { tags, summary: 'Free interview slots', params: z.object({ centreId: z.string().max(80) }) } },
    async (req) => {
      requireUser(req);
      return {
        slots: (await svc.slots(req.params.centreId)).map((s: any) => ({
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
        params: id,
        body: z.union([z.object({ slotId: z.string().uuid() }), z.object({ onArrivalCentreId: z.string().max(80) })]),
        response: { 200: appOut },
      },
    },
    async (req) => {
      const u = requireUser(req);
      await svc.book(u, req.params.id, req.body);
      return out(u, req.params.id);
    },
  );
  app.delete(
    '/api/v1/applications/:id/interview',
    { schema: { tags, summary: 'Cancel the interview', params: id, response: { 200: appOut } } },
    async (req) => {
      const u = requireUser(req);
      await svc.cancelInterview(u, req.params.id);
      return out(u, req.params.id);
    },
  );

  app.get(
    '/api/v1/vetting/queue',
    { schema: { tags: ['vetting'], summary: "My agency's open work items, by risk then age" } },
    async (req) => {
      const u = requireRole(req, 'vetting_officer');
      return {
        items: (await svc.queue(u)).map((w: any) => ({
          id: w.id,
          kind: w.kind,
          applicationId: w.application_id,
          membershipId: w.membership_id,
          reference: w.reference,
          programmes: w.programmes,
          riskScore: Number(w.risk_score),
          openedAt: new Date(w.opened_at).toISOString(),
        })),
      };
    },
  );
  app.get(
    '/api/v1/vetting/:id',
    { schema: { tags: ['vetting'], summary: 'Risk summary and application (audited view)', params: id } },
    async (req) => {
      const u = requireRole(req, 'vetting_officer');
      const v = await svc.getForViewer(u, req.params.id, 'vetting');
      return { application: await out(u, req.params.id), risk: v.app.risk, personal: v.draft };
    },
  );
  app.post(
    '/api/v1/vetting/:id/decision',
    {
      schema: {
        tags: ['vetting'],
        summary: 'Approve, deny (reason and explanation) or ask for information',
        params: id,
        body: decisionSchema,
      },
    },
    async (req) => {
      const u = requireRole(req, 'vetting_officer');
      const st = await svc.decide(u, req.params.id, req.body as any);
      return { stage: st.stage, holders: st.holders, approvedBy: st.approvedBy };
    },
  );

  app.get(
    '/api/v1/enrolment/queue',
    { schema: { tags: ['enrolment'], summary: 'Applications ready for the enrolment interview' } },
    async (req) => {
      const u = requireRole(req, 'enrolment_officer');
      return {
        items: (await svc.enrolmentQueue(u)).map((r: any) => ({
          applicationId: r.id,
          reference: r.reference,
          stage: r.stage,
          startsAt: r.starts_at ? new Date(r.starts_at).toISOString() : null,
        })),
      };
    },
  );
  app.post(
    '/api/v1/enrolment/:id/membership',
    {
      schema: {
        tags: ['enrolment'],
        summary: 'Verify documents, record photo and biometric references, issue the membership',
        params: id,
        body: issueSchema,
      },
    },
    async (req, reply) => {
      const u = requireRole(req, 'enrolment_officer');
      const m = await svc.issueMembership(u, req.params.id, req.body);
      return reply.status(201).send({
        membershipId: m.id,
        membershipNumber: m.membership_number,
        expiresAt: new Date(m.expires_at).toISOString(),
        programmes: m.programmes,
      });
    },
  );

  app.get(
    '/api/v1/memberships',
    { schema: { tags: ['memberships'], summary: 'My memberships and cards' } },
    async (req) => {
      const u = requireUser(req);
      return {
        memberships: (await svc.membershipsForUser(u.id)).map((m: any) => ({
          id: m.id,
          membershipNumber: m.membership_number,
          programmes: m.programmes,
          status: m.status,
          expiresAt: new Date(m.expires_at).toISOString(),
          renewalPending: !!m.renewal_requested_at,
          cards: m.cards.map((c: any) => ({ last4: c.last4, status: c.status })),
        })),
      };
    },
  );
  app.post(
    '/api/v1/memberships/:id/renewal',
    {
      schema: {
        tags: ['memberships'],
        summary: 'Request renewal (opens one year before expiry; privileges kept while pending)',
        params: id,
      },
    },
    async (req, reply) => {
      await svc.requestRenewal(requireUser(req), req.params.id);
      return reply.status(202).send({ ok: true });
    },
  );
  app.post(
    '/api/v1/memberships/:id/card-replacement',
    {
      schema: {
        tags: ['memberships'],
        summary: 'Report a lost card: deactivated at once, a new card issued',
        params: id,
      },
    },
    async (req, reply) => {
      const card = await svc.replaceCard(requireUser(req), req.params.id);
      return reply.status(201).send({ last4: card.slice(-4), cardNumber: card });
    },
  );
  app.post(
    '/api/v1/memberships/:id/status',
    {
      schema: {
        tags: ['memberships'],
        summary: 'Suspend, revoke or reinstate (officers of a vetting agency)',
        params: id,
        body: z.object({ status: z.enum(['suspended', 'revoked', 'active']), reason: z.enum(SUSPENSION_REASONS) }),
      },
    },
    async (req) => {
      await svc.setMembershipStatus(
        requireRole(req, 'vetting_officer', 'enrolment_officer'),
        req.params.id,
        req.body.status,
        req.body.reason,
      );
      return { ok: true };
    },
  );
  app.post(
    '/api/v1/memberships/:id/renewal/decision',
    {
      schema: {
        tags: ['memberships'],
        summary: 'Approve or refuse a renewal (each vetting agency); approved by all, validity extends by 5 years',
        params: id,
        body: z.object({ approve: z.boolean() }),
      },
    },
    async (req) => {
      await svc.decideRenewal(requireRole(req, 'vetting_officer'), req.params.id, req.body.approve);
      return { ok: true };
    },
  );
  app.post(
    '/api/v1/memberships/:id/recurrent/close',
    {
      schema: {
        tags: ['memberships'],
        summary: 'Close a recurrent-vetting work item after review',
        params: id,
        body: z.object({ outcome: z.enum(['no_action', 'membership_suspended', 'membership_revoked']) }),
      },
    },
    async (req) => {
      await svc.closeWorkItem(requireRole(req, 'vetting_officer'), req.params.id, req.body.outcome);
      return { ok: true };
    },
  );
  app.post(
    '/api/v1/memberships/lookup',
    {
      schema: {
        tags: ['memberships'],
        summary: 'Is this card or passport an active member, of which programmes (border officers)',
        body: z.union([
          z.object({ cardNumber: z.string().min(5).max(20) }),
          z.object({ passportNumber: z.string().min(5).max(20), passportCountry: z.string().length(2) }),
        ]),
      },
    },
    async (req) => {
      requireRole(req, 'border_officer', 'enrolment_officer');
      const m = await svc.lookupMembership(req.body as any);
      return m
        ? {
            found: true,
            active: m.active,
            programmes: m.programmes,
            status: m.status,
            cardStatus: m.cardStatus,
            expiresAt: m.expiresAt.toISOString(),
            renewalPending: m.renewalPending,
          }
        : { found: false };
    },
  );
}
