// Memberships: the holder's memberships and cards, renewal, a lost card; officers suspend, revoke or reinstate, decide
// renewals and close recurrent-vetting items; border officers look a card or passport up — API and pages.
import { z } from 'zod';
import { hasRole } from '../../../kernel/auth.ts';
import { pageUser, requireUser, sendPage, type App } from '../../../kernel/http.ts';
import { translator } from '../../../kernel/i18n.ts';
import { localePath } from '../../../kernel/ui.ts';
import type { TravellersService } from '../service.ts';
import { officerBody } from '../views/memberships.ts';
import { hide, idOf, idParams, L } from './common.ts';
import { formBody } from './forms.ts';
import {
  lookupBody,
  lookupOut,
  membershipsOut,
  ok,
  recurrentBody,
  recurrentOutcome,
  renewalDecisionBody,
  replacedCardOut,
  statusBody,
} from './schemas.ts';

const tags = ['memberships'];

export function membershipRoutes(app: App, svc: TravellersService) {
  // ---------- API ----------
  app.get(
    '/api/v1/memberships',
    { schema: { tags, summary: 'My memberships and cards', response: { 200: membershipsOut } } },
    async (req) => {
      const u = requireUser(req);
      return {
        memberships: (await svc.membershipsForUser(u.id)).map((m) => ({
          id: m.id,
          membershipNumber: m.membership_number,
          programmes: m.programmes,
          status: m.status,
          expiresAt: new Date(m.expires_at).toISOString(),
          renewalPending: !!m.renewal_requested_at,
          cards: m.cards.map((c) => ({ last4: c.last4, status: c.status })),
        })),
      };
    },
  );
  app.post(
    '/api/v1/memberships/:id/renewal',
    {
      schema: {
        tags,
        summary: 'Request renewal (opens one year before expiry; privileges kept while pending)',
        params: idParams,
        response: { 202: ok },
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
        tags,
        summary: 'Report a lost card: deactivated at once, a new card issued',
        params: idParams,
        response: { 201: replacedCardOut },
      },
    },
    async (req, reply) => {
      const card = await svc.replaceCard(requireUser(req), req.params.id);
      return reply
        .status(201)
        .send(card.cardNumber ? { last4: card.last4, cardNumber: card.cardNumber } : { last4: card.last4 });
    },
  );
  app.post(
    '/api/v1/memberships/:id/status',
    {
      schema: {
        tags,
        summary: 'Suspend, revoke or reinstate (officers of a vetting agency)',
        params: idParams,
        body: statusBody,
        response: { 200: ok },
      },
    },
    async (req) => {
      const u = requireUser(req);
      await svc.setMembershipStatus(u, req.params.id, req.body.status, req.body.reason);
      return { ok: true as const };
    },
  );
  app.post(
    '/api/v1/memberships/:id/renewal/decision',
    {
      schema: {
        tags,
        summary: 'Approve or refuse a renewal (each vetting agency); approved by all, validity extends by 5 years',
        params: idParams,
        body: renewalDecisionBody,
        response: { 200: ok },
      },
    },
    async (req) => {
      await svc.decideRenewal(requireUser(req), req.params.id, req.body.approve);
      return { ok: true as const };
    },
  );
  app.post(
    '/api/v1/memberships/:id/recurrent/close',
    {
      schema: {
        tags,
        summary: 'Close a recurrent-vetting work item after review',
        params: idParams,
        body: recurrentBody,
        response: { 200: ok },
      },
    },
    async (req) => {
      await svc.closeWorkItem(requireUser(req), req.params.id, req.body.outcome);
      return { ok: true as const };
    },
  );
  app.post(
    '/api/v1/memberships/lookup',
    {
      schema: {
        tags,
        summary: 'Is this card or passport an active member, of which programmes (border officers)',
        body: lookupBody,
        response: { 200: lookupOut },
      },
    },
    async (req) => {
      const m = await svc.lookupMembershipFor(requireUser(req), req.body);
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

  // ---------- pages: the holder ----------
  app.post(`${L}/memberships/:id/renew`, hide, async (req, reply) => {
    const u = pageUser(req, reply);
    if (!u) return reply;
    await svc.requestRenewal(u, idOf(req.params));
    return reply.redirect(localePath(req.locale, '/applications'), 303);
  });
  app.post(`${L}/memberships/:id/replace-card`, hide, async (req, reply) => {
    const u = pageUser(req, reply);
    if (!u) return reply;
    await svc.replaceCard(u, idOf(req.params));
    return reply.redirect(localePath(req.locale, '/applications'), 303);
  });

  // ---------- pages: officers (suspend, revoke, reinstate; renewals; recurrent vetting) ----------
  app.get(`${L}/memberships/:id/officer`, hide, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const u = requireUser(req);
    const tt = translator(req.locale);
    const m = await svc.membershipForOfficer(u, idOf(req.params));
    return sendPage(reply, req, {
      title: tt('travellers.membership.officer_title', { number: m.membership_number }),
      body: officerBody(req, tt, m, hasRole(u, 'vetting_officer')),
    });
  });
  app.post(`${L}/memberships/:id/renewal`, hide, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const id = idOf(req.params);
    const approve = formBody.parse(req.body ?? {}).approve === 'yes';
    await svc.decideRenewal(requireUser(req), id, approve);
    return reply.redirect(localePath(req.locale, `/memberships/${id}/officer`), 303);
  });
  app.post(`${L}/memberships/:id/recurrent`, hide, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const id = idOf(req.params);
    const b = z.object({ outcome: recurrentOutcome }).parse(req.body);
    await svc.closeWorkItem(requireUser(req), id, b.outcome);
    return reply.redirect(localePath(req.locale, '/vetting'), 303);
  });
  app.post(`${L}/memberships/:id/officer`, hide, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const u = requireUser(req);
    const b = statusBody.parse(req.body);
    const id = idOf(req.params);
    await svc.setMembershipStatus(u, id, b.status, b.reason);
    return reply.redirect(localePath(req.locale, `/memberships/${id}/officer`), 303);
  });
}
